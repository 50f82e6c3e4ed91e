"""Uploaded files: checked by their content, stored under random names.

A file's name and the type the browser claims say nothing about what it is: an HTML page
renamed 答复函.pdf would otherwise be stored and handed back to the next reader. Every upload
field therefore calls one of the check_* validators below, which look at the bytes; the stored
name is random (never derived from what the user typed), and the record keeps the original
name for the download (congress/files.py).
"""

import codecs
import os
import re
import uuid
import zipfile

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _
from PIL import Image

PDF_EXTENSIONS = (".pdf",)
IMAGE_EXTENSIONS = (".jpg", ".jpeg", ".png", ".gif", ".webp")
# Office Open XML: the folder inside the zip that makes each kind what its name says.
OFFICE_FOLDERS = {".docx": "word/", ".xlsx": "xl/", ".pptx": "ppt/"}
# Word, Excel and WPS files of before 2007 are OLE2 compound documents.
LEGACY_OFFICE_EXTENSIONS = (".doc", ".xls", ".wps")
ATTACHMENT_EXTENSIONS = (
    PDF_EXTENSIONS + IMAGE_EXTENSIONS + tuple(OFFICE_FOLDERS) + LEGACY_OFFICE_EXTENSIONS
)
# What congress.spreadsheets reads, and how large an import file may be (a township's voter
# roll of 80,000 is a few MB).
SPREADSHEET_EXTENSIONS = (".xlsx", ".csv")
MAX_SPREADSHEET_BYTES = 20 * 2**20
# Stored names keep one of these extensions (lower-cased); anything else is stored without one.
STORED_EXTENSIONS = frozenset(ATTACHMENT_EXTENSIONS + SPREADSHEET_EXTENSIONS)

IMAGE_FORMATS = frozenset({"JPEG", "PNG", "GIF", "WEBP"})
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
# Browsers sniff about the first kilobyte; markup there could run as a page.
SNIFF_BYTES = 1024
MARKUP_TOKENS = re.compile(rb"<\s*(svg|html|script|!doctype)", re.IGNORECASE)


@deconstructible
class RandomUploadTo:
    """upload_to that stores `folder/<year>/<uuid4 hex><ext>` (see random_upload_to)."""

    def __init__(self, folder):
        self.folder = folder.strip("/")

    def __call__(self, instance, filename):
        extension = os.path.splitext(filename)[1].lower()
        if extension not in STORED_EXTENSIONS:
            extension = ""
        return f"{self.folder}/{timezone.localdate():%Y}/{uuid.uuid4().hex}{extension}"

    def __eq__(self, other):
        return isinstance(other, RandomUploadTo) and other.folder == self.folder


def random_upload_to(folder):
    """An upload_to for a model field: a random name under `folder`, by year. Deconstructible,
    so migrations can name it."""
    return RandomUploadTo(folder)


def original_name(upload):
    """The name the user's file had (Django keeps only the last path part), for the download."""
    return os.path.basename(upload.name)


class ProtectedFileInput(forms.ClearableFileInput):
    """A file input whose "currently" link goes to the permission-checked download view the form
    sets as `download_url`, never to MEDIA_URL (which is not served)."""

    download_url = ""

    def format_value(self, value):
        if self.is_initial(value):
            return _LinkText(self.download_url, _("current file"))
        return None


class _LinkText(str):
    """The link text that also carries the link's `url`, as the widget's template expects."""

    def __new__(cls, url, text):
        value = super().__new__(cls, text)
        value.url = url
        return value


def _read(upload, size=-1):
    upload.seek(0)
    data = upload.read(size)
    upload.seek(0)
    return data


