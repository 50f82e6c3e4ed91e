from django.utils.functional import SimpleLazyObject

from congress import selectors
from congress.roles import links_for, user_roles


def portal(request):
    """What the base layout shows on every page: township name, the user's roles and menu."""
    user = getattr(request, "user", None)
    signed_in = user is not None and user.is_authenticated
    return {
        "township": SimpleLazyObject(selectors.township_profile),
        "nav_items": SimpleLazyObject(lambda: links_for(user) if signed_in else []),
        "user_roles": SimpleLazyObject(lambda: user_roles(user) if signed_in else []),
    }
