"""Voter rolls: registration, eligibility, changes, objections, proxies and the roll pages."""

import threading
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from congress import idnumbers
from elections import services
from elections.models import Objection, Proxy, RollChange, Voter
from tests.factories import (
    DistrictFactory,
    ElectionFactory,
    UserFactory,
    VoterFactory,
    resident_id_number,
)

pytestmark = pytest.mark.django_db

DAY = date(2026, 11, 15)


@pytest.fixture
def district():
    return DistrictFactory(election=ElectionFactory(election_day=DAY))


@pytest.fixture
def actor(election_user):
    return election_user


def new_voter(district, born, n=1, **kwargs):
    return Voter(
        district=district,
        name=kwargs.pop("name", "王伟"),
        id_number=kwargs.pop("id_number", None) or resident_id_number(born, n),
        **kwargs,
    )


# Registration and eligibility


def test_registration_derives_birth_date_and_gender_and_records_the_change(district, actor):
    number = resident_id_number(date(1990, 4, 2), 7, "F")
    voter = services.voter_register(
        actor=actor, voter=new_voter(district, None, id_number=" " + number.lower() + " ")
    )
    assert voter.id_number == number
    assert voter.birth_date == date(1990, 4, 2) and voter.gender == "F"
    assert voter.election == district.election and voter.stroke_key
    assert [c.reason for c in voter.changes.all()] == [RollChange.Reason.MOVED_IN]


def test_eighteenth_birthday_on_election_day_is_eligible_one_day_later_is_not(district, actor):
    services.voter_register(actor=actor, voter=new_voter(district, date(2008, 11, 15), 1))
    with pytest.raises(ValidationError) as error:
        services.voter_register(actor=actor, voter=new_voter(district, date(2008, 11, 16), 2))
    assert "选举日" in str(error.value) and "未满十八周岁" in str(error.value)
    assert Voter.objects.count() == 1


def test_born_29_february_turns_18_on_1_march(actor):
    # 2008-02-29 + 18 years: 2026 has no 29 February, so the 18th birthday is 1 March.
    on_28 = DistrictFactory(election=ElectionFactory(election_day=date(2026, 2, 28)))
    on_1 = DistrictFactory(election=ElectionFactory(election_day=date(2026, 3, 1)))
    with pytest.raises(ValidationError):
        services.voter_register(actor=actor, voter=new_voter(on_28, date(2008, 2, 29)))
    voter = services.voter_register(actor=actor, voter=new_voter(on_1, date(2008, 2, 29)))
    assert voter.birth_date == date(2008, 2, 29)


def test_check_digit_x_is_accepted_in_either_case(district, actor):
    n = next(n for n in range(200) if resident_id_number(date(1970, 1, 1), n).endswith("X"))
    number = resident_id_number(date(1970, 1, 1), n)
    voter = services.voter_register(
        actor=actor, voter=new_voter(district, None, id_number=number[:-1] + "x")
    )
    assert voter.id_number == number


def test_bad_check_digit_is_refused_in_chinese(district, actor):
    number = resident_id_number(date(1970, 1, 1), 3)
    wrong = number[:-1] + ("1" if number[-1] != "1" else "2")
    with pytest.raises(ValidationError) as error:
        services.voter_register(actor=actor, voter=new_voter(district, None, id_number=wrong))
    assert "校验码" in str(error.value)


def test_one_registration_per_person_per_election(district, actor):
    other = DistrictFactory(election=district.election)
    number = resident_id_number(date(1980, 1, 1), 5)
    services.voter_register(actor=actor, voter=new_voter(district, None, id_number=number))
    with pytest.raises(ValidationError) as error:
        services.voter_register(actor=actor, voter=new_voter(other, None, id_number=number))
    assert other.name not in str(error.value) and district.name in str(error.value)
    # The database refuses it as well.
    with pytest.raises(IntegrityError), transaction.atomic():
        VoterFactory(district=other, id_number=number)
    # Another election is another registration.
    services.voter_register(actor=actor, voter=new_voter(DistrictFactory(), None, id_number=number))


# Changes


def test_removing_keeps_the_row_off_the_roll_and_adding_puts_it_back(district, actor):
    voter = VoterFactory(district=district)
    services.roll_change(actor=actor, voter=voter, reason="moved_out", note="迁往县城")
    voter.refresh_from_db()
    assert voter.on_roll is False and Voter.objects.filter(pk=voter.pk).exists()
    with pytest.raises(ValidationError) as error:
        services.roll_change(actor=actor, voter=voter, reason="died")
    assert "不在选民名单上" in str(error.value)
    services.roll_change(actor=actor, voter=voter, reason="moved_in")
    voter.refresh_from_db()
    assert voter.on_roll is True
    assert [c.reason for c in voter.changes.all()] == ["moved_out", "moved_in"]


