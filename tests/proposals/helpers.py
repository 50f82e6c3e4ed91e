"""Drive a motion or suggestion through proposals.services to a given state, so tests can
build items in any state quickly. Each helper takes the item in the state its predecessor
leaves it in and returns the item (refreshed) — or the created row where that is the point.

    item = ProposalFactory()
    registered(item, secretary)                     # awaiting assignment (suggestion)
    assigned(item, secretary, unit, co_units=[u2])  # assigned
    replied(item, officer, category="A")            # replied
    evaluated(item, verdict="satisfied")            # closed (lead deputy's evaluation)

or in one go: `suggestion_in_state(State.REHANDLING, secretary=..., unit=...)`.
"""

from datetime import date

from proposals import services
from proposals.models import Assignment, Reply, State, Verdict
from tests.factories import DeputyFactory, ProposalFactory, UnitFactory, UserFactory


def _fresh(item):
    item.refresh_from_db()
    return item


def deputy_with_user(**kwargs):
    """A deputy linked to a new user account (for evaluations by the deputy themself)."""
    from congress.roles import Role

    return DeputyFactory(user=UserFactory(role=Role.DEPUTY), **kwargs)


def motion(**kwargs):
    """A draft motion with a lead deputy and four co-signers (five deputies jointly)."""
    co_signers = kwargs.pop("co_signers", None)
    if co_signers is None:
        co_signers = DeputyFactory.create_batch(4)
    return ProposalFactory(kind="motion", co_signers=co_signers, **kwargs)


def submitted(item, actor=None, day=None):
    services.proposal_submit(actor=actor, proposal=item, version=item.version, day=day)
    return _fresh(item)


def registered(item, secretary, submitted_date=None):
    """Number the item: a suggestion goes to awaiting assignment, a motion to review. A
    deputy's draft is submitted first: the secretary registers only submitted items (and
    drafts she entered herself)."""
    if item.state == State.DRAFT and item.created_by_id != secretary.pk:
        with services.notifications_muted():  # the secretary's inbox as before the rule
            submitted(item, day=submitted_date)
    services.proposal_register(
        actor=secretary, proposal=item, version=item.version, submitted_date=submitted_date
    )
    return _fresh(item)


def reviewed(item, actor, decision="convert", reason=""):
    if decision == "not_accept" and not reason:
        reason = "不属于本级人大职权范围"
    services.motion_review(
        actor=actor, proposal=item, version=item.version, decision=decision, reason=reason
    )
    return _fresh(item)


def assigned(item, secretary, unit, co_units=(), assigned_date=None, broad=None):
    """Register first when still a draft or submitted, then assign to `unit` (lead)."""
    if item.state in (State.DRAFT, State.SUBMITTED):
        registered(item, secretary, submitted_date=assigned_date)
    services.proposal_assign(
        actor=secretary,
        proposal=item,
        version=item.version,
        lead_unit=unit,
        co_units=co_units,
        assigned_date=assigned_date,
        broad=broad,
    )
    return _fresh(item)


def lead_assignment(item):
    return item.assignments.get(active=True, role=Assignment.Role.LEAD)


def officer_of(item):
    """A user who is an officer of the item's active lead unit (one is added if none)."""
    unit = lead_assignment(item).unit
    officer = unit.officers.first()
    if officer is None:
        from congress.roles import Role

        officer = UserFactory(role=Role.UNIT_OFFICER)
        unit.officers.add(officer)
    return officer


def acknowledged(item, officer=None):
    """The lead unit signs for the item (签收). Returns the item."""
    assignment = lead_assignment(item)
    services.assignment_acknowledge(actor=officer or officer_of(item), assignment=assignment)
    return _fresh(item)


def returned(item, officer=None, reason="不属于本单位职责", day=None):
    """The lead unit returns the item within the window: back to awaiting assignment."""
    assignment = lead_assignment(item)
    services.assignment_return(
        actor=officer or officer_of(item),
        assignment=assignment,
        reason=reason,
        day=day or assignment.assigned_date,
    )
    return _fresh(item)


