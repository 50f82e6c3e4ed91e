"""The back office shows a person no more than the portal does (congress.admin.PersonalDataMixin):
ID numbers masked, birth dates by year and month, no search, filter or lookup on either, for
every staff account, in lists, change pages, the autocomplete and the history."""

from datetime import date

import pytest
from django.contrib import admin
from django.urls import reverse

from congress.admin import PERSONAL_FIELDS, PersonalDataMixin
from congress.roles import Role
from deputies.models import Deputy
from elections.models import Objection, Voter
from tests.factories import DeputyFactory, UserFactory, VoterFactory, resident_id_number

pytestmark = pytest.mark.django_db

BORN = date(1971, 3, 17)
FULL_DATES = ("1971-03-17", "1971年3月17日", "19710317")
# The deputy's change form posts its seats and memberships, here none of either.
INLINES = {
    f"{prefix}-{count}": 0
    for prefix in ("seats", "memberships")
    for count in ("TOTAL_FORMS", "INITIAL_FORMS")
}


@pytest.fixture
def deputy():
    return DeputyFactory(
        name="张建国", id_number=resident_id_number(BORN, 7, "M"), birth_date=BORN, gender="M"
    )


@pytest.fixture
def voter():
    return VoterFactory(born=BORN)


def staff(role):
    return UserFactory(role=role, is_staff=True)


def assert_private(page, number):
    body = page.content.decode()
    assert page.status_code == 200
    assert number not in body
    assert not [d for d in FULL_DATES if d in body]


@pytest.mark.parametrize("role", [Role.SECRETARY, Role.PRESIDIUM])
def test_a_deputys_change_page_shows_the_number_masked_and_the_birth_by_month(client, deputy, role):
    client.force_login(staff(role))
    for view in ("change", "history"):
        page = client.get(reverse(f"admin:deputies_deputy_{view}", args=[deputy.pk]))
        assert_private(page, deputy.id_number)
    page = client.get(reverse("admin:deputies_deputy_change", args=[deputy.pk]))
    assert deputy.id_number[:4] + "*" * 13 + deputy.id_number[-1] in page.content.decode()
    assert "1971年3月" in page.content.decode()


def test_the_voters_list_and_page_show_neither_number_nor_birth_date(client, voter):
    client.force_login(staff(Role.SECRETARY))
    assert_private(client.get(reverse("admin:elections_voter_changelist")), voter.id_number)
    assert_private(
        client.get(reverse("admin:elections_voter_change", args=[voter.pk])), voter.id_number
    )


def _results(client, url, params):
    """The primary keys the changelist lists for `params`, or None when it refused them (the
    admin answers a lookup it does not allow with 400)."""
    client.raise_request_exception = False
    page = client.get(url, params)
    if page.status_code == 400:
        return None
    return {row.pk for row in page.context["cl"].result_list}


@pytest.mark.parametrize("role", [Role.SECRETARY, Role.PRESIDIUM, Role.ELECTION_STAFF])
def test_no_search_or_lookup_answers_for_the_start_of_a_number(client, deputy, voter, role):
    """The prefix oracle: a search or a query-string lookup that lists a person for the right
    first digits and not for wrong ones gives the number away digit by digit."""
    client.force_login(staff(role))
    for model, person in ((Deputy, deputy), (Voter, voter)):
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        if client.get(url).status_code != 200:
            continue  # a role that may not see this model at all
        prefix = person.id_number[:10]
        for params in (
            {"q": prefix},
            {"id_number__startswith": prefix},
            {"id_number": person.id_number},
            {"birth_date": BORN.isoformat()},
            {"birth_date__day": "17"},
        ):
            assert person.pk not in (_results(client, url, params) or set()), params