def _refuse_markup(upload):
    """HTML or SVG under any name is refused: served back, it could run as a page."""
    head = _read(upload, SNIFF_BYTES)
    stripped = head
    for bom in BOMS:
        if stripped.startswith(bom):
            stripped = stripped[len(bom) :]
            break
    stripped = stripped.lstrip(b" \t\r\n\x0b\x0c\x00")
    if stripped.startswith(b"<") or MARKUP_TOKENS.search(head):
        raise ValidationError(
            _(
                "“%(name)s” is a web page or an SVG drawing, not a document or picture; it "
                "cannot be uploaded."
            )
            % {"name": original_name(upload)},
            code="markup",
        )


def _extension(upload):
    return os.path.splitext(upload.name)[1].lower()


def check_pdf(upload):
    _refuse_markup(upload)
    if _read(upload, 5) != b"%PDF-":
        raise ValidationError(
            _("“%(name)s” is not a PDF file.") % {"name": original_name(upload)}, code="not_pdf"
        )
    return upload


def check_image(upload):
    """JPEG, PNG, GIF or WebP, as Pillow reads it (whatever the extension says)."""

    _refuse_markup(upload)
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            image_format = image.format
            image.verify()
    except Exception:  # Pillow raises many kinds (decoder, bomb, truncation) for a bad file
        image_format = None
    finally:
        upload.seek(0)
    if image_format not in IMAGE_FORMATS:
        raise ValidationError(
            _("“%(name)s” is not a JPEG, PNG, GIF or WebP picture.")
            % {"name": original_name(upload)},
            code="not_image",
        )
    return upload


def check_office(upload):
    """A .docx, .xlsx or .pptx: a readable zip with [Content_Types].xml and the folder of its
    kind (so an .xlsx holds a workbook)."""
    _refuse_markup(upload)
    folder = OFFICE_FOLDERS.get(_extension(upload))
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        names = []
    finally:
        upload.seek(0)
    if (
        folder is None
        or "[Content_Types].xml" not in names
        or not any(n.startswith(folder) for n in names)
    ):
        raise ValidationError(
            _("“%(name)s” is damaged or is not the Office document its name says.")
            % {"name": original_name(upload)},
            code="not_office",
        )
    return upload


def check_legacy_office(upload):
    _refuse_markup(upload)
    if _read(upload, len(OLE2_MAGIC)) != OLE2_MAGIC:
        raise ValidationError(
            _("“%(name)s” is not an old-format Word, Excel or WPS document.")
            % {"name": original_name(upload)},
            code="not_legacy_office",
        )
    return upload


def check_csv(upload):
    """Text in UTF-8 (with or without BOM) or GB18030, not markup, no NUL bytes."""
    _refuse_markup(upload)
    data = _read(upload)
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if b"\x00" not in data:
            return upload
        break
    raise ValidationError(
        _("“%(name)s” is not CSV text in UTF-8 or GB18030.") % {"name": original_name(upload)},
        code="not_csv",
    )


def check_attachment(upload):
    """A PDF, a picture or an Office document (new or old format), as its extension says and
    its content confirms."""
    extension = _extension(upload)
    if extension in PDF_EXTENSIONS:
        return check_pdf(upload)
    if extension in IMAGE_EXTENSIONS:
        return check_image(upload)
    if extension in OFFICE_FOLDERS:
        return check_office(upload)
    if extension in LEGACY_OFFICE_EXTENSIONS:
        return check_legacy_office(upload)
    raise ValidationError(
        _("“%(name)s” is not a document or picture (allowed: %(types)s).")
        % {"name": original_name(upload), "types": " ".join(ATTACHMENT_EXTENSIONS)},
        code="type",
    )


def check_spreadsheet(upload):
    """An import file: an .xlsx workbook or CSV text, of at most MAX_SPREADSHEET_BYTES."""
    if upload.size > MAX_SPREADSHEET_BYTES:
        raise ValidationError(
            _("The file is larger than %(size)s MB.") % {"size": MAX_SPREADSHEET_BYTES // 2**20},
            code="size",
        )
    extension = _extension(upload)
    if extension == ".xlsx":
        return check_office(upload)
    if extension == ".csv":
        return check_csv(upload)
    raise ValidationError(_("Only .xlsx and .csv files can be imported."), code="type")
