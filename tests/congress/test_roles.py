import pytest
from django.contrib.auth.models import Group

from congress.roles import (
    MenuGroup,
    MenuLink,
    NavItem,
    Role,
    declared_narrower_permissions,
    declared_role_permissions,
    menu_entries,
    roles_sync,
)


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


@pytest.mark.django_db
def test_narrower_permissions_name_real_permissions():
    """A misspelt permission there would be judged as one the secretary must hold (refusing a
    reset), or a misspelt cover as one nobody holds."""
    from django.contrib.auth.models import Permission

    existing = {
        f"{app_label}.{codename}"
        for app_label, codename in Permission.objects.values_list(
            "content_type__app_label", "codename"
        )
    }
    declared = declared_narrower_permissions()
    assert "deputies.view_own_record" in declared
    named = set(declared) | {cover for cover in declared.values() if cover}
    assert named <= existing, named - existing


def link(url_name, group=""):
    return MenuLink(NavItem(url_name, url_name, "congress.view_session", group=group))


def test_a_short_menu_stays_flat_whatever_its_groups():
    links = [link(f"page{i}", group="Work") for i in range(6)]
    assert menu_entries(links) == links


def test_a_long_menu_is_grouped_where_each_group_first_appears():
    roster, sessions, groups, elections = (
        link("roster", "Work"),
        link("sessions", "Meetings"),
        link("groups", "Work"),
        link("elections", "Elections"),
    )
    meetings, mine, stations = link("meetings", "Meetings"), link("mine"), link("stations", "Work")
    entries = menu_entries([roster, sessions, groups, elections, meetings, mine, stations])
    # A group of one and an item without a group stand alone.
    assert entries == [
        MenuGroup("Work", (roster, groups, stations)),
        MenuGroup("Meetings", (sessions, meetings)),
        elections,
        mine,
    ]
    assert entries[0].url_names == ["roster", "groups", "stations"]
