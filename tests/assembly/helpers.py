"""Test data of the agenda: a held session with its attendance, items, a motion on its agenda,
an office a resignation or a recall may end."""

from datetime import date

from assembly import services
from assembly.models import AgendaItem, ItemKind
from elections.congress_rules import DEPUTY_HEAD
from elections.models import Office
from proposals.models import State
from tests.factories import SessionFactory, TermFactory
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


def item(secretary, session, kind=ItemKind.RESOLUTION, title="关于代表建议办理工作的决议", **kw):
    return services.agenda_item_save(
        actor=secretary, item=AgendaItem(session=session, kind=kind, title=title, **kw)
    )


def motion_on_agenda(secretary, session, title="关于加强饮用水源保护的议案"):
    return motion_in_state(State.ON_AGENDA, secretary=secretary, session=session, title=title)


def office(term, post=DEPUTY_HEAD, name="李明", start=date(2022, 1, 10)):
    """An office of `term` held since `start` (as the congress's elections record one)."""
    return Office.objects.create(post=post, term=term, name=name, start_date=start)
