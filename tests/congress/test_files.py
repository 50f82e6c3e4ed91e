"""Handing out stored files (congress/files.py), checking uploads by their content and storing
them under random names (congress/uploads.py), and purging unconfirmed import files."""

import io
import os
import re
import struct
import time
import zipfile
import zlib
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import RequestFactory
from PIL import ExifTags, Image

from congress import uploads
from congress.files import document_response, file_response
from congress.services import import_uploads_purge
from congress.spreadsheet_views import UploadForm
from proposals.models import Attachment

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
HTML = b"<!DOCTYPE html><html><script>alert(document.cookie)</script></html>"
SVG = b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'


def upload(name, data):
    return SimpleUploadedFile(name, data)


def picture(image_format):
    out = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(out, image_format)
    return out.getvalue()


def office(folder):
    """A minimal Office Open XML package: [Content_Types].xml and one part in `folder`."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr(f"{folder}document.xml", "<document/>")
    return out.getvalue()


def refusal(check, name, data):
    with pytest.raises(ValidationError) as caught:
        check(upload(name, data))
    return caught.value.messages[0]


# Content checks


def test_a_real_pdf_picture_office_file_and_old_word_file_pass_as_attachments():
    for name, data in [
        ("答复函.pdf", PDF),
        ("现场.JPG", picture("JPEG")),
        ("现场.png", picture("PNG")),
        ("动图.gif", picture("GIF")),
        ("照片.webp", picture("WEBP")),
        ("纪要.docx", office("word/")),
        ("台账.xlsx", office("xl/")),
        ("汇报.pptx", office("ppt/")),
        ("旧纪要.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100),
    ]:
        checked = uploads.check_attachment(upload(name, data))
        assert checked.read() == data, name  # handed back at the start, unchanged


@pytest.mark.parametrize(
    "check,name,data",
    [
        (uploads.check_pdf, "答复函.pdf", HTML),
        (uploads.check_attachment, "答复函.pdf", HTML),
        (uploads.check_image, "照片.png", SVG),
        (uploads.check_attachment, "照片.png", SVG),
        (uploads.check_spreadsheet, "名单.xlsx", HTML),
        (uploads.check_spreadsheet, "名单.csv", HTML),
        # With a BOM and blank lines before the markup, or in UTF-16.
        (uploads.check_attachment, "纪要.docx", b"\xef\xbb\xbf\r\n  <html><body>x</body></html>"),
        (uploads.check_spreadsheet, "名单.csv", "\ufeff<svg/>".encode("utf-16-le")),
        # Markup that is not at the start but within what browsers sniff.
        (uploads.check_spreadsheet, "名单.csv", b"name,note\n\xe5\xbc\xa0,<script>x</script>\n"),
    ],
)
def test_markup_under_any_name_is_refused_with_a_chinese_message_naming_the_file(check, name, data):
    message = refusal(check, name, data)
    assert message == f"“{name}”是网页或 SVG 矢量图，不是文档或图片，不能上传。"


def test_each_kind_is_checked_by_its_bytes_not_its_name():
    assert (
        refusal(uploads.check_pdf, "答复函.pdf", b"PK\x03\x04 zip") == "“答复函.pdf”不是 PDF 文件。"
    )
    assert (
        refusal(uploads.check_image, "照片.jpg", b"\xff\xd8\xff not really")
        == "“照片.jpg”不是 JPEG、PNG、GIF 或 WebP 格式的图片。"
    )
    # Pillow reads BMP and TIFF, but they are not among the formats pages show.
    assert "不是 JPEG" in refusal(uploads.check_image, "照片.jpg", picture("BMP"))
    # A Word package named .xlsx, and a zip that is no Office package at all.
    assert (
        refusal(uploads.check_attachment, "台账.xlsx", office("word/"))
        == "“台账.xlsx”已损坏，或不是扩展名所示的 Office 文档。"
    )
    assert "已损坏" in refusal(uploads.check_spreadsheet, "台账.xlsx", b"PK\x03\x04broken")
    assert (
        refusal(uploads.check_attachment, "旧纪要.doc", PDF)
        == "“旧纪要.doc”不是旧版 Word、Excel 或 WPS 文档。"
    )
    assert (
        refusal(uploads.check_attachment, "病毒.exe", b"MZ")
        == "“病毒.exe”不是文档或图片（允许：.pdf .jpg .jpeg .png .gif .webp .docx .xlsx .pptx "
        ".doc .xls .wps）。"
    )
    assert refusal(uploads.check_spreadsheet, "名单.txt", b"a,b") == "只能导入 .xlsx 和 .csv 文件。"


def blank_png(width, height):
    """A black 1-bit PNG of any size, written row by row: 17 KB for 12,000 × 12,000 pixels."""

    def chunk(kind, data):
        crc = zlib.crc32(kind + data)
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    squeeze = zlib.compressobj(9)
    row = b"\0" * (1 + (width + 7) // 8)  # the filter byte, then 8 pixels a byte
    body = b"".join(squeeze.compress(row) for _ in range(height)) + squeeze.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", body) + chunk(b"IEND", b"")
    )


TOO_MANY_PIXELS = "“{}”超过5000万像素，超出了图片的上限。请换一张较小的图片。"


@pytest.mark.parametrize("check", [uploads.check_image, uploads.check_attachment])
def test_a_decompression_bomb_is_refused_from_its_header_without_decoding(check, monkeypatch):
    bomb = blank_png(12_000, 12_000)
    assert len(bomb) < 20_000
    decoded = []
    monkeypatch.setattr(Image.Image, "load", lambda image: decoded.append(image))
    assert refusal(check, "照片.png", bomb) == TOO_MANY_PIXELS.format("照片.png")
    assert decoded == []


@pytest.mark.parametrize("warnings_are", ["errors", "shown"])
def test_a_picture_just_over_the_pixel_limit_is_refused(warnings_are):
    """Between the limit and twice it Pillow only warns: in production the warning is shown and
    the size compared; in the tests warnings are errors."""
    over = upload("扫描.png", blank_png(10_000, 5_001))
    if warnings_are == "errors":
        with pytest.raises(ValidationError) as refused:
            uploads.check_image(over)
    else:
        with (
            pytest.warns(Image.DecompressionBombWarning),
            pytest.raises(ValidationError) as refused,
        ):
            uploads.check_image(over)
    assert refused.value.messages == [TOO_MANY_PIXELS.format("扫描.png")]
    assert uploads.check_attachment(upload("扫描.png", blank_png(10_000, 5_000)))


def phone_photo(size=(4000, 3000)):
    """A large JPEG as a phone takes it: sideways with EXIF orientation 6 (turn 90° clockwise to
    view), with the place it was taken and the camera."""
    image = Image.new("RGB", size, "white")
    image.paste("red", (0, 0, size[0] // 2, size[1]))  # the left half is the top when upright
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.Base.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (30.0, 15.0, 0.0),
        ExifTags.GPS.GPSLongitudeRef: "E",
        ExifTags.GPS.GPSLongitude: (120.0, 10.0, 0.0),
    }
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, quality=90)
    return out.getvalue()


def test_a_large_photo_is_stored_upright_smaller_and_without_its_metadata():
    data = phone_photo()
    assert b"PhoneMaker" in data
    with Image.open(io.BytesIO(data)) as sent:
        assert sent.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    stored = uploads.check_image(upload("现场.JPG", data))
    assert stored.name == "现场.jpg"
    copy = stored.read()
    assert b"PhoneMaker" not in copy
    with Image.open(io.BytesIO(copy)) as image:
        assert image.format == "JPEG" and image.size == (1500, 2000)
        assert not image.getexif() and "exif" not in image.info
        image = image.convert("RGB")
        assert image.getpixel((750, 100))[1] < 50  # red on top: turned upright
        assert image.getpixel((750, 1900)) == (255, 255, 255)


@pytest.mark.parametrize("image_format", ["PNG", "GIF", "WEBP"])
def test_photos_of_other_formats_keep_their_format(image_format):
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    out = io.BytesIO()
    Image.new("RGB", (3000, 1000), "blue").save(out, image_format, exif=exif)
    stored = uploads.check_image(upload("现场.bin", out.getvalue()))
    assert stored.name == f"现场.{image_format.lower()}"
    copy = stored.read()
    assert b"PhoneMaker" not in copy
    with Image.open(io.BytesIO(copy)) as image:
        assert (image.format, image.size) == (image_format, (2000, 667))


def test_a_small_photo_keeps_its_size():
    with Image.open(uploads.check_image(upload("证件照.png", picture("PNG")))) as image:
        assert (image.format, image.size) == ("PNG", (4, 4))


def test_pillow_refuses_bombs_everywhere_in_the_process():
    assert Image.MAX_IMAGE_PIXELS == uploads.MAX_IMAGE_PIXELS == 50_000_000
    with pytest.raises(Image.DecompressionBombError):
        Image.open(io.BytesIO(blank_png(12_000, 12_000)))


def test_csv_is_text_in_utf8_or_gb18030():
    rows = "姓名,身份证号\n张三,110101199003071234\n"
    for data in (rows.encode("utf-8"), rows.encode("utf-8-sig"), rows.encode("gb18030")):
        assert uploads.check_spreadsheet(upload("名单.csv", data))
    assert (
        refusal(uploads.check_spreadsheet, "名单.csv", b"a,b\x00\x01\x02")
        == "“名单.csv”不是 UTF-8 或 GB18030 编码的 CSV 文本。"
    )


def test_the_import_form_refuses_a_web_page_renamed_xlsx():
    form = UploadForm(files={"file": upload("选民.xlsx", HTML)})
    assert not form.is_valid()
    assert form.errors["file"] == ["“选民.xlsx”是网页或 SVG 矢量图，不是文档或图片，不能上传。"]
    assert UploadForm(files={"file": upload("选民.xlsx", office("xl/"))}).is_valid()


# Random stored names


def test_stored_names_are_random_with_a_lower_case_allowed_extension():
    upload_to = uploads.random_upload_to("proposals/attachments")
    year = time.strftime("%Y")
    first = upload_to(None, "关于修路的建议.PDF")
    second = upload_to(None, "关于修路的建议.PDF")
    assert re.fullmatch(rf"proposals/attachments/{year}/[0-9a-f]{{32}}\.pdf", first)
    assert first != second
    # An extension outside the allow-list is dropped, never kept from what the user typed.
    assert re.fullmatch(rf"proposals/attachments/{year}/[0-9a-f]{{32}}", upload_to(None, "x.html"))
    assert uploads.random_upload_to("a") == uploads.random_upload_to("a")  # migrations compare


@pytest.mark.django_db
def test_a_saved_file_gets_a_random_name_and_keeps_its_original_name_on_the_record(secretary):
    from proposals import services
    from tests.factories import ProposalFactory

    item = ProposalFactory()
    attachment = services.attachment_add(
        actor=secretary, proposal=item, file=upload("村道照片.jpg", picture("JPEG"))
    )
    assert "村道照片" not in attachment.file.name
    assert re.fullmatch(r"proposals/attachments/\d{4}/[0-9a-f]{32}\.jpg", attachment.file.name)
    assert Attachment.objects.get().download_name == "村道照片.jpg"


# Handing a file out


@pytest.fixture
def stored():
    name = default_storage.save("proposals/replies/2025/abc.pdf", ContentFile(PDF))
    return Attachment(file=name).file


def get_request():
    return RequestFactory().get("/file/")


@pytest.mark.parametrize(
    ("path", "disposition"), [("/file/", "inline"), ("/file/?download=1", "attachment")]
)
def test_a_pdf_opens_in_the_browser_under_its_original_chinese_name(stored, path, disposition):
    response = file_response(RequestFactory().get(path), stored, "答复函（镇交通办）.pdf")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f"{disposition}; filename*=utf-8''%E7%AD%94%E5%A4%8D%E5%87%BD"
        "%EF%BC%88%E9%95%87%E4%BA%A4%E9%80%9A%E5%8A%9E%EF%BC%89.pdf"
    )
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_inline_is_only_for_pictures_and_pdfs(stored):
    assert file_response(get_request(), stored, "a.png", inline=True)[
        "Content-Disposition"
    ].startswith("inline;")
    assert file_response(get_request(), stored, "a.png")["Content-Disposition"].startswith(
        "attachment;"
    )
    assert file_response(get_request(), stored, "a.docx")["Content-Disposition"].startswith(
        "attachment;"
    )
    # A name that says HTML is never shown in place.
    response = file_response(get_request(), stored, "page.html", inline=True)
    assert response["Content-Disposition"] == 'attachment; filename="page.html"'


def test_x_accel_redirect_hands_the_stored_name_to_nginx(settings, stored):
    settings.FILES_SENDFILE_HEADER = "X-Accel-Redirect"
    settings.FILES_SENDFILE_PREFIX = "/protected-media/"
    response = file_response(get_request(), stored, "答复函.pdf")
    assert response["X-Accel-Redirect"] == "/protected-media/proposals/replies/2025/abc.pdf"
    assert response.content == b""
    assert response["Cache-Control"] == "private, no-store"
    assert "filename*=utf-8''" in response["Content-Disposition"]


def test_x_sendfile_gives_the_full_path(settings, stored, media_root):
    settings.FILES_SENDFILE_HEADER = "X-Sendfile"
    response = file_response(get_request(), stored, "答复函.pdf")
    assert response["X-Sendfile"] == os.path.join(media_root, "proposals/replies/2025/abc.pdf")
    assert response.content == b""


@pytest.mark.django_db
def test_a_file_missing_from_storage_is_a_chinese_404(stored):
    default_storage.delete(stored.name)
    response = file_response(get_request(), stored, "答复函.pdf")
    assert response.status_code == 404
    assert "服务器上已没有这个文件" in response.content.decode()


# Purging unconfirmed import files


def age(name, hours):
    path = default_storage.path(name)
    then = time.time() - hours * 3600
    os.utime(path, (then, then))


def test_purge_removes_only_old_files_under_imports(settings, capsys):
    settings.IMPORT_UPLOAD_HOURS = 24
    old_user_file = default_storage.save("imports/7/" + "a" * 32 + ".xlsx", ContentFile(b"x"))
    old_voter_file = default_storage.save("imports/voters/3/roll.csv", ContentFile(b"x"))
    fresh = default_storage.save("imports/7/" + "b" * 32 + ".csv", ContentFile(b"x"))
    old_reply = default_storage.save("proposals/replies/2025/old.pdf", ContentFile(PDF))
    for name in (old_user_file, old_voter_file, old_reply):
        age(name, 25)
    age(fresh, 23)

    call_command("purge_uploads")

    assert "已删除 2 个超过 24 小时未确认的导入文件。" in capsys.readouterr().out
    assert not default_storage.exists(old_user_file)
    assert not default_storage.exists(old_voter_file)
    assert default_storage.exists(fresh) and default_storage.exists(old_reply)
    assert import_uploads_purge(older_than=timedelta(hours=22)) == 1
    assert not default_storage.exists(fresh)


def test_purge_without_an_imports_folder_removes_nothing():
    assert import_uploads_purge(older_than=timedelta(hours=1)) == 0


@pytest.mark.parametrize(
    ("path", "disposition"), [("/doc/", "inline"), ("/doc/?download=1", "attachment")]
)
def test_a_rendered_pdf_opens_in_the_browser_and_downloads_on_request(path, disposition):
    response = document_response(RequestFactory().get(path), PDF, "选票.pdf")
    assert response.content == PDF and response["Content-Type"] == "application/pdf"
    assert (
        response["Content-Disposition"] == f"{disposition}; filename*=utf-8''%E9%80%89%E7%A5%A8.pdf"
    )
    assert response["Cache-Control"] == "private, no-store"
