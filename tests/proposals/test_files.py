"""An item's attachments and signed reply letters: who may download them (the same people who
may open the item's page), the links on the pages, and the checks on upload."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from congress.roles import Role
from proposals import services
from proposals.models import Proposal, Reply, State
from tests.factories import ProposalFactory, UnitFactory, UserFactory
from tests.proposals import helpers

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%signed letter\n%%EOF\n"
ATTACHMENT_NAME = "现场照片说明.pdf"
HTML = b"<html><script>alert(1)</script></html>"
# A PDF opens in the browser (WeChat's browser blocks downloads); the 下载 button beside its
# link asks for ?download=1.
FILENAME = {
    "attachment": "filename*=utf-8''%E7%8E%B0%E5%9C%BA%E7%85%A7%E7%89%87%E8%AF%B4%E6%98%8E.pdf",
    "letter": "filename*=utf-8''%E7%AD%94%E5%A4%8D%E5%87%BD.pdf",
}
DISPOSITION = {kind: f"inline; {name}" for kind, name in FILENAME.items()}


def reply_with_letter(item, officer):
    """The unit's reply with its signed letter, 答复函.pdf."""
    services.reply_submit(
        actor=officer,
        proposal=item,
        version=item.version,
        reply=Reply(
            text="已安排资金修缮。",
            category="A",
            contact_person="王科长",
            phone="0571-1234567",
            attachment=SimpleUploadedFile("答复函.pdf", PDF),
            attachment_name="答复函.pdf",
        ),
    )


@pytest.fixture
def world(secretary):
    """One replied item with an attachment and a signed letter, and one person per role."""
    lead = helpers.deputy_with_user(name="李代表")
    co_signer = helpers.deputy_with_user(name="王代表")
    officer = UserFactory(role=Role.UNIT_OFFICER)
    unit = UnitFactory(name="镇交通办", officers=[officer])
    item = ProposalFactory(lead_deputy=lead, co_signers=[co_signer])
    attachment = services.attachment_add(
        actor=lead.user,
        proposal=item,
        file=SimpleUploadedFile(ATTACHMENT_NAME, PDF + b"attachment"),
    )
    helpers.assigned(item, secretary, unit)
    reply_with_letter(item, officer)
    item.refresh_from_db()
    assert item.state == State.REPLIED
    return {
        "item": item,
        "files": {
            "attachment": (
                reverse("attachment_download", args=[attachment.pk]),
                PDF + b"attachment",
            ),
            "letter": (reverse("reply_letter", args=[item.replies.get().pk]), PDF),
        },
        "users": {
            "secretary": secretary,
            "presidium": UserFactory(role=Role.PRESIDIUM),
            "lead deputy": lead.user,
            "co-signer": co_signer.user,
            "other deputy": helpers.deputy_with_user().user,
            "officer of the assigned unit": officer,
            "officer of another unit": UnitFactory(
                officers=[UserFactory(role=Role.UNIT_OFFICER)]
            ).officers.get(),
            "election staff": UserFactory(role=Role.ELECTION_STAFF),
        },
    }


# Stated by hand from domain.md §6: the item's readers, nobody else.
ALLOWED = {
    "secretary": True,
    "presidium": True,
    "lead deputy": True,
    "co-signer": True,
    "other deputy": False,
    "officer of the assigned unit": True,
    "officer of another unit": False,
    "election staff": False,
}


@pytest.mark.parametrize(("query", "disposition"), [("", "inline"), ("?download=1", "attachment")])
@pytest.mark.parametrize("kind", ["attachment", "letter"])
@pytest.mark.parametrize("role", list(ALLOWED))
def test_each_role_gets_the_file_or_a_404(client, world, role, kind, query, disposition):
    url, content = world["files"][kind]
    client.force_login(world["users"][role])
    response = client.get(url + query)
    if ALLOWED[role]:
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == content
        assert response["Content-Disposition"] == f"{disposition}; {FILENAME[kind]}"
        assert response["Cache-Control"] == "private, no-store"
    else:
        assert response.status_code == 404
        assert not hasattr(response, "streaming_content")


@pytest.mark.parametrize("kind", ["attachment", "letter"])
def test_anonymous_visitors_go_to_the_login_page_even_for_a_published_item(client, world, kind):
    item = world["item"]
    Proposal.objects.filter(pk=item.pk).update(published=True)
    url, _content = world["files"][kind]
    response = client.get(url)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    # The public page of published items shows no files (it masks phone numbers, which the
    # papers carry), so a published item's files stay with its readers.
    client.force_login(world["users"]["other deputy"])
    assert client.get(url).status_code == 404


def test_a_unit_that_returned_the_item_no_longer_gets_its_attachment(client, secretary):
    officer = UserFactory(role=Role.UNIT_OFFICER)
    item = ProposalFactory()
    attachment = services.attachment_add(
        actor=secretary, proposal=item, file=SimpleUploadedFile("表.pdf", PDF)
    )
    helpers.assigned(item, secretary, UnitFactory(officers=[officer]))
    url = reverse("attachment_download", args=[attachment.pk])
    client.force_login(officer)
    assert client.get(url).status_code == 200
    helpers.returned(item, officer)
    assert client.get(url).status_code == 404


def test_a_reply_without_a_letter_and_unknown_ids_are_404(client, secretary):
    item = helpers.suggestion_in_state(State.REPLIED, secretary=secretary)
    client.force_login(secretary)
    assert client.get(reverse("reply_letter", args=[item.replies.get().pk])).status_code == 404
    assert client.get(reverse("attachment_download", args=[999])).status_code == 404


