"""The services' rules beyond the map: stale forms, motions' five deputies, numbering, reasons,
deadlines, returns, reply rounds, evaluations, the event log, deadline lists and visibility."""

import threading
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction

from congress.roles import Role
from proposals import deadlines, selectors, services
from proposals.models import (
    Assignment,
    Evaluation,
    Notification,
    NumberSequence,
    Proposal,
    State,
    Verdict,
)
from tests.factories import (
    DeputyFactory,
    ProposalFactory,
    SessionFactory,
    TermFactory,
    UnitFactory,
    UserFactory,
)
from tests.proposals.helpers import (
    assigned,
    closed,
    deputy_with_user,
    evaluated,
    lead_assignment,
    motion,
    registered,
    replied,
    reviewed,
    submitted,
)

pytestmark = pytest.mark.django_db

MONDAY = date(2025, 3, 3)


@pytest.fixture
def session(db):
    return SessionFactory(term=TermFactory(number=18), number=1)


@pytest.fixture
def officer(db):
    return UserFactory(role=Role.UNIT_OFFICER)


@pytest.fixture
def unit(officer):
    return UnitFactory(officers=[officer])


def messages(excinfo):
    return " ".join(excinfo.value.messages)


# Stale forms


def test_a_stale_version_is_refused_and_nothing_changes(secretary, unit):
    item = registered(ProposalFactory(), secretary)
    drawn_from = item.version
    services.proposal_assign(
        actor=secretary, proposal=item, version=drawn_from, lead_unit=unit
    )  # another secretary, meanwhile
    item.refresh_from_db()
    state, version, events = item.state, item.version, item.events.count()
    notifications = Notification.objects.count()
    with pytest.raises(ValidationError) as refused:
        services.proposal_decline(
            actor=secretary, proposal=item, version=drawn_from, reason="不属于建议"
        )
    assert "已被他人修改（当前状态为“已交办”）" in messages(refused)
    item.refresh_from_db()
    assert (item.state, item.version, item.events.count()) == (state, version, events)
    assert Notification.objects.count() == notifications


def test_a_stale_draft_edit_is_refused(secretary):
    item = ProposalFactory(title="原标题")
    drawn_from = item.version
    item.title = "第一次修改"
    services.proposal_draft(actor=secretary, proposal=item, version=drawn_from)
    stale = Proposal.objects.get(pk=item.pk)
    stale.title = "第二次修改"
    with pytest.raises(ValidationError, match="已被他人修改"):
        services.proposal_draft(actor=secretary, proposal=stale, version=drawn_from)
    assert Proposal.objects.get(pk=item.pk).title == "第一次修改"


# Motions


def test_a_motion_needs_five_deputies(secretary):
    # Four deputies, on a paper form the secretary entered (so hers to register).
    item = motion(co_signers=DeputyFactory.create_batch(3), created_by=secretary)
    with pytest.raises(ValidationError) as refused:
        services.proposal_submit(actor=None, proposal=item, version=item.version)
    assert "议案须由5名以上代表联名提出（含领衔代表）" in messages(refused)
    with pytest.raises(ValidationError, match="议案须由5名"):
        services.proposal_register(actor=secretary, proposal=item, version=item.version)
    item.refresh_from_db()
    assert item.state == State.DRAFT and item.number is None
    # The lead deputy listed again as a co-signer does not count twice.
    services.proposal_draft(
        actor=secretary,
        proposal=item,
        version=item.version,
        co_signers=[*item.co_signers.all(), item.lead_deputy],
    )
    assert item.co_signers.count() == 3
    with pytest.raises(ValidationError, match="议案须由5名"):
        services.proposal_submit(actor=None, proposal=item, version=item.version)
    item.co_signers.add(DeputyFactory())  # five deputies
    submitted(item)
    assert registered(item, secretary).state == State.UNDER_REVIEW


# Numbering


