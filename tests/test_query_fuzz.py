"""Hostile query strings on every page, as every role (issue 25: `/contacts/?year=-1` was a 500).

The world, the patterns and the requests are the URL walk's (tests/test_url_walk.py). For each
role and site pattern, the page of the first object that opens for the role (of the first
three) is asked for once while the names read from its query string are noted: every read of
`request.GET`, by the view, its forms, its paginator or its templates, of a name present or
not. Then each name the page read or its GET forms name gets every hostile value, one name at
a time (so that no other bad value stops the page before it), and the other names of
FUZZ_NAMES get one request together, each its own hostile value: a deterministic sample, the
page having been seen not to read them. The same again as htmx asks (HX-Request), for the
names only a fragment reads. A page that hands out a document is asked only with the names it
reads. No answer may be a server error, and a name a page reads must be in FUZZ_NAMES, so that
a new parameter is fuzzed on every page as soon as it exists.

Measured on SQLite (2 shared cores): about 7,100 requests, 3 minutes of one core.
"""

import importlib
import re
from pathlib import Path

import pytest
from django.core.handlers.wsgi import WSGIRequest, get_bytes_from_wsgi
from django.http import QueryDict
from django.utils.functional import cached_property

from tests import test_url_walk
from tests.test_url_walk import NASTY, ROLES, SITE, FormFields, _client, _request, fillings

world = test_url_walk.world  # the walk's world, a module fixture: built once for this module

ROOT = Path(__file__).resolve().parent.parent
APPS = ("assembly", "congress", "deputies", "elections", "intake", "oversight", "proposals")
APPS += ("reports", "templates")
# Every name a page reads from its query string (found in the code by
# test_every_name_read_in_the_code_is_fuzzed, in the pages by the fuzz), and the usual names
# of periods and sorting besides.
FUZZ_NAMES = (
    *("year", "month", "date", "day", "start", "end", "from", "to"),
    *("page", "q", "sort", "o", "tab", "next", "format", "full", "overdue", "download"),
    *("kind", "state", "status", "term", "session", "unit", "deputy", "group", "station"),
    *("organiser", "topic", "village", "owner", "level", "gender", "party", "code"),
    # The assignment's deadline preview (htmx)
    *("version", "lead_unit", "co_units", "assigned_date", "broad"),
)
HOSTILE = {
    "negative": "-1",
    "zero": "0",
    "year 10000": "10000",
    "overflowing": "99999999999999999999",
    "exponent": "1e9",
    "no such day": "2026-02-30",
    "year zero": "0000-01-01",
    "last day": "9999-12-31",
    "past the last day": "10000-01-01",
    "text with a NUL": NASTY,
    # The NUL alone stops a request at congress.middleware.BadInputMiddleware.
    "text": NASTY.replace("\x00", ""),
    "empty": "",
    "repeated": ["2025", "10000"],
}
NAMES = set(FUZZ_NAMES)
# The values sampled for the names a page was not seen to read: not the NUL, which stops the
# request before the page.
SAMPLED = [value for value in HOSTILE.values() if "\x00" not in value]
# The objects asked for a page that opens for the role: enough for a step page whose first
# objects are in the wrong state for it.
PROBED = 3
# A parameter no page reads: the probe's query string is not empty, as a filtered page's is.
PROBE = {"fuzz-probe": "1"}


class NotedQuery(QueryDict):
    """A query string that notes in `NotedQuery.read` each name read from it once parsed."""

    read = set()
    _parsed = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._parsed = True

    def _note(self, key):
        if self._parsed:
            NotedQuery.read.add(key)

    def __getitem__(self, key):
        self._note(key)
        return super().__getitem__(key)

    def __contains__(self, key):
        self._note(key)
        return super().__contains__(key)

    def getlist(self, key, default=None):
        self._note(key)
        return super().getlist(key, default)


def _noted_get(request):
    raw = get_bytes_from_wsgi(request.environ, "QUERY_STRING", "")
    return NotedQuery(raw, encoding=request._encoding)


@pytest.fixture
def noted(monkeypatch):
    """Requests whose `GET` notes the names read from it."""
    get = cached_property(_noted_get)
    get.__set_name__(WSGIRequest, "GET")
    monkeypatch.setattr(WSGIRequest, "GET", get)
    NotedQuery.read = set()
    return NotedQuery


def _turned_away(response):
    """Refused to the role whatever the object: forbidden, another method, the login page."""
    if response.status_code in (403, 405):
        return True
    return response.status_code == 302 and "/login/" in response.get("Location", "")


