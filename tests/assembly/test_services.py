"""The agenda's services: items in order, motions placed on the agenda, documents, and the
vote, whose outcome follows the law (more than half of ALL deputies, two thirds present) and
ends a motion as adopted or not adopted. Refusals are explained in Chinese."""

from datetime import date, time, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from assembly import selectors, services
from assembly.models import AgendaItem, Choice, ItemKind, Outcome, Proposer, Vote, VoteCast
from congress.selectors import township_name
from elections.congress_services import office_end
from elections.models import Office
from proposals.models import Event, Notification, State
from tests.assembly.helpers import held_session, item, motion_on_agenda, office, roster, vote
from tests.factories import DeputyFactory, SessionAttendanceFactory, TermFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def record(actor, agenda_item, present, yes, no, abstain=0, not_voting=0):
    return vote(
        actor,
        agenda_item,
        present=present,
        yes=yes,
        no=no,
        abstain=abstain,
        not_voting=not_voting,
    )


# The vote


def test_a_resolution_adopted_by_more_than_half_of_all_deputies(secretary):
    resolution = item(secretary, held_session(total=52, present=45))
    vote = record(secretary, resolution, present=45, yes=43, no=1, abstain=1)
    resolution.refresh_from_db()
    assert (vote.total, vote.adopted, resolution.outcome) == (52, True, Outcome.ADOPTED)
    assert vote.recorded_by == secretary


def test_exactly_half_of_all_deputies_is_not_adopted(secretary):
    # 26 of 52 for: a majority of the 45 present, but not more than half of all 52.
    resolution = item(secretary, held_session(total=52, present=45))
    vote = record(secretary, resolution, present=45, yes=26, no=19)
    resolution.refresh_from_db()
    assert (vote.adopted, resolution.outcome) == (False, Outcome.NOT_ADOPTED)


@pytest.mark.parametrize(
    "counts,words",
    [
        (dict(present=45, yes=40, no=3, abstain=1), "合计44"),  # one short
        (dict(present=45, yes=40, no=3, abstain=3), "合计46"),  # one over
        (dict(present=53, yes=53, no=0), "超过了全体代表"),
        (dict(present=34, yes=34, no=0), "不足三分之二"),  # 52 need 35 present
    ],
)
def test_refused_votes_explain_in_chinese_and_record_nothing(secretary, counts, words):
    resolution = item(secretary, held_session(total=52, present=45))
    with pytest.raises(ValidationError) as refused:
        record(secretary, resolution, **counts)
    assert words in refused.value.messages[0]
    resolution.refresh_from_db()
    assert resolution.outcome == "" and not Vote.objects.exists()


def test_quorum_exactly_two_thirds_may_vote(secretary):
    resolution = item(secretary, held_session(total=45, present=30))
    vote = record(secretary, resolution, present=30, yes=23, no=7)  # 23 of 45: adopted
    assert vote.adopted


def test_a_vote_is_recorded_once(secretary):
    resolution = item(secretary, held_session())
    record(secretary, resolution, present=47, yes=40, no=7)
    with pytest.raises(ValidationError) as refused:
        record(secretary, resolution, present=47, yes=10, no=37)
    assert "已经登记" in refused.value.messages[0]
    assert Vote.objects.get().yes == 40


def test_elections_are_not_voted_here(secretary):
    election = item(secretary, held_session(), kind=ItemKind.ELECTION, title="补选副镇长")
    with pytest.raises(ValidationError) as refused:
        record(secretary, election, present=47, yes=40, no=7)
    assert "无记名投票" in refused.value.messages[0]


def test_no_vote_before_the_session_or_without_a_roster(secretary):
    # No roster, no deputies: all deputies are counted from the roster, never typed.
    unknown = item(secretary, held_session())
    with pytest.raises(ValidationError) as refused:
        services.vote_record(
            actor=secretary,
            item=unknown,
            held_on=date(2025, 1, 16),
            held_time=time(9, 0),
            present=47,
            yes=40,
            no=7,
            abstain=0,
        )
    assert "名册上" in refused.value.messages[0]
    soon = timezone.localdate() + timedelta(days=10)
    future = item(secretary, held_session(start_date=soon, end_date=soon))
    with pytest.raises(ValidationError) as refused:
        record(secretary, future, present=47, yes=40, no=7)
    assert "尚未举行" in refused.value.messages[0]