def test_numbers_run_per_session_per_year_and_per_kind(secretary, session):
    other_session = SessionFactory(term=session.term, number=2)

    def number(item, day=None):
        return registered(item, secretary, submitted_date=day).number

    assert [number(ProposalFactory(session=session)) for _ in range(3)] == [1, 2, 3]
    assert number(ProposalFactory(session=other_session)) == 1
    assert [number(motion(session=session)) for _ in range(2)] == [1, 2]
    between = [number(ProposalFactory(), date(2025, m, 1)) for m in (3, 7)]
    assert between == [1, 2]
    assert number(ProposalFactory(), date(2026, 1, 5)) == 1
    assert number(ProposalFactory(), date(2025, 12, 31)) == 3
    assert number(ProposalFactory(session=session)) == 4


def test_labels_print_the_session_or_the_year(secretary, session):
    in_session = registered(ProposalFactory(session=session), secretary)
    assert in_session.label == "第十八届第一次会议建议第1号"
    between = registered(ProposalFactory(), secretary, submitted_date=date(2025, 8, 1))
    assert between.label == "2025年闭会期间建议第1号"
    assert str(between) == f"2025年闭会期间建议第1号 {between.title}"
    assert ProposalFactory().label == ""


def test_a_rolled_back_registration_gives_its_number_back(secretary, session):
    first = ProposalFactory(session=session)
    with pytest.raises(RuntimeError), transaction.atomic():
        registered(first, secretary)
        raise RuntimeError("the page failed after registering")
    first.refresh_from_db()
    assert (first.number, first.state) == (None, State.DRAFT)
    second = registered(ProposalFactory(session=session), secretary)
    assert second.number == 1
    assert registered(first, secretary).number == 2


def test_a_converted_motion_gets_a_suggestion_number_and_keeps_its_motion_number(
    secretary, presidium_user, session
):
    registered(ProposalFactory(session=session), secretary)  # suggestion No. 1
    registered(motion(session=session), secretary)  # motion No. 1
    item = registered(motion(session=session), secretary)  # motion No. 2
    assert (item.kind, item.number) == ("motion", 2)
    item = reviewed(item, secretary, "convert", reason="作为建议交政府办理")
    assert (item.kind, item.number, item.motion_number) == ("suggestion", 2, 2)
    assert item.state == State.AWAITING_ASSIGNMENT
    assert item.label == "第十八届第一次会议建议第2号"
    assert registered(ProposalFactory(session=session), secretary).number == 3
    assert registered(motion(session=session), secretary).number == 3


# Reasons sent to the deputy


def test_declining_needs_a_reason_which_is_sent_to_the_deputy(secretary):
    deputy = deputy_with_user()
    item = registered(ProposalFactory(lead_deputy=deputy), secretary)
    with pytest.raises(ValidationError) as refused:
        services.proposal_decline(actor=secretary, proposal=item, version=item.version, reason=" ")
    assert "请填写理由，理由将告知代表。" in messages(refused)
    services.proposal_decline(
        actor=secretary, proposal=item, version=item.version, reason="属于个人家庭事务"
    )
    item.refresh_from_db()
    assert item.state == State.DECLINED
    assert item.events.last().note == "属于个人家庭事务"
    note = Notification.objects.get(user=deputy.user)
    assert note.proposal == item
    assert "不作为建议处理：属于个人家庭事务" in note.message


def test_not_accepting_a_motion_needs_a_reason_which_is_sent_to_every_signer(secretary):
    lead, co_signer = deputy_with_user(), deputy_with_user()
    item = registered(
        motion(lead_deputy=lead, co_signers=[co_signer, *DeputyFactory.create_batch(3)]),
        secretary,
    )
    with pytest.raises(ValidationError) as refused:
        services.motion_review(
            actor=secretary, proposal=item, version=item.version, decision="not_accept"
        )
    assert "请填写不予立案的理由。" in messages(refused)
    with pytest.raises(ValidationError, match="请选择处理意见"):
        services.motion_review(
            actor=secretary, proposal=item, version=item.version, decision="maybe"
        )
    reviewed(item, secretary, "not_accept", reason="不属于本级人大职权")
    assert item.state == State.NOT_ACCEPTED
    for deputy in (lead, co_signer):
        message = Notification.objects.get(user=deputy.user).message
        assert "不予立案" in message and "不属于本级人大职权" in message


