"""The secretary's pages for motions and suggestions (board, item page, registration, steps,
bulk assignment, export, handling units): who may open them, what they do, what they refuse."""

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from congress.roles import Role
from proposals import deadlines, services
from proposals.models import (
    Assignment,
    Attachment,
    HandlingUnit,
    Milestone,
    Proposal,
    ReplyCategory,
    State,
)
from tests.factories import DeputyFactory, ProposalFactory, SessionFactory, UnitFactory, UserFactory
from tests.proposals.helpers import (
    assigned,
    motion_in_state,
    registered,
    suggestion_in_state,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(secretary):
    """One item in each interesting state, a unit and its officer, a deputy with an account."""
    unit = UnitFactory(name="交通办")
    officer = UserFactory(role=Role.UNIT_OFFICER)
    unit.officers.add(officer)
    deputy = DeputyFactory(user=UserFactory(role=Role.DEPUTY))
    return {
        "unit": unit,
        "officer": officer,
        "deputy": deputy,
        "submitted": suggestion_in_state(State.SUBMITTED, secretary=secretary),
        "waiting": suggestion_in_state(
            State.AWAITING_ASSIGNMENT, secretary=secretary, lead_deputy=deputy
        ),
        "review": motion_in_state(State.UNDER_REVIEW, secretary=secretary),
        "assigned": suggestion_in_state(State.ASSIGNED, secretary=secretary, unit=unit),
        "replied": suggestion_in_state(State.REPLIED, secretary=secretary, unit=unit),
        "closed": suggestion_in_state(State.CLOSED, secretary=secretary),
    }


def step_urls(world):
    """Every secretary-only page, with an item in a state where the step is offered."""
    return [
        reverse("proposal_register_new"),
        reverse("proposal_bulk_assign"),
        reverse("proposal_register", args=[world["submitted"].pk]),
        reverse("motion_review", args=[world["review"].pk]),
        reverse("proposal_decline", args=[world["waiting"].pk]),
        reverse("proposal_assign", args=[world["waiting"].pk]),
        reverse("proposal_close", args=[world["replied"].pk]),
        reverse("milestone_add", args=[world["replied"].pk]),
        reverse("proposal_publish", args=[world["closed"].pk]),
        reverse("unit_create"),
        reverse("unit_edit", args=[world["unit"].pk]),
    ]


def read_urls(world):
    return [
        reverse("proposal_board"),
        reverse("proposal_detail", args=[world["waiting"].pk]),
        reverse("unit_list"),
    ]


# Who may open what


def test_anonymous_users_are_sent_to_the_login_page(client, world):
    urls = step_urls(world) + read_urls(world) + [reverse("proposal_export")]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("login")), url


@pytest.mark.parametrize("role_fixture", ["deputy_user", "unit_user", "election_user"])
def test_deputies_units_and_election_staff_are_refused_the_secretarys_pages(
    client, world, request, role_fixture
):
    client.force_login(request.getfixturevalue(role_fixture))
    for url in step_urls(world) + [reverse("proposal_board"), reverse("unit_list")]:
        response = client.get(url)
        assert response.status_code == 403, url
        assert "无权访问" in response.content.decode()
    assert client.get(reverse("proposal_export")).status_code == 403


def test_refused_posts_change_nothing(client, world):
    client.force_login(world["deputy"].user)
    item = world["waiting"]
    response = client.post(
        reverse("proposal_assign", args=[item.pk]),
        {"version": item.version, "lead_unit": world["unit"].pk, "assigned_date": "2025-03-03"},
    )
    assert response.status_code == 403
    item.refresh_from_db()
    assert item.state == State.AWAITING_ASSIGNMENT


def test_the_presidium_reads_the_board_and_items_but_takes_no_step(client, world, presidium_user):
    client.force_login(presidium_user)
    for url in read_urls(world):
        assert client.get(url).status_code == 200, url
    for url in step_urls(world):
        assert client.get(url).status_code == 403, url
    detail = client.get(reverse("proposal_detail", args=[world["waiting"].pk])).content.decode()
    assert reverse("proposal_assign", args=[world["waiting"].pk]) not in detail


