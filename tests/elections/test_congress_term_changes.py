"""The congress's elections when its membership changes during the term (issue 26): all the
deputies counted at the vote's date and time, a seat ending between two rounds, the chair's
post ending with the chair's seat, by-elections (OL 30), further elections at a later session
(OL 29), the chair nominated for the government (OL 18, 32) and the announcement's order.
Every expected figure is stated by hand from the law (elections/congress_rules.py)."""

from datetime import date, time

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from congress.models import PresidiumMember, Session, TownshipProfile
from deputies.models import Deputy, DeputyStatus
from deputies.services import seat_end
from elections import congress_selectors as selectors
from elections import congress_services as services
from elections.models import Contest, Office, Round
from tests.factories import DeputyFactory, SessionFactory, TermFactory

pytestmark = pytest.mark.django_db

DAY = date(2025, 1, 16)
LATER = date(2025, 6, 20)  # the term's next session


@pytest.fixture
def roster(db):
    """The 50 township deputies holding a seat before anything ends."""
    TownshipProfile.objects.create(pk=1, name="青山镇", county="云溪县")
    return DeputyFactory.create_batch(50)


@pytest.fixture
def first(roster):
    """The term's first session: 45 of the 50 present."""
    return SessionFactory(
        number=1, start_date=DAY, end_date=date(2025, 1, 17), kind=Session.Kind.FIRST
    )


@pytest.fixture
def later(first):
    """A later (regular) session of the same term: 45 present."""
    return SessionFactory(number=2, start_date=LATER, end_date=LATER, term=first.term)


def rules(secretary, session, kind=None, **posts):
    services.election_rules_save(
        actor=secretary, session=session, adopted_on=session.start_date, posts=posts, kind=kind
    )
    return {c.post: c for c in Contest.objects.filter(session=session).exclude(kind="further")}


def progress(contest):
    return selectors.contest_progress(selectors.contest_facts(contest.pk))