# Assignment deadlines


def test_dates_add_months_clamped_to_the_end_of_the_month():
    assert deadlines.add_months(date(2025, 1, 31), 1) == date(2025, 2, 28)
    assert deadlines.add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert deadlines.add_months(date(2024, 11, 30), 3) == date(2025, 2, 28)
    assert deadlines.add_months(date(2025, 12, 15), 1) == date(2026, 1, 15)
    assert deadlines.add_months(date(2025, 8, 31), 6) == date(2026, 2, 28)


@pytest.mark.parametrize(
    "assigned_on,broad,deadline,co_deadline",
    [
        (date(2025, 3, 3), False, date(2025, 6, 3), date(2025, 4, 3)),
        (date(2025, 3, 3), True, date(2025, 9, 3), date(2025, 4, 3)),
        (date(2025, 1, 31), False, date(2025, 4, 30), date(2025, 2, 28)),
        (date(2024, 1, 31), False, date(2024, 4, 30), date(2024, 2, 29)),
        (date(2024, 8, 31), True, date(2025, 2, 28), date(2024, 9, 30)),
    ],
)
def test_assignment_deadlines(secretary, unit, assigned_on, broad, deadline, co_deadline):
    co_unit = UnitFactory()
    item = assigned(
        ProposalFactory(),
        secretary,
        unit,
        co_units=[co_unit, unit],  # the lead unit listed again is not a co-unit
        assigned_date=assigned_on,
        broad=broad,
    )
    assert (item.state, item.deadline, item.broad) == (State.ASSIGNED, deadline, broad)
    lead = lead_assignment(item)
    assert (lead.unit, lead.assigned_date, lead.deadline) == (unit, assigned_on, deadline)
    co = item.assignments.get(role=Assignment.Role.CO)
    assert (co.unit, co.deadline) == (co_unit, co_deadline)
    officer = unit.officers.get()
    assert (
        f"答复期限{deadline.year}年{deadline.month}月{deadline.day}日"
        in officer.notifications.get().message
    )


def test_a_broad_item_keeps_its_mark_when_assigned(secretary, unit):
    item = assigned(ProposalFactory(broad=True), secretary, unit, assigned_date=MONDAY)
    assert item.deadline == date(2025, 9, 3)


# Returning a wrongly assigned item


def test_working_days_skip_weekends():
    assert deadlines.add_working_days(MONDAY, 7) == date(2025, 3, 12)
    assert deadlines.add_working_days(date(2025, 3, 7), 7) == date(2025, 3, 18)  # a Friday
    assert deadlines.add_working_days(date(2025, 3, 8), 1) == date(2025, 3, 10)  # a Saturday


