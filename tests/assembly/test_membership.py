"""The congress changing its own membership during a session: all deputies are those holding
a seat at the moment of each vote (Organic Law art. 25), a deputy's resignation accepted by
more than half of them (Election Law art. 55) ends the seat at that vote and what requires it,
and a recall is proposed by the presidium or one fifth of all deputies (art. 31). Every
expected figure below is worked out by hand from those articles."""

from datetime import date, time, timedelta

import pytest
from django.core.exceptions import ValidationError

from assembly import services
from assembly.forms import AgendaItemForm
from assembly.models import AgendaItem, ItemKind, Proposer
from congress.models import PresidiumMember
from deputies.models import DeputyStatus, GroupMembership, Level
from tests.assembly.helpers import held_session, item, office
from tests.factories import DeputyFactory, GroupFactory, MemberFactory, StationFactory

pytestmark = pytest.mark.django_db

DAY = date(2025, 1, 16)  # the session's first day (held_session)


def vote(secretary, agenda_item, at, yes, present=45):
    return services.vote_record(
        actor=secretary,
        item=agenda_item,
        held_on=DAY,
        held_time=at,
        present=present,
        yes=yes,
        no=present - yes,
        abstain=0,
    )


@pytest.fixture
def fifty(secretary):
    """A session whose roster has 50 township deputies, the first of them 张伟, who resigns."""
    deputies = [DeputyFactory(name="张伟"), *DeputyFactory.create_batch(49)]
    return held_session(total=50, present=45), deputies


def resignation(secretary, session, deputy):
    return item(
        secretary,
        session,
        kind=ItemKind.SEAT_RESIGNATION,
        title="接受张伟辞去代表职务",
        deputy=deputy,
    )


def test_a_seat_ending_between_two_votes_lowers_all_deputies_for_the_later_one(secretary, fifty):
    session, (zhang, *_rest) = fifty
    first, later = (
        item(secretary, session, title="决议一"),
        item(secretary, session, title="决议二"),
    )
    # 09:00, 50 seated: 25 votes for is half, not more than half (26 needed).
    before = vote(secretary, first, time(9), yes=25)
    assert (before.total, before.adopted) == (50, False)
    # 10:00: 26 of 50 accept the resignation; the seat ends at that vote.
    accepted = vote(secretary, resignation(secretary, session, zhang), time(10), yes=26)
    zhang.refresh_from_db()
    assert accepted.adopted
    assert (zhang.status, zhang.status_date, zhang.status_time) == (
        DeputyStatus.RESIGNED,
        DAY,
        time(10),
    )
    # 11:00, 49 seated: 25 is more than half of 49.
    second = vote(secretary, later, time(11), yes=25)
    assert (second.total, second.adopted) == (49, True)
    # A vote taken at 09:30 and recorded only now still counts 张伟: 50, 25 falls short.
    early = vote(secretary, item(secretary, session, title="决议三"), time(9, 30), yes=25)
    assert (early.total, early.adopted) == (50, False)


def test_a_resignation_needs_more_than_half_of_all_deputies(secretary, fifty):
    session, (zhang, *_rest) = fifty
    refused = vote(secretary, resignation(secretary, session, zhang), time(10), yes=25)
    zhang.refresh_from_db()
    assert (refused.adopted, zhang.status) == (False, DeputyStatus.IN_OFFICE)


def test_what_requires_the_seat_ends_with_it(secretary, fifty):
    session, (zhang, *_rest) = fifty
    group = GroupFactory(leader=zhang)
    GroupMembership.objects.create(deputy=zhang, group=group, start_date=date(2022, 1, 1))
    station = StationFactory()
    station.resident_deputies.add(zhang)
    member = MemberFactory(term=session.term, name="张伟")
    secretary_seat = MemberFactory(term=session.term, name="张伟", role="secretary")
    vote(secretary, resignation(secretary, session, zhang), time(10), yes=30)
    group.refresh_from_db()
    member.refresh_from_db()
    secretary_seat.refresh_from_db()
    assert group.leader is None
    assert GroupMembership.objects.get(deputy=zhang).end_date == DAY
    assert not station.resident_deputies.exists()
    assert member.end_date == DAY
    assert secretary_seat.end_date is None  # the secretary need not be a deputy
    assert not PresidiumMember.objects.filter(name="张伟", role="member", end_date=None).exists()


