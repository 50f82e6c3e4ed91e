"""The Content-Security-Policy runs no inline script: a `javascript:` link or an inline on*
handler (onclick=…) in a template does nothing in the browser, so none may be written; a
record form's "Cancel" is a real link to the record's page or its list."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import TermFactory

TEMPLATE_DIRS = [
    path
    for path in settings.BASE_DIR.glob("*/templates")
    if path.parent.name not in {"node_modules", ".venv"}
] + [settings.BASE_DIR / "templates"]
INLINE_HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE | re.DOTALL)


def _templates():
    return sorted({path for folder in TEMPLATE_DIRS for path in Path(folder).rglob("*.html")})


def test_the_templates_are_found():
    names = {path.name for path in _templates()}
    assert {"base.html", "record_form.html", "detail.html"} <= names


@pytest.mark.parametrize(
    "path", _templates(), ids=lambda path: str(path.relative_to(settings.BASE_DIR))
)
def test_no_template_has_a_javascript_url_or_an_inline_handler(path):
    text = path.read_text(encoding="utf-8")
    assert "javascript:" not in text.lower()
    assert not INLINE_HANDLER.search(text), INLINE_HANDLER.search(text).group(0)


@pytest.mark.django_db
def test_cancel_on_a_record_form_leads_to_a_real_page(client, secretary):
    term = TermFactory()
    client.force_login(secretary)
    page = client.get(reverse("term_edit", args=[term.pk])).content.decode()
    assert f'href="{reverse("township")}">取消</a>' in page
    page = client.get(reverse("meeting_create")).content.decode()
    assert f'href="{reverse("meeting_list")}">取消</a>' in page