def test_the_lead_unit_returns_within_seven_working_days_and_the_item_goes_back(
    secretary, unit, officer
):
    co_unit = UnitFactory()
    item = assigned(ProposalFactory(), secretary, unit, co_units=[co_unit], assigned_date=MONDAY)
    lead = lead_assignment(item)
    with pytest.raises(ValidationError) as refused:
        services.assignment_return(
            actor=officer, assignment=lead, reason="不属于本单位职责", day=date(2025, 3, 13)
        )
    assert "交办后7个工作日内（2025年3月12日前）方可退回" in messages(refused)
    with pytest.raises(ValidationError, match="请填写退回理由"):
        services.assignment_return(actor=officer, assignment=lead, reason="", day=MONDAY)
    with pytest.raises(PermissionDenied):
        services.assignment_return(
            actor=UserFactory(role=Role.UNIT_OFFICER), assignment=lead, reason="x", day=MONDAY
        )
    item.refresh_from_db()
    assert item.state == State.ASSIGNED
    services.assignment_return(
        actor=officer, assignment=lead, reason="不属于本单位职责", day=date(2025, 3, 12)
    )
    item.refresh_from_db()
    assert (item.state, item.deadline) == (State.AWAITING_ASSIGNMENT, None)
    assert not item.assignments.filter(active=True).exists()
    assert set(item.assignments.values_list("returned_date", flat=True)) == {date(2025, 3, 12)}
    lead.refresh_from_db()
    assert lead.return_reason == "不属于本单位职责"
    event = item.events.last()
    assert (event.action, event.actor, event.from_state, event.to_state) == (
        "return",
        officer,
        State.ASSIGNED,
        State.AWAITING_ASSIGNMENT,
    )
    assert "不属于本单位职责" in secretary.notifications.get(proposal=item).message
    # Assigned again, to the right unit: a new assignment row.
    item = assigned(item, secretary, co_unit, assigned_date=date(2025, 3, 14))
    assert lead_assignment(item).unit == co_unit
    assert item.assignments.count() == 3


def test_a_co_unit_returns_only_its_part(secretary, unit):
    co_officer = UserFactory(role=Role.UNIT_OFFICER)
    co_unit = UnitFactory(officers=[co_officer])
    item = assigned(ProposalFactory(), secretary, unit, co_units=[co_unit], assigned_date=MONDAY)
    co = item.assignments.get(role=Assignment.Role.CO)
    services.assignment_return(
        actor=co_officer, assignment=co, reason="与本单位无关", day=date(2025, 3, 12)
    )
    item.refresh_from_db()
    assert item.state == State.ASSIGNED and item.deadline == date(2025, 6, 3)
    co.refresh_from_db()
    assert (co.active, co.returned_date, co.return_reason) == (
        False,
        date(2025, 3, 12),
        "与本单位无关",
    )
    assert lead_assignment(item).unit == unit
    assert item.events.last().action == "return_co"
    # The ended assignment cannot act again.
    with pytest.raises(PermissionDenied):
        services.co_opinion_submit(actor=co_officer, assignment=co, text="意见")


# Co-units' opinions and acknowledging


def test_a_co_unit_sends_its_opinion_to_the_lead_unit(secretary, unit, officer):
    co_officer = UserFactory(role=Role.UNIT_OFFICER)
    co_unit = UnitFactory(officers=[co_officer])
    item = assigned(ProposalFactory(), secretary, unit, co_units=[co_unit])
    co = item.assignments.get(role=Assignment.Role.CO)
    with pytest.raises(ValidationError, match="请填写意见"):
        services.co_opinion_submit(actor=co_officer, assignment=co, text=" ")
    with pytest.raises(PermissionDenied):  # the lead unit sends no co-opinion
        services.co_opinion_submit(actor=officer, assignment=lead_assignment(item), text="x")
    opinion = services.co_opinion_submit(actor=co_officer, assignment=co, text="同意主办意见")
    assert opinion.assignment == co and opinion.created_by == co_officer
    assert "的协办意见" in officer.notifications.latest("pk").message
    item.refresh_from_db()
    assert item.state == State.ASSIGNED


def test_acknowledging_is_recorded_once(secretary, unit, officer):
    item = assigned(ProposalFactory(), secretary, unit)
    lead = lead_assignment(item)
    services.assignment_acknowledge(actor=officer, assignment=lead)
    services.assignment_acknowledge(actor=officer, assignment=lead)
    lead.refresh_from_db()
    assert lead.acknowledged_at is not None
    assert item.events.filter(action="acknowledge").count() == 1


# Replies and evaluations


