"""Uploaded files: checked by their content, stored under random names.

A file's name and the type the browser claims say nothing about what it is: an HTML page
renamed 答复函.pdf would otherwise be stored and handed back to the next reader. Every upload
field therefore calls one of the check_* validators below, which look at the bytes; the stored
name is random (never derived from what the user typed), and the record keeps the original
name for the download (congress/files.py). Pictures are refused by their header above a pixel
limit before any pixel is decoded; photos are stored as a smaller copy without metadata.
"""

import codecs
import io
import os
import re
import uuid
import zipfile

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

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
# A picture is refused above this many pixels, known from its header before a pixel is decoded:
# a 12,000 × 12,000 PNG of 17 KB is 144 million pixels (1.2 GB and seconds to draw). 50 million
# still admits a phone's full-resolution 48- or 50-megapixel photo. congress.apps sets Pillow's
# own limit (MAX_IMAGE_PIXELS) to it for the whole process, so no other reader decodes a bomb.
MAX_IMAGE_PIXELS = 50_000_000
# Photos are stored as copies at most this long on their longest edge: a page or a poster shows
# them far smaller, and a copy holds no metadata (a phone photo's EXIF says where it was taken).
PHOTO_MAX_EDGE = 2000
PHOTO_EXTENSIONS = {"JPEG": ".jpg", "PNG": ".png", "GIF": ".gif", "WEBP": ".webp"}
# What a copy keeps of the original's information: how it is drawn, nothing about its making.
PHOTO_KEPT_INFO = ("transparency", "background", "icc_profile")
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


def _picture(upload):
    """The picture in `upload`, opened from its header only (no pixel decoded yet); refused in
    Chinese when it is not a JPEG, PNG, GIF or WebP picture or has more than MAX_IMAGE_PIXELS."""
    _refuse_markup(upload)
    upload.seek(0)
    try:
        image = Image.open(upload)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        # Pillow's limit: an error above twice MAX_IMAGE_PIXELS, above it a warning (an error
        # where warnings are errors, as in the tests); the size check below covers the rest.
        raise _too_many_pixels(upload) from None
    except Exception:  # Pillow raises many kinds for a file that is no picture
        raise _not_picture(upload) from None
    if image.format not in IMAGE_FORMATS:
        raise _not_picture(upload)
    if image.width * image.height > MAX_IMAGE_PIXELS:
        raise _too_many_pixels(upload)
    return image


def _not_picture(upload):
    return ValidationError(
        _("“%(name)s” is not a JPEG, PNG, GIF or WebP picture.") % {"name": original_name(upload)},
        code="not_image",
    )


def _too_many_pixels(upload):
    return ValidationError(
        _(
            "“%(name)s” has more than %(limit)s million pixels, more than a picture may have. "
            "Please send a smaller picture."
        )
        % {"name": original_name(upload), "limit": MAX_IMAGE_PIXELS // 1_000_000},
        code="too_many_pixels",
    )


def check_picture(upload):
    """A picture among the documents (an attachment): checked by its header and its whole
    content, and kept as it is."""
    try:
        with _picture(upload) as image:
            image.verify()
    except ValidationError:
        raise
    except Exception:  # truncated or corrupt, in any of Pillow's ways
        raise _not_picture(upload) from None
    finally:
        upload.seek(0)
    return upload


def check_image(upload):
    """A photo (a deputy's, a voter's): checked like any picture, and returned as the copy to
    store instead of the file sent: turned upright by its EXIF orientation, at most
    PHOTO_MAX_EDGE pixels on its longest edge, in its own format (the first frame of an
    animation), without metadata."""
    try:
        with _picture(upload) as image:
            image_format = image.format
            # A JPEG decodes straight at a fraction of its size: a large photo costs little.
            image.draft(image.mode, (PHOTO_MAX_EDGE, PHOTO_MAX_EDGE))
            copy = ImageOps.exif_transpose(image)
            copy.thumbnail((PHOTO_MAX_EDGE, PHOTO_MAX_EDGE))
            copy.info = {k: v for k, v in image.info.items() if k in PHOTO_KEPT_INFO}
            out = io.BytesIO()
            copy.save(out, image_format, quality=85, icc_profile=copy.info.get("icc_profile"))
    except ValidationError:
        raise
    except Exception:  # truncated or corrupt, in any of Pillow's ways
        raise _not_picture(upload) from None
    finally:
        upload.seek(0)
    stem = os.path.splitext(original_name(upload))[0]
    return ContentFile(out.getvalue(), name=stem + PHOTO_EXTENSIONS[image_format])


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
        return check_picture(upload)
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