def fuzz(world, role, pattern, index, noted):
    """The server errors and unknown names found for `role` on `pattern`."""
    client = _client(world, role)
    urls = [pattern.url(kwargs) for kwargs, _item in fillings(pattern, world)]
    problems = []

    def get(url, data, label):
        response, error = _request(client, "get", url, data, label)
        if error:
            problems.append(error)
        if world.users[role] and "_auth_user_id" not in client.session:
            client.force_login(world.users[role])
        return response

    def probe(label):
        """The page of the first object (of the first PROBED) that opens for the role, else
        of the last one asked; the names it read or its GET forms name; whether it is a file.
        Where the role may not open the page at all, other objects are not asked."""
        for url in urls[:PROBED]:
            noted.read = set()
            response = get(url, PROBE, label)
            if response is None or response.status_code == 200 or _turned_away(response):
                break
        # Templates look a name up as a key before an attribute ({{ request.GET.urlencode }}).
        read = {name for name in noted.read if not hasattr(QueryDict, name)}
        problems.extend(f"GET {url} reads ?{n}, missing from FUZZ_NAMES" for n in read - NAMES)
        forms = FormFields()
        if response is not None and response.get("Content-Type", "").startswith("text/html"):
            forms.feed(response.content.decode("utf-8", "replace"))
        is_file = response is not None and response.has_header("Content-Disposition")
        return url, read | forms.query, is_file

    def each_value(url, names, label=""):
        for name in sorted(names):
            for value_label, value in HOSTILE.items():
                get(url, {name: value}, f"{label}{name}: {value_label}")

    url, names, is_file = probe("probe")
    each_value(url, names)
    if is_file:  # a document costs seconds to make: only the names it reads are fuzzed
        return problems
    # The rest together, each with its value turning with the name and the page.
    rest = [name for name in FUZZ_NAMES if name not in names]
    get(url, {n: SAMPLED[(i + index) % len(SAMPLED)] for i, n in enumerate(rest)}, "the rest")
    # htmx asks some pages for a fragment, which may read other names.
    client.defaults["HTTP_HX_REQUEST"] = "true"
    url, fragment_names, _is_file = probe("htmx probe")
    each_value(url, fragment_names - names, "htmx, ")
    return problems


def fuzz_params():
    return [
        pytest.param(role, index, pattern, id=f"{role}-{pattern}")
        for role in ROLES
        for index, pattern in enumerate(SITE)
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "index", "pattern"), fuzz_params())
def test_query_fuzz(world, noted, role, index, pattern):
    assert fuzz(world, role, pattern, index, noted) == []


# Names read in the code: request.GET.get("x"), GET["x"], getlist("x"), {{ request.GET.x }},
# query_int(request.GET, "x"), query_year(request.GET) and the fields of a form bound to it.
READ_IN_CODE = re.compile(
    r"""GET(?:\.get|\.getlist)?(?:\(\s*|\[)["'](\w+)["']|request\.GET\.(\w+)(?![(\w])"""
)
CALLED_WITH_GET = re.compile(r"""(\w+)\(\s*(?:self\.)?request\.GET\b(?:\s*,\s*["'](\w+)["'])?""")


def _names_passed(path, text):
    """The names read by what a module calls with request.GET."""
    module = None
    for match in CALLED_WITH_GET.finditer(text):
        function, name = match[1], match[2]
        if function == "query_year":
            yield name or "year"
        elif function == "query_int":
            yield name
        elif function.endswith("Form"):
            dotted = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            module = module or importlib.import_module(dotted)
            yield from getattr(module, function).base_fields


def names_read_in_code():
    names = set()
    for app in APPS:
        for path in (ROOT / app).rglob("*"):
            if path.suffix not in (".py", ".html") or "migrations" in path.parts:
                continue
            text = path.read_text(encoding="utf-8")
            names.update(m[1] or m[2] for m in READ_IN_CODE.finditer(text))
            if path.suffix == ".py":
                names.update(_names_passed(path, text))
    return {name for name in names if not hasattr(QueryDict, name)}


def test_every_name_read_in_the_code_is_fuzzed():
    read = names_read_in_code()
    # The search finds each way of reading: by name, by the helpers, by a form.
    assert {"page", "year", "deputy", "overdue", "level", "assigned_date"} <= read
    assert read - {*FUZZ_NAMES} == set()