def test_reply_rounds_unsatisfied_rehandling_and_a_second_reply(secretary, unit, officer):
    deputy = deputy_with_user()
    item = assigned(ProposalFactory(lead_deputy=deputy), secretary, unit, assigned_date=MONDAY)
    with pytest.raises(PermissionDenied):
        replied(item, UserFactory(role=Role.UNIT_OFFICER))
    item = replied(item, officer, category="B", day=date(2025, 4, 20))
    first = item.replies.get()
    assert (first.round, first.unit, first.created_by, item.state) == (
        1,
        unit,
        officer,
        State.REPLIED,
    )
    assert "请进行评价" in deputy.user.notifications.get().message
    with pytest.raises(ValidationError, match="请说明不满意的原因"):
        services.evaluation_submit(
            actor=deputy.user, proposal=item, deputy=deputy, verdict=Verdict.UNSATISFIED
        )
    with pytest.raises(ValidationError, match="请选择满意、基本满意或不满意"):
        services.evaluation_submit(
            actor=deputy.user, proposal=item, deputy=deputy, verdict=Verdict.NONE
        )
    with pytest.raises(PermissionDenied):  # someone else's account
        services.evaluation_submit(
            actor=UserFactory(role=Role.DEPUTY), proposal=item, deputy=deputy, verdict="satisfied"
        )
    item = evaluated(item, Verdict.UNSATISFIED, comment="路面仍未硬化", day=date(2025, 5, 10))
    assert (item.state, item.deadline) == (State.REHANDLING, date(2025, 6, 10))
    assert "须在2025年6月10日前重新办理" in officer.notifications.latest("pk").message
    with pytest.raises(ValidationError, match="已评价过"):
        services.evaluation_submit(
            actor=deputy.user, proposal=item, deputy=deputy, verdict="unsatisfied", comment="x"
        )
    item = replied(item, officer, category="A", day=date(2025, 6, 1))
    assert list(item.replies.values_list("round", "category")) == [(1, "B"), (2, "A")]
    assert item.state == State.REPLIED
    item = evaluated(item, Verdict.SATISFIED)
    assert item.state == State.CLOSED
    assert list(
        Evaluation.objects.filter(proposal=item).values_list("reply__round", "verdict")
    ) == [(1, "unsatisfied"), (2, "satisfied")]


@pytest.mark.parametrize("verdict", [Verdict.SATISFIED, Verdict.BASICALLY])
def test_satisfied_or_basically_satisfied_closes_the_item(secretary, unit, verdict):
    item = replied(assigned(ProposalFactory(), secretary, unit), secretary)
    item = evaluated(item, verdict, actor=secretary)  # entered by the secretary
    assert item.state == State.CLOSED
    assert item.evaluations.get().verdict == verdict


def test_a_co_signers_evaluation_is_recorded_without_moving_the_item(secretary, unit):
    co_signer = deputy_with_user()
    item = replied(assigned(ProposalFactory(co_signers=[co_signer]), secretary, unit), secretary)
    with pytest.raises(PermissionDenied):  # not a signer of this item
        services.evaluation_submit(
            actor=secretary, proposal=item, deputy=DeputyFactory(), verdict="satisfied"
        )
    item = evaluated(item, Verdict.UNSATISFIED, deputy=co_signer, comment="不满意")
    assert item.state == State.REPLIED
    assert item.evaluations.get().deputy == co_signer
    event = item.events.last()
    assert (event.action, event.actor, event.from_state, event.to_state) == (
        "co_evaluate",
        co_signer.user,
        State.REPLIED,
        State.REPLIED,
    )
    assert evaluated(item, Verdict.BASICALLY).state == State.CLOSED


