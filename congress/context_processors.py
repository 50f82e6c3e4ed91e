from django.utils.functional import SimpleLazyObject
from django.utils.module_loading import import_string

from congress import selectors
from congress.roles import MenuGroup, MenuLink, links_for, menu_entries, user_roles


def menu(user):
    """The user's menu: `entries` (links and groups of links) and `aside` (links at the right of
    the bar), each link with its badge's count. Badge functions are named by dotted path, so this
    app never imports the apps that declare them."""
    links = [
        MenuLink(item, import_string(item.badge)(user) if item.badge else 0)
        for item in links_for(user)
    ]
    entries = menu_entries([link for link in links if not link.item.aside])
    return {
        "entries": entries,
        "aside": [link for link in links if link.item.aside],
        # A grouped menu folds behind a button on a phone; a short flat one stays in view.
        "grouped": any(isinstance(entry, MenuGroup) for entry in entries),
    }


def portal(request):
    """What the base layout shows on every page: township name, the user's roles and menu."""
    user = getattr(request, "user", None)
    signed_in = user is not None and user.is_authenticated
    return {
        "township": SimpleLazyObject(selectors.township_profile),
        "menu": SimpleLazyObject(lambda: menu(user) if signed_in else {}),
        "user_roles": SimpleLazyObject(lambda: user_roles(user) if signed_in else []),
    }
