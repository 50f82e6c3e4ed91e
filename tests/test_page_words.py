"""Pages speak as people do: no settings names (ELECTION_FORMAL_LIST_DAYS), no district codes
before names ("01 第1选区"), no Django "---------" in a choice, no ISO date (2026-12-07).

With the demo township loaded, every demo account (and a visitor) opens its pages: the home
page, the links on it and the links on those, one page of each kind (/proposals/38/ and
/proposals/49/ are one kind). The visible text (with placeholders, titles and labels for screen
readers) is checked; every offending page is reported in one message."""

import importlib
import io
import re
from html.parser import HTMLParser

import pytest
from django import forms
from django.core.management import call_command
from django.test import Client
from django.utils import translation

from congress.management.commands.seed_demo import DEMO_ACCOUNTS
from congress.models import User

pytestmark = pytest.mark.django_db

# Files are handed out, not shown; the back office is Django's own.
SKIPPED = ("/logout", "/admin/", "/files/", "/download", ".pdf", ".docx", ".xlsx", "/export")
SETTINGS_WORD = re.compile(r"[A-Z_]{6,}")
CODED_DISTRICT = re.compile(r"\b\d{2} 第\S+选区")
# Dates read 2026年12月7日; ISO dates belong in inputs, attributes and spreadsheets (an import
# page shows how a cell may be written: 2024-03-05).
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
SPREADSHEET_PAGES = "/import/"
VISIBLE_ATTRIBUTES = ("placeholder", "title", "aria-label", "alt")


class PageText(HTMLParser):
    """The text a person sees or hears, and the portal's own links."""

    def __init__(self):
        super().__init__()
        self.text = []
        self.links = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "style"):
            self.hidden += 1
        if tag == "a" and (attrs.get("href") or "").startswith("/"):
            self.links.append(attrs["href"])
        self.text += [attrs[name] or "" for name in VISIBLE_ATTRIBUTES if name in attrs]

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden:
            self.text.append(data)


def kind(url):
    return re.sub(r"\d+", "N", url.split("?")[0])


def problems_of(text, spreadsheet=False):
    found = sorted(
        set(SETTINGS_WORD.findall(text))
        | set(CODED_DISTRICT.findall(text))
        | (set() if spreadsheet else set(ISO_DATE.findall(text)))
    )
    if "---------" in text:
        found.append("---------")
    return found


def walk(client):
    """{url: [offending words]} over the pages reachable from the home page."""
    problems, seen, queue = {}, set(), ["/"]
    while queue:
        url = queue.pop(0)
        if kind(url) in seen or any(skip in url for skip in SKIPPED):
            continue
        seen.add(kind(url))
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        page = PageText()
        page.feed(response.content.decode())
        if found := problems_of(" ".join(page.text), spreadsheet=SPREADSHEET_PAGES in url):
            problems[url] = found
        queue += page.links
    return problems


def test_problems_are_found():
    """The check itself: what it must catch, and Chinese text it must let through."""
    assert problems_of("（设置项 ELECTION_FORMAL_LIST_DAYS）") == ["ELECTION_FORMAL_LIST_DAYS"]
    assert problems_of("01 第1选区") == ["01 第1选区"]
    assert problems_of("<option>---------</option>") == ["---------"]
    assert problems_of("截止 2026-12-07") == ["2026-12-07"]
    assert problems_of("日期可写成 2024-03-05", spreadsheet=True) == []
    assert problems_of("第1选区 · PDF · 2026年11月30日 · 请选择…") == []


def test_no_settings_names_codes_or_dashes_in_pages():
    call_command("seed_demo", stdout=io.StringIO())
    problems = {}
    for username in [None, *(account[0] for account in DEMO_ACCOUNTS)]:
        client = Client()
        if username:
            client.force_login(User.objects.get(username=username))
        problems.update({f"{username or 'visitor'} {u}": w for u, w in walk(client).items()})
    assert not problems, problems


FORM_MODULES = (
    "congress.forms",
    "congress.spreadsheet_views",
    "deputies.forms",
    "deputies.contact_forms",
    "proposals.forms",
    "proposals.deputy_forms",
    "proposals.unit_forms",
    "elections.views.rolls",
    "reports.forms",
)


def file_fields():
    for module_name in FORM_MODULES:
        module = importlib.import_module(module_name)
        for form in vars(module).values():
            if isinstance(form, type) and issubclass(form, forms.BaseForm):
                for name, field in form.base_fields.items():
                    if isinstance(field, forms.FileField):
                        yield f"{form.__name__}.{name}", field


def test_every_file_input_has_a_chinese_button():
    """The browser's own "Choose file / No file chosen" follows the browser's language."""
    fields = dict(file_fields())
    assert len(fields) >= 5  # proposals' attachments, the reply letter, photos, imports…
    for name, field in fields.items():
        with translation.override("zh-hans"):
            html = field.widget.render(name, None)
        assert "data-file-input" in html and "选择文件" in html and "未选择文件" in html, name
        assert re.search(r'<label class="button file-input-button"><input type="file"', html)