def test_correction_updates_the_details_and_rederives_birth_date(district, actor):
    voter = VoterFactory(district=district, born=date(1980, 5, 17))
    number = resident_id_number(date(1981, 6, 18), 9, "M")
    services.roll_change(
        actor=actor, voter=voter, reason="correction", fields={"id_number": number, "name": "李强"}
    )
    voter.refresh_from_db()
    assert voter.birth_date == date(1981, 6, 18) and voter.gender == "M"
    assert voter.name == "李强" and voter.on_roll


def test_carry_over_copies_the_roll_without_changes(district, actor):
    kept = VoterFactory(district=district)
    gone = VoterFactory(district=district)
    services.roll_change(actor=actor, voter=gone, reason="died")
    new = ElectionFactory(election_day=date(2031, 11, 15))
    DistrictFactory(election=new, code=district.code)
    assert services.roll_carry_over(actor=actor, previous=district.election, election=new) == 1
    copied = new.voters.get()
    assert copied.id_number == kept.id_number and not copied.changes.exists()


# Objections and proxies


def test_objection_deadline_is_three_days_and_upheld_decision_changes_the_roll(district, actor):
    voter = VoterFactory(district=district)
    objection = services.objection_create(
        actor=actor,
        objection=Objection(
            election=district.election,
            voter=voter,
            objector="张三",
            content="此人已迁出本镇。",
            received_date=date(2026, 10, 27),
        ),
    )
    assert objection.deadline == date(2026, 10, 30)
    services.objection_decide(
        actor=actor,
        objection=objection,
        upheld=True,
        decision="经核实属实，予以除名。",
        day=date(2026, 10, 29),
        reason="moved_out",
    )
    voter.refresh_from_db()
    assert voter.on_roll is False
    with pytest.raises(ValidationError):
        services.objection_decide(actor=actor, objection=objection, upheld=False, decision="再议")


def test_a_proxy_holder_takes_at_most_three(district, actor):
    holder = VoterFactory(district=district)
    for _ in range(3):
        services.proxy_create(
            actor=actor,
            grantor=VoterFactory(district=district),
            holder=holder,
            authorised_on=date(2026, 11, 1),
        )
    with pytest.raises(ValidationError) as error:
        services.proxy_create(
            actor=actor,
            grantor=VoterFactory(district=district),
            holder=holder,
            authorised_on=date(2026, 11, 1),
        )
    assert "最多" in str(error.value) and "3" in str(error.value)
    assert Proxy.objects.filter(holder=holder).count() == 3


@pytest.mark.django_db(transaction=True)
def test_two_proxies_at_once_cannot_exceed_three():
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers; the row lock matters on PostgreSQL")
    actor = UserFactory()
    district = DistrictFactory()
    holder = VoterFactory(district=district)
    for _ in range(2):
        services.proxy_create(
            actor=actor,
            grantor=VoterFactory(district=district),
            holder=holder,
            authorised_on=date(2026, 11, 1),
        )
    grantors = [VoterFactory(district=district) for _ in range(2)]
    barrier = threading.Barrier(2)
    outcomes = []

    def grant(grantor):
        barrier.wait()
        try:
            services.proxy_create(
                actor=actor, grantor=grantor, holder=holder, authorised_on=date(2026, 11, 1)
            )
            outcomes.append("ok")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=grant, args=(g,)) for g in grantors]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["ok", "refused"]
    assert Proxy.objects.filter(holder=holder).count() == 3


# Pages


def roll_pages(voter):
    election = voter.election
    return [
        reverse("voter_list", args=[voter.district.pk]),
        reverse("voter_detail", args=[voter.pk]),
        reverse("objection_list", args=[election.pk]),
        reverse("proxy_list", args=[election.pk]),
    ]


@pytest.fixture
def roll(district, actor):
    voter = VoterFactory(district=district)
    other = VoterFactory(district=district)
    services.proxy_create(actor=actor, grantor=other, holder=voter, authorised_on=date(2026, 11, 1))
    services.objection_create(
        actor=actor,
        objection=Objection(
            election=district.election,
            voter=voter,
            objector="李四",
            content="姓名有误",
            received_date=date(2026, 10, 27),
        ),
    )
    return voter


