"""Roles are Django groups; each app declares what its roles may do.

An app's AppConfig may carry `role_permissions`, a mapping from Role to permission strings
("app_label.codename"), `nav_items`, the entries it adds to the navigation,
`session_actions`, links it adds to a session's page (each with `pk` of the session), and
`narrower_permissions`, those of its permissions that reach no further than another permission
(named) or than their holder's own records (None), for who may set whose password
(congress.accounts.reset_refusal). The congress app gathers them from the app registry, so it
never imports the apps built on top of it.
"""

from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from typing import ClassVar

from django.apps import apps
from django.db import transaction
from django.urls import get_script_prefix, reverse
from django.utils.translation import gettext_lazy as _


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
    group: str = ""  # the menu heading it sits under when the menu is long (a lazy label)
    badge: str = ""  # dotted path to f(user) -> int, a count shown beside the label when > 0
    aside: bool = False  # at the right of the bar, beside the user menu, rather than in the menu
    icon: str = ""  # a Lucide icon name (static/css/portal.css has a class for each one used)

    # The menu's headings (`group=`), shared by the apps that file items under them.
    DEPUTY_WORK: ClassVar = _("Deputy work")
    PROPOSALS: ClassVar = _("Motions and suggestions")
    MEETINGS: ClassVar = _("Meetings")
    ELECTIONS: ClassVar = _("Elections")
    SUMMARIES: ClassVar = _("Summaries and data")


@dataclass(frozen=True)
class MenuLink:
    """A NavItem as one user sees it: with the count its badge gives that user."""

    item: NavItem
    count: int = 0

    @property
    def group(self):
        return self.item.group

    @property
    def href(self):
        return _menu_path(self.item.url_name, get_script_prefix())


# The menu's paths are the same on every page (reverse costs more than the rest of a link).
@cache
def _menu_path(url_name, script_prefix):
    return reverse(url_name)


@dataclass(frozen=True)
class MenuGroup:
    label: str
    links: tuple  # of MenuLink

    @property
    def url_names(self):
        return [link.item.url_name for link in self.links]

    @property
    def count(self):
        return sum(link.count for link in self.links)


# A menu this short fits a phone's and a desk's bar as it is; a longer one is grouped.
FLAT_MENU_MAX = 6


def declared_role_permissions():
    """Role → set of "app_label.codename", merged from every app's declaration."""
    merged = {role: set() for role in Role}
    for config in apps.get_app_configs():
        for role, perms in getattr(config, "role_permissions", {}).items():
            merged[role].update(perms)
    return merged


def declared_narrower_permissions():
    """The apps' narrower permissions merged: each "app_label.codename" → the permission that
    covers it, or None when it reaches only its holder's own records. A permission not declared
    is judged as one that reaches everything it names."""
    merged = {}
    for config in apps.get_app_configs():
        merged.update(getattr(config, "narrower_permissions", {}))
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
    # The set has_perm would search once per item (all permissions for a superuser, none for an
    # inactive user), read once: the menu is drawn on every page.
    granted = user.get_all_permissions()
    return sorted((i for i in items if i.permission in granted), key=lambda i: i.order)


def menu_entries(links):
    """The menu's entries in order: MenuLinks, and MenuGroups for groups of two or more links
    (placed where their first link is). A short menu stays flat: a deputy or a unit's officer
    reaches each page in one click."""
    if len(links) <= FLAT_MENU_MAX:
        return list(links)
    grouped = {}
    for link in links:
        grouped.setdefault(link.group or link, []).append(link)
    return [
        MenuGroup(key, tuple(members)) if len(members) > 1 else members[0]
        for key, members in grouped.items()
    ]


def user_roles(user):
    names = {g.name for g in user.groups.all()}
    return [role for role in Role if role.value in names]