def test_only_the_secretary_records_votes(presidium_user, deputy_user, secretary):
    resolution = item(secretary, held_session())
    for user in (presidium_user, deputy_user):
        with pytest.raises(PermissionDenied):
            record(user, resolution, present=47, yes=40, no=7)
    assert not Vote.objects.exists()


def test_a_vote_by_name_counts_each_deputys_mark(secretary):
    session = held_session(total=5, present=4)
    deputies = DeputyFactory.create_batch(4)
    marks = dict(zip(deputies, [Choice.YES, Choice.YES, Choice.NO, Choice.ABSTAIN], strict=True))
    first = vote(secretary, item(secretary, session), casts=marks)
    # 2 of 5 for: not more than half of all 5 (3 needed).
    assert (first.present, first.yes, first.no, first.abstain, first.by_name) == (4, 2, 1, 1, True)
    assert first.adopted is False
    assert VoteCast.objects.filter(vote=first).count() == 4
    marks[deputies[2]] = Choice.YES
    second = vote(secretary, item(secretary, session), casts=marks)
    assert (second.yes, second.adopted) == (3, True)


def test_a_vote_by_name_with_too_few_present_is_refused(secretary):
    session = held_session(total=6, present=6)
    marks = {d: Choice.YES for d in DeputyFactory.create_batch(3)}  # 3 of 6: under 4
    with pytest.raises(ValidationError):
        vote(secretary, item(secretary, session), casts=marks)
    assert not VoteCast.objects.exists()


# Motions


def test_a_motion_adopted_ends_adopted_with_the_figures(secretary, deputy_user):
    session = held_session(total=52, present=47)
    motion = motion_on_agenda(secretary, session)
    motion.lead_deputy.user = deputy_user
    motion.lead_deputy.save()
    (added,) = services.agenda_motions_add(actor=secretary, session=session)
    assert (added.kind, added.proposal, added.title) == (ItemKind.MOTION, motion, motion.title)
    record(secretary, added, present=47, yes=40, no=3, abstain=4)
    motion.refresh_from_db()
    assert motion.state == State.ADOPTED
    event = Event.objects.filter(proposal=motion).latest("pk")
    assert (event.action, event.from_state, event.to_state) == ("adopt", "on_agenda", "adopted")
    assert event.note == "应到52人，实到47人，赞成40票，反对3票，弃权4票，通过"
    (told,) = Notification.objects.filter(proposal=motion, user=deputy_user)
    assert "大会表决通过" in told.message and "赞成40票" in told.message


def test_a_motion_not_adopted_ends_not_adopted(secretary):
    session = held_session(total=52, present=47)
    motion = motion_on_agenda(secretary, session)
    (added,) = services.agenda_motions_add(actor=secretary, session=session)
    record(secretary, added, present=47, yes=26, no=21)
    motion.refresh_from_db()
    assert motion.state == State.NOT_ADOPTED


def test_a_refused_vote_leaves_the_motion_on_the_agenda(secretary):
    session = held_session(total=52, present=47)
    motion = motion_on_agenda(secretary, session)
    (added,) = services.agenda_motions_add(actor=secretary, session=session)
    with pytest.raises(ValidationError):
        record(secretary, added, present=47, yes=40, no=3)
    motion.refresh_from_db()
    assert motion.state == State.ON_AGENDA


def test_motions_are_added_once_and_only_the_sessions_own(secretary):
    session, other = held_session(), held_session()
    motion_on_agenda(secretary, session, title="甲议案")
    motion_on_agenda(secretary, other, title="乙议案")
    assert [i.title for i in services.agenda_motions_add(actor=secretary, session=session)] == [
        "甲议案"
    ]
    assert services.agenda_motions_add(actor=secretary, session=session) == []
    assert list(selectors.motions_waiting(session)) == []


def test_a_motion_item_must_be_a_motion_on_this_sessions_agenda(secretary):
    session = held_session()
    elsewhere = motion_on_agenda(secretary, held_session())
    with pytest.raises(ValidationError):
        item(secretary, session, kind=ItemKind.MOTION, title="议案", proposal=elsewhere)
    with pytest.raises(ValidationError):
        item(secretary, session, kind=ItemKind.MOTION, title="议案")


# The agenda itself


