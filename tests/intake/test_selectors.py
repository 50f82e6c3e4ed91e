"""Reads: visibility per role, the badge, the figures, the tracking page's words."""

from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from intake import selectors, services
from intake.models import Opinion
from proposals import services as proposal_services
from proposals.models import Reply, State
from tests.factories import UnitFactory
from tests.intake.conftest import submit

pytestmark = pytest.mark.django_db


def test_who_sees_which_opinions(world):
    own = submit(world.code_a)
    other = submit(world.code_b)
    station = submit(world.code_station)
    queued = submit(world.code_a, text="请访问 www.example.com 了解更多优惠")
    everything = {own, other, station, queued}
    assert set(selectors.opinions_visible_to(world.secretary)) == everything
    assert set(selectors.opinions_visible_to(world.presidium)) == everything
    # A deputy: only their own, and not what waits in the spam queue.
    assert set(selectors.opinions_visible_to(world.user_a)) == {own}
    assert set(selectors.opinions_visible_to(world.user_b)) == {other}
    assert not selectors.opinions_visible_to(world.unit).exists()


def test_the_badge_counts_what_waits_for_the_user(world):
    submit(world.code_a)
    submit(world.code_a)
    submit(world.code_no_account)
    submit(world.code_station)
    submit(world.code_b, text="请访问 www.example.com 了解更多优惠")
    answered = submit(world.code_a)
    services.opinion_answer(actor=world.user_a, opinion=answered, answer="已经处理好了。")
    assert selectors.new_count(world.user_a) == 2
    assert selectors.new_count(world.user_b) == 0  # theirs waits in the queue
    # The secretary: the deputy without an account, the station, the queue.
    assert selectors.new_count(world.secretary) == 3
    assert selectors.new_count(world.presidium) == 0
    assert selectors.new_count(world.unit) == 0


def test_tabs_are_counted_per_user(world):
    submit(world.code_a)
    submit(world.code_b, text="请访问 www.example.com 了解更多优惠")
    assert selectors.tab_counts(world.user_a) == {"new": 1, "handled": 0, "all": 1}
    assert selectors.tab_counts(world.secretary) == {
        "new": 1,
        "queue": 1,
        "handled": 0,
        "spam": 0,
        "all": 2,
    }


def _at(day, hour=10):
    return timezone.make_aware(datetime.combine(day, datetime.min.time()) + timedelta(hours=hour))


def test_figures_count_by_the_date_sent(world):
    """Ten opinions by hand: received counts all but spam sent in the period; answered are the
    handled ones; satisfied of rated."""
    year = 2025
    inside = [
        submit(world.code_a, address=f"10.0.0.{n}", now=_at(date(year, 3, 1 + n))) for n in range(6)
    ]
    submit(world.code_b, address="10.0.1.1", now=_at(date(year, 5, 5)))  # another deputy
    submit(world.code_a, address="10.0.1.2", now=_at(date(year - 1, 12, 31), hour=23))  # before
    submit(world.code_a, address="10.0.1.3", now=_at(date(year + 1, 1, 1), hour=0))  # after
    answered, contact, suggestion, spam, rated_bad, _new = inside
    services.opinion_answer(actor=world.user_a, opinion=answered, answer="已安排维修人员处理。")
    services.opinion_rate(opinion=answered, satisfied=True)
    services.opinion_to_contact(
        actor=world.user_a, opinion=contact, action_taken="已电话回复群众。"
    )
    services.opinion_to_suggestion(
        actor=world.user_a, opinion=suggestion, title="关于路灯维修的建议"
    )
    services.opinion_mark_spam(actor=world.secretary, opinion=spam)
    services.opinion_answer(actor=world.user_a, opinion=rated_bad, answer="暂时没有资金安排。")
    services.opinion_rate(opinion=rated_bad, satisfied=False)

    mine = selectors.opinion_figures(date(year, 1, 1), date(year, 12, 31), deputy=world.deputy_a)
    assert (mine.received, mine.answered, mine.suggestions, mine.satisfied, mine.rated) == (
        5,
        4,
        1,
        1,
        2,
    )
    assert str(mine.answered_rate) == "80.0%" and str(mine.satisfaction_rate) == "50.0%"
    everyone = selectors.opinion_figures(date(year, 1, 1), date(year, 12, 31))
    assert everyone.received == 6
    # The first day and the last day of a period are both inside it.
    edge = selectors.opinion_figures(date(year - 1, 12, 31), date(year - 1, 12, 31))
    assert edge.received == 1
    assert selectors.opinion_figures(date(2030, 1, 1), date(2030, 12, 31)).received == 0
    assert str(selectors.opinion_figures(date(2030, 1, 1), date(2030, 12, 31)).answered_rate) == "—"


def test_tracking_shows_the_suggestions_progress_and_reply_in_plain_words(world):
    opinion = submit(world.code_a)
    services.opinion_to_suggestion(actor=world.user_a, opinion=opinion, title="关于修复路灯的建议")
    found = selectors.tracking(opinion.tracking_code)
    assert found.suggestion == "代表正在把您的意见整理成建议。" and found.reply is None
    assert not found.may_rate
    item = Opinion.objects.get(pk=opinion.pk).proposal
    proposal_services.proposal_submit(actor=world.user_a, proposal=item, version=item.version)
    item.refresh_from_db()
    proposal_services.proposal_register(actor=world.secretary, proposal=item, version=item.version)
    item.refresh_from_db()
    unit = UnitFactory(name="镇建设办")
    proposal_services.proposal_assign(
        actor=world.secretary, proposal=item, version=item.version, lead_unit=unit
    )
    assert selectors.tracking(opinion.tracking_code).suggestion == "承办单位正在办理这件建议。"
    item.refresh_from_db()
    proposal_services.reply_submit(
        actor=world.secretary,
        proposal=item,
        version=item.version,
        reply=Reply(
            text="路灯已于本月修复，联系人电话13900001111。",
            category="A",
            contact_person="刘主任",
            phone="13900001111",
        ),
    )
    found = selectors.tracking(opinion.tracking_code)
    assert found.opinion.proposal.state == State.REPLIED
    assert found.reply_text == "路灯已于本月修复，联系人电话***。"
    assert found.reply_category == "问题已解决或基本解决。"
    assert found.may_rate


def test_spam_is_not_tracked(world):
    opinion = submit(world.code_a)
    services.opinion_mark_spam(actor=world.secretary, opinion=opinion)
    assert selectors.tracking(opinion.tracking_code) is None
    assert selectors.tracking("") is None


def test_phone_shown_in_full_only_to_the_one_who_calls_back(world):
    deputys = submit(world.code_a)
    stations = submit(world.code_station)
    no_account = submit(world.code_no_account)
    full, masked = "13812345678", "138****5678"
    assert selectors.phone_shown(world.user_a, deputys) == full
    assert selectors.phone_shown(world.secretary, deputys) == masked
    assert selectors.phone_shown(world.presidium, deputys) == masked
    assert selectors.phone_shown(world.secretary, stations) == full
    assert selectors.phone_shown(world.presidium, stations) == masked
    assert selectors.phone_shown(world.user_a, stations) == masked
    assert selectors.phone_shown(world.secretary, no_account) == full
