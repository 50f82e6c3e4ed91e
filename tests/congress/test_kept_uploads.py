# ruff: noqa: F401, F811 (fixtures imported from the tests of the forms, used as arguments)
"""A refused form keeps its files for the retry (congress.kept_uploads, issue 27): per form kind,
refused once, sent again without the file, the record has the file; a token from another
session or altered is refused in Chinese; an invalid file is not kept; unused files go."""

import io
import os
import re
import time

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from congress.kept_uploads import KEPT_FOLDER, KEPT_HOURS
from congress.services import kept_uploads_purge
from deputies.models import Deputy
from intake.models import Opinion
from proposals.models import Proposal, Reply
from tests.assembly.helpers import held_session
from tests.assembly.helpers import item as agenda_item
from tests.deputies.test_pages import deputy_data
from tests.factories import ProposalFactory, TermFactory
from tests.intake.conftest import world
from tests.intake.test_pages import FORM as OPINION_FORM
from tests.proposals.helpers import assigned, deputy_with_user
from tests.proposals.test_board_pages import paper_form
from tests.proposals.test_deputy_pages import draft_data
from tests.proposals.test_unit_pages import officer, pdf, reply_data, unit

pytestmark = pytest.mark.django_db

KEPT_NOTE = "已上传：{}（无需重新选择；如需更换请重新选择文件）"
TOKEN = re.compile(r'name="([\w-]+__kept)" value="([^"]+)"')


def _png(name="现场.png"):
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "blue").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def _kept_token(response):
    match = TOKEN.search(response.content.decode())
    assert match, "the refused form carries no kept file"
    return match[1], match[2]


def _kept_files():
    folders, files = (
        default_storage.listdir(KEPT_FOLDER) if default_storage.exists(KEPT_FOLDER) else ([], [])
    )
    return [f for folder in folders for f in default_storage.listdir(f"{KEPT_FOLDER}/{folder}")[1]]


def test_a_voters_photo_survives_a_missing_consent(client, world):
    url = reverse("intake_public", args=[world.code_a.token])
    refused = client.post(url, {**OPINION_FORM, "consent": "", "photo": _png()})
    assert refused.status_code == 200 and not Opinion.objects.exists()
    page = refused.content.decode()
    # The photo is kept as its checked copy, under the voter's own name for it.
    assert KEPT_NOTE.format("现场.png") in page
    name, token = _kept_token(refused)
    assert name == "photo__kept" and 'name="photo" required' not in page
    assert client.post(url, {**OPINION_FORM, name: token}).status_code == 302
    opinion = Opinion.objects.get()
    with opinion.photo.open("rb") as stored, Image.open(stored) as image:
        assert image.size == (8, 8)


def test_a_reply_pdf_survives_an_error_elsewhere_on_the_form(client, secretary, unit, officer):
    item = assigned(ProposalFactory(), secretary, unit)
    client.force_login(officer)
    url = reverse("proposal_reply", args=[item.pk])
    refused = client.post(url, reply_data(item, category=""))
    assert refused.status_code == 200 and KEPT_NOTE.format("答复函.pdf") in refused.content.decode()
    name, token = _kept_token(refused)
    data = reply_data(item)
    del data["attachment"]
    assert client.post(url, {**data, name: token}).status_code == 302
    reply = Reply.objects.get()
    assert reply.attachment_name == "答复函.pdf" and reply.attachment.read().startswith(b"%PDF-")


def test_a_reply_pdf_survives_a_services_refusal(client, secretary, unit, officer):
    item = assigned(ProposalFactory(), secretary, unit)
    client.force_login(officer)
    url = reverse("proposal_reply", args=[item.pk])
    refused = client.post(url, reply_data(item, version=item.version - 1))  # stale: refused late
    name, token = _kept_token(refused)
    data = reply_data(item)
    del data["attachment"]
    assert client.post(url, {**data, name: token}).status_code == 302
    assert Reply.objects.get().attachment_name == "答复函.pdf"


def test_a_deputys_attachments_survive_a_missing_title(client):
    deputy = deputy_with_user(name="张三")
    client.force_login(deputy.user)
    url = reverse("my_proposal_create")
    files = [_png("照片一.png"), _png("照片二.png")]
    refused = client.post(url, draft_data(title="", attachments=files))
    assert KEPT_NOTE.format("照片一.png、照片二.png") in refused.content.decode()
    name, token = _kept_token(refused)
    assert client.post(url, draft_data(**{name: token})).status_code == 302
    names = sorted(a.original_name for a in Proposal.objects.get().attachments.all())
    assert names == ["照片一.png", "照片二.png"]