def test_items_are_added_at_the_end_and_moved(secretary):
    session = held_session()
    first, second, third = (item(secretary, session, title=t) for t in ("一", "二", "三"))
    services.agenda_item_move(actor=secretary, item=third, direction="up")
    assert [i.title for i in selectors.agenda(session)] == ["一", "三", "二"]
    services.agenda_item_move(actor=secretary, item=first, direction="up")  # already first
    services.agenda_item_move(actor=secretary, item=first, direction="down")
    assert [i.title for i in selectors.agenda(session)] == ["三", "一", "二"]
    with pytest.raises(ValidationError):
        services.agenda_item_move(actor=secretary, item=first, direction="sideways")


def test_a_decided_item_keeps_what_was_voted(secretary):
    resolution = item(secretary, held_session())
    record(secretary, resolution, present=47, yes=40, no=7)
    resolution.refresh_from_db()
    resolution.notes = "会后印发"
    services.agenda_item_save(actor=secretary, item=resolution)
    resolution.title = "另一个决议"
    with pytest.raises(ValidationError):
        services.agenda_item_save(actor=secretary, item=resolution)
    assert AgendaItem.objects.get().title == "关于代表建议办理工作的决议"


# Resignations and recalls (OL 31, 32): they name an office, and an adopted vote ends it


def test_a_resignation_names_an_office_of_the_term_still_held(secretary):
    session = held_session()
    with pytest.raises(ValidationError) as error:
        item(secretary, session, kind=ItemKind.RESIGNATION, title="接受辞职", person_name="张三")
    assert "请选择辞职或被罢免人员所任职务" in str(error.value)
    elsewhere = office(TermFactory(number=17, start_date=date(2016, 12, 28)), name="赵六")
    ended = office(session.term, name="钱七")
    ended.end_date, ended.end_reason = date(2024, 6, 1), Office.EndReason.DIED
    ended.save()
    for other in (elsewhere, ended):
        with pytest.raises(ValidationError) as error:
            item(secretary, session, kind=ItemKind.RESIGNATION, title="接受辞职", office=other)
        assert "只能选择本届仍在任的职务" in str(error.value)
    later = office(session.term, name="孙八", start=session.end_date + timedelta(days=1))
    with pytest.raises(ValidationError):
        item(secretary, session, kind=ItemKind.RECALL, title="罢免", office=later)
    assert not AgendaItem.objects.exists()
    held = office(session.term, name="李明")
    named = item(secretary, session, kind=ItemKind.RESIGNATION, title="接受辞职", office=held)
    assert (named.office, named.person_name) == (held, "李明")


def test_an_item_of_another_kind_names_no_office(secretary):
    session = held_session()
    report = item(
        secretary, session, kind=ItemKind.REPORT, title="政府工作报告", office=office(session.term)
    )
    assert report.office is None


# 52 deputies: 27 votes for (more than half of all) accept the resignation, 26 do not.
@pytest.mark.parametrize(
    "kind,yes,ended,reason",
    [
        (ItemKind.RESIGNATION, 26, None, ""),
        (ItemKind.RESIGNATION, 27, date(2025, 1, 16), Office.EndReason.RESIGNED),
        (ItemKind.RECALL, 26, None, ""),
        (ItemKind.RECALL, 27, date(2025, 1, 16), Office.EndReason.RECALLED),
    ],
)
def test_an_adopted_resignation_or_recall_ends_the_office(secretary, kind, yes, ended, reason):
    session = held_session(total=52, present=45)  # 16 and 17 January 2025
    held = office(session.term, name="李明", start=date(2022, 1, 10))
    proposer = Proposer.PRESIDIUM if kind == ItemKind.RECALL else ""
    decided = item(secretary, session, kind=kind, title="事项", office=held, proposed_by=proposer)
    record(secretary, decided, present=45, yes=yes, no=45 - yes)
    held.refresh_from_db()
    assert (held.end_date, held.end_reason) == (ended, reason)
    if ended:
        assert "赞成27票" in held.end_note
        township = township_name()
        [(_label, current, past)] = selectors.congress_selectors.leaders_roster(township)
        assert (current, past) == ([], [held])


def test_an_office_ends_on_the_day_of_the_vote_and_not_before_it_began(secretary):
    session = held_session(total=52, present=45)  # 16 and 17 January 2025
    held = office(session.term, start=date(2025, 1, 17))
    decided = item(secretary, session, kind=ItemKind.RESIGNATION, title="接受辞职", office=held)
    roster(session)
    moment = {"present": 45, "yes": 40, "no": 5, "abstain": 0, "held_time": time(10, 0)}
    with pytest.raises(ValidationError) as refused:
        services.vote_record(actor=secretary, item=decided, held_on=date(2025, 1, 16), **moment)
    assert "2025年1月17日就任" in refused.value.messages[0]
    services.vote_record(actor=secretary, item=decided, held_on=date(2025, 1, 17), **moment)
    held.refresh_from_db()
    assert held.end_date == date(2025, 1, 17)


