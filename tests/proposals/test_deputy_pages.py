"""The deputy's 我的建议 pages and the public list: permissions per role, object-level rules,
the flows through the pages, Chinese refusals, and constant query counts."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from congress.roles import Role
from proposals import selectors
from proposals.models import Evaluation, Proposal, State, Verdict
from tests.factories import (
    DeputyFactory,
    ProposalFactory,
    SessionFactory,
    UnitFactory,
    UserFactory,
)
from tests.form_token import form_token
from tests.proposals.helpers import (
    assigned,
    deputy_with_user,
    evaluated,
    registered,
    replied,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def deputy_a():
    return deputy_with_user(name="张三")


@pytest.fixture
def deputy_b():
    return deputy_with_user(name="李四")


def login(client, user):
    client.force_login(user)
    return client


def draft_data(**extra):
    data = {
        "kind": "suggestion",
        "title": "关于修缮河东村道的建议",
        "content": "村道破损，建议修缮。",
        "topic": "transport",
        "session": "",
        "save": "1",
    }
    data.update(extra)
    return data


# Every URL × every role


def deputy_urls(item):
    return [
        ("get", reverse("my_proposals")),
        ("get", reverse("my_proposal_create")),
        ("get", reverse("my_proposal_edit", args=[item.pk])),
        ("get", reverse("proposal_submit", args=[item.pk])),
        ("get", reverse("proposal_withdraw", args=[item.pk])),
        ("get", reverse("proposal_evaluate", args=[item.pk])),
        ("post", reverse("proposal_submit", args=[item.pk])),
        ("post", reverse("proposal_withdraw", args=[item.pk])),
    ]


def test_anonymous_users_are_sent_to_login(client, deputy_a):
    item = ProposalFactory(lead_deputy=deputy_a)
    for method, url in deputy_urls(item):
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("login")), url
    assert Proposal.objects.get().state == State.DRAFT


@pytest.mark.parametrize(
    "role", [Role.SECRETARY, Role.PRESIDIUM, Role.UNIT_OFFICER, Role.ELECTION_STAFF]
)
def test_other_roles_are_forbidden(client, deputy_a, role):
    item = ProposalFactory(lead_deputy=deputy_a)
    login(client, UserFactory(role=role))
    for method, url in deputy_urls(item):
        assert getattr(client, method)(url).status_code == 403, url
    assert Proposal.objects.get().state == State.DRAFT


def test_deputy_reaches_own_pages(client, deputy_a):
    item = ProposalFactory(lead_deputy=deputy_a)
    login(client, deputy_a.user)
    for url in (
        reverse("my_proposals"),
        reverse("my_proposal_create"),
        reverse("my_proposal_edit", args=[item.pk]),
        reverse("proposal_submit", args=[item.pk]),
        reverse("proposal_withdraw", args=[item.pk]),
    ):
        assert client.get(url).status_code == 200, url
    # No reply yet: evaluating is not a step the deputy can take.
    assert client.get(reverse("proposal_evaluate", args=[item.pk])).status_code == 403


def test_deputy_account_without_linked_deputy_gets_a_chinese_message(client, deputy_user):
    login(client, deputy_user)
    for url in (
        reverse("my_proposals"),
        reverse("my_proposal_create"),
        reverse("my_proposal_edit", args=[1]),
    ):
        response = client.get(url)
        if url.endswith("/edit/"):
            assert response.status_code == 200
        page = response.content.decode()
        assert "尚未与代表名册中的代表关联" in page, url


# Object level: another deputy's items


def test_deputy_cannot_touch_another_deputys_item(client, deputy_a, deputy_b, secretary):
    draft = ProposalFactory(lead_deputy=deputy_b)
    answered = replied(assigned(ProposalFactory(lead_deputy=deputy_b), secretary, UnitFactory()))
    login(client, deputy_a.user)
    for item in (draft, answered):
        for name in (
            "my_proposal_edit",
            "proposal_submit",
            "proposal_withdraw",
            "proposal_evaluate",
        ):
            url = reverse(name, args=[item.pk])
            assert client.get(url).status_code == 404, url
            assert (
                client.post(url, {"version": item.version, "verdict": "satisfied"}).status_code
                == 404
            )
    assert client.get(reverse("proposal_detail", args=[draft.pk])).status_code in (403, 404)
    draft.refresh_from_db()
    answered.refresh_from_db()
    assert draft.state == State.DRAFT and answered.state == State.REPLIED
    page = client.get(reverse("my_proposals")).content.decode()
    assert draft.title not in page and answered.title not in page
    page = client.get(reverse("my_proposals") + "?tab=cosigned").content.decode()
    assert draft.title not in page


def test_co_signer_sees_and_evaluates_but_cannot_edit(client, deputy_a, deputy_b, secretary):
    item = ProposalFactory(lead_deputy=deputy_b, co_signers=[deputy_a])
    login(client, deputy_a.user)
    page = client.get(reverse("my_proposals") + "?tab=cosigned").content.decode()
    assert item.title in page and "李四" in page
    for name in ("my_proposal_edit", "proposal_submit", "proposal_withdraw"):
        assert client.get(reverse(name, args=[item.pk])).status_code == 403, name
        assert (
            client.post(reverse(name, args=[item.pk]), {"version": item.version}).status_code == 403
        )
    item = replied(assigned(item, secretary, UnitFactory()), category="B")
    page = client.get(reverse("my_proposals") + "?tab=cosigned").content.decode()
    assert reverse("proposal_evaluate", args=[item.pk]) in page
    url = reverse("proposal_evaluate", args=[item.pk])
    assert "已安排资金修缮" in client.get(url).content.decode()
    response = client.post(url, {"verdict": "unsatisfied", "comment": "还没修好"})
    assert response.status_code == 302
    item.refresh_from_db()
    # A co-signer's evaluation is recorded; only the lead deputy's moves the item.
    assert item.state == State.REPLIED
    assert Evaluation.objects.get().deputy == deputy_a
    # Evaluated once per reply: asked again, the item's page says it was done.
    assert client.get(url).url == item.get_absolute_url()


# Flows through the pages


def test_draft_then_edit_then_submit(client, deputy_a):
    signer = DeputyFactory(name="王五")
    login(client, deputy_a.user)
    page = client.get(reverse("my_proposal_create")).content.decode()
    assert "王五" in page and "闭会期间" in page
    import io

    from PIL import Image

    jpeg = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(jpeg, "JPEG")  # attachments are checked by content
    attachment = SimpleUploadedFile("照片.jpg", jpeg.getvalue(), content_type="image/jpeg")
    response = client.post(
        reverse("my_proposal_create"),
        draft_data(co_signers=[signer.pk], attachments=[attachment]),
    )
    assert response.status_code == 302
    item = Proposal.objects.get()
    assert item.state == State.DRAFT and item.lead_deputy == deputy_a
    assert list(item.co_signers.all()) == [signer]
    assert item.attachments.count() == 1 and item.session is None
    page = client.get(reverse("my_proposals")).content.decode()
    assert item.title in page and "草稿" in page
    assert reverse("my_proposal_edit", args=[item.pk]) in page

    item.refresh_from_db()
    response = client.post(
        reverse("my_proposal_edit", args=[item.pk]),
        draft_data(title="关于修缮河西村道的建议", version=item.version, co_signers=[]),
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.title == "关于修缮河西村道的建议" and item.co_signers.count() == 0

    url = reverse("proposal_submit", args=[item.pk])
    assert "提交" in client.get(url).content.decode()
    assert client.post(url, {"version": item.version}).status_code == 302
    item.refresh_from_db()
    assert item.state == State.SUBMITTED and item.submitted_date == timezone.localdate()
    # No more editing: the edit page left open goes to the item, which says it was submitted.
    edit = client.get(reverse("my_proposal_edit", args=[item.pk]))
    assert edit.url == item.get_absolute_url()


def test_five_identical_new_suggestion_posts_make_one_draft(client, deputy_a):
    """Issue 25: a double click (or five) on 保存 gives one draft; every further sending
    leads to it, saying it was already sent."""
    login(client, deputy_a.user)
    url = reverse("my_proposal_create")
    data = draft_data(form_token=form_token(client, url))
    responses = [client.post(url, data) for _ in range(5)]
    item = Proposal.objects.get()
    assert item.state == State.DRAFT and item.events.count() == 1
    assert responses[0].url == reverse("my_proposals")
    assert {r.url for r in responses[1:]} == {item.get_absolute_url()}
    page = client.get(item.get_absolute_url()).content.decode()
    assert "这张表已经提交过了，以下是当时保存的内容。" in page
    # Saved and submitted at once, sent twice: one submitted item.
    data = draft_data(form_token=form_token(client, url), title="第二件", submit="1")
    client.post(url, data)
    client.post(url, data)
    assert Proposal.objects.filter(title="第二件", state=State.SUBMITTED).count() == 1


def test_stale_edit_is_refused(client, deputy_a):
    item = ProposalFactory(lead_deputy=deputy_a)
    login(client, deputy_a.user)
    stale = item.version
    client.post(reverse("my_proposal_edit", args=[item.pk]), draft_data(version=stale))
    response = client.post(
        reverse("my_proposal_edit", args=[item.pk]), draft_data(title="覆盖", version=stale)
    )
    assert response.status_code == 200
    assert "重新加载" in response.content.decode() or "刷新" in response.content.decode()
    item.refresh_from_db()
    assert item.title != "覆盖"


def test_save_and_submit_in_one_step_and_sessions_offered(client, deputy_a):
    today = timezone.localdate()
    past = SessionFactory(
        start_date=today - timedelta(days=60), end_date=today - timedelta(days=59)
    )
    coming = SessionFactory(
        start_date=today + timedelta(days=5), end_date=today + timedelta(days=6)
    )
    login(client, deputy_a.user)
    form = client.get(reverse("my_proposal_create")).context["form"]
    assert list(form.fields["session"].queryset) == [coming]
    response = client.post(reverse("my_proposal_create"), draft_data(session=past.pk, submit="1"))
    assert response.status_code == 200  # a past session cannot be chosen
    assert not Proposal.objects.exists()
    response = client.post(
        reverse("my_proposal_create"),
        draft_data(session=coming.pk, submit="1", save=""),
    )
    assert response.status_code == 302
    item = Proposal.objects.get()
    assert item.state == State.SUBMITTED and item.session == coming


def test_motion_with_fewer_than_five_deputies_is_refused_in_chinese(client, deputy_a):
    signers = DeputyFactory.create_batch(3)
    login(client, deputy_a.user)
    response = client.post(
        reverse("my_proposal_create"),
        draft_data(kind="motion", co_signers=[d.pk for d in signers], submit="1"),
    )
    assert response.status_code == 200
    assert "议案" in response.content.decode() and "5" in response.content.decode()
    assert not Proposal.objects.exists()  # nothing half-saved
    signers.append(DeputyFactory())
    response = client.post(
        reverse("my_proposal_create"),
        draft_data(kind="motion", co_signers=[d.pk for d in signers], submit="1"),
    )
    assert response.status_code == 302
    assert Proposal.objects.get().state == State.SUBMITTED


def test_bad_attachment_is_refused_in_chinese(client, deputy_a):
    login(client, deputy_a.user)
    bad = SimpleUploadedFile("病毒.exe", b"MZ", content_type="application/octet-stream")
    response = client.post(reverse("my_proposal_create"), draft_data(attachments=[bad]))
    assert response.status_code == 200
    assert "病毒.exe" in response.content.decode() and "不是" in response.content.decode()
    response = client.post(reverse("my_proposal_create"), draft_data(title=""))
    assert "这个字段是必填项" in response.content.decode()
    assert not Proposal.objects.exists()


def test_withdraw_with_reason(client, deputy_a, secretary):
    item = registered(ProposalFactory(lead_deputy=deputy_a), secretary)
    login(client, deputy_a.user)
    url = reverse("proposal_withdraw", args=[item.pk])
    assert "撤回" in client.get(url).content.decode()
    assert (
        client.post(url, {"version": item.version, "reason": "问题已自行解决"}).status_code == 302
    )
    item.refresh_from_db()
    assert item.state == State.WITHDRAWN
    assert item.events.last().note == "问题已自行解决"
    # Once assigned an item cannot be withdrawn.
    other = assigned(ProposalFactory(lead_deputy=deputy_a), secretary, UnitFactory())
    assert client.get(reverse("proposal_withdraw", args=[other.pk])).status_code == 403


def test_unsatisfied_then_rehandled_then_satisfied_closes(client, deputy_a, secretary):
    item = replied(assigned(ProposalFactory(lead_deputy=deputy_a), secretary, UnitFactory()))
    login(client, deputy_a.user)
    url = reverse("proposal_evaluate", args=[item.pk])
    response = client.post(url, {"verdict": "unsatisfied", "comment": ""})
    assert response.status_code == 200
    assert "不满意" in response.content.decode()
    item.refresh_from_db()
    assert item.state == State.REPLIED
    assert client.post(url, {"verdict": "unsatisfied", "comment": "路还是坏的"}).status_code == 302
    item.refresh_from_db()
    assert item.state == State.REHANDLING
    assert item.deadline > timezone.localdate()
    # Nothing to evaluate until the new reply: the page says this reply was evaluated.
    assert client.get(url).url == item.get_absolute_url()
    item = replied(item, category="A", text="已全部修好。")
    page = client.get(url).content.decode()
    assert "已全部修好" in page
    assert client.post(url, {"verdict": "satisfied", "comment": ""}).status_code == 302
    item.refresh_from_db()
    assert item.state == State.CLOSED
    assert list(item.evaluations.values_list("verdict", flat=True)) == [
        Verdict.UNSATISFIED,
        Verdict.SATISFIED,
    ]


# The list shows what the deputy can do, at a constant cost


def test_my_proposals_rows_show_state_unit_deadline_reply_and_next_steps(
    client, deputy_a, secretary
):
    unit = UnitFactory(name="镇交通办")
    draft = ProposalFactory(lead_deputy=deputy_a, title="草稿建议")
    answered = replied(
        assigned(ProposalFactory(lead_deputy=deputy_a, title="已答复建议"), secretary, unit),
        category="B",
    )
    login(client, deputy_a.user)
    response = client.get(reverse("my_proposals"))
    page = response.content.decode()
    assert "镇交通办" in page and answered.label in page
    assert answered.deadline.strftime("%Y年%-m月%-d日") in page
    assert "B" in page and reverse("proposal_evaluate", args=[answered.pk]) in page
    assert reverse("my_proposal_edit", args=[draft.pk]) in page
    assert "我领衔的（2）" in page and "我附议的（0）" in page
    # The buttons are exactly those the item's own page offers.
    for row in response.context["rows"]:
        assert row["actions"] == selectors.steps_for(deputy_a.user, row["item"])
    steps = {row["item"].pk: [s.action for s in row["actions"]] for row in response.context["rows"]}
    assert steps == {draft.pk: ["edit", "submit", "withdraw"], answered.pk: ["evaluate"]}


def test_my_proposals_costs_a_constant_number_of_queries(client, deputy_a, secretary):
    login(client, deputy_a.user)
    unit = UnitFactory()

    def add_rows():
        ProposalFactory(lead_deputy=deputy_a, co_signers=[DeputyFactory()])
        evaluated(
            replied(assigned(ProposalFactory(lead_deputy=deputy_a), secretary, unit)),
            Verdict.UNSATISFIED,
        )
        replied(assigned(ProposalFactory(lead_deputy=deputy_a), secretary, unit))
        ProposalFactory(co_signers=[deputy_a])

    def count(url):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    add_rows()
    for url in (reverse("my_proposals"), reverse("my_proposals") + "?tab=cosigned"):
        few = count(url)
        add_rows()
        add_rows()
        assert count(url) == few, url


# Public page


def test_public_page_shows_published_only_and_no_phone_numbers(client, secretary):
    unit = UnitFactory(name="镇农业农村办", phone="0571-7654321")
    published = evaluated(
        replied(
            assigned(ProposalFactory(title="公开的建议"), secretary, unit),
            category="A",
            text="已修缮完毕，联系电话13912345678。",
        ),
        Verdict.SATISFIED,
        actor=secretary,
    )
    from proposals import services

    services.proposal_publish(actor=secretary, proposal=published, version=published.version)
    evaluated(
        replied(assigned(ProposalFactory(title="未公开的建议"), secretary, unit)),
        actor=secretary,
    )
    ProposalFactory(title="草稿中的建议")
    response = client.get(reverse("public_proposals"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "公开的建议" in page and "镇农业农村办" in page and "已修缮完毕" in page
    assert published.label in page
    assert "未公开的建议" not in page and "草稿中的建议" not in page
    assert "13912345678" not in page and "0571-7654321" not in page
    assert published.lead_deputy.phone not in page


def test_public_page_costs_a_constant_number_of_queries(client, secretary):
    from proposals import services

    unit = UnitFactory()

    def publish_one():
        item = evaluated(replied(assigned(ProposalFactory(), secretary, unit)), actor=secretary)
        services.proposal_publish(actor=secretary, proposal=item, version=item.version)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("public_proposals")).status_code == 200
        return len(queries)

    publish_one()
    few = count()
    publish_one()
    publish_one()
    assert count() == few