def co_opinion(item, unit, text="同意主办单位意见。"):
    """`unit` (a co-unit of the item) sends its opinion. Returns the CoOpinion."""
    assignment = item.assignments.get(active=True, unit=unit)
    officer = unit.officers.first()
    if officer is None:
        from congress.roles import Role

        officer = UserFactory(role=Role.UNIT_OFFICER)
        unit.officers.add(officer)
    return services.co_opinion_submit(actor=officer, assignment=assignment, text=text)


def replied(item, officer_or_secretary=None, category="A", day=None, text="已安排资金修缮。"):
    """The lead unit's reply (an officer of the lead unit, or a secretary). Returns the item."""
    actor = officer_or_secretary or officer_of(item)
    services.reply_submit(
        actor=actor,
        proposal=item,
        version=item.version,
        reply=Reply(
            text=text,
            category=category,
            contact_person="王科长",
            phone="0571-1234567",
            date=day,
        ),
    )
    return _fresh(item)


def evaluated(item, verdict=Verdict.SATISFIED, deputy=None, actor=None, comment="", day=None):
    """An evaluation of the latest reply, by default the lead deputy's (entered by a secretary
    when `actor` is not given and the deputy has no account)."""
    deputy = deputy or item.lead_deputy
    if actor is None:
        actor = deputy.user if deputy.user_id else _secretary()
    if verdict == Verdict.UNSATISFIED and not comment:
        comment = "问题没有解决"
    services.evaluation_submit(
        actor=actor, proposal=item, deputy=deputy, verdict=verdict, comment=comment, day=day
    )
    return _fresh(item)


def _secretary():
    from congress.roles import Role

    return UserFactory(role=Role.SECRETARY)


def closed(item, secretary, note="代表当面表示同意办结"):
    services.proposal_close(actor=secretary, proposal=item, version=item.version, note=note)
    return _fresh(item)


def suggestion_in_state(state, *, secretary, unit=None, co_units=(), **kwargs):
    """A suggestion driven to `state` (any state a suggestion can reach)."""
    item = ProposalFactory(**kwargs)
    if state == State.DRAFT:
        return item
    if state == State.SUBMITTED:
        return submitted(item)
    if state == State.WITHDRAWN:
        services.proposal_withdraw(actor=None, proposal=item, version=item.version)
        return _fresh(item)
    registered(item, secretary)
    if state == State.AWAITING_ASSIGNMENT:
        return item
    if state == State.DECLINED:
        services.proposal_decline(
            actor=secretary, proposal=item, version=item.version, reason="属于诉讼事项"
        )
        return _fresh(item)
    assigned(item, secretary, unit or UnitFactory(), co_units=co_units)
    if state == State.ASSIGNED:
        return item
    replied(item, secretary)
    if state == State.REPLIED:
        return item
    if state == State.CLOSED:
        return evaluated(item, Verdict.SATISFIED, actor=secretary)
    if state == State.REHANDLING:
        return evaluated(item, Verdict.UNSATISFIED, actor=secretary)
    raise ValueError(state)


def motion_in_state(state, *, secretary, **kwargs):
    """A motion driven to draft, submitted, under review, on the agenda, decided by the
    session (adopted or not) or not accepted."""
    item = motion(**kwargs)
    if state == State.DRAFT:
        return item
    if state == State.SUBMITTED:
        return submitted(item)
    registered(item, secretary)
    if state == State.UNDER_REVIEW:
        return item
    if state == State.ON_AGENDA:
        return reviewed(item, secretary, "put_on_agenda")
    if state in (State.ADOPTED, State.NOT_ADOPTED):
        reviewed(item, secretary, "put_on_agenda")
        services.motion_decide(
            actor=secretary, proposal=item, adopted=state == State.ADOPTED, note="大会表决"
        )
        return _fresh(item)
    if state == State.NOT_ACCEPTED:
        return reviewed(item, secretary, "not_accept")
    raise ValueError(state)


def item_in_state(state, *, secretary, **kwargs):
    """Any state of the map: motions' own states through a motion, the rest a suggestion."""
    if state in (
        State.UNDER_REVIEW,
        State.ON_AGENDA,
        State.ADOPTED,
        State.NOT_ADOPTED,
        State.NOT_ACCEPTED,
    ):
        return motion_in_state(state, secretary=secretary, **kwargs)
    return suggestion_in_state(state, secretary=secretary, **kwargs)


ANY_DAY = date(2025, 3, 3)
