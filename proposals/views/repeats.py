"""A step asked for again once the user's part took it (issue 25: a double click, a second
tab, a page left open): the item's page says who took it and when, instead of a 403. A step
the user has no part for, or one never taken, is still refused."""

from datetime import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from proposals import selectors
from proposals.models import Proposal


def _offered(user, item, step, assignment):
    offered = selectors.steps_for(user, item)
    if assignment is None:
        return step in {s.action for s in offered}
    return (step, assignment.pk) in {(s.action, s.arg) for s in offered}


def repeated_step(request, item, step, *, assignment=None, back=None, refused=False):
    """None while the user may take `step` on `item` (a unit's step on `assignment`) now.
    Otherwise the page `back` (the item's by default) with a note of who took the step and
    when, if the user's part took it; else PermissionDenied.

    `refused`: the service has just refused the step sent (a stale form: the first of two
    sendings went first). The item is read again, and if the step was not taken, None: the
    refusal stands, shown on the form."""
    if refused:
        item = Proposal.objects.get(pk=item.pk)
        if assignment is not None:
            assignment.refresh_from_db()
    if _offered(request.user, item, step, assignment):
        return None
    taken = selectors.step_taken(request.user, item, step, assignment)
    if taken is None:
        if refused:
            return None
        raise PermissionDenied
    return taken_page(request, taken, back or item)


def taken_page(request, taken, back):
    """The page `back` (a record or a URL) with a note of who took the step and when
    (a selectors.Taken)."""
    when = taken.when
    if isinstance(when, datetime):
        when = date_format(timezone.localtime(when), "DATETIME_FORMAT")
    else:
        when = date_format(when)
    messages.info(
        request,
        _("“%(step)s” was already done, by %(who)s on %(when)s.")
        % {"step": taken.label, "who": taken.who, "when": when},
    )
    return redirect(back)