def test_no_lookup_through_a_relation(client, voter):
    Objection.objects.create(
        election=voter.election,
        voter=voter,
        objector="李四",
        content="住址有误",
        received_date=BORN,
    )
    client.force_login(staff(Role.ELECTION_STAFF))
    url = reverse("admin:elections_objection_changelist")
    assert _results(client, url, {"voter__id_number__startswith": voter.id_number[:10]}) is None
    assert _results(client, url, {"voter__birth_date": BORN.isoformat()}) is None


def test_the_autocomplete_does_not_search_numbers(client, deputy):
    client.force_login(staff(Role.SECRETARY))
    url = reverse("admin:autocomplete")
    params = {"app_label": "deputies", "model_name": "seat", "field_name": "deputy"}
    by_name = client.get(url, {**params, "term": "张建"}).json()["results"]
    assert [r["id"] for r in by_name] == [str(deputy.pk)]
    by_number = client.get(url, {**params, "term": deputy.id_number[:8]}).json()["results"]
    assert by_number == []


def test_the_secretary_edits_a_deputy_without_the_number_or_date_coming_back(client, deputy):
    """The change form sends neither back; empty inputs keep both, a typed new number brings
    its own birth date."""
    client.force_login(staff(Role.SECRETARY))
    url = reverse("admin:deputies_deputy_change", args=[deputy.pk])
    form = client.get(url).context["adminform"].form
    data = {
        name: form[name].value() if form[name].value() is not None else ""
        for name in form.fields
        if name not in ("user", "photo")
    }
    assert data["id_number"] == "" and data["birth_date"] == ""
    inlines = INLINES
    response = client.post(url, {**data, **inlines, "workplace": "青山镇农机站"})
    assert response.status_code == 302, response.context["adminform"].form.errors
    deputy.refresh_from_db()
    assert (deputy.workplace, deputy.birth_date) == ("青山镇农机站", BORN)
    assert deputy.id_number == resident_id_number(BORN, 7, "M")

    born = date(1972, 8, 9)
    new_number = resident_id_number(born, 3, "M")
    response = client.post(url, {**data, **inlines, "id_number": new_number})
    assert response.status_code == 302
    deputy.refresh_from_db()
    assert (deputy.id_number, deputy.birth_date) == (new_number, born)


def test_a_birth_date_that_disagrees_with_the_number_is_refused(client, deputy):
    client.force_login(staff(Role.SECRETARY))
    url = reverse("admin:deputies_deputy_change", args=[deputy.pk])
    form = client.get(url).context["adminform"].form
    data = {n: form[n].value() or "" for n in form.fields if n not in ("user", "photo")}
    inlines = INLINES
    response = client.post(url, {**data, **inlines, "birth_date": "1971-03-18"})
    assert response.status_code == 200
    assert "1971年3月17日" in str(response.context["adminform"].form.errors["birth_date"])


def test_the_history_keeps_birth_dates_by_month(client, deputy):
    """The audit trail stores a birth date by year and month, as the pages show it."""
    deputy.birth_date, deputy.id_number = date(1971, 4, 2), ""
    deputy.save()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    page = client.get(reverse("admin:deputies_deputy_history", args=[deputy.pk]))
    body = page.content.decode()
    assert "1971年3月 → 1971年4月" in body
    assert "1971-04-02" not in body and "1971年4月2日" not in body


def test_every_back_office_page_of_a_person_follows_the_rule():
    """A model (or inline) with an ID number or birth date is only registered through the mixin,
    and nothing lists, searches, filters or dates it by them: a new admin is held to it."""
    found = []
    for model, model_admin in admin.site._registry.items():
        inline_models = [inline.model for inline in model_admin.inlines]
        for shown in (model, *inline_models):
            names = {f.name for f in shown._meta.concrete_fields} & set(PERSONAL_FIELDS)
            if names and not (shown is model and isinstance(model_admin, PersonalDataMixin)):
                found.append(f"{model_admin}: {shown._meta.label} {sorted(names)}")
        if getattr(model_admin, "date_hierarchy", None) in PERSONAL_FIELDS:
            found.append(f"{model_admin}: date_hierarchy")
    assert found == []