def test_the_evaluation_window_lapses_as_not_evaluated(secretary, unit):
    item = replied(assigned(ProposalFactory(), secretary, unit), secretary, day=date(2025, 5, 1))
    assert services.evaluations_lapse(today=date(2025, 5, 31)) == []  # day 30: still open
    item.refresh_from_db()
    assert item.state == State.REPLIED
    assert services.evaluations_lapse(today=date(2025, 6, 1)) == [item]
    item.refresh_from_db()
    assert item.state == State.CLOSED
    evaluation = item.evaluations.get()
    assert (evaluation.deputy, evaluation.verdict, evaluation.date) == (
        item.lead_deputy,
        Verdict.NONE,
        date(2025, 6, 1),
    )
    assert evaluation.get_verdict_display() == "未评价"
    event = item.events.last()
    assert (event.actor, event.action, event.note) == (None, "lapse", "30日内未评价。")
    assert services.evaluations_lapse(today=date(2025, 7, 1)) == []


def test_the_secretary_closes_with_a_note(secretary, unit):
    item = replied(assigned(ProposalFactory(), secretary, unit), secretary)
    with pytest.raises(ValidationError) as refused:
        services.proposal_close(actor=secretary, proposal=item, version=item.version, note="")
    assert "请填写办结说明。" in messages(refused)
    item = closed(item, secretary, note="代表当面表示认可")
    assert item.state == State.CLOSED
    assert item.events.last().note == "代表当面表示认可"


def test_withdrawing_a_numbered_item_tells_the_secretaries(secretary):
    deputy = deputy_with_user()
    item = registered(ProposalFactory(lead_deputy=deputy), secretary)
    services.proposal_withdraw(
        actor=deputy.user, proposal=item, version=item.version, reason="已自行解决"
    )
    item.refresh_from_db()
    assert item.state == State.WITHDRAWN
    assert "代表已撤回" in secretary.notifications.get().message


def test_milestones_are_kept_after_closing(secretary, unit):
    item = closed(replied(assigned(ProposalFactory(), secretary, unit), secretary, "B"), secretary)
    with pytest.raises(ValidationError, match="请填写进展情况"):
        services.milestone_add(actor=secretary, proposal=item, date=date(2025, 9, 1), note="")
    services.milestone_add(actor=secretary, proposal=item, date=date(2025, 9, 1), note="已立项")
    assert item.milestones.get().note == "已立项"
    assert item.state == State.CLOSED


def test_a_milestone_from_a_stale_form_is_refused(secretary, unit):
    item = replied(assigned(ProposalFactory(), secretary, unit), secretary, "B")
    stale = item.version
    services.milestone_add(actor=secretary, proposal=item, date=date(2025, 9, 1), note="已立项")
    with pytest.raises(ValidationError, match="刷新页面"):
        services.milestone_add(
            actor=secretary, proposal=item, date=date(2025, 9, 2), note="完工", version=stale
        )
    assert list(item.milestones.values_list("note", flat=True)) == ["已立项"]


# The event log


def test_every_step_writes_an_event_with_actor_states_and_note(secretary, presidium_user, unit):
    deputy = deputy_with_user()
    officer = unit.officers.get()
    item = ProposalFactory(lead_deputy=deputy)
    services.proposal_submit(actor=deputy.user, proposal=item, version=item.version)
    registered(item, secretary)
    assigned(item, secretary, unit)
    services.assignment_acknowledge(actor=officer, assignment=lead_assignment(item))
    replied(item, officer, category="B")
    evaluated(item, Verdict.UNSATISFIED, comment="进度太慢")
    replied(item, officer, category="A")
    evaluated(item, Verdict.SATISFIED, comment="满意")
    services.milestone_add(actor=secretary, proposal=item, date=date(2025, 9, 1), note="完工")
    S = State
    assert [
        (e.action, e.actor, e.from_state, e.to_state, e.note) for e in item.events.order_by("pk")
    ] == [
        ("submit", deputy.user, S.DRAFT, S.SUBMITTED, ""),
        ("register_suggestion", secretary, S.SUBMITTED, S.AWAITING_ASSIGNMENT, ""),
        ("assign", secretary, S.AWAITING_ASSIGNMENT, S.ASSIGNED, ""),
        ("acknowledge", officer, S.ASSIGNED, S.ASSIGNED, unit.name),
        ("reply", officer, S.ASSIGNED, S.REPLIED, ""),
        ("reject_reply", deputy.user, S.REPLIED, S.REHANDLING, "进度太慢"),
        ("reply", officer, S.REHANDLING, S.REPLIED, ""),
        ("accept_reply", deputy.user, S.REPLIED, S.CLOSED, "满意"),
        ("milestone", secretary, S.CLOSED, S.CLOSED, "完工"),
    ]
    assert all(e.at for e in item.events.all())


