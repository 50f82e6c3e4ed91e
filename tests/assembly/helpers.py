"""Test data of the agenda: a held session with its attendance, items, a motion on its agenda,
an office a resignation or a recall may end."""

from datetime import date, time

from assembly import services
from assembly.models import AgendaItem, ItemKind, Vote
from deputies.selectors import deputies_seated_count
from elections.congress_rules import DEPUTY_HEAD
from elections.models import Office
from proposals.models import State
from tests.factories import DeputyFactory, SessionFactory, TermFactory
from tests.proposals.helpers import motion_in_state


def held_session(total=52, present=47, **kwargs):
    """A session held in 2025 with `total` deputies expected and `present` present."""
    return SessionFactory(
        term=TermFactory(),
        deputies_total=total,
        deputies_present=present,
        deputies_on_leave=total - present,
        deputies_absent=0,
        **kwargs,
    )


# When the tests' votes are taken, unless a test says otherwise: the session's first morning.
VOTED_AT = time(9, 0)


def roster(session, total=None, *, exact=True):
    """Top the roster up to `total` township deputies holding a seat when the session opens
    (the session's deputies expected by default): all deputies are counted from the roster.
    `exact=False` leaves a roster already larger as it is (a test combining two worlds)."""
    total = session.deputies_total if total is None else total
    seated = deputies_seated_count(session.start_date, VOTED_AT)
    assert seated <= total or not exact, f"{seated} deputies already hold a seat, not {total}"
    DeputyFactory.create_batch(max(total - seated, 0))


def vote(actor, agenda_item, *, held_time=VOTED_AT, **counts):
    """Record a vote on the session's first day; before its first vote, the roster is topped
    up to the session's deputies (later, a seat the session ended stays ended)."""
    if not Vote.objects.filter(item__session=agenda_item.session_id).exists():
        roster(agenda_item.session)
    return services.vote_record(
        actor=actor,
        item=agenda_item,
        held_on=agenda_item.session.start_date,
        held_time=held_time,
        **counts,
    )


def item(secretary, session, kind=ItemKind.RESOLUTION, title="关于代表建议办理工作的决议", **kw):
    return services.agenda_item_save(
        actor=secretary, item=AgendaItem(session=session, kind=kind, title=title, **kw)
    )


def motion_on_agenda(secretary, session, title="关于加强饮用水源保护的议案"):
    return motion_in_state(State.ON_AGENDA, secretary=secretary, session=session, title=title)


def office(term, post=DEPUTY_HEAD, name="李明", start=date(2022, 1, 10)):
    """An office of `term` held since `start` (as the congress's elections record one)."""
    return Office.objects.create(post=post, term=term, name=name, start_date=start)
