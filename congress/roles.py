"""Roles are Django groups; each app declares what its roles may do.

An app's AppConfig may carry `role_permissions`, a mapping from Role to permission strings
("app_label.codename"), `nav_items`, the entries it adds to the navigation, and
`session_actions`, links it adds to a session's page (each with `pk` of the session). The congress
app gathers both from the app registry, so it never imports the apps built on top of it.
"""

from dataclasses import dataclass
from enum import StrEnum

from django.apps import apps
from django.db import transaction


class Role(StrEnum):
    """The group names users and the admin see (data, so written in Chinese)."""

    SECRETARY = "秘书"
    PRESIDIUM = "主席团成员"
    DEPUTY = "代表"
    UNIT_OFFICER = "承办单位"
    ELECTION_STAFF = "选举工作人员"


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    permission: str  # shown to users who hold this permission
    order: int = 100


def declared_role_permissions():
    """Role → set of "app_label.codename", merged from every app's declaration."""
    merged = {role: set() for role in Role}
    for config in apps.get_app_configs():
        for role, perms in getattr(config, "role_permissions", {}).items():
            merged[role].update(perms)
    return merged


@transaction.atomic
def roles_sync():
    """Create the role groups and set their permissions to exactly what the apps declare."""
    # Imported here: app configs import this module before models may be loaded.
    from django.contrib.auth.models import Group, Permission

    for role, perms in declared_role_permissions().items():
        group, _ = Group.objects.get_or_create(name=role.value)
        wanted = [tuple(p.split(".", 1)) for p in sorted(perms)]
        found = list(
            Permission.objects.filter(
                content_type__app_label__in={a for a, _ in wanted},
                codename__in={c for _, c in wanted},
            ).select_related("content_type")
        )
        found = [p for p in found if (p.content_type.app_label, p.codename) in set(wanted)]
        missing = set(wanted) - {(p.content_type.app_label, p.codename) for p in found}
        if missing:
            raise LookupError(f"Role {role.name} names unknown permissions: {sorted(missing)}")
        group.permissions.set(found)


def links_for(user, attribute="nav_items"):
    """The NavItems the apps declare under `attribute` that `user` may follow, in order.

    `nav_items` make the main menu; `session_actions` are buttons on a session's page."""
    items = [item for config in apps.get_app_configs() for item in getattr(config, attribute, ())]
    return sorted((i for i in items if user.has_perm(i.permission)), key=lambda i: i.order)


def user_roles(user):
    names = {g.name for g in user.groups.all()}
    return [role for role in Role if role.value in names]