def test_creating_a_draft_is_the_first_event(secretary):
    deputy = deputy_with_user()
    item = Proposal(lead_deputy=deputy, title="标题", content="内容", topic="transport")
    services.proposal_draft(actor=deputy.user, proposal=item, co_signers=[DeputyFactory()])
    event = item.events.get()
    assert (event.action, event.actor, event.from_state, event.to_state) == (
        "create",
        deputy.user,
        "",
        State.DRAFT,
    )
    assert item.created_by == deputy.user and item.co_signers.count() == 1


# Deadline lists


def test_overdue_and_due_soon_at_their_boundaries(secretary, unit):
    item = assigned(ProposalFactory(), secretary, unit, assigned_date=MONDAY)
    deadline = item.deadline
    assert deadline == date(2025, 6, 3)
    assert item not in selectors.overdue(today=deadline)  # due today is not late
    assert item in selectors.overdue(today=deadline + timedelta(days=1))
    assert item in selectors.due_soon(today=deadline)
    assert item in selectors.due_soon(today=deadline - timedelta(days=14))
    assert item not in selectors.due_soon(today=deadline - timedelta(days=15))
    assert item not in selectors.due_soon(today=deadline + timedelta(days=1))
    replied(item, secretary)
    assert item not in selectors.overdue(today=deadline + timedelta(days=1))
    evaluated(item, Verdict.UNSATISFIED, actor=secretary, day=date(2025, 7, 1))
    assert item in selectors.overdue(today=date(2025, 8, 2))  # re-handling due 2025-08-01
    assert item not in selectors.overdue(today=date(2025, 8, 1))


def test_co_opinions_overdue_at_the_boundary(secretary, unit):
    co_officer = UserFactory(role=Role.UNIT_OFFICER)
    co_unit = UnitFactory(officers=[co_officer])
    item = assigned(ProposalFactory(), secretary, unit, co_units=[co_unit], assigned_date=MONDAY)
    co = item.assignments.get(role=Assignment.Role.CO)
    assert co.deadline == date(2025, 4, 3)
    assert co not in selectors.co_opinions_overdue(today=date(2025, 4, 3))
    assert list(selectors.co_opinions_overdue(today=date(2025, 4, 4))) == [co]
    services.co_opinion_submit(actor=co_officer, assignment=co, text="同意")
    assert not selectors.co_opinions_overdue(today=date(2025, 4, 4)).exists()


# Who sees what