def test_a_deputys_photo_survives_a_missing_name_on_the_roster_form(client, secretary):
    TermFactory()
    client.force_login(secretary)
    url = reverse("deputy_create")
    refused = client.post(url, {**deputy_data(name=""), "photo": _png("证件照.png")})
    assert KEPT_NOTE.format("证件照.png") in refused.content.decode()
    name, token = _kept_token(refused)
    assert client.post(url, {**deputy_data(), name: token}).status_code == 302
    assert Deputy.objects.get(name="李秀英").photo.name.startswith("deputies/photos/")


def test_a_paper_items_attachment_survives_a_missing_title_at_registration(client, secretary):
    client.force_login(secretary)
    url = reverse("proposal_register_new")
    refused = client.post(url, paper_form(title="", attachments=[_png("原件.png")]))
    assert KEPT_NOTE.format("原件.png") in refused.content.decode()
    name, token = _kept_token(refused)
    assert client.post(url, paper_form(**{name: token})).status_code == 302
    assert [a.original_name for a in Proposal.objects.get().attachments.all()] == ["原件.png"]


def test_an_agenda_document_survives_a_title_too_long(client, secretary):
    resolution = agenda_item(secretary, held_session())
    client.force_login(secretary)
    url = reverse("agenda_document_add", args=[resolution.pk])
    refused = client.post(url, {"title": "长" * 201, "file": pdf("决议草案.pdf")})
    assert KEPT_NOTE.format("决议草案.pdf") in refused.content.decode()
    name, token = _kept_token(refused)
    assert client.post(url, {"title": "决议草案", name: token}).status_code == 302
    assert resolution.documents.get().original_name == "决议草案.pdf"


def test_a_new_file_chosen_on_the_retry_replaces_the_kept_one(client):
    deputy = deputy_with_user(name="张三")
    client.force_login(deputy.user)
    url = reverse("my_proposal_create")
    name, token = _kept_token(client.post(url, draft_data(title="", attachments=[_png("旧.png")])))
    client.post(url, draft_data(attachments=[_png("新.png")], **{name: token}))
    assert [a.original_name for a in Proposal.objects.get().attachments.all()] == ["新.png"]


def test_a_token_from_another_session_or_altered_is_refused_in_chinese(
    client,
    secretary,
    unit,
    officer,
):
    item = assigned(ProposalFactory(), secretary, unit)
    client.force_login(officer)
    url = reverse("proposal_reply", args=[item.pk])
    name, token = _kept_token(client.post(url, reply_data(item, category="")))
    data = reply_data(item)
    del data["attachment"]
    other = Client()
    other.force_login(officer)  # the same user in another browser
    for sender, sent in ((other, token), (client, token[:-2] + "xx"), (client, "garbage")):
        response = sender.post(url, {**data, name: sent})
        assert response.status_code == 200
        page = response.content.decode()
        assert "上次提交时保留的文件无法使用" in page and "请重新选择文件" in page
    assert not Reply.objects.exists()


def test_an_invalid_file_is_not_kept_and_says_so(client, world):
    url = reverse("intake_public", args=[world.code_a.token])
    fake = SimpleUploadedFile("现场.jpg", b"not a picture at all", content_type="image/jpeg")
    refused = client.post(url, {**OPINION_FORM, "consent": "", "photo": fake})
    page = refused.content.decode()
    assert "此文件未保存，请重新选择符合要求的文件" in page
    assert "已上传" not in page and not TOKEN.search(page) and _kept_files() == []


def test_kept_files_never_used_are_removed_once_their_token_expired(client, world):
    url = reverse("intake_public", args=[world.code_a.token])
    client.post(url, {**OPINION_FORM, "consent": "", "photo": _png()})
    client.post(url, {**OPINION_FORM, "consent": "", "photo": _png()})
    assert len(_kept_files()) == 2
    assert kept_uploads_purge() == 0  # too young
    old = time.time() - (KEPT_HOURS + 1) * 3600
    first = _kept_files()[0]
    path = next(
        default_storage.path(f"{KEPT_FOLDER}/{folder}/{first}")
        for folder in default_storage.listdir(KEPT_FOLDER)[0]
        if default_storage.exists(f"{KEPT_FOLDER}/{folder}/{first}")
    )
    os.utime(path, (old, old))
    assert kept_uploads_purge() == 1 and len(_kept_files()) == 1
