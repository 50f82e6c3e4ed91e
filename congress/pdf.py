"""PDF documents rendered from Django templates with WeasyPrint.

Templates get `pdf_fonts` (serif, sans, kai: quoted CSS font-family values from the PDF_FONT_*
settings) for their <style> (see reports/templates/reports/summary_pdf.html); the election documents
draw with the same families (elections/documents.py). Before
rendering, fontconfig is asked for a font covering Chinese: without one WeasyPrint would print
empty boxes, so a clear error is raised instead.
"""

import shutil
import subprocess
from functools import cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from congress.files import document_response


class CJKFontMissing(ImproperlyConfigured):
    pass


@cache
def cjk_font_families():
    """Font families fontconfig knows that cover Chinese (`fc-list :lang=zh family`)."""
    if not shutil.which("fc-list"):
        return frozenset()
    output = subprocess.run(
        ["fc-list", ":lang=zh", "family"], capture_output=True, text=True, check=False
    ).stdout
    return frozenset(
        family.strip() for line in output.splitlines() for family in line.split(",") if family
    )


def fonts():
    """{"serif", "sans", "kai"}: configured families, checked against the fonts installed.
    A family not installed falls back to any other configured one that is; none at all → error."""
    installed = cjk_font_families()
    wanted = {
        "serif": settings.PDF_FONT_SERIF,
        "sans": settings.PDF_FONT_SANS,
        "kai": settings.PDF_FONT_KAI,
    }
    available = [family for family in wanted.values() if family in installed]
    if not available:
        raise CJKFontMissing(
            _(
                "No Chinese font is installed, so the PDF cannot be made (the characters would "
                "print as empty boxes). Install fonts-noto-cjk and fonts-arphic-ukai, or set "
                "PDF_FONT_SERIF / PDF_FONT_SANS / PDF_FONT_KAI to an installed Chinese font. "
                "Wanted: %(wanted)s; installed: %(installed)s."
            )
            % {
                "wanted": "、".join(wanted.values()),
                "installed": "、".join(sorted(installed)) or "—",
            }
        )
    return {
        key: _css_family(family if family in installed else available[0])
        for key, family in wanted.items()
    }


def _css_family(family):
    """A quoted CSS font-family value, safe inside a <style> element of a template."""
    cleaned = "".join(char for char in family if char not in "\"'<>;{}\\")
    return mark_safe(f'"{cleaned}"')


def render_pdf(template_name, context, *, request=None):
    """The PDF (bytes) of a template; the whole document is rendered in one pass."""
    # WeasyPrint takes 0.6 s to import: only the processes that write a PDF pay for it.
    from weasyprint import HTML

    context = {**context, "pdf_fonts": fonts()}
    html = render_to_string(template_name, context, request=request)
    base_url = request.build_absolute_uri("/") if request else str(settings.BASE_DIR)
    return HTML(string=html, base_url=base_url).write_pdf()


def pdf_response(request, template_name, context, *, filename="document.pdf"):
    """The PDF of a template, shown in the browser (downloaded with ?download=1)."""
    return document_response(request, render_pdf(template_name, context), filename)