def test_a_resignation_is_refused_after_a_later_vote_was_recorded(secretary, fifty):
    session, (zhang, *_rest) = fifty
    vote(secretary, item(secretary, session, title="决议"), time(11), yes=40)
    with pytest.raises(ValidationError) as refused:
        vote(secretary, resignation(secretary, session, zhang), time(10), yes=40)
    assert "按表决先后" in refused.value.messages[0]
    zhang.refresh_from_db()
    assert zhang.status == DeputyStatus.IN_OFFICE


def test_a_seat_that_ended_cannot_resign_again(secretary, fifty):
    session, (zhang, *_rest) = fifty
    pending = resignation(secretary, session, zhang)
    vote(secretary, resignation(secretary, session, zhang), time(10), yes=40)
    with pytest.raises(ValidationError) as refused:
        vote(secretary, pending, time(11), yes=40)
    assert "代表资格已于2025年1月16日终止" in refused.value.messages[0]


@pytest.mark.parametrize(
    "seated,signed,accepted",
    [
        (50, 9, False),  # one fifth of 50 is 10
        (50, 10, True),
        (52, 10, False),  # one fifth of 52 is 10.4: 11 needed
        (52, 11, True),
    ],
)
def test_a_recall_by_deputies_needs_one_fifth_of_all(secretary, seated, signed, accepted):
    deputies = DeputyFactory.create_batch(seated)
    session = held_session(total=seated, present=45)
    recall = dict(
        kind=ItemKind.RECALL,
        title="罢免李明副镇长职务",
        office=office(session.term),
        proposed_by=Proposer.DEPUTIES,
    )
    if accepted:
        saved = services.agenda_item_save(
            actor=secretary, item=item_of(session, **recall), sponsors=deputies[:signed]
        )
        assert saved.sponsors.count() == signed
    else:
        with pytest.raises(ValidationError) as refused:
            services.agenda_item_save(
                actor=secretary, item=item_of(session, **recall), sponsors=deputies[:signed]
            )
        assert "第三十一条" in str(refused.value)


def test_the_presidium_proposes_a_recall_alone(secretary):
    session = held_session()
    saved = services.agenda_item_save(
        actor=secretary,
        item=item_of(
            session,
            kind=ItemKind.RECALL,
            title="罢免",
            office=office(session.term),
            proposed_by=Proposer.PRESIDIUM,
        ),
        sponsors=DeputyFactory.create_batch(2),
    )
    assert (saved.proposed_by, saved.sponsors.count()) == (Proposer.PRESIDIUM, 0)


def item_of(session, **fields):
    return AgendaItem(session=session, **fields)


def test_the_recall_form_marks_the_sponsors_the_service_refuses(secretary):
    """The sponsors' picker shows a deputy whose seat ended before the session disabled, with
    the reason the service gives when refusing them (one rule: recall_sponsor_refusals)."""
    signers = DeputyFactory.create_batch(10)
    session = held_session(total=12, present=10)
    left = DeputyFactory(
        name="周五",
        status=DeputyStatus.RESIGNED,
        status_date=session.start_date - timedelta(days=1),
    )
    county = DeputyFactory(name="刘德华", levels=[Level.COUNTY])
    html = str(AgendaItemForm(session=session)["sponsors"])
    assert f'<option value="{left.pk}"' in html
    assert 'disabled data-reason="已离任">周五（已离任）</option>' in html
    assert f'<option value="{signers[0].pk}" data-keys=' in html  # choosable
    recall = dict(
        kind=ItemKind.RECALL,
        title="罢免李明副镇长职务",
        office=office(session.term),
        proposed_by=Proposer.DEPUTIES,
    )
    for deputy, reason in ((left, "已离任"), (county, "非本镇代表")):
        with pytest.raises(ValidationError) as refused:
            services.agenda_item_save(
                actor=secretary, item=item_of(session, **recall), sponsors=[*signers, deputy]
            )
        assert f"{deputy.name}（{reason}）" in str(refused.value)
