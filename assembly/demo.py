"""The demo township's session business: the agenda of the term's first session with a motion
placed on its agenda (the reports, the budget, a resolution, the motion and an election), each
decision voted. Idempotent: items are matched by session and title; a vote is recorded once."""

from datetime import time

from django.utils import timezone

from assembly import services
from assembly.models import AgendaItem, ItemKind, Vote
from congress.models import Session
from congress.roles import Role
from proposals.models import State as ProposalState

# title, kind, (against, abstaining) of those present; the rest vote for.
AGENDA = [
    ("听取和审议镇人民政府工作报告", ItemKind.REPORT, (1, 1)),
    ("审查和批准镇财政预算执行情况和预算草案的报告", ItemKind.BUDGET, (1, 2)),
    ("听取和审议镇人大主席团工作报告", ItemKind.REPORT, (0, 1)),
    ("关于代表建议办理工作的决议", ItemKind.RESOLUTION, (2, 2)),
    (None, ItemKind.MOTION, (3, 4)),  # the session's motions placed on the agenda
    ("补选镇人民政府副镇长", ItemKind.ELECTION, None),
]


def _session(term, today):
    """The term's first held session that has a motion placed on its agenda (so the demo shows
    a motion decided), else the term's first held session."""
    held = Session.objects.filter(term=term, start_date__lte=today).order_by("start_date", "number")
    with_motion = held.filter(
        proposals__kind="motion",
        proposals__state__in=[
            ProposalState.ON_AGENDA,
            ProposalState.ADOPTED,
            ProposalState.NOT_ADOPTED,
        ],
    )
    return with_motion.first() or held.first()


def seed(*, term, accounts, names):
    secretary = accounts[Role.SECRETARY]
    session = _session(term, timezone.localdate())
    if session is None or not session.deputies_total:
        return
    existing = {item.title: item for item in AgendaItem.objects.filter(session=session)}
    for title, kind, against in AGENDA:
        if kind == ItemKind.MOTION:
            services.agenda_motions_add(actor=secretary, session=session)
            items = AgendaItem.objects.filter(session=session, kind=kind).order_by("position")
        else:
            item = existing.get(title) or services.agenda_item_save(
                actor=secretary, item=AgendaItem(session=session, kind=kind, title=title)
            )
            items = [item]
        for index, item in enumerate(items):
            if against is not None and not Vote.objects.filter(item=item).exists():
                # The first motion is adopted; any further one falls short (a demo of both).
                _vote(secretary, session, item, against if index == 0 else (14, 10))


def _vote(secretary, session, item, against):
    present = session.deputies_present
    no, abstain = against
    services.vote_record(
        actor=secretary,
        item=item,
        # The session's first morning, one item each quarter hour, in agenda order.
        held_on=session.start_date,
        held_time=_at(item),
        present=present,
        yes=present - no - abstain,
        no=no,
        abstain=abstain,
    )


def _at(item):
    """09:00, 09:15 … by the item's place on the agenda."""
    minutes = 9 * 60 + 15 * (item.position - 1)
    return time(minutes // 60 % 24, minutes % 60)
