"""Activity files and deputies' photos: each handed out to whoever may open the page showing it,
linked through the download views, and checked by content on upload."""

import io
import re
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from congress.roles import Role
from deputies.models import ActivityAttachment, Deputy, DeputyStatus
from tests.congress.test_files import blank_png, phone_photo
from tests.deputies.test_pages import activity_data, deputy_data
from tests.factories import (
    ActivityFactory,
    AttendanceFactory,
    DeputyFactory,
    TermFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%minutes\n%%EOF\n"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'


def png():
    out = io.BytesIO()
    Image.new("RGB", (30, 40), "red").save(out, "PNG")
    return out.getvalue()


ROLES = [Role.SECRETARY, Role.PRESIDIUM, Role.DEPUTY, Role.UNIT_OFFICER, Role.ELECTION_STAFF]


# Activity files: with the activity's page (secretary and presidium), stated by hand.


@pytest.fixture
def activity_file(secretary):
    attendee = DeputyFactory(user=UserFactory(role=Role.DEPUTY))
    activity = ActivityFactory()
    AttendanceFactory(activity=activity, deputy=attendee)
    attachment = ActivityAttachment.objects.create(
        activity=activity,
        file=SimpleUploadedFile("视察纪要.pdf", PDF),
        original_name="视察纪要.pdf",
        title="视察纪要",
    )
    return attachment, attendee


ACTIVITY_FILE_STATUS = {
    Role.SECRETARY: 200,
    Role.PRESIDIUM: 200,
    Role.DEPUTY: 403,
    Role.UNIT_OFFICER: 403,
    Role.ELECTION_STAFF: 403,
}


@pytest.mark.parametrize("role", ROLES)
def test_activity_files_go_to_those_who_may_open_the_activity(client, activity_file, role):
    attachment, _attendee = activity_file
    client.force_login(UserFactory(role=role))
    response = client.get(reverse("activity_file", args=[attachment.pk]))
    assert response.status_code == ACTIVITY_FILE_STATUS[role]
    if response.status_code == 200:
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Disposition"] == (
            "inline; filename*=utf-8''%E8%A7%86%E5%AF%9F%E7%BA%AA%E8%A6%81.pdf"
        )
        assert response["Cache-Control"] == "private, no-store"


def test_a_deputy_who_attended_does_not_get_the_file_and_anonymous_goes_to_login(
    client, activity_file
):
    attachment, attendee = activity_file
    url = reverse("activity_file", args=[attachment.pk])
    response = client.get(url)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    client.force_login(attendee.user)
    assert client.get(url).status_code == 403


def test_activity_pages_link_the_download_view(client, secretary, activity_file):
    attachment, _attendee = activity_file
    url = reverse("activity_file", args=[attachment.pk])
    client.force_login(secretary)
    for page in ("activity_detail", "activity_edit"):
        html = client.get(reverse(page, args=[attachment.activity.pk])).content.decode()
        assert f'href="{url}"' in html and "/media/" not in html, page


def test_an_activity_upload_is_checked_by_content_and_stored_under_a_random_name(client, secretary):
    TermFactory()
    client.force_login(secretary)
    disguised = SimpleUploadedFile("纪要.pdf", b"<html><script>alert(1)</script></html>")
    response = client.post(reverse("activity_create"), {**activity_data(), "attachment": disguised})
    assert response.status_code == 200
    assert "“纪要.pdf”是网页或 SVG 矢量图，不是文档或图片，不能上传。" in response.content.decode()
    assert not ActivityAttachment.objects.exists()

    upload = SimpleUploadedFile("人居环境视察纪要.pdf", PDF)
    response = client.post(reverse("activity_create"), {**activity_data(), "attachment": upload})
    assert response.status_code == 302
    attachment = ActivityAttachment.objects.get()
    assert re.fullmatch(r"deputies/activities/\d{4}/[0-9a-f]{32}\.pdf", attachment.file.name)
    assert attachment.download_name == "人居环境视察纪要.pdf"


# Photos: with the roster profile (deputies.view_deputy), and on the public directory for
# the deputies it lists (those in office).


@pytest.fixture
def photos():
    in_office = DeputyFactory(name="张三", photo=SimpleUploadedFile("a.png", png()))
    resigned = DeputyFactory(
        name="李四",
        status=DeputyStatus.RESIGNED,
        status_date=date(2024, 5, 1),
        photo=SimpleUploadedFile("b.png", png()),
    )
    return in_office, resigned