def vote(secretary, contest, counts, *, day, at=time(9, 0), issued=45):
    """The next vote: `counts` are the votes for each candidate in ballot order; the rest of the
    45 valid ballots are against or abstaining."""
    candidates = progress(contest).next.candidates
    tallies = {
        c: (n, (issued - n) // 2, issued - n - (issued - n) // 2)
        for c, n in zip(candidates, counts, strict=True)
    }
    return services.round_record(
        actor=secretary,
        contest=contest,
        held_on=day,
        held_time=at,
        ballots_issued=issued,
        ballots_returned=issued,
        void_ballots=0,
        tallies=tallies,
    )


def nominate(secretary, contest, *names, deputies=()):
    """Names, or deputies of the roster: the contest's first nominee by the presidium, each
    later one by ten other deputies jointly (the roster's 11th to 20th, 21st to 30th …)."""
    roster = list(Deputy.objects.order_by("pk"))
    for person in [*names, *deputies]:
        index = contest.nominations.count()
        who = {"name": person} if isinstance(person, str) else {"deputy": person}
        if index == 0:
            how = {"source": "presidium"}
        else:
            how = {"source": "deputies", "sponsors": roster[10 * index : 10 * index + 10]}
        services.nomination_add(
            actor=secretary, contest=contest, day=contest.session.start_date, **who, **how
        )


# All the deputies at the moment of the vote


def test_a_seat_ending_at_ten_lowers_all_deputies_for_the_votes_after_it_only(
    secretary, first, roster
):
    contest = rules(secretary, first, head=(1, 1))["head"]
    nominate(secretary, contest, "周建国")  # one nominee: uncontested (OL 27)
    services.nominations_close(actor=secretary, contest=contest)
    # A seat ends at 10:00 on the first day (a resignation accepted by the session).
    seat_end(
        actor=secretary, deputy=roster[49], status=DeputyStatus.RESIGNED, day=DAY, time=time(10)
    )

    # At 09:00 the seat was still held: 50 deputies, 26 needed; 25 is one short.
    morning = vote(secretary, contest, [25], day=DAY, at=time(9, 0))
    assert (morning.deputies_total, morning.held_time) == (50, time(9, 0))
    assert progress(contest).rounds[0].result.votes_needed == 26
    assert not Office.objects.exists()

    # At 11:00 it was not: 49 deputies, 25 needed; the same 25 votes elect.
    noon = vote(secretary, contest, [25], day=DAY, at=time(11, 0))
    assert (noon.kind, noon.deputies_total) == ("further", 49)
    assert progress(contest).rounds[1].result.votes_needed == 25
    assert Office.objects.get().name == "周建国"


def test_at_the_minute_the_seat_ends_it_no_longer_counts(secretary, first, roster):
    contest = rules(secretary, first, head=(1, 1))["head"]
    nominate(secretary, contest, "周建国")
    services.nominations_close(actor=secretary, contest=contest)
    seat_end(
        actor=secretary, deputy=roster[0], status=DeputyStatus.RECALLED, day=DAY, time=time(10)
    )
    held = vote(secretary, contest, [24], day=DAY, at=time(10, 0))
    assert held.deputies_total == 49  # 25 needed: 24 is one short
    assert not Office.objects.exists()


def test_fewer_than_two_thirds_of_the_seated_deputies_present_cannot_vote(secretary, roster):
    # 50 seated: two thirds is 34 (33.3 rounded up); 33 present is one short.
    session = SessionFactory(
        start_date=DAY,
        end_date=DAY,
        kind=Session.Kind.FIRST,
        deputies_total=50,
        deputies_present=33,
        deputies_on_leave=10,
        deputies_absent=7,
    )
    contest = rules(secretary, session, head=(1, 1))["head"]
    nominate(secretary, contest, "周建国")
    services.nominations_close(actor=secretary, contest=contest)
    with pytest.raises(ValidationError) as error:
        vote(secretary, contest, [30], day=DAY, issued=33)
    assert "三分之二" in " ".join(error.value.messages)
    session.deputies_present, session.deputies_absent = 34, 6
    session.save()
    assert vote(secretary, contest, [30], day=DAY, issued=34).deputies_total == 50


# By-elections (OL 30)


@pytest.mark.parametrize("votes, elected", [(26, True), (25, False)])
def test_a_by_election_with_one_nominee_for_one_seat(secretary, later, votes, elected):
    contest = rules(secretary, later, deputy_head=(1, 0))["deputy_head"]
    assert contest.kind == "by_election"  # the default at a session other than the first
    nominate(secretary, contest, "王芳")
    assert progress(contest).plan.kind == "uncontested"
    services.nominations_close(actor=secretary, contest=contest)
    vote(secretary, contest, [votes], day=LATER)  # 50 deputies: more than half is 26
    assert Office.objects.filter(name="王芳").exists() is elected


def test_a_general_election_of_deputy_heads_still_needs_a_margin(secretary, first, later):
    with pytest.raises(ValidationError):
        rules(secretary, first, deputy_head=(1, 0))  # the default at the first session
    with pytest.raises(ValidationError):
        rules(secretary, later, kind="election", deputy_head=(1, 0))
    assert not Contest.objects.exists()
    assert rules(secretary, later, deputy_head=(1, 0))["deputy_head"].margin == 0


def test_a_by_election_keeps_one_chair_and_at_most_two_vice_chairs(secretary, later):
    with pytest.raises(ValidationError):
        rules(secretary, later, chair=(2, 0))
    with pytest.raises(ValidationError):
        rules(secretary, later, vice_chair=(3, 0))
    posts = rules(secretary, later, chair=(1, 0), vice_chair=(2, 0))
    assert (posts["vice_chair"].seats, posts["vice_chair"].margin) == (2, 0)


# What ends with a seat (EL 54, 56)


def elect(secretary, contest, deputy, day):
    nominate(secretary, contest, deputies=[deputy])
    services.nominations_close(actor=secretary, contest=contest, day=day)
    vote(secretary, contest, [40], day=day)
    return Office.objects.get(post=contest.post, deputy=deputy)


def test_the_chairs_seat_ending_ends_the_chairs_post_and_presidium_seat(secretary, first, roster):
    posts = rules(secretary, first, chair=(1, 1), head=(1, 1))
    chair = elect(secretary, posts["chair"], roster[0], DAY)
    head = elect(secretary, posts["head"], roster[1], DAY)  # the head may be a deputy
    assert PresidiumMember.objects.filter(name=roster[0].name, role="chair", end_date=None)

    seat_end(actor=secretary, deputy=roster[0], status=DeputyStatus.RESIGNED, day=LATER)
    chair.refresh_from_db()
    assert (chair.end_date, chair.end_reason) == (LATER, "seat_ended")
    assert not PresidiumMember.objects.filter(name=roster[0].name, end_date=None).exists()

    # The head need not be a deputy: the office stays when the seat ends.
    seat_end(actor=secretary, deputy=roster[1], status=DeputyStatus.RECALLED, day=LATER)
    head.refresh_from_db()
    assert head.end_date is None


# The chair nominated for the government (OL 18, 32)


def test_the_chair_nominated_for_head_is_flagged_and_the_vote_waits_for_the_resignation(
    client, secretary, first, later, roster
):
    chair = elect(secretary, rules(secretary, first, chair=(1, 1))["chair"], roster[0], DAY)
    contest = rules(secretary, later, head=(1, 1))["head"]
    nominate(secretary, contest, deputies=[roster[0]])
    nominate(secretary, contest, deputies=[roster[1]])
    flagged = {
        n.name: n.conflict for n in selectors.flag_conflicts(contest, contest.nominations.all())
    }
    assert "第十八条" in flagged[roster[0].name] and flagged[roster[1].name] == ""
    client.force_login(secretary)
    page = client.get(reverse("contest_detail", args=[contest.pk])).content.decode()
    assert "第十八条" in page

    services.nominations_close(actor=secretary, contest=contest)
    with pytest.raises(ValidationError) as error:
        vote(secretary, contest, [30, 12], day=LATER)
    message = " ".join(error.value.messages)
    assert roster[0].name in message and "第十八条" in message and "第三十二条" in message
    assert not Round.objects.filter(contest=contest).exists()

    # The congress accepts the resignation from the chair's post that day: the vote goes on.
    services.office_end(office=chair, date=LATER, reason="resigned", user=secretary)
    vote(secretary, contest, [30, 12], day=LATER)
    assert Office.objects.get(post="head").deputy == roster[0]


def test_a_vice_chair_nominated_for_deputy_head_is_flagged_a_head_for_chair_is_not(
    secretary, first, roster
):
    posts = rules(secretary, first, vice_chair=(1, 1), head=(1, 1), deputy_head=(1, 1))
    nominate(secretary, posts["vice_chair"], deputies=[roster[0], roster[1]])
    services.nominations_close(actor=secretary, contest=posts["vice_chair"], day=DAY)
    vote(secretary, posts["vice_chair"], [30, 10], day=DAY)
    vice_chair = Office.objects.get(post="vice_chair").deputy
    nominate(secretary, posts["deputy_head"], deputies=[vice_chair])
    [nomination] = selectors.flag_conflicts(
        posts["deputy_head"], list(posts["deputy_head"].nominations.all())
    )
    assert nomination.conflict


# Further elections (OL 29)


def left_one_seat(secretary, session):
    """Two deputy heads to elect (margin 1): 马强 30 elected; 王芳 25 and 白雪 20 short of 26."""
    contest = rules(secretary, session, deputy_head=(2, 1))["deputy_head"]
    nominate(secretary, contest, "马强", "王芳", "白雪")
    services.nominations_close(actor=secretary, contest=contest)
    vote(secretary, contest, [30, 25, 20], day=session.start_date)  # 马强, 王芳, 白雪
    assert progress(contest).next.kind == "further"
    return contest


@pytest.mark.parametrize("votes, elected", [(26, True), (25, False)])
def test_a_further_election_at_a_later_session_takes_new_nominations(
    secretary, first, later, votes, elected
):
    origin = left_one_seat(secretary, first)
    further = services.further_election_open(actor=secretary, contest=origin, session=later)
    assert (further.kind, further.seats, further.margin, further.follows) == (
        "further",
        1,
        1,
        origin,
    )
    assert further.nominations_closed_on is None
    after = progress(origin)
    assert (after.next, after.stage, after.successor) == (None, "deferred", further)
    with pytest.raises(ValidationError) as error:  # no vote of its own any more
        services.round_record(
            actor=secretary,
            contest=origin,
            held_on=DAY,
            ballots_issued=45,
            ballots_returned=45,
            void_ballots=0,
            tallies={},
        )
    assert "另行选举" in " ".join(error.value.messages)

    nominate(secretary, further, "刘洋", "王芳")  # one new nominee, one from the first vote
    assert progress(further).plan.kind == "contested"  # 2 for 1 seat
    services.nominations_close(actor=secretary, contest=further)
    # Ballot in surname strokes: 王 4, 刘 6. 50 deputies: 26 needed.
    vote(secretary, further, [10, votes], day=LATER)
    assert Office.objects.filter(name="刘洋", start_date=LATER).exists() is elected


def test_a_further_election_at_the_same_session(secretary, first):
    origin = left_one_seat(secretary, first)
    further = services.further_election_open(actor=secretary, contest=origin, session=first)
    assert further.session == first and further.kind == "further"
    lines = selectors.session_contests(first)
    assert [p.contest.kind for p in lines] == ["election", "further"]


def test_a_further_election_is_refused_where_the_law_does_not_allow_it(secretary, first, later):
    earlier = SessionFactory(number=3, start_date=date(2024, 6, 1), end_date=date(2024, 6, 1))
    other_term = SessionFactory(
        number=1,
        start_date=date(2027, 1, 10),
        end_date=date(2027, 1, 10),
        term=TermFactory(number=19, start_date=date(2026, 12, 28)),
    )
    contest = rules(secretary, first, head=(1, 1))["head"]
    nominate(secretary, contest, "周建国")
    with pytest.raises(ValidationError):  # no formal vote yet
        services.further_election_open(actor=secretary, contest=contest, session=first)
    services.nominations_close(actor=secretary, contest=contest)
    vote(secretary, contest, [40], day=DAY)
    with pytest.raises(ValidationError):  # no seats left
        services.further_election_open(actor=secretary, contest=contest, session=later)

    origin = left_one_seat(secretary, later)
    earlier.term = later.term
    earlier.save()
    for session in (earlier, other_term):
        with pytest.raises(ValidationError):
            services.further_election_open(actor=secretary, contest=origin, session=session)
    services.further_election_open(actor=secretary, contest=origin, session=later)
    with pytest.raises(ValidationError):  # once
        services.further_election_open(actor=secretary, contest=origin, session=later)


def test_the_further_election_of_a_head_has_one_candidate_more_or_is_uncontested(
    secretary, first, later
):
    contest = rules(secretary, first, head=(1, 1))["head"]
    nominate(secretary, contest, "周建国")
    services.nominations_close(actor=secretary, contest=contest)
    vote(secretary, contest, [20], day=DAY)
    further = services.further_election_open(actor=secretary, contest=contest, session=later)
    assert (further.seats, further.margin) == (1, 1)
    nominate(secretary, further, "郑志刚")
    assert progress(further).plan.kind == "uncontested"


def test_the_contest_page_opens_a_further_election(client, secretary, first, later):
    origin = left_one_seat(secretary, first)
    client.force_login(secretary)
    page = client.get(reverse("contest_detail", args=[origin.pk])).content.decode()
    assert reverse("further_election_open", args=[origin.pk]) in page
    response = client.post(
        reverse("further_election_open", args=[origin.pk]), {"session": later.pk}
    )
    further = Contest.objects.get(kind="further")
    assert response.status_code == 302 and response.url == further.get_absolute_url()
    assert further.session == later
    page = client.get(reverse("contest_detail", args=[origin.pk])).content.decode()
    assert "另行选举" in page and reverse("further_election_open", args=[origin.pk]) not in page


def test_a_refused_further_election_shows_its_reason_on_the_contest_page(
    client, secretary, first, later
):
    """Refused, the page is drawn again with the reason beside the form (not a message after a
    redirect that forgets the session chosen)."""
    origin = left_one_seat(secretary, first)
    client.force_login(secretary)
    url = reverse("further_election_open", args=[origin.pk])
    response = client.post(url, {"session": "999999"})
    page = response.content.decode()
    assert response.status_code == 200 and "选择一个有效的选项" in page and url in page
    services.further_election_open(actor=secretary, contest=origin, session=later)
    response = client.post(url, {"session": later.pk})  # opened meanwhile: refused by the service
    assert response.status_code == 200 and "data-error-summary" in response.content.decode()
    assert Contest.objects.filter(kind="further").count() == 1


# The announcement and the preliminary vote's result


def test_the_announcement_lists_the_elected_of_a_post_by_surname_strokes(secretary, first):
    contest = rules(secretary, first, deputy_head=(2, 1))["deputy_head"]
    nominate(secretary, contest, "白雪", "马强", "王芳")
    services.nominations_close(actor=secretary, contest=contest)
    vote(secretary, contest, [20, 30, 40], day=DAY)  # ballot: 马强, 王芳, 白雪
    [(day, [(title, names)])] = selectors.announcement_lines(first, "青山镇")
    # Elected 白雪 (40) and 王芳 (30); listed by strokes: 王 4 before 白 5.
    assert (day, title, names) == (DAY, "青山镇人民政府副镇长", ["王芳", "白雪"])


def test_the_rules_keep_a_further_election_opened_at_the_same_session(secretary, first):
    origin = left_one_seat(secretary, first)
    further = services.further_election_open(actor=secretary, contest=origin, session=first)
    # The rules saved again (the margin unchanged, its nominations closed): both contests stay.
    rules(secretary, first, deputy_head=(2, 1))
    assert set(Contest.objects.values_list("pk", "kind")) == {
        (origin.pk, "election"),
        (further.pk, "further"),
    }


@pytest.mark.parametrize("which, kind", [("first", "election"), ("later", "by_election")])
def test_the_rules_form_proposes_the_kind_of_the_session(client, secretary, request, which, kind):
    session = request.getfixturevalue(which)
    client.force_login(secretary)
    response = client.get(reverse("congress_election_rules", args=[session.pk]))
    assert response.context["form"]["kind"].value() == kind
    assert response.context["form"]["ballot_order"].value() == "strokes"
    assert "以姓氏笔画为序" in response.content.decode()


def test_ballots_issued_count_only_those_still_holding_a_seat(secretary, first, roster):
    """45 present at the opening; six seats end at 10:00, so at 11:00 only 44 hold a seat and
    no more than 44 ballots can be issued (45 is refused, 44 is taken)."""
    contest = rules(secretary, first, head=(1, 1))["head"]
    nominate(secretary, contest, "周建国")
    services.nominations_close(actor=secretary, contest=contest)
    for deputy in roster[:6]:
        seat_end(
            actor=secretary, deputy=deputy, status=DeputyStatus.RESIGNED, day=DAY, time=time(10)
        )
    with pytest.raises(ValidationError) as refused:
        vote(secretary, contest, [30], day=DAY, at=time(11), issued=45)
    assert "发出选票45张" in str(refused.value) and "44" in str(refused.value)
    taken = vote(secretary, contest, [30], day=DAY, at=time(11), issued=44)
    assert (taken.deputies_total, taken.ballots_issued) == (44, 44)
