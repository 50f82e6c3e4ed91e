"""A deputy's own record and voter contacts: a deputy reaches only their own; the secretary
and the presidium reach everyone's; units and anonymous visitors are refused."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from deputies.models import ActivityKind, DutyRequirement, VoterContact
from tests.factories import (
    ActivityFactory,
    AttendanceFactory,
    DeputyFactory,
    DutyRequirementFactory,
    VoterContactFactory,
)
from tests.form_token import form_token

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def me(deputy_user):
    return DeputyFactory(name="李明", user=deputy_user)


@pytest.fixture
def other():
    return DeputyFactory(name="王芳")


def contact_data(**overrides):
    data = {
        "date": TODAY.isoformat(),
        "method": VoterContact.Method.VISIT,
        "voters": "河东村3组村民",
        "people": "4",
        "issues_raised": "反映村道路灯损坏，夜间出行不便。",
        "action_taken": "已转村委会维修。",
    }
    data.update(overrides)
    return data


# The deputy's own record


def test_a_deputy_sees_their_own_record_with_the_years_work(client, deputy_user, me, other):
    inspection = ActivityFactory(topic="视察农村人居环境", start_date=TODAY)
    AttendanceFactory(activity=inspection, deputy=me)
    AttendanceFactory(
        activity=ActivityFactory(topic="别人参加的调研", start_date=TODAY), deputy=other
    )
    VoterContactFactory(deputy=other, date=TODAY, voters="别人联系的选民")
    client.force_login(deputy_user)

    page = client.get(reverse("my_record")).content.decode()

    assert "我的履职档案" in page and "李明" in page
    assert "视察农村人居环境" in page
    assert "别人参加的调研" not in page and "别人联系的选民" not in page
    assert reverse("my_contact_create") in page
    # The activity page is the secretary's: not linked for the deputy.
    assert reverse("activity_detail", args=[inspection.pk]) not in page


def test_the_record_shows_the_checklist_with_chinese_statuses(client, deputy_user, me):
    DutyRequirement.objects.all().delete()
    DutyRequirementFactory(name="每年至少参加一次视察", metric="activity:inspection")
    DutyRequirementFactory(name="每年至少联系选民一次", metric="voter_contacts")
    AttendanceFactory(activity=ActivityFactory(start_date=TODAY), deputy=me)
    client.force_login(deputy_user)

    page = client.get(reverse("my_record")).content.decode()
    assert "每年至少参加一次视察" in page and "已达到" in page
    assert "进行中" in page
    # Last year nothing was done: both missed.
    page = client.get(reverse("my_record"), {"year": TODAY.year - 1}).content.decode()
    assert page.count('class="check-missed"') == 2 and "未达到 2" in page


def test_the_record_of_another_year_and_links_to_the_years(client, deputy_user, me):
    AttendanceFactory(
        activity=ActivityFactory(
            kind=ActivityKind.TRAINING, topic="去年的培训", start_date=date(TODAY.year - 1, 5, 1)
        ),
        deputy=me,
    )
    client.force_login(deputy_user)
    assert "去年的培训" not in client.get(reverse("my_record")).content.decode()
    page = client.get(reverse("my_record"), {"year": TODAY.year - 1}).content.decode()
    assert "去年的培训" in page
    assert f'href="?year={TODAY.year}"' in page
    # Nonsense years fall back to this year.
    assert client.get(reverse("my_record"), {"year": "abc"}).status_code == 200


def test_a_deputy_account_without_a_roster_entry_gets_a_message(client, deputy_user):
    client.force_login(deputy_user)
    for url in (reverse("my_record"), reverse("my_contact_create")):
        response = client.get(url)
        assert response.status_code == 200
        assert "尚未与代表名册中的代表关联" in response.content.decode()


def test_a_deputy_opens_their_own_record_by_id_but_not_anothers(client, deputy_user, me, other):
    client.force_login(deputy_user)
    assert client.get(reverse("deputy_record", args=[me.pk])).status_code == 200
    assert client.get(reverse("deputy_record", args=[other.pk])).status_code == 404


# Voter contacts


def test_a_deputy_records_a_contact_and_it_appears_in_the_record(client, deputy_user, me):
    client.force_login(deputy_user)
    response = client.post(reverse("my_contact_create"), contact_data())
    assert response.status_code == 302
    assert response.url == f"{reverse('my_record')}?year={TODAY.year}"
    contact = VoterContact.objects.get()
    assert (contact.deputy, contact.created_by, contact.people) == (me, deputy_user, 4)

    page = client.get(response.url).content.decode()
    assert "联系选民记录已保存" in page
    assert "河东村3组村民" in page
    assert reverse("contact_detail", args=[contact.pk]) in page


def test_a_contact_sent_twice_is_recorded_once(client, deputy_user, me):
    """Issue 25: two taps on 保存 on a slow phone. The second sending leads to what the first
    saved, saying so."""
    client.force_login(deputy_user)
    data = contact_data(form_token=form_token(client, reverse("my_contact_create")))
    first = client.post(reverse("my_contact_create"), data)
    second = client.post(reverse("my_contact_create"), data, follow=True)
    assert VoterContact.objects.count() == 1
    assert second.redirect_chain[0][0] == first.url
    assert "这张表已经提交过了，以下是当时保存的内容。" in second.content.decode()
    # A new form is a new token: the next contact is recorded.
    data = contact_data(form_token=form_token(client, reverse("my_contact_create")))
    assert client.post(reverse("my_contact_create"), data).status_code == 302
    assert VoterContact.objects.count() == 2


def test_a_deputy_cannot_record_a_contact_for_another_deputy(client, deputy_user, me, other):
    client.force_login(deputy_user)
    # The secretary's form is refused …
    response = client.post(reverse("contact_create"), contact_data(deputy=other.pk))
    assert response.status_code == 403
    # … and a deputy field smuggled into the own form is ignored.
    client.post(reverse("my_contact_create"), contact_data(deputy=other.pk))
    assert list(VoterContact.objects.values_list("deputy", flat=True)) == [me.pk]


def test_the_contact_form_refuses_bad_input_in_chinese(client, deputy_user, me):
    client.force_login(deputy_user)
    tomorrow = (TODAY + timedelta(days=1)).isoformat()
    page = client.post(
        reverse("my_contact_create"),
        contact_data(date=tomorrow, people="0", issues_raised="无", voters="  "),
    ).content.decode()
    assert "联系日期不能晚于今天" in page
    assert "至少4个字" in page
    assert "这个字段是必填项" in page  # voters, blank once trimmed
    assert "大于或等于1" in page
    assert not VoterContact.objects.exists()


def test_a_deputy_sees_only_their_own_contacts(client, deputy_user, me, other):
    mine = VoterContactFactory(deputy=me, voters="我联系的选民")
    theirs = VoterContactFactory(deputy=other, voters="别人联系的选民")
    client.force_login(deputy_user)

    page = client.get(reverse("contact_list"), {"deputy": other.pk}).content.decode()
    assert "我联系的选民" in page and "别人联系的选民" not in page
    assert client.get(reverse("contact_detail", args=[mine.pk])).status_code == 200
    assert client.get(reverse("contact_detail", args=[theirs.pk])).status_code == 404


def test_the_secretary_sees_and_records_anyones_contacts(client, secretary, me, other):
    VoterContactFactory(deputy=me, voters="甲联系的选民", date=date(2024, 3, 1))
    theirs = VoterContactFactory(deputy=other, voters="乙联系的选民", date=date(2025, 3, 1))
    client.force_login(secretary)

    page = client.get(reverse("contact_list")).content.decode()
    assert "甲联系的选民" in page and "乙联系的选民" in page
    page = client.get(reverse("contact_list"), {"deputy": me.pk}).content.decode()
    assert "甲联系的选民" in page and "乙联系的选民" not in page
    page = client.get(reverse("contact_list"), {"year": 2025}).content.decode()
    assert "甲联系的选民" not in page and "乙联系的选民" in page
    assert client.get(reverse("contact_detail", args=[theirs.pk])).status_code == 200
    assert client.get(reverse("deputy_record", args=[other.pk])).status_code == 200

    form = client.get(reverse("contact_create"), {"deputy": other.pk}).content.decode()
    assert f'<option value="{other.pk}" selected data-keys=' in form  # the picker, preset
    response = client.post(reverse("contact_create"), contact_data(deputy=other.pk))
    contact = VoterContact.objects.get(voters="河东村3组村民")
    assert response.url == reverse("contact_detail", args=[contact.pk])
    assert (contact.deputy, contact.created_by) == (other, secretary)
    # The secretary has no record of their own.
    assert client.get(reverse("my_record")).status_code == 403


def test_the_presidium_reads_records_and_contacts_but_does_not_record(
    client, presidium_user, other
):
    contact = VoterContactFactory(deputy=other)
    client.force_login(presidium_user)
    assert client.get(reverse("deputy_record", args=[other.pk])).status_code == 200
    assert client.get(reverse("contact_list")).status_code == 200
    assert client.get(reverse("contact_detail", args=[contact.pk])).status_code == 200
    assert client.get(reverse("contact_create")).status_code == 403


def own_urls(other):
    contact = VoterContactFactory(deputy=other)
    return [
        reverse("my_record"),
        reverse("my_contact_create"),
        reverse("deputy_record", args=[other.pk]),
        reverse("contact_list"),
        reverse("contact_create"),
        reverse("contact_detail", args=[contact.pk]),
    ]


def test_units_are_refused_and_anonymous_visitors_sent_to_log_in(client, unit_user, other):
    urls = own_urls(other)
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login")), url
    client.force_login(unit_user)
    for url in urls:
        response = client.get(url)
        assert response.status_code == 403, url
        assert "无权访问" in response.content.decode()


def test_contact_list_costs_a_constant_number_of_queries(client, secretary, deputy_user, me):
    def count(user):
        client.force_login(user)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("contact_list")).status_code == 200
        return len(queries)

    VoterContactFactory(deputy=me)
    few = {user: count(user) for user in (secretary, deputy_user)}
    for _ in range(6):
        VoterContactFactory(deputy=me)
        VoterContactFactory()
    assert {user: count(user) for user in (secretary, deputy_user)} == few


def test_the_record_page_costs_a_constant_number_of_queries(client, deputy_user, me):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("my_record")).status_code == 200
        return len(queries)

    client.force_login(deputy_user)
    AttendanceFactory(activity=ActivityFactory(start_date=TODAY), deputy=me)
    VoterContactFactory(deputy=me, date=TODAY)
    few = count()
    for _ in range(5):
        AttendanceFactory(activity=ActivityFactory(start_date=TODAY), deputy=me)
        VoterContactFactory(deputy=me, date=TODAY)
    assert count() == few


# The duty minimums are set in the back office


def test_the_secretary_edits_duty_minimums_in_the_back_office(client, secretary):
    secretary.is_staff = True
    secretary.save()
    client.force_login(secretary)
    form = client.get(reverse("admin:deputies_dutyrequirement_add")).content.decode()
    assert '<select name="metric"' in form and 'value="activity:inspection"' in form

    data = {"name": "每季度至少走访一次", "minimum": "1", "period": "month", "order": "5"}
    page = client.post(
        reverse("admin:deputies_dutyrequirement_add"), {**data, "metric": "proposals"}
    ).content.decode()
    assert "选择一个有效的选项" in page
    assert not DutyRequirement.objects.filter(name="每季度至少走访一次").exists()
    client.post(
        reverse("admin:deputies_dutyrequirement_add"),
        {**data, "metric": "voter_contacts", "active": "on"},
    )
    assert DutyRequirement.objects.get(name="每季度至少走访一次").metric == "voter_contacts"


def test_every_deputies_model_has_a_back_office_list(client, secretary, me):
    from django.contrib import admin

    VoterContactFactory(deputy=me)
    secretary.is_staff = True
    secretary.save()
    client.force_login(secretary)
    models = [m for m in admin.site._registry if m._meta.app_label == "deputies"]
    assert len(models) == 13
    for model in models:
        url = reverse(f"admin:deputies_{model._meta.model_name}_changelist")
        # The log of full ID number exports is the administrators' to read.
        expected = 403 if model._meta.model_name == "deputyidexport" else 200
        assert client.get(url).status_code == expected, url
    assert client.get(reverse("admin:deputies_deputy_change", args=[me.pk])).status_code == 200


def test_the_contact_list_is_paged_keeping_the_filters(client, secretary, me):
    for day in range(1, 29):
        VoterContactFactory(deputy=me, date=date(2025, 1, day))
        VoterContactFactory(deputy=me, date=date(2025, 2, day))
    client.force_login(secretary)
    page = client.get(reverse("contact_list"), {"deputy": me.pk}).content.decode()
    assert page.count('data-label="日期"') == 50
    assert f"deputy={me.pk}&amp;page=2" in page
    page = client.get(reverse("contact_list"), {"deputy": me.pk, "page": 2}).content.decode()
    assert page.count('data-label="日期"') == 6