def test_proposals_visible_to_each_role(
    secretary, presidium_user, deputy_user, unit_user, election_user, client
):
    from django.contrib.auth.models import AnonymousUser

    lead = DeputyFactory(user=deputy_user)
    co_signer = deputy_with_user()
    officer_unit = UnitFactory(officers=[unit_user])
    other_unit = UnitFactory()
    own = assigned(ProposalFactory(lead_deputy=lead), secretary, officer_unit)
    cosigned = ProposalFactory(co_signers=[co_signer, lead])
    returned = assigned(ProposalFactory(), secretary, officer_unit, assigned_date=MONDAY)
    services.assignment_return(
        actor=unit_user, assignment=lead_assignment(returned), reason="错派", day=MONDAY
    )
    answered = replied(assigned(ProposalFactory(), secretary, officer_unit), unit_user)
    co_of_other = assigned(ProposalFactory(), secretary, other_unit, co_units=[officer_unit])
    elsewhere = assigned(ProposalFactory(), secretary, other_unit)
    everything = {own, cosigned, returned, answered, co_of_other, elsewhere}

    def seen(user):
        return set(selectors.proposals_visible_to(user))

    # The co-signed draft is the deputies' own until submitted.
    assert seen(secretary) == everything - {cosigned}
    assert seen(presidium_user) == everything - {cosigned}
    assert seen(deputy_user) == {own, cosigned}
    assert seen(co_signer.user) == {cosigned}
    assert seen(unit_user) == {own, answered, co_of_other}
    assert seen(election_user) == set()
    assert seen(UserFactory(role=Role.DEPUTY)) == set()  # a deputy account with no record
    assert seen(AnonymousUser()) == set()
    # No duplicates when several joins match.
    assert selectors.proposals_visible_to(unit_user).count() == 3


# Numbering under concurrency (PostgreSQL: row locks; SQLite serialises writes anyway)


@pytest.mark.django_db(transaction=True)
def test_concurrent_registrations_get_numbers_without_gaps_or_duplicates():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: concurrent row locks (set DATABASE_URL=postgres://…)")
    secretary = UserFactory(role=Role.SECRETARY)
    session = SessionFactory(term=TermFactory(number=18), number=1)
    # Paper forms the secretary entered: hers to register as drafts.
    items = [ProposalFactory(session=session, created_by=secretary) for _ in range(20)]
    threads_count = 5
    barrier = threading.Barrier(threads_count)
    errors = []

    def register(chunk):
        try:
            barrier.wait(timeout=30)
            for pk in chunk:
                item = Proposal.objects.get(pk=pk)
                services.proposal_register(actor=secretary, proposal=item, version=item.version)
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    chunks = [[i.pk for i in items[n::threads_count]] for n in range(threads_count)]
    threads = [threading.Thread(target=register, args=(chunk,)) for chunk in chunks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    numbers = sorted(Proposal.objects.filter(session=session).values_list("number", flat=True))
    assert numbers == list(range(1, 21))
    assert NumberSequence.objects.get(scope=f"suggestion:session:{session.pk}").last == 20
    assert set(Proposal.objects.values_list("state", flat=True)) == {State.AWAITING_ASSIGNMENT}


# The back office (proposals/admin.py)


def test_the_admin_lists_and_shows_every_model_without_deleting(client, secretary, unit):
    from django.contrib import admin
    from django.urls import reverse

    from proposals.models import Event, NumberSequence

    item = replied(assigned(ProposalFactory(), secretary, unit), secretary)
    evaluated(item, Verdict.SATISFIED, actor=secretary)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    models = [m for m in admin.site._registry if m._meta.app_label == "proposals"]
    assert {m.__name__ for m in models} >= {
        "HandlingUnit",
        "Proposal",
        "Attachment",
        "Assignment",
        "Reply",
        "CoOpinion",
        "Evaluation",
        "Milestone",
        "Event",
        "Notification",
        "NumberSequence",
    }
    for model in models:
        name = f"admin:proposals_{model._meta.model_name}"
        response = client.get(reverse(f"{name}_changelist"), {"q": "村道"})
        assert response.status_code == 200, model
        row = model.objects.first()
        if row is not None:
            assert client.get(reverse(f"{name}_change", args=[row.pk])).status_code == 200
            assert client.get(reverse(f"{name}_delete", args=[row.pk])).status_code == 403
    event = Event.objects.first()
    assert (
        client.post(
            reverse("admin:proposals_event_change", args=[event.pk]), {"note": "改"}
        ).status_code
        == 403
    )
    assert client.get(reverse("admin:proposals_event_add")).status_code == 403
    assert client.get(reverse("admin:proposals_numbersequence_add")).status_code == 403
    assert NumberSequence.objects.count() == 1
