import pytest
from django.contrib.auth.models import Group

from congress.roles import Role, declared_role_permissions, roles_sync


@pytest.mark.django_db
def test_every_role_is_a_group_after_migrate():
    assert set(Group.objects.values_list("name", flat=True)) >= {role.value for role in Role}


@pytest.mark.django_db
def test_groups_hold_exactly_the_declared_permissions():
    group = Group.objects.get(name=Role.SECRETARY.value)
    group.permissions.clear()
    roles_sync()
    held = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}
    assert held == declared_role_permissions()[Role.SECRETARY]
    assert "congress.add_session" in held


@pytest.mark.django_db
def test_nobody_may_delete_congress_records(secretary, presidium_user):
    for user in (secretary, presidium_user):
        assert not user.has_perm("congress.delete_session")
        assert not user.has_perm("congress.delete_presidiummeeting")


@pytest.mark.django_db
def test_a_misspelt_permission_is_an_error(settings, monkeypatch):
    from django.apps import apps

    config = apps.get_app_config("congress")
    monkeypatch.setattr(config, "role_permissions", {Role.DEPUTY: {"congress.view_sesion"}})
    with pytest.raises(LookupError, match="view_sesion"):
        roles_sync()