def test_no_vote_on_an_office_that_ended_meanwhile(secretary):
    session = held_session(total=52, present=45)
    held = office(session.term)
    decided = item(secretary, session, kind=ItemKind.RESIGNATION, title="接受辞职", office=held)
    office_end(office=held, date=date(2024, 12, 1), reason=Office.EndReason.DIED, user=secretary)
    with pytest.raises(ValidationError) as error:
        record(secretary, decided, present=45, yes=40, no=5)
    assert "已于2024年12月1日终止" in str(error.value)
    assert not Vote.objects.exists()


def test_the_vote_and_the_end_of_the_office_are_one_transaction(secretary, monkeypatch):
    session = held_session(total=52, present=45)
    held = office(session.term)
    decided = item(secretary, session, kind=ItemKind.RESIGNATION, title="接受辞职", office=held)

    def refuse(**kwargs):
        raise ValidationError("不能终止")

    monkeypatch.setattr(services, "office_end", refuse)
    with pytest.raises(ValidationError):
        record(secretary, decided, present=45, yes=40, no=5)
    decided.refresh_from_db()
    held.refresh_from_db()
    assert not Vote.objects.exists() and decided.outcome == "" and held.end_date is None


def test_only_the_secretary_edits_the_agenda(presidium_user, secretary):
    session = held_session()
    with pytest.raises(PermissionDenied):
        item(presidium_user, session)
    upload = SimpleUploadedFile("政府工作报告.pdf", PDF)
    with pytest.raises(PermissionDenied):
        services.agenda_document_add(
            actor=presidium_user, item=item(secretary, session), file=upload
        )


def test_a_document_keeps_its_name(secretary):
    resolution = item(secretary, held_session())
    upload = SimpleUploadedFile("决议草案.pdf", PDF)
    document = services.agenda_document_add(actor=secretary, item=resolution, file=upload)
    assert (document.download_name, document.title) == ("决议草案.pdf", "决议草案.pdf")
    assert "决议草案" not in document.file.name  # stored under a random name


# Who sees which agenda


def test_a_deputy_sees_the_sessions_of_their_own_term_only(deputy_user, secretary):
    mine = held_session()
    deputy = DeputyFactory(user=deputy_user)  # township seat in term 18
    assert list(selectors.sessions_with_agenda_for(deputy_user)) == [mine]
    deputy.seats.update(term_number=17)
    assert list(selectors.sessions_with_agenda_for(deputy_user)) == []


def test_vote_deputies_are_those_present_when_attendance_is_by_name(secretary):
    session = held_session()
    here, away = DeputyFactory(name="甲"), DeputyFactory(name="乙")
    SessionAttendanceFactory(session=session, deputy=here, status="present")
    SessionAttendanceFactory(session=session, deputy=away, status="leave")
    assert selectors.vote_deputies(session) == [here]


# For the reports


def test_decisions_in_a_period_in_one_query(secretary):
    session = held_session(total=52, present=45)
    report = item(secretary, session, kind=ItemKind.REPORT, title="政府工作报告")
    item(secretary, session, kind=ItemKind.BUDGET, title="预算报告")  # not voted: left out
    record(secretary, report, present=45, yes=43, no=1, abstain=1)
    later = held_session()
    later.start_date = later.end_date = session.start_date + timedelta(days=200)
    later.save()
    record(secretary, item(secretary, later), present=47, yes=20, no=27)
    start = session.start_date
    with CaptureQueriesContext(connection) as queries:
        decided = selectors.decisions_in(start, start + timedelta(days=100))
    assert len(queries) == 1
    assert [(d.kind, d.title, d.adopted, d.yes, d.total) for d in decided] == [
        ("report", "政府工作报告", True, 43, 52)
    ]
    assert decided[0].figures == "应到52人，实到45人，赞成43票，反对1票，弃权1票，通过"
    everything = selectors.decisions_in(start, start + timedelta(days=365))
    assert [d.adopted for d in everything] == [True, False]