def test_a_letter_missing_from_storage_is_a_chinese_404(client, world):
    world["item"].replies.get().attachment.storage.delete(
        world["item"].replies.get().attachment.name
    )
    client.force_login(world["users"]["secretary"])
    response = client.get(world["files"]["letter"][0])
    assert response.status_code == 404
    assert "服务器上已没有这个文件" in response.content.decode()


def test_the_pages_link_the_download_views_never_media(client, world):
    item = world["item"]
    attachment_url, letter_url = world["files"]["attachment"][0], world["files"]["letter"][0]
    client.force_login(world["users"]["lead deputy"])
    detail = client.get(reverse("proposal_detail", args=[item.pk])).content.decode()
    assert f'href="{attachment_url}"' in detail and f'href="{letter_url}"' in detail
    evaluate = client.get(reverse("proposal_evaluate", args=[item.pk])).content.decode()
    assert f'href="{letter_url}"' in evaluate
    # Beside each PDF opened in the browser, its 下载 button.
    for url in (attachment_url, letter_url):
        assert f'href="{url}?download=1"' in detail
    assert f'href="{letter_url}?download=1"' in evaluate
    for page in (detail, evaluate):
        assert "/media/" not in page


def test_the_draft_form_links_its_attachments(client):
    deputy = helpers.deputy_with_user()
    item = ProposalFactory(lead_deputy=deputy)
    attachment = services.attachment_add(
        actor=deputy.user, proposal=item, file=SimpleUploadedFile("表.pdf", PDF)
    )
    client.force_login(deputy.user)
    page = client.get(reverse("my_proposal_edit", args=[item.pk])).content.decode()
    assert f'href="{reverse("attachment_download", args=[attachment.pk])}"' in page


# Uploads are checked by content


def draft_data(**changes):
    data = {"kind": "suggestion", "title": "关于修路的建议", "content": "村道破损。"}
    data.update(topic="transport", session="")
    data.update(changes)
    return data


def test_a_web_page_renamed_pdf_is_refused_as_a_draft_attachment(client):
    deputy = helpers.deputy_with_user()
    client.force_login(deputy.user)
    response = client.post(
        reverse("my_proposal_create"),
        draft_data(attachments=[SimpleUploadedFile("材料.pdf", HTML)]),
    )
    assert response.status_code == 200
    assert "“材料.pdf”是网页或 SVG 矢量图，不是文档或图片，不能上传。" in response.content.decode()
    assert not deputy.proposals_led.exists()


def test_the_reply_form_stores_the_letter_under_a_random_name_and_keeps_its_own(client, secretary):
    officer = UserFactory(role=Role.UNIT_OFFICER)
    item = helpers.assigned(ProposalFactory(), secretary, UnitFactory(officers=[officer]))
    client.force_login(officer)
    data = {
        "version": item.version,
        "category": "A",
        "text": "已修缮。",
        "contact_person": "王科长",
        "phone": "0571-1234567",
        "date": timezone.localdate().isoformat(),
    }
    url = reverse("proposal_reply", args=[item.pk])
    refused = client.post(url, {**data, "attachment": SimpleUploadedFile("答复函.pdf", HTML)})
    assert refused.status_code == 200
    assert "“答复函.pdf”是网页或 SVG 矢量图" in refused.content.decode()
    assert not Reply.objects.exists()

    response = client.post(
        url, {**data, "attachment": SimpleUploadedFile("镇交通办答复函.pdf", PDF)}
    )
    assert response.status_code == 302
    reply = Reply.objects.get()
    assert "镇交通办" not in reply.attachment.name and reply.attachment.name.endswith(".pdf")
    assert reply.attachment_download_name == "镇交通办答复函.pdf"
    assert default_storage.open(reply.attachment.name).read() == PDF


def test_a_letter_stored_before_random_names_downloads_under_its_stored_name(client, world):
    old_name = default_storage.save("proposals/replies/2024/答复函.pdf", ContentFile(PDF))
    reply = world["item"].replies.get()
    Reply.objects.filter(pk=reply.pk).update(attachment=old_name, attachment_name="")
    client.force_login(world["users"]["secretary"])
    response = client.get(world["files"]["letter"][0])
    assert response.status_code == 200
    assert response["Content-Disposition"] == DISPOSITION["letter"]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_deputy_opens_the_signed_letter_before_evaluating(browser, live_server, secretary):
    from tests.browser import log_in

    deputy = helpers.deputy_with_user(name="李代表")
    deputy.user.username = "daibiao"
    deputy.user.save()
    officer = UserFactory(role=Role.UNIT_OFFICER)
    item = helpers.assigned(
        ProposalFactory(lead_deputy=deputy), secretary, UnitFactory(officers=[officer])
    )
    reply_with_letter(item, officer)
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        locale="zh-CN",
        accept_downloads=True,
    )
    phone = context.new_page()
    log_in(phone, live_server, "daibiao")
    phone.get_by_role("navigation").get_by_role("link", name="我的建议").click()
    phone.get_by_role("link", name="评价答复").first.click()
    letter = phone.get_by_role("link", name="查看答复函", exact=True)
    # The letter opens in the browser (WeChat's blocks downloads), in the same tab…
    assert letter.get_attribute("target") is None
    shown = phone.request.get(live_server.url + letter.get_attribute("href"))
    assert shown.headers["content-disposition"].startswith("inline;")
    # …and the 下载 button beside it downloads it.
    with phone.expect_download() as caught:
        phone.get_by_role("link", name="下载", exact=True).click()
    download = caught.value
    assert download.suggested_filename == "答复函.pdf"
    with open(download.path(), "rb") as handle:
        assert handle.read() == PDF
    # Still on the evaluation page, ready to evaluate.
    assert phone.get_by_role("button", name="提交评价").is_visible()
    context.close()