def test_the_secretary_opens_every_page(client, world, secretary):
    client.force_login(secretary)
    for url in step_urls(world) + read_urls(world):
        assert client.get(url).status_code == 200, url
    for key in ("submitted", "review", "assigned", "replied", "closed"):
        assert client.get(reverse("proposal_detail", args=[world[key].pk])).status_code == 200


# The item's page for each role


def test_a_deputy_sees_own_and_cosigned_items_only(client, world, secretary):
    deputy = world["deputy"]
    cosigned = ProposalFactory(co_signers=[deputy])
    registered(cosigned, secretary)
    client.force_login(deputy.user)
    own = client.get(reverse("proposal_detail", args=[world["waiting"].pk]))
    assert own.status_code == 200
    page = own.content.decode()
    assert world["waiting"].title in page
    # Their own item before assignment: withdraw is offered, no secretary's step.
    assert reverse("proposal_withdraw", args=[world["waiting"].pk]) in page
    assert reverse("proposal_assign", args=[world["waiting"].pk]) not in page
    assert client.get(reverse("proposal_detail", args=[cosigned.pk])).status_code == 200
    for key in ("submitted", "assigned", "closed", "review"):
        assert client.get(reverse("proposal_detail", args=[world[key].pk])).status_code == 404


def test_a_unit_officer_sees_only_items_assigned_to_the_unit(client, world):
    client.force_login(world["officer"])
    response = client.get(reverse("proposal_detail", args=[world["assigned"].pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "交通办" in page and "主办单位" in page
    lead = world["assigned"].assignments.get(active=True)
    assert reverse("assignment_acknowledge", args=[lead.pk]) in page
    assert reverse("proposal_reply", args=[world["assigned"].pk]) in page
    for key in ("waiting", "submitted", "closed", "review"):
        assert client.get(reverse("proposal_detail", args=[world[key].pk])).status_code == 404


def test_the_item_page_shows_replies_assignments_and_the_timeline(client, world, secretary):
    client.force_login(secretary)
    item = world["replied"]
    page = client.get(reverse("proposal_detail", args=[item.pk])).content.decode()
    assert item.label in page
    assert "已安排资金修缮" in page  # the reply
    assert "王科长" in page  # its contact person
    with translation.override("zh-hans"):
        category = str(ReplyCategory.A.label)
        step = f"{State.AWAITING_ASSIGNMENT.label} → {State.ASSIGNED.label}"
    assert category in page  # the reply's category
    assert step in page  # an event, from → to
    assert "秘书甲" in page  # who
    assert reverse("proposal_close", args=[item.pk]) in page


# Registration


def test_registering_paper_forms_gives_consecutive_numbers(client, secretary):
    client.force_login(secretary)
    session = SessionFactory()
    lead, other = DeputyFactory(), DeputyFactory()
    today = timezone.localdate()
    labels = []
    for n in range(2):
        response = client.post(
            reverse("proposal_register_new"),
            {
                "kind": "suggestion",
                "title": f"关于增设路灯的建议{n}",
                "content": "村口道路夜间无照明。",
                "topic": "urban_rural",
                "session": session.pk,
                "lead_deputy": lead.pk,
                "co_signers": [other.pk],
                "submitted_date": today.isoformat(),
                "attachments": [SimpleUploadedFile("表.pdf", b"%PDF-1.4", "application/pdf")],
            },
        )
        assert response.status_code == 302, response.content.decode()
        item = Proposal.objects.get(title=f"关于增设路灯的建议{n}")
        labels.append(item.label)
        assert item.state == State.AWAITING_ASSIGNMENT
        assert list(item.co_signers.all()) == [other]
        assert Attachment.objects.filter(proposal=item).count() == 1
    assert [p.number for p in Proposal.objects.order_by("pk")] == [1, 2]
    assert labels[1].endswith("建议第2号")


def test_registering_a_motion_with_too_few_deputies_is_refused_and_leaves_nothing(
    client, secretary
):
    client.force_login(secretary)
    response = client.post(
        reverse("proposal_register_new"),
        {
            "kind": "motion",
            "title": "关于整治河道的议案",
            "content": "河道淤积。",
            "topic": "environment",
            "session": "",
            "lead_deputy": DeputyFactory().pk,
            "submitted_date": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 200
    assert "议案须由5名以上代表联名提出" in response.content.decode()
    assert not Proposal.objects.exists()


def test_the_register_page_shows_the_number_it_will_give(client, secretary):
    client.force_login(secretary)
    between = suggestion_in_state(State.AWAITING_ASSIGNMENT, secretary=secretary)
    assert between.number == 1
    item = suggestion_in_state(State.SUBMITTED, secretary=secretary)
    url = reverse("proposal_register", args=[item.pk])
    page = client.get(url).content.decode()
    assert "建议第2号" in page
    response = client.post(url, {"version": item.version, "submitted_date": item.submitted_date})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.number == 2 and item.state == State.AWAITING_ASSIGNMENT


# Steps


def test_assigning_computes_the_deadline(client, world, secretary):
    client.force_login(secretary)
    item = world["waiting"]
    url = reverse("proposal_assign", args=[item.pk])
    preview = client.get(
        url, {"assigned_date": "2025-01-31", "broad": "on"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "2025年7月31日" in preview  # six months for a broad item
    co = UnitFactory()
    response = client.post(
        url,
        {
            "version": item.version,
            "lead_unit": world["unit"].pk,
            "co_units": [co.pk],
            "assigned_date": "2025-01-31",
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.state == State.ASSIGNED
    assert item.deadline == date(2025, 4, 30)  # three months, clamped to the month's end
    lead = item.assignments.get(role=Assignment.Role.LEAD)
    assert lead.unit == world["unit"] and lead.deadline == date(2025, 4, 30)
    assert item.assignments.get(role=Assignment.Role.CO).unit == co


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "1948-12-31", "2101-01-01"])
def test_a_date_of_assignment_no_deadline_can_follow_is_refused_not_a_500(
    client, world, secretary, day
):
    """Issue 25: 9999-12-31 plus three months is past the calendar's last year. The preview
    shows today's deadline; the assignment is refused on the form, in Chinese."""
    client.force_login(secretary)
    item = world["waiting"]
    url = reverse("proposal_assign", args=[item.pk])
    preview = client.get(url, {"assigned_date": day}, HTTP_HX_REQUEST="true")
    assert preview.status_code == 200
    today = timezone.localdate()
    assert preview.context["deadline_day"] == deadlines.reply_deadline(today, item.broad)
    data = {"version": item.version, "lead_unit": world["unit"].pk, "assigned_date": day}
    response = client.post(url, data)
    assert response.status_code == 200
    assert "请输入1949年至2100年之间的日期。" in response.content.decode()
    bulk = client.post(
        reverse("proposal_bulk_assign"), _bulk_post([(item, world["unit"], [])], day=day)
    )
    assert bulk.status_code == 200
    item.refresh_from_db()
    assert item.state == State.AWAITING_ASSIGNMENT


def test_assigning_twice_shows_the_chinese_refusal(client, world, secretary):
    client.force_login(secretary)
    item = world["assigned"]
    response = client.post(
        reverse("proposal_assign", args=[item.pk]),
        {"version": item.version, "lead_unit": world["unit"].pk, "assigned_date": "2025-03-03"},
    )
    assert response.status_code == 200
    assert "不能" in response.content.decode()
    assert "“已交办”" in response.content.decode()
    assert item.assignments.count() == 1
    # Opening the step for an item that no longer allows it goes back to the item's page.
    response = client.get(reverse("proposal_assign", args=[item.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("proposal_detail", args=[item.pk])
    assert "不能" in response.content.decode()


def test_a_stale_form_is_refused(client, world, secretary):
    client.force_login(secretary)
    item = world["waiting"]
    stale = item.version
    services.proposal_assign(
        actor=secretary, proposal=item, version=item.version, lead_unit=world["unit"]
    )
    services.assignment_return(
        actor=world["officer"], assignment=item.assignments.get(active=True), reason="不属于本单位"
    )
    response = client.post(
        reverse("proposal_decline", args=[item.pk]), {"version": stale, "reason": "个人事项"}
    )
    assert response.status_code == 200
    assert "该件已被他人修改" in response.content.decode()
    item.refresh_from_db()
    assert item.state == State.AWAITING_ASSIGNMENT


def test_decline_needs_a_reason_and_notifies_the_deputy(client, world, secretary):
    client.force_login(secretary)
    item = world["waiting"]
    url = reverse("proposal_decline", args=[item.pk])
    response = client.post(url, {"version": item.version, "reason": ""})
    assert "这个字段是必填项" in response.content.decode()
    response = client.post(url, {"version": item.version, "reason": "属于个人家庭事务"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.state == State.DECLINED
    assert world["deputy"].user.notifications.filter(message__contains="属于个人家庭事务").exists()


def test_motion_review_not_accepted_needs_a_reason(client, world, secretary):
    client.force_login(secretary)
    item = world["review"]
    url = reverse("motion_review", args=[item.pk])
    response = client.post(url, {"version": item.version, "decision": "not_accept"})
    assert response.status_code == 200
    item.refresh_from_db()
    assert item.state == State.UNDER_REVIEW
    response = client.post(url, {"version": item.version, "decision": "convert"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.state == State.AWAITING_ASSIGNMENT and item.kind == "suggestion"


def test_close_milestone_and_publish(client, world, secretary):
    client.force_login(secretary)
    item = world["replied"]
    response = client.post(
        reverse("proposal_close", args=[item.pk]), {"version": item.version, "note": "代表同意"}
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.state == State.CLOSED
    response = client.post(
        reverse("milestone_add", args=[item.pk]),
        {"version": item.version, "date": "2025-06-01", "note": "已完成路基", "done": ""},
    )
    assert response.status_code == 302
    assert Milestone.objects.get(proposal=item).note == "已完成路基"
    item.refresh_from_db()
    response = client.post(reverse("proposal_publish", args=[item.pk]), {"version": item.version})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.published


# Bulk assignment


def _bulk_post(rows, day="2025-03-03"):
    data = {
        "form-TOTAL_FORMS": len(rows),
        "form-INITIAL_FORMS": len(rows),
        "assigned_date": day,
    }
    for n, (item, unit, co) in enumerate(rows):
        data[f"form-{n}-item"] = item.pk
        data[f"form-{n}-version"] = item.version
        data[f"form-{n}-lead_unit"] = unit.pk if unit else ""
        data[f"form-{n}-co_units"] = [u.pk for u in co]
    return data


def test_bulk_assign_of_three_items(client, secretary):
    client.force_login(secretary)
    items = [suggestion_in_state(State.AWAITING_ASSIGNMENT, secretary=secretary) for _ in range(4)]
    a, b, c = UnitFactory(), UnitFactory(), UnitFactory()
    page = client.get(reverse("proposal_bulk_assign")).content.decode()
    for item in items:
        assert item.title in page
    response = client.post(
        reverse("proposal_bulk_assign"),
        _bulk_post(
            [(items[0], a, [b]), (items[1], b, []), (items[2], c, [a, b]), (items[3], None, [])]
        ),
    )
    assert response.status_code == 302
    states = [Proposal.objects.get(pk=i.pk).state for i in items]
    assert states == [State.ASSIGNED] * 3 + [State.AWAITING_ASSIGNMENT]
    assert Assignment.objects.filter(proposal=items[2]).count() == 3
    assert Proposal.objects.get(pk=items[0].pk).deadline == date(2025, 6, 3)


def test_bulk_assign_assigns_nothing_when_one_row_is_refused(client, secretary):
    client.force_login(secretary)
    items = [suggestion_in_state(State.AWAITING_ASSIGNMENT, secretary=secretary) for _ in range(3)]
    unit = UnitFactory()
    rows = [(i, unit, []) for i in items]
    data = _bulk_post(rows)
    # Someone assigns the second item meanwhile: its form is stale.
    assigned(items[1], secretary, unit)
    response = client.post(reverse("proposal_bulk_assign"), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "未交办任何建议" in page and "该件已被他人修改" in page
    assert Proposal.objects.get(pk=items[0].pk).state == State.AWAITING_ASSIGNMENT
    assert Proposal.objects.get(pk=items[2].pk).state == State.AWAITING_ASSIGNMENT
    assert Assignment.objects.filter(proposal__in=[items[0], items[2]]).count() == 0


# The board


def table(response):
    """The board's list of items (the deadline panels above it left out)."""
    return response.content.decode().split('class="list proposals"', 1)[-1]


def test_board_counts_filters_and_deadline_markers(client, world, secretary):
    client.force_login(secretary)
    late = world["assigned"]
    Proposal.objects.filter(pk=late.pk).update(deadline=timezone.localdate() - timedelta(days=1))
    soon = world["replied"]
    page = client.get(reverse("proposal_board")).content.decode()
    assert "逾期" in page
    assert late.title in page and world["waiting"].title in page
    # State tab
    page = table(client.get(reverse("proposal_board"), {"state": State.ASSIGNED}))
    assert late.title in page and world["waiting"].title not in page
    # Unit filter
    page = table(client.get(reverse("proposal_board"), {"unit": world["unit"].pk}))
    assert late.title in page and soon.title in page and world["closed"].title not in page
    # Overdue filter
    page = table(client.get(reverse("proposal_board"), {"overdue": "on"}))
    assert late.title in page and soon.title not in page
    # Search
    page = table(client.get(reverse("proposal_board"), {"q": world["waiting"].title}))
    assert world["waiting"].title in page and late.title not in page
    # Session or between sessions
    session = SessionFactory()
    in_session = suggestion_in_state(
        State.AWAITING_ASSIGNMENT, secretary=secretary, session=session
    )
    page = table(client.get(reverse("proposal_board"), {"session": session.pk}))
    assert in_session.title in page and world["waiting"].title not in page
    page = table(client.get(reverse("proposal_board"), {"session": "between"}))
    assert in_session.title not in page and world["waiting"].title in page
    # Counts per state, with the filters; due soon marked
    response = client.get(reverse("proposal_board"), {"unit": world["unit"].pk})
    counts = {state: n for state, _label, n in response.context["counts"]}
    assert counts[State.ASSIGNED] == 1 and counts[State.REPLIED] == 1
    assert counts[State.AWAITING_ASSIGNMENT] == 0
    Proposal.objects.filter(pk=late.pk).update(deadline=timezone.localdate() + timedelta(days=3))
    assert "即将到期" in table(client.get(reverse("proposal_board")))


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_board_and_detail_cost_a_constant_number_of_queries(client, secretary):
    client.force_login(secretary)
    unit = UnitFactory()
    item = suggestion_in_state(
        State.REPLIED, secretary=secretary, unit=unit, co_signers=[DeputyFactory()]
    )
    suggestion_in_state(State.ASSIGNED, secretary=secretary, unit=unit)
    detail_url = reverse("proposal_detail", args=[item.pk])
    board_few, detail_few = (
        _queries(client, reverse("proposal_board")),
        _queries(client, detail_url),
    )
    for _ in range(4):
        suggestion_in_state(State.ASSIGNED, secretary=secretary, unit=UnitFactory())
        suggestion_in_state(State.AWAITING_ASSIGNMENT, secretary=secretary)
        suggestion_in_state(State.CLOSED, secretary=secretary)
    for n in range(3):
        services.milestone_add(
            actor=secretary, proposal=item, date=date(2025, 5, n + 1), note="进展"
        )
        Attachment.objects.create(proposal=item, file=f"x{n}.pdf", title=f"附件{n}")
    item.co_signers.add(DeputyFactory(), DeputyFactory())
    assert _queries(client, reverse("proposal_board")) == board_few
    assert _queries(client, detail_url) == detail_few


# Export and units


def test_export_downloads_the_summary_table(client, world, secretary):
    client.force_login(secretary)
    response = client.get(reverse("proposal_export"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Cache-Control"] == "private, no-store"  # personal data: no cache keeps it
    response = client.get(reverse("proposal_export"), {"unit": world["unit"].pk})
    assert response.status_code == 200
    from io import BytesIO

    from openpyxl import load_workbook

    sheet = load_workbook(BytesIO(response.content)).active
    titles = {str(c.value) for row in sheet.iter_rows() for c in row}
    assert world["assigned"].title in titles and world["closed"].title not in titles


def test_units_are_created_with_officers_and_edited(client, secretary):
    client.force_login(secretary)
    officer = UserFactory(role=Role.UNIT_OFFICER, name="王干事")
    stranger = UserFactory(role=Role.DEPUTY)
    page = client.get(reverse("unit_create")).content.decode()
    assert "王干事" in page and str(stranger) not in page
    response = client.post(
        reverse("unit_create"),
        {
            "name": "民政办",
            "kind": "township_office",
            "contact_person": "李主任",
            "phone": "0571-8888888",
            "officers": [officer.pk],
            "active": "on",
        },
    )
    assert response.status_code == 302
    unit = HandlingUnit.objects.get(name="民政办")
    assert list(unit.officers.all()) == [officer]
    response = client.post(
        reverse("unit_create"),
        {"name": "民政办", "kind": "township_office"},
    )
    assert response.status_code == 200
    assert "已存在" in response.content.decode()
    response = client.post(
        reverse("unit_edit", args=[unit.pk]),
        {"name": "民政办", "kind": "township_office", "officers": []},
    )
    assert response.status_code == 302
    unit.refresh_from_db()
    assert not unit.active and not unit.officers.exists()
    page = client.get(reverse("unit_list")).content.decode()
    assert "民政办" in page


def paper_form(**changes):
    data = {
        "kind": "suggestion",
        "title": "关于修缮村道的建议",
        "content": "村道坑洼。",
        "topic": "urban_rural",
        "session": "",
        "lead_deputy": DeputyFactory().pk,
        "submitted_date": timezone.localdate().isoformat(),
    }
    data.update(changes)
    return data


def test_register_and_assign_opens_the_assignment_of_the_new_item(client, secretary):
    client.force_login(secretary)
    response = client.post(reverse("proposal_register_new"), paper_form(then="assign"))
    item = Proposal.objects.get()
    assert response.url == reverse("proposal_assign", args=[item.pk])
    unit = UnitFactory()
    page = client.get(response.url).content.decode()
    assert f"已登记为{item.label}" in page
    response = client.post(
        response.url,
        {
            "version": item.version,
            "lead_unit": unit.pk,
            "assigned_date": timezone.localdate().isoformat(),
        },
    )
    item.refresh_from_db()
    assert item.state == State.ASSIGNED


def test_register_only_and_a_motion_open_the_item_page(client, secretary):
    client.force_login(secretary)
    response = client.post(reverse("proposal_register_new"), paper_form())
    assert response.url == reverse("proposal_detail", args=[Proposal.objects.get().pk])
    signers = [DeputyFactory().pk for _ in range(4)]
    response = client.post(
        reverse("proposal_register_new"),
        paper_form(kind="motion", title="关于整治河道的议案", co_signers=signers, then="assign"),
    )
    motion = Proposal.objects.get(kind="motion")
    assert response.url == reverse("proposal_detail", args=[motion.pk])