@pytest.mark.parametrize("who", ["secretary", "presidium_user"])
def test_roll_pages_mask_id_numbers_for_secretary_and_presidium(client, request, roll, who):
    client.force_login(request.getfixturevalue(who))
    for url in roll_pages(roll):
        page = client.get(url).content.decode()
        assert roll.id_number not in page, url
        assert idnumbers.mask(roll.id_number) in page, url


def test_roll_pages_show_full_id_numbers_to_election_staff(client, election_user, roll):
    client.force_login(election_user)
    for url in roll_pages(roll):
        assert roll.id_number in client.get(url).content.decode(), url


@pytest.mark.parametrize("who", ["deputy_user", "unit_user"])
def test_deputies_and_units_are_refused(client, request, roll, who):
    client.force_login(request.getfixturevalue(who))
    for url in roll_pages(roll) + [reverse("voter_add", args=[roll.district.pk])]:
        assert client.get(url).status_code == 403, url


def test_anonymous_goes_to_login(client, roll):
    for url in roll_pages(roll):
        assert client.get(url)["Location"].startswith(reverse("login")), url


def test_only_election_staff_write(client, secretary, presidium_user, roll):
    writes = [
        reverse("voter_add", args=[roll.district.pk]),
        reverse("voter_change", args=[roll.pk]),
        reverse("objection_create", args=[roll.election.pk]),
        reverse("objection_decide", args=[roll.objections.get().pk]),
        reverse("proxy_create", args=[roll.election.pk]),
    ]
    for user in (secretary, presidium_user):
        client.force_login(user)
        for url in writes:
            assert client.get(url).status_code == 403, url
            assert client.post(url, {}).status_code == 403, url


def test_add_page_registers_and_refuses_a_minor_in_chinese(client, election_user, district):
    client.force_login(election_user)
    url = reverse("voter_add", args=[district.pk])
    minor = resident_id_number(date(2009, 1, 1), 1)
    response = client.post(
        url, {"name": "赵敏", "id_number": minor, "reason": "moved_in", "ethnicity": "汉族"}
    )
    assert response.status_code == 200 and "未满十八周岁" in response.content.decode()
    adult = resident_id_number(date(1999, 1, 1), 1)
    response = client.post(
        url, {"name": "赵敏", "id_number": adult, "reason": "moved_in", "ethnicity": "汉族"}
    )
    voter = Voter.objects.get()
    assert response["Location"] == reverse("voter_detail", args=[voter.pk])


def test_change_page_strikes_off_with_a_reason(client, election_user, district):
    voter = VoterFactory(district=district)
    client.force_login(election_user)
    response = client.post(
        reverse("voter_change", args=[voter.pk]),
        {"reason": "died", "date": "2026-10-01", "note": "病故"},
    )
    assert response.status_code == 302
    voter.refresh_from_db()
    assert not voter.on_roll
    page = client.get(reverse("voter_detail", args=[voter.pk])).content.decode()
    assert "死亡" in page and "病故" in page


def test_proxy_page_refuses_the_fourth_in_chinese(client, election_user, district):
    holder = VoterFactory(district=district)
    for _ in range(3):
        Proxy.objects.create(
            grantor=VoterFactory(district=district), holder=holder, authorised_on=DAY
        )
    client.force_login(election_user)
    response = client.post(
        reverse("proxy_create", args=[district.election.pk]),
        {
            "grantor": VoterFactory(district=district).id_number,
            "holder": holder.id_number,
            "authorised_on": "2026-11-01",
        },
    )
    assert response.status_code == 200 and "最多" in response.content.decode()


def test_objection_list_shows_the_deadline(client, secretary, roll):
    client.force_login(secretary)
    page = client.get(reverse("objection_list", args=[roll.election.pk])).content.decode()
    assert "2026年10月30日" in page


def test_voter_list_searches_and_sorts_by_surname_strokes(client, election_user, district):
    for name in ("王伟", "丁一", "李强"):
        VoterFactory(district=district, name=name)
    client.force_login(election_user)
    page = client.get(reverse("voter_list", args=[district.pk])).content.decode()
    assert page.index("丁一") < page.index("王伟") < page.index("李强")
    page = client.get(reverse("voter_list", args=[district.pk]), {"q": "李"}).content.decode()
    assert "李强" in page and "王伟" not in page


def test_voter_list_costs_a_constant_number_of_queries(client, secretary, district):
    client.force_login(secretary)
    url = reverse("voter_list", args=[district.pk])
    VoterFactory(district=district)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    few = count()
    for _ in range(20):
        VoterFactory(district=district)
    assert count() == few
