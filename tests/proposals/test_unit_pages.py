"""The handling unit's inbox and steps, and the notifications page: permissions per role,
object-level rules, the flows through the pages, Chinese refusals, constant query counts."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from congress.roles import Role
from proposals import services
from proposals.models import Assignment, CoOpinion, Notification, Reply, State, Verdict
from tests.factories import ProposalFactory, UnitFactory, UserFactory
from tests.form_token import form_token
from tests.proposals.helpers import acknowledged, assigned, deputy_with_user, evaluated, replied

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def officer():
    return UserFactory(role=Role.UNIT_OFFICER)


@pytest.fixture
def unit(officer):
    return UnitFactory(name="镇交通办", officers=[officer])


@pytest.fixture
def other_officer():
    return UserFactory(role=Role.UNIT_OFFICER)


@pytest.fixture
def other_unit(other_officer):
    return UnitFactory(name="镇农业农村办", officers=[other_officer])


def pdf(name="答复函.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def reply_data(item, **extra):
    data = {
        "version": item.version,
        "number": "镇交〔2025〕3号",
        "category": "B",
        "text": "已列入明年修缮计划。",
        "contact_person": "王科长",
        "phone": "0571-1234567",
        "date": timezone.localdate().isoformat(),
        "attachment": pdf(),
    }
    data.update(extra)
    return data


def lead_of(item):
    return item.assignments.get(active=True, role=Assignment.Role.LEAD)


# Every URL × every role


def unit_urls(item, assignment):
    return [
        ("get", reverse("unit_inbox")),
        ("post", reverse("assignment_acknowledge", args=[assignment.pk])),
        ("get", reverse("assignment_return", args=[assignment.pk])),
        ("post", reverse("assignment_return", args=[assignment.pk])),
        ("get", reverse("co_opinion", args=[assignment.pk])),
        ("get", reverse("proposal_reply", args=[item.pk])),
        ("post", reverse("proposal_reply", args=[item.pk])),
    ]


def test_anonymous_users_are_sent_to_login(client, secretary, unit):
    item = assigned(ProposalFactory(), secretary, unit)
    for method, url in [*unit_urls(item, lead_of(item)), ("get", reverse("notification_list"))]:
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("login")), url


@pytest.mark.parametrize("role", [Role.PRESIDIUM, Role.DEPUTY, Role.ELECTION_STAFF])
def test_other_roles_are_forbidden(client, secretary, unit, role):
    item = assigned(ProposalFactory(), secretary, unit)
    client.force_login(UserFactory(role=role))
    for method, url in unit_urls(item, lead_of(item)):
        assert getattr(client, method)(url).status_code == 403, url
    item.refresh_from_db()
    assert item.state == State.ASSIGNED and lead_of(item).acknowledged_at is None
    assert client.get(reverse("notification_list")).status_code == 200


def test_secretary_may_enter_a_reply_but_not_use_the_inbox(client, secretary, unit):
    item = assigned(ProposalFactory(), secretary, unit)
    client.force_login(secretary)
    assignment = lead_of(item)
    for method, url in unit_urls(item, assignment)[:5]:
        assert getattr(client, method)(url).status_code == 403, url
    url = reverse("proposal_reply", args=[item.pk])
    assert client.get(url).status_code == 200
    # From the paper letter: the scanned PDF is optional for the secretary.
    response = client.post(url, reply_data(item, attachment="", category="D"))
    assert response.status_code == 302
    reply = Reply.objects.get()
    assert reply.category == "D" and reply.unit == unit and reply.created_by == secretary
    item.refresh_from_db()
    assert item.state == State.REPLIED


def test_officer_reaches_own_pages(client, secretary, unit, officer):
    item = assigned(ProposalFactory(), secretary, unit)
    client.force_login(officer)
    assignment = lead_of(item)
    for url in (
        reverse("unit_inbox"),
        reverse("assignment_return", args=[assignment.pk]),
        reverse("proposal_reply", args=[item.pk]),
        reverse("notification_list"),
    ):
        assert client.get(url).status_code == 200, url
    # The lead unit gives no co-handling opinion.
    assert client.get(reverse("co_opinion", args=[assignment.pk])).status_code == 403


# Object level: another unit's assignments


def test_a_unit_cannot_touch_another_units_assignment(
    client, secretary, unit, other_unit, other_officer
):
    item = assigned(ProposalFactory(title="别人的建议"), secretary, unit)
    assignment = lead_of(item)
    client.force_login(other_officer)
    for method, url in unit_urls(item, assignment)[1:]:
        data = reply_data(item) if "reply" in url else {"reason": "不归我们管"}
        assert getattr(client, method)(url, data).status_code == 404, url
    assert "别人的建议" not in client.get(reverse("unit_inbox")).content.decode()
    item.refresh_from_db()
    assert item.state == State.ASSIGNED
    assert lead_of(item).acknowledged_at is None and not Reply.objects.exists()


def test_a_co_unit_s_opinion_sent_twice_is_sent_once(
    client, secretary, unit, other_unit, other_officer
):
    """Issue 25: a double click on 发送 gives the lead unit one opinion, not two."""
    item = assigned(ProposalFactory(), secretary, unit, co_units=[other_unit])
    url = reverse("co_opinion", args=[item.assignments.get(unit=other_unit).pk])
    client.force_login(other_officer)
    data = {"text": "同意主办单位意见。", "form_token": form_token(client, url)}
    assert client.post(url, data).status_code == 302
    second = client.post(url, data, follow=True)
    assert CoOpinion.objects.count() == 1
    assert second.redirect_chain[0][0] == url
    assert "这张表已经提交过了，以下是当时保存的内容。" in second.content.decode()
    assert "同意主办单位意见。" in second.content.decode()


def test_a_co_unit_cannot_reply_and_the_lead_unit_gives_no_opinion(
    client, secretary, unit, officer, other_unit, other_officer
):
    item = assigned(ProposalFactory(), secretary, unit, co_units=[other_unit])
    co = item.assignments.get(unit=other_unit)
    client.force_login(other_officer)
    assert client.get(reverse("proposal_reply", args=[item.pk])).status_code == 403
    url = reverse("co_opinion", args=[co.pk])
    response = client.post(url, {"text": ""})
    assert "请填写意见" in response.content.decode() or "必填" in response.content.decode()
    assert client.post(url, {"text": "同意主办单位意见，配合做好施工协调。"}).status_code == 302
    assert CoOpinion.objects.get().assignment == co
    # The lead unit's officer is notified and sees the opinion on the reply page.
    assert Notification.objects.filter(user=officer).exists()
    client.force_login(officer)
    page = client.get(reverse("proposal_reply", args=[item.pk])).content.decode()
    assert "配合做好施工协调" in page
    assert client.get(reverse("co_opinion", args=[co.pk])).status_code == 404


# Flows through the pages


def test_acknowledge_then_reply_with_category_b_and_a_pdf(client, secretary, unit, officer):
    deputy = deputy_with_user()
    item = assigned(ProposalFactory(lead_deputy=deputy), secretary, unit)
    client.force_login(officer)
    page = client.get(reverse("unit_inbox")).content.decode()
    assert item.title in page and "主办" in page and "待办（1）" in page
    assignment = lead_of(item)
    assert client.get(reverse("assignment_acknowledge", args=[assignment.pk])).status_code == 405
    response = client.post(reverse("assignment_acknowledge", args=[assignment.pk]))
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.acknowledged_at is not None
    page = client.get(reverse("unit_inbox") + "?tab=doing").content.decode()
    assert item.title in page and "办理中（1）" in page and "待办（0）" in page
    # Acknowledging twice is not offered: the item's page says it was done.
    again = client.post(reverse("assignment_acknowledge", args=[assignment.pk]))
    assert again.url == item.get_absolute_url()

    url = reverse("proposal_reply", args=[item.pk])
    form = client.get(url).content.decode()
    assert "所提问题已解决或基本解决" in form and "正在解决或已列入计划逐步解决" in form
    item.refresh_from_db()
    assert client.post(url, reply_data(item)).status_code == 302
    reply = Reply.objects.get()
    assert reply.category == "B" and reply.attachment.name.endswith(".pdf")
    assert reply.unit == unit and reply.round == 1
    item.refresh_from_db()
    assert item.state == State.REPLIED
    assert Notification.objects.filter(user=deputy.user, proposal=item).exists()
    page = client.get(reverse("unit_inbox") + "?tab=done").content.decode()
    assert item.title in page and "已答复（1）" in page


def test_reply_refuses_non_pdf_missing_file_and_stale_version(client, secretary, unit, officer):
    item = assigned(ProposalFactory(), secretary, unit)
    client.force_login(officer)
    url = reverse("proposal_reply", args=[item.pk])
    for data, message in (
        (reply_data(item, attachment=pdf("答复函.docx", b"PK")), "PDF"),
        (reply_data(item, attachment=pdf("伪装.pdf", b"not a pdf")), "PDF"),
        (reply_data(item, attachment=""), "这个字段是必填项"),
        (reply_data(item, category="E"), "有效的选项"),
        (reply_data(item, version=item.version - 1), "刷新"),
    ):
        response = client.post(url, data)
        assert response.status_code == 200
        assert message in response.content.decode(), message
    assert not Reply.objects.exists()


def test_reply_larger_than_20_mb_is_refused(client, secretary, unit, officer):
    item = assigned(ProposalFactory(), secretary, unit)
    client.force_login(officer)
    big = pdf(content=PDF + b"0" * (20 * 1024 * 1024))
    response = client.post(
        reverse("proposal_reply", args=[item.pk]), reply_data(item, attachment=big)
    )
    assert response.status_code == 200
    assert "20" in response.content.decode() and "MB" in response.content.decode()
    assert not Reply.objects.exists()


def test_whole_loop_unsatisfied_rehandling_second_reply_satisfied_closed(
    client, secretary, unit, officer
):
    deputy = deputy_with_user()
    item = assigned(ProposalFactory(lead_deputy=deputy), secretary, unit)
    client.force_login(officer)
    client.post(reverse("assignment_acknowledge", args=[lead_of(item).pk]))
    item.refresh_from_db()
    client.post(reverse("proposal_reply", args=[item.pk]), reply_data(item))
    client.force_login(deputy.user)
    evaluate = reverse("proposal_evaluate", args=[item.pk])
    assert (
        client.post(evaluate, {"verdict": "unsatisfied", "comment": "没有时间表"}).status_code
        == 302
    )
    item.refresh_from_db()
    assert item.state == State.REHANDLING

    client.force_login(officer)
    page = client.get(reverse("unit_inbox") + "?tab=doing").content.decode()
    assert item.title in page and reverse("proposal_reply", args=[item.pk]) in page
    assert item.deadline.strftime("%Y年%-m月%-d日") in page
    response = client.post(
        reverse("proposal_reply", args=[item.pk]),
        reply_data(item, category="A", text="已于本月完工。"),
    )
    assert response.status_code == 302
    assert list(Reply.objects.values_list("round", "category")) == [(1, "B"), (2, "A")]

    client.force_login(deputy.user)
    assert client.post(evaluate, {"verdict": "satisfied", "comment": ""}).status_code == 302
    item.refresh_from_db()
    assert item.state == State.CLOSED
    assert client.get(reverse("proposal_reply", args=[item.pk])).status_code == 403


def test_return_within_the_window(client, secretary, unit, officer):
    item = assigned(ProposalFactory(), secretary, unit)
    client.force_login(officer)
    url = reverse("assignment_return", args=[lead_of(item).pk])
    response = client.post(url, {"reason": ""})
    assert "请说明退回理由" in response.content.decode() or "退回" in response.content.decode()
    item.refresh_from_db()
    assert item.state == State.ASSIGNED
    assert client.post(url, {"reason": "属于县交通局职责"}).status_code == 302
    item.refresh_from_db()
    assert item.state == State.AWAITING_ASSIGNMENT
    assignment = Assignment.objects.get()
    assert not assignment.active and assignment.return_reason == "属于县交通局职责"
    assert Notification.objects.filter(user=secretary, proposal=item).exists()
    # No longer the unit's item: asked again, the inbox says it was returned.
    assert client.get(url).url == reverse("unit_inbox")


def test_return_after_the_window_is_refused_in_chinese(client, secretary, unit, officer):
    long_ago = timezone.localdate() - timedelta(days=30)
    item = assigned(ProposalFactory(), secretary, unit, assigned_date=long_ago)
    client.force_login(officer)
    assignment = lead_of(item)
    page = client.get(reverse("unit_inbox")).content.decode()
    assert reverse("assignment_return", args=[assignment.pk]) not in page
    url = reverse("assignment_return", args=[assignment.pk])
    assert "已过" in client.get(url).content.decode()
    response = client.post(url, {"reason": "属于县交通局职责"})
    assert response.status_code == 200
    assert "7个工作日" in response.content.decode() or "7 个工作日" in response.content.decode()
    item.refresh_from_db()
    assert item.state == State.ASSIGNED and lead_of(item).active


def test_inbox_marks_overdue_and_due_soon(client, secretary, unit, officer):
    today = timezone.localdate()
    late = assigned(
        ProposalFactory(title="逾期的建议"),
        secretary,
        unit,
        assigned_date=today - timedelta(days=100),
    )
    soon = assigned(
        ProposalFactory(title="快到期的建议"),
        secretary,
        unit,
        assigned_date=today - timedelta(days=80),
    )
    client.force_login(officer)
    response = client.get(reverse("unit_inbox"))
    statuses = {row["item"].pk: row["status"].label.status for row in response.context["rows"]}
    assert statuses == {late.pk: "overdue", soon.pk: "due_soon"}
    page = response.content.decode()
    assert "逾期" in page and "即将到期" in page


def test_unit_inbox_costs_a_constant_number_of_queries(
    client, secretary, unit, officer, other_unit
):
    client.force_login(officer)

    def add_rows():
        assigned(ProposalFactory(), secretary, unit)
        assigned(ProposalFactory(), secretary, other_unit, co_units=[unit])
        item = assigned(ProposalFactory(), secretary, unit)
        services.assignment_acknowledge(actor=officer, assignment=lead_of(item))
        evaluated(
            replied(assigned(ProposalFactory(), secretary, unit)),
            Verdict.SATISFIED,
            actor=secretary,
        )

    def count(url):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    add_rows()
    for tab in ("todo", "doing", "done"):
        url = reverse("unit_inbox") + f"?tab={tab}"
        few = count(url)
        add_rows()
        assert count(url) == few, url


def test_inbox_buttons_match_the_item_page(client, secretary, unit, officer, other_unit):
    from proposals import selectors

    led = assigned(ProposalFactory(), secretary, unit)
    co = assigned(ProposalFactory(), secretary, other_unit, co_units=[unit])
    client.force_login(officer)
    rows = client.get(reverse("unit_inbox")).context["rows"]
    assert len(rows) == 2
    for row in rows:
        assert row["actions"] == selectors.steps_for(officer, row["item"])
    steps = {row["item"].pk: [s.action for s in row["actions"]] for row in rows}
    assert steps == {
        led.pk: ["acknowledge", "return", "reply"],
        co.pk: ["acknowledge", "return", "co_opinion"],
    }


# Notifications


def test_notifications_newest_first_and_marked_read(client, secretary, unit, officer):
    first = assigned(ProposalFactory(title="第一件"), secretary, unit)
    second = assigned(ProposalFactory(title="第二件"), secretary, unit)
    Notification.objects.create(user=secretary, message="别人的通知")
    client.force_login(officer)
    response = client.get(reverse("notification_list"))
    rows = response.context["rows"]
    assert [n.proposal_id for n in rows] == [second.pk, first.pk]
    assert response.context["unread"] == {n.pk for n in rows}
    assert "别人的通知" not in response.content.decode()
    assert not Notification.objects.filter(user=officer, read_at__isnull=True).exists()
    assert client.get(reverse("notification_list")).context["unread"] == set()
    assert Notification.objects.filter(user=secretary, read_at__isnull=True).count() == 1


# The inbox opens on the first tab, in the order shown, that has work; ?tab= is kept.


def test_inbox_opens_on_the_first_tab_with_work(client, secretary, unit, officer):
    for _n in range(2):
        acknowledged(assigned(ProposalFactory(), secretary, unit), officer)
    client.force_login(officer)
    response = client.get(reverse("unit_inbox"))
    assert response.context["tab"] == "doing" and len(response.context["rows"]) == 2
    assert 'href="/inbox/?tab=doing" aria-current="page"' in response.content.decode()
    # An explicit tab is kept, even an empty one.
    response = client.get(reverse("unit_inbox") + "?tab=todo")
    assert response.context["tab"] == "todo" and response.context["rows"] == []
    # Something new comes first again.
    assigned(ProposalFactory(), secretary, unit)
    assert client.get(reverse("unit_inbox")).context["tab"] == "todo"


def test_inbox_opens_on_replied_when_only_replied_items_remain(client, secretary, unit, officer):
    replied(assigned(ProposalFactory(), secretary, unit), officer)
    client.force_login(officer)
    assert client.get(reverse("unit_inbox")).context["tab"] == "done"


def test_after_acknowledging_the_unit_stays_on_the_item_with_its_reply_offered(
    client, secretary, unit, officer
):
    item = assigned(ProposalFactory(title="修缮文化广场"), secretary, unit)
    client.force_login(officer)
    url = reverse("assignment_acknowledge", args=[lead_of(item).pk])
    response = client.post(url, follow=True)
    assert response.redirect_chain == [(item.get_absolute_url(), 302)]
    page = response.content.decode()
    assert f"已签收：{item.label}" in page
    assert f'href="{reverse("proposal_reply", args=[item.pk])}"' in page
    assert "尚未签收" not in page
    # The reply, sent from there, comes back to the item too.
    item.refresh_from_db()
    response = client.post(reverse("proposal_reply", args=[item.pk]), reply_data(item))
    assert response.url == item.get_absolute_url()


def test_once_acknowledged_the_reply_form_is_on_the_item_and_replies_from_there(
    client, secretary, unit, officer
):
    item = assigned(ProposalFactory(), secretary, unit)
    client.force_login(officer)
    page = client.get(item.get_absolute_url()).content.decode()
    assert 'id="reply"' not in page  # acknowledging comes first
    client.post(reverse("assignment_acknowledge", args=[lead_of(item).pk]))
    page = client.get(item.get_absolute_url()).content.decode()
    assert f'action="{reverse("proposal_reply", args=[item.pk])}"' in page
    assert 'name="attachment"' in page and 'name="category"' in page
    item.refresh_from_db()
    response = client.post(reverse("proposal_reply", args=[item.pk]), reply_data(item))
    assert response.url == item.get_absolute_url()
    item.refresh_from_db()
    assert item.state == State.REPLIED
    # Replied: no form any more; the secretary gets the paper-letter page instead.
    assert 'id="reply"' not in client.get(item.get_absolute_url()).content.decode()
