"""Deputies' drafts are theirs (issue 11): until the deputy submits it, a draft is read only by
its lead deputy and co-signers. The secretary and the presidium neither read it (page, files,
board, export, figures, back office) nor register it; the secretary registers submitted items
and the paper forms she enters herself."""

from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from congress.roles import Role
from proposals import selectors, services
from proposals.models import Proposal, State
from tests.factories import DeputyFactory, ProposalFactory, UserFactory
from tests.proposals.helpers import deputy_with_user, submitted

pytestmark = pytest.mark.django_db

TITLE = "关于村口增设路灯的建议（草稿）"
REFUSAL = "该件仍是代表的草稿，代表提交后方可登记。"


@pytest.fixture
def draft():
    """A deputy's draft with a co-signer and an attachment, written by the deputy."""
    lead, co_signer = deputy_with_user(), deputy_with_user()
    item = Proposal(kind="suggestion", title=TITLE, content="村口夜间无照明。", topic="transport")
    item.lead_deputy = lead
    services.proposal_draft(actor=lead.user, proposal=item, co_signers=[co_signer])
    attachment = services.attachment_add(
        actor=lead.user, proposal=item, file=SimpleUploadedFile("草图.pdf", b"%PDF-1.4 draft")
    )
    item.refresh_from_db()
    item.attachment = attachment
    return item


def pages(item):
    return [
        reverse("proposal_detail", args=[item.pk]),
        reverse("attachment_download", args=[item.attachment.pk]),
        reverse("proposal_register", args=[item.pk]),
    ]


def test_the_secretary_and_the_presidium_do_not_reach_a_deputys_draft(
    client, draft, secretary, presidium_user
):
    for user in (secretary, presidium_user):
        client.force_login(user)
        for url in pages(draft)[:2]:
            assert client.get(url).status_code == 404, (user, url)
    client.force_login(secretary)
    assert client.get(pages(draft)[2]).status_code == 404
    response = client.post(pages(draft)[2], {"version": draft.version, "submitted_date": ""})
    assert response.status_code == 404
    draft.refresh_from_db()
    assert (draft.state, draft.number) == (State.DRAFT, None)
    # The deputy and the co-signer read it, files included.
    for deputy in (draft.lead_deputy, draft.co_signers.get()):
        client.force_login(deputy.user)
        for url in pages(draft)[:2]:
            assert client.get(url).status_code == 200, (deputy, url)


def test_the_service_refuses_to_register_a_deputys_draft(draft, secretary):
    with pytest.raises(ValidationError) as refused:
        services.proposal_register(actor=secretary, proposal=draft, version=draft.version)
    assert refused.value.messages == [REFUSAL]
    draft.refresh_from_db()
    assert (draft.state, draft.number, draft.events.count()) == (State.DRAFT, None, 2)
    # Once the deputy submits it, it is the secretary's to register.
    submitted(draft, actor=draft.lead_deputy.user)
    services.proposal_register(actor=secretary, proposal=draft, version=draft.version)
    draft.refresh_from_db()
    assert (draft.state, draft.number) == (State.AWAITING_ASSIGNMENT, 1)


def test_a_draft_is_on_no_board_export_or_figure(client, draft, secretary):
    withdrawn = ProposalFactory(title="撤回的草稿")
    services.proposal_withdraw(actor=None, proposal=withdrawn, version=withdrawn.version)
    shown = submitted(ProposalFactory(title="已提交的建议"))
    client.force_login(secretary)
    for query in ({}, {"state": State.DRAFT}, {"state": State.WITHDRAWN}, {"q": "草稿"}):
        page = client.get(reverse("proposal_board"), query).content.decode()
        assert TITLE not in page and withdrawn.title not in page, query
    board = client.get(reverse("proposal_board"), {"state": State.SUBMITTED}).content.decode()
    assert shown.title in board
    assert set(selectors.board(secretary)) == {shown}
    for query in ({}, {"state": State.DRAFT}):
        response = client.get(reverse("proposal_export"), query)
        cells = {
            str(c.value) for row in load_workbook(BytesIO(response.content)).active for c in row
        }
        assert TITLE not in cells, query
    today = timezone.localdate()
    stats = selectors.handling_stats(today.replace(month=1, day=1), today)
    assert stats.received_suggestions == 1  # the submitted one
    # Nor in the back office, for the secretary with an admin account.
    secretary.is_staff = True
    secretary.save()
    for name in ("proposal", "attachment", "event"):
        page = client.get(reverse(f"admin:proposals_{name}_changelist")).content.decode()
        assert TITLE not in page and "草图.pdf" not in page, name
    assert client.get(reverse("admin:proposals_proposal_change", args=[draft.pk])).status_code in (
        302,
        404,
    )


def test_units_never_see_drafts(draft):
    officer = UserFactory(role=Role.UNIT_OFFICER)
    assert not selectors.proposals_visible_to(officer).exists()


def test_a_paper_form_the_secretary_enters_is_hers_to_register(client, secretary):
    client.force_login(secretary)
    lead = DeputyFactory()
    response = client.post(
        reverse("proposal_register_new"),
        {
            "kind": "suggestion",
            "title": "关于修缮水渠的建议",
            "content": "水渠渗漏。",
            "topic": "environment",
            "session": "",
            "lead_deputy": lead.pk,
            "submitted_date": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 302, response.content.decode()
    assert Proposal.objects.get().state == State.AWAITING_ASSIGNMENT
    # A draft she entered herself (not yet registered) she reads and registers.
    own = ProposalFactory(created_by=secretary, lead_deputy=lead)
    assert client.get(reverse("proposal_detail", args=[own.pk])).status_code == 200
    services.proposal_register(actor=secretary, proposal=own, version=own.version)
    own.refresh_from_db()
    assert own.state == State.AWAITING_ASSIGNMENT


def test_a_presidium_member_who_is_a_deputy_still_opens_own_draft(client, presidium_user):
    deputy = DeputyFactory(user=presidium_user)
    own = ProposalFactory(lead_deputy=deputy)
    assert set(selectors.proposals_visible_to(presidium_user)) == {own}
    client.force_login(presidium_user)
    assert client.get(reverse("proposal_detail", args=[own.pk])).status_code == 200
