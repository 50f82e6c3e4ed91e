"""The writes of the congress's elections: rules, nominations (refusals), closing, votes (void
round, tie, further vote), the offices and presidium seats that result, and ending an office.
Expected outcomes are stated by hand from the law (elections/congress_rules.py)."""

from datetime import date, datetime, time

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from congress.models import PresidiumMember, Session, TownshipProfile
from elections import congress_selectors as selectors
from elections import congress_services as services
from elections.models import Contest, Nomination, Office, Round
from tests.factories import DeputyFactory, MemberFactory, SessionFactory

pytestmark = pytest.mark.django_db

DAY = date(2025, 1, 16)


@pytest.fixture
def roster(db):
    """The 50 township deputies holding a seat: all the deputies of the congress."""
    return DeputyFactory.create_batch(50)


@pytest.fixture
def session(roster):
    TownshipProfile.objects.create(pk=1, name="青山镇", county="云溪县")
    # The term's first session (a general election of its leaders). 50 deputies on the
    # roster, 45 present: elected with 26 votes (more than half of all 50).
    return SessionFactory(start_date=DAY, end_date=date(2025, 1, 17), kind=Session.Kind.FIRST)


@pytest.fixture
def deputies(roster):
    return roster[:24]


def rules(secretary, session, *, kind=None, ballot_order="strokes", **posts):
    services.election_rules_save(
        actor=secretary,
        session=session,
        adopted_on=DAY,
        posts=posts,
        kind=kind,
        ballot_order=ballot_order,
    )
    return {c.post: c for c in Contest.objects.filter(session=session)}


def step(contest):
    return selectors.contest_progress(selectors.contest_facts(contest.pk)).next