# (in office, resigned) by role, stated by hand.
PHOTO_STATUS = {
    Role.SECRETARY: (200, 200),
    Role.PRESIDIUM: (200, 200),
    Role.ELECTION_STAFF: (200, 404),  # no roster: only the public directory
    Role.DEPUTY: (200, 404),
    Role.UNIT_OFFICER: (200, 404),
    None: (200, 404),  # anonymous: the public directory
}


@pytest.mark.parametrize("role", list(PHOTO_STATUS))
def test_photos_go_to_roster_readers_and_to_the_public_for_deputies_in_office(client, photos, role):
    if role:
        client.force_login(UserFactory(role=role))
    for deputy, status in zip(photos, PHOTO_STATUS[role], strict=True):
        response = client.get(reverse("deputy_photo", args=[deputy.pk]))
        assert response.status_code == status, deputy.name
        if status == 200:
            assert b"".join(response.streaming_content) == png_of(deputy)
            assert response["Content-Type"] == "image/png"
            # Shown in place on the pages, under the deputy's name.
            assert response["Content-Disposition"] == (
                "inline; filename*=utf-8''"
                + {"张三": "%E5%BC%A0%E4%B8%89", "李四": "%E6%9D%8E%E5%9B%9B"}[deputy.name]
                + ".png"
            )
            assert response["Cache-Control"] == "private, no-store"


def png_of(deputy):
    with deputy.photo.open("rb") as handle:
        return handle.read()


def test_a_deputy_without_a_photo_is_404(client, secretary):
    client.force_login(secretary)
    assert client.get(reverse("deputy_photo", args=[DeputyFactory().pk])).status_code == 404


def test_the_profile_and_the_public_directory_show_the_photo_through_the_view(
    client, secretary, photos
):
    in_office, _resigned = photos
    url = reverse("deputy_photo", args=[in_office.pk])
    directory = client.get(reverse("public_directory")).content.decode()
    assert f'src="{url}"' in directory and "/media/" not in directory
    client.force_login(secretary)
    profile = client.get(reverse("deputy_detail", args=[in_office.pk])).content.decode()
    assert f'src="{url}"' in profile
    edit = client.get(reverse("deputy_edit", args=[in_office.pk])).content.decode()
    assert f'href="{url}"' in edit and "/media/" not in edit


def test_an_svg_renamed_png_is_refused_as_a_photo(client, secretary):
    TermFactory()
    client.force_login(secretary)
    photo = SimpleUploadedFile("照片.png", SVG, content_type="image/png")
    response = client.post(reverse("deputy_create"), {**deputy_data(), "photo": photo})
    assert response.status_code == 200
    assert "“照片.png”是网页或 SVG 矢量图，不是文档或图片，不能上传。" in response.content.decode()
    assert not Deputy.objects.filter(name="李秀英").exists()
    photo = SimpleUploadedFile("照片.png", png(), content_type="image/png")
    response = client.post(reverse("deputy_create"), {**deputy_data(), "photo": photo})
    assert response.status_code == 302
    deputy = Deputy.objects.get(name="李秀英")
    assert re.fullmatch(r"deputies/photos/\d{4}/[0-9a-f]{32}\.png", deputy.photo.name)


def test_a_deputys_photo_is_stored_as_a_smaller_copy_and_a_bomb_is_refused(client, secretary):
    TermFactory()
    client.force_login(secretary)
    bomb = SimpleUploadedFile("照片.png", blank_png(12_000, 12_000), content_type="image/png")
    response = client.post(reverse("deputy_create"), {**deputy_data(), "photo": bomb})
    assert "“照片.png”超过5000万像素" in response.content.decode()
    assert not Deputy.objects.filter(name="李秀英").exists()
    photo = SimpleUploadedFile("照片.jpg", phone_photo(), content_type="image/jpeg")
    response = client.post(reverse("deputy_create"), {**deputy_data(), "photo": photo})
    assert response.status_code == 302
    deputy = Deputy.objects.get(name="李秀英")
    assert re.fullmatch(r"deputies/photos/\d{4}/[0-9a-f]{32}\.jpg", deputy.photo.name)
    with deputy.photo.open("rb") as stored, Image.open(stored) as image:
        assert image.size == (1500, 2000) and not image.getexif()
