"""Services: submission with its limits and honeypot, handling steps with their permissions,
codes, the voter's rating."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from deputies.models import DeputyStatus, Petition, VoterContact
from intake import services
from intake.models import Attempt, Code, Opinion, OpinionEvent, Status
from proposals.models import Notification, Proposal, State
from tests.intake.conftest import submit

pytestmark = pytest.mark.django_db


def test_an_opinion_is_kept_with_its_owner_tracking_code_and_event(world):
    opinion = submit(world.code_a)
    assert opinion.deputy == world.deputy_a and opinion.station is None
    assert opinion.status == Status.NEW and not opinion.suspect
    assert len(opinion.tracking_code) == 8
    assert opinion.phone == "13812345678" and opinion.consent_at is not None
    assert list(opinion.events.values_list("action", "to_status")) == [("submit", "new")]
    station = submit(world.code_station)
    assert station.station == world.station and station.deputy is None


def test_an_opinion_with_a_link_waits_in_the_spam_queue(world):
    opinion = submit(world.code_a, text="低价出售，详情请访问 www.example.com 谢谢")
    assert opinion.suspect


def test_the_sixth_opinion_from_one_address_within_the_hour_is_refused(world, settings):
    settings.INTAKE_LIMIT_PER_ADDRESS = 5
    for _ in range(5):
        submit(world.code_a, address="203.0.113.5")
    with pytest.raises(ValidationError) as refused:
        submit(world.code_a, address="203.0.113.5")
    assert refused.value.code == "rate_address"
    assert Opinion.objects.count() == 5
    # Another address is fine, and so is the same one after the hour.
    submit(world.code_a, address="203.0.113.6")
    later = timezone.now() + timedelta(minutes=61)
    submit(world.code_a, address="203.0.113.5", now=later)
    assert Opinion.objects.count() == 7


def test_the_per_code_limit_counts_every_address(world, settings):
    settings.INTAKE_LIMIT_PER_CODE = 3
    for n in range(3):
        submit(world.code_a, address=f"203.0.113.{n + 1}")
    with pytest.raises(ValidationError) as refused:
        submit(world.code_a, address="203.0.113.99")
    assert refused.value.code == "rate_code"
    submit(world.code_b, address="203.0.113.99")  # another code is fine


def test_addresses_are_kept_only_as_hashes(world):
    submit(world.code_a, address="203.0.113.5")
    keys = list(Attempt.objects.values_list("key", flat=True))
    assert keys and not any("203.0.113.5" in key for key in keys)


def test_a_trapped_submission_is_counted_and_dropped(world, settings):
    settings.INTAKE_LIMIT_PER_ADDRESS = 2
    assert (
        services.opinion_submit(
            code=world.code_a,
            address="203.0.113.8",
            data={"topic": "other", "text": "随便写写的一些内容文字"},
            trap=True,
        )
        is None
    )
    assert Opinion.objects.count() == 0
    assert Attempt.objects.filter(scope="address").count() == 1


def test_a_replaced_code_or_a_deputy_out_of_office_takes_nothing(world):
    services.code_regenerate(actor=world.secretary, code=world.code_a)
    with pytest.raises(ValidationError):
        submit(world.code_a)
    world.deputy_b.status, world.deputy_b.status_date = DeputyStatus.RESIGNED, timezone.localdate()
    world.deputy_b.save()
    with pytest.raises(ValidationError):
        submit(world.code_b)


def test_regenerating_a_code_gives_a_new_token_and_keeps_the_old_row(world):
    new = services.code_regenerate(actor=world.secretary, code=world.code_a)
    old = Code.objects.get(pk=world.code_a.pk)
    assert not old.active and old.revoked_at and new.active and new.token != old.token
    assert new.deputy == world.deputy_a
    with pytest.raises(ValidationError):
        services.code_regenerate(actor=world.secretary, code=old)
    with pytest.raises(PermissionDenied):
        services.code_regenerate(actor=world.user_a, code=new)


def test_the_deputy_answers_own_opinion_only(world):
    opinion = submit(world.code_a)
    with pytest.raises(PermissionDenied):
        services.opinion_answer(actor=world.user_b, opinion=opinion, answer="已经转交相关部门。")
    with pytest.raises(PermissionDenied):
        services.opinion_answer(actor=world.unit, opinion=opinion, answer="已经转交相关部门。")
    with pytest.raises(PermissionDenied):
        services.opinion_answer(actor=world.presidium, opinion=opinion, answer="已经转交相关部门。")
    with pytest.raises(ValidationError):
        services.opinion_answer(actor=world.user_a, opinion=opinion, answer="好的")  # 2 chars
    services.opinion_answer(
        actor=world.user_a, opinion=opinion, answer="已联系村委会，本周内修好。"
    )
    opinion.refresh_from_db()
    assert opinion.status == Status.ANSWERED and opinion.handled_by == world.user_a
    assert opinion.handled_at is not None
    # A second step on a handled opinion is refused, in words.
    with pytest.raises(ValidationError):
        services.opinion_answer(actor=world.user_a, opinion=opinion, answer="再答复一次看看。")


def test_the_secretary_handles_a_stations_opinion(world):
    opinion = submit(world.code_station)
    with pytest.raises(PermissionDenied):
        services.opinion_answer(actor=world.user_a, opinion=opinion, answer="已联系村委会处理。")
    services.opinion_answer(actor=world.secretary, opinion=opinion, answer="已联系村委会处理。")


def test_turning_into_a_voter_contact_records_it_in_the_deputys_record(world):
    opinion = submit(world.code_a, name="")
    services.opinion_to_contact(
        actor=world.user_a, opinion=opinion, action_taken="已电话回复，解释了维修安排。"
    )
    opinion.refresh_from_db()
    contact = VoterContact.objects.get()
    assert opinion.status == Status.CONTACT and opinion.voter_contact == contact
    assert contact.deputy == world.deputy_a and contact.issues_raised == opinion.text
    assert contact.voters == "河东村群众"  # no name given: the village
    assert opinion.answer == "已电话回复，解释了维修安排。"


def test_a_stations_opinion_needs_the_deputy_named(world):
    opinion = submit(world.code_station)
    with pytest.raises(ValidationError):
        services.opinion_to_contact(
            actor=world.secretary, opinion=opinion, action_taken="已电话回复群众。"
        )
    services.opinion_to_contact(
        actor=world.secretary,
        opinion=opinion,
        action_taken="已电话回复群众。",
        deputy=world.deputy_b,
    )
    assert VoterContact.objects.get().deputy == world.deputy_b


def test_turning_into_a_petition(world):
    opinion = submit(world.code_a)
    services.opinion_to_petition(
        actor=world.user_a, opinion=opinion, answer="已转镇信访办按程序办理。"
    )
    petition = Petition.objects.get()
    assert petition.source == "online" and petition.petitioner == "张大爷"
    assert petition.deputy == world.deputy_a and petition.status == "open"
    opinion.refresh_from_db()
    assert opinion.status == Status.PETITION and opinion.petition == petition


def test_turning_into_a_suggestion_makes_the_deputys_draft_without_personal_data(world):
    opinion = submit(world.code_a)
    services.opinion_to_suggestion(
        actor=world.user_a, opinion=opinion, title="关于修复河东村路灯的建议"
    )
    opinion.refresh_from_db()
    item = Proposal.objects.get()
    assert opinion.status == Status.SUGGESTION and opinion.proposal == item
    assert item.state == State.DRAFT and item.lead_deputy == world.deputy_a
    assert item.kind == "suggestion" and item.topic == "urban_rural"
    assert opinion.text in item.content and opinion.tracking_code[:4] in item.content
    assert "13812345678" not in item.content and "张大爷" not in item.content
    assert item.created_by == world.user_a
    # The deputy wrote it: no notification to themself.
    assert not Notification.objects.filter(user=world.user_a).exists()


def test_the_secretary_writes_a_draft_for_the_deputy_who_is_told(world):
    opinion = submit(world.code_station)
    services.opinion_to_suggestion(
        actor=world.secretary,
        opinion=opinion,
        title="关于修复河东村路灯的建议",
        deputy=world.deputy_b,
    )
    item = Proposal.objects.get()
    assert item.lead_deputy == world.deputy_b and item.state == State.DRAFT
    assert Notification.objects.filter(user=world.user_b, proposal=item).exists()


def test_the_deputy_reports_spam_and_the_secretary_decides(world):
    opinion = submit(world.code_a)
    services.opinion_flag(actor=world.user_a, opinion=opinion)
    opinion.refresh_from_db()
    assert opinion.suspect and opinion.status == Status.NEW
    # Out of the deputy's hands while it is checked.
    with pytest.raises(PermissionDenied):
        services.opinion_answer(actor=world.user_a, opinion=opinion, answer="我来答复这一条。")
    with pytest.raises(PermissionDenied):
        services.opinion_mark_spam(actor=world.user_a, opinion=opinion)
    services.opinion_release(actor=world.secretary, opinion=opinion)
    opinion.refresh_from_db()
    assert not opinion.suspect
    services.opinion_mark_spam(actor=world.secretary, opinion=opinion, note="广告")
    opinion.refresh_from_db()
    assert opinion.status == Status.SPAM
    actions = list(OpinionEvent.objects.filter(opinion=opinion).values_list("action", flat=True))
    assert actions == ["submit", "flag", "release", "spam"]


def test_the_voter_rates_once_and_only_after_an_answer(world):
    opinion = submit(world.code_a)
    with pytest.raises(ValidationError):
        services.opinion_rate(opinion=opinion, satisfied=True)
    services.opinion_answer(actor=world.user_a, opinion=opinion, answer="已联系村委会处理。")
    services.opinion_rate(opinion=opinion, satisfied=False)
    opinion.refresh_from_db()
    assert opinion.satisfied is False and opinion.rated_at is not None
    with pytest.raises(ValidationError):
        services.opinion_rate(opinion=opinion, satisfied=True)
    opinion.refresh_from_db()
    assert opinion.satisfied is False