def vote(secretary, contest, counts, *, issued=45, returned=45, void=0, write_ins=()):
    """Record the next vote: `counts` are votes for each candidate in ballot order; the rest of
    the valid ballots split into against and abstaining."""
    valid = returned - void
    candidates = step(contest).candidates
    tallies = {
        c: (n, (valid - n) // 2, valid - n - (valid - n) // 2)
        for c, n in zip(candidates, counts, strict=True)
    }
    return services.round_record(
        actor=secretary,
        contest=contest,
        held_on=DAY,
        ballots_issued=issued,
        ballots_returned=returned,
        void_ballots=void,
        tallies=tallies,
        write_ins=write_ins,
    )


def test_rules_refuse_a_deputy_head_margin_of_four(secretary, session):
    with pytest.raises(ValidationError) as error:
        rules(secretary, session, deputy_head=(2, 4))
    assert "一至三" in str(error.value.messages) or "1" in str(error.value.messages)
    assert not Contest.objects.exists()


def test_only_the_secretary_writes(presidium_user, session):
    with pytest.raises(PermissionDenied):
        services.election_rules_save(
            actor=presidium_user, session=session, adopted_on=DAY, posts={"head": (1, 1)}
        )


def test_presidium_nominates_no_more_than_the_seats(secretary, session):
    contest = rules(secretary, session, head=(1, 1))["head"]
    services.nomination_add(actor=secretary, contest=contest, source="presidium", name="周建国")
    with pytest.raises(ValidationError) as error:
        services.nomination_add(actor=secretary, contest=contest, source="presidium", name="郑志刚")
    assert "应选名额" in " ".join(error.value.messages)


def test_deputies_nominate_ten_or_more_and_each_within_the_seats(secretary, session, deputies):
    contest = rules(secretary, session, head=(1, 1))["head"]
    with pytest.raises(ValidationError):
        services.nomination_add(
            actor=secretary, contest=contest, source="deputies", name="甲", sponsors=deputies[:9]
        )
    services.nomination_add(
        actor=secretary, contest=contest, source="deputies", name="甲", sponsors=deputies[:10]
    )
    # deputies[0] already joined one nomination for one seat: no second one.
    with pytest.raises(ValidationError) as error:
        services.nomination_add(
            actor=secretary,
            contest=contest,
            source="deputies",
            name="乙",
            sponsors=deputies[:1] + deputies[10:20],
        )
    assert deputies[0].name in " ".join(error.value.messages)


def test_the_chair_must_be_a_deputy(secretary, session, deputies):
    contest = rules(secretary, session, chair=(1, 1))["chair"]
    with pytest.raises(ValidationError):
        services.nomination_add(actor=secretary, contest=contest, source="presidium", name="周建国")
    services.nomination_add(
        actor=secretary, contest=contest, source="presidium", deputy=deputies[0]
    )


def test_closing_with_too_few_is_refused_and_stroke_order_otherwise(secretary, session, deputies):
    contest = rules(secretary, session, deputy_head=(2, 1))["deputy_head"]
    for name in ["王芳", "马强"]:
        services.nomination_add(actor=secretary, contest=contest, source="presidium", name=name)
    with pytest.raises(ValidationError):  # 3 needed for 2 seats with a margin of 1
        services.nominations_close(actor=secretary, contest=contest)
    services.nomination_add(
        actor=secretary, contest=contest, source="deputies", name="白雪", sponsors=deputies[:10]
    )
    services.nominations_close(actor=secretary, contest=contest)
    # Surname strokes: 马 3, 王 4, 白 5.
    assert list(
        Nomination.objects.filter(contest=contest)
        .order_by("position")
        .values_list("name", flat=True)
    ) == ["马强", "王芳", "白雪"]


def contested_head(secretary, session, deputies):
    contest = rules(secretary, session, head=(1, 1))["head"]
    services.nomination_add(actor=secretary, contest=contest, source="presidium", name="王芳")
    services.nomination_add(
        actor=secretary, contest=contest, source="deputies", name="马强", sponsors=deputies[:10]
    )
    services.nominations_close(actor=secretary, contest=contest)
    return contest  # ballot order: 马强, 王芳


def test_a_void_round_elects_nobody_and_is_held_again(secretary, session, deputies):
    contest = contested_head(secretary, session, deputies)
    vote(secretary, contest, [10, 35], issued=45, returned=46)
    assert not Office.objects.exists()
    assert step(contest).kind == "formal"
    # As many returned as issued: valid. 35 of 50 deputies: elected.
    vote(secretary, contest, [10, 35], issued=45, returned=45)
    office = Office.objects.get()
    assert (office.name, office.post, office.start_date) == ("王芳", "head", DAY)
    assert step(contest) is None


def test_exactly_half_of_all_deputies_is_not_enough(secretary, session, deputies):
    contest = contested_head(secretary, session, deputies)
    vote(secretary, contest, [19, 25])  # 25 of 50: not more than half
    assert not Office.objects.exists()
    further = step(contest)
    assert further.kind == "further"
    assert [c.name for c in further.candidates] == ["王芳", "马强"]  # by the first vote's order
    vote(secretary, contest, [26, 19])  # 王芳 first on the further ballot, now 26
    assert Office.objects.get().name == "王芳"
    assert Round.objects.filter(contest=contest).count() == 2
    assert Round.objects.get(contest=contest, number=2).kind == "further"


def test_counts_must_add_up(secretary, session, deputies):
    contest = contested_head(secretary, session, deputies)
    candidates = step(contest).candidates
    with pytest.raises(ValidationError):
        services.round_record(
            actor=secretary,
            contest=contest,
            held_on=DAY,
            ballots_issued=45,
            ballots_returned=45,
            void_ballots=0,
            tallies={candidates[0]: (10, 10, 10), candidates[1]: (30, 10, 5)},
        )
    # Both chosen on the same one-seat ballot: 40 + 30 > 45 valid ballots × 1 seat.
    with pytest.raises(ValidationError):
        services.round_record(
            actor=secretary,
            contest=contest,
            held_on=DAY,
            ballots_issued=45,
            ballots_returned=45,
            void_ballots=0,
            tallies={candidates[0]: (30, 10, 5), candidates[1]: (40, 5, 0)},
        )
    assert not Round.objects.exists()


def test_tie_at_the_boundary_then_new_vote(secretary, session, deputies):
    contest = rules(secretary, session, deputy_head=(2, 1))["deputy_head"]
    for name in ["马强", "王芳"]:
        services.nomination_add(actor=secretary, contest=contest, source="presidium", name=name)
    services.nomination_add(
        actor=secretary, contest=contest, source="deputies", name="白雪", sponsors=deputies[:10]
    )
    services.nominations_close(actor=secretary, contest=contest)
    vote(secretary, contest, [38, 26, 26])  # 马强 elected; 王芳 and 白雪 tied at 26 (of 26 needed)
    assert list(Office.objects.values_list("name", flat=True)) == ["马强"]
    tie = step(contest)
    assert tie.kind == "tie" and tie.seats == 1
    assert sorted(c.name for c in tie.candidates) == ["王芳", "白雪"]
    vote(secretary, contest, [20, 25])  # ballot order 王芳, 白雪: the most votes win
    assert sorted(Office.objects.values_list("name", flat=True)) == ["白雪", "马强"]
    assert step(contest) is None


@pytest.mark.parametrize(
    "ballot_order, formal_list",
    [
        # The preliminary vote decides who stands; the ballot lists them by surname strokes
        # (王 4, 白 5) unless the election rules order it by the votes (白雪 40, 王芳 30).
        ("strokes", ["王芳", "白雪"]),
        ("preliminary_votes", ["白雪", "王芳"]),
    ],
)
def test_preliminary_vote_fixes_who_stands_and_the_rules_the_order(
    secretary, session, deputies, ballot_order, formal_list
):
    contest = rules(secretary, session, ballot_order=ballot_order, deputy_head=(1, 1))[
        "deputy_head"
    ]
    services.nomination_add(actor=secretary, contest=contest, source="presidium", name="马强")
    services.nomination_add(
        actor=secretary, contest=contest, source="deputies", name="王芳", sponsors=deputies[:10]
    )
    services.nomination_add(
        actor=secretary, contest=contest, source="deputies", name="白雪", sponsors=deputies[10:20]
    )
    services.nominations_close(actor=secretary, contest=contest)
    first = step(contest)
    assert first.kind == "preliminary" and first.seats == 2
    services.round_record(
        actor=secretary,
        contest=contest,
        held_on=DAY,
        ballots_issued=45,
        ballots_returned=45,
        void_ballots=0,
        tallies={c: (n, 0, 0) for c, n in zip(first.candidates, [12, 30, 40], strict=True)},
    )
    formal = step(contest)
    assert formal.kind == "formal"
    assert [c.name for c in formal.candidates] == formal_list  # 马强 (12) is out


def test_elected_chair_and_vice_chair_take_presidium_seats(secretary, session, deputies):
    posts = rules(secretary, session, chair=(1, 1), vice_chair=(1, 1))
    member = MemberFactory(term=session.term, name=deputies[0].name)  # a member elected chair
    services.nomination_add(
        actor=secretary, contest=posts["chair"], source="presidium", deputy=deputies[0]
    )
    services.nominations_close(actor=secretary, contest=posts["chair"])
    vote(secretary, posts["chair"], [44])
    services.nomination_add(
        actor=secretary, contest=posts["vice_chair"], source="presidium", deputy=deputies[1]
    )
    services.nomination_add(
        actor=secretary,
        contest=posts["vice_chair"],
        source="deputies",
        deputy=deputies[2],
        sponsors=deputies[10:20],
    )
    services.nominations_close(actor=secretary, contest=posts["vice_chair"])
    first_on_ballot = step(posts["vice_chair"]).candidates[0]
    vote(secretary, posts["vice_chair"], [30, 10])
    seats = PresidiumMember.objects.filter(end_date__isnull=True)
    assert set(seats.values_list("name", "role")) == {
        (deputies[0].name, "chair"),
        (first_on_ballot.name, "vice_chair"),
    }
    member.refresh_from_db()
    assert member.end_date is not None  # the member's seat gave way to the chair's
    chair = Office.objects.get(post="chair")
    assert chair.deputy == deputies[0]

    services.office_end(office=chair, date=date(2025, 7, 1), reason="resigned", user=secretary)
    chair.refresh_from_db()
    assert (chair.end_date, chair.end_reason) == (date(2025, 7, 1), "resigned")
    assert not PresidiumMember.objects.filter(
        name=deputies[0].name, role="chair", end_date__isnull=True
    ).exists()
    with pytest.raises(ValidationError):
        services.office_end(office=chair, date=date(2025, 8, 1), reason="resigned", user=secretary)


def test_office_end_needs_the_permission(presidium_user, secretary, session, deputies):
    contest = contested_head(secretary, session, deputies)
    vote(secretary, contest, [10, 35])
    with pytest.raises(PermissionDenied):
        services.office_end(
            office=Office.objects.get(),
            date=date(2025, 7, 1),
            reason="resigned",
            user=presidium_user,
        )


def test_a_session_without_attendance_cannot_vote(secretary, deputies):
    TownshipProfile.objects.create(pk=1, name="青山镇", county="云溪县")
    session = SessionFactory(
        start_date=DAY,
        end_date=DAY,
        deputies_total=None,
        deputies_present=None,
        deputies_on_leave=None,
        deputies_absent=None,
    )
    contest = contested_head(secretary, session, deputies)
    with pytest.raises(ValidationError):
        vote(secretary, contest, [10, 35])


@pytest.mark.parametrize(
    "held_on,field",
    [
        (date(2025, 1, 15), "held_on"),
        (date(2025, 1, 18), "held_on"),
        (date(2025, 1, 17), "held_time"),
    ],
)
def test_a_round_is_held_during_the_session_and_not_later_than_now(
    secretary, session, deputies, monkeypatch, held_on, field
):
    # Now is the session's first day at 10:00: its second day is still to come.
    now = timezone.make_aware(datetime.combine(DAY, time(10, 0)))
    monkeypatch.setattr(timezone, "now", lambda: now)
    contest = contested_head(secretary, session, deputies)
    candidates = step(contest).candidates
    with pytest.raises(ValidationError) as refused:
        services.round_record(
            actor=secretary,
            contest=contest,
            held_on=held_on,
            ballots_issued=45,
            ballots_returned=45,
            void_ballots=0,
            tallies={candidates[0]: (10, 30, 5), candidates[1]: (35, 5, 5)},
        )
    assert list(refused.value.message_dict) == [field]
    assert not Round.objects.exists()
