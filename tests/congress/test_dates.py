"""Dates in pages read 2026年12月7日: templates name Django's formats (|date, DATETIME_FORMAT …)
instead of spelling format strings, and ISO dates stay inside attributes."""

import re
from datetime import date, datetime
from pathlib import Path

from django.conf import settings
from django.template import Context, Template
from django.utils import translation

from congress.templatetags.dates import date_span

ROOT = Path(settings.BASE_DIR)
# A format string after |date or |time: anything but one of Django's named formats.
LITERAL_FORMAT = re.compile(r"""\|(?:date|time):(["'])(?!\w+_FORMAT\1)([^"']*)\1""")
# Machine formats, allowed only as the whole value of a datetime attribute.
MACHINE_USE = re.compile(
    r"""datetime="\{\{ [\w.]+\|date:'(?:c|Y-m-d)' \}\}(?:T\{\{ [\w.]+\|time:'H:i' \}\})?\""""
)
# The weekday's name (星期一) is a word beside the date, not a date.
WEEKDAY = '|date:"l"'


def templates():
    for path in ROOT.glob("**/templates/**/*"):
        if path.is_file() and not {"node_modules", ".venv"} & set(path.parts):
            yield path


def literal_formats(source):
    source = MACHINE_USE.sub("", source).replace(WEEKDAY, "")
    return [match.group(0) for match in LITERAL_FORMAT.finditer(source)]


def test_the_scan_finds_format_strings():
    assert literal_formats('{{ d|date:"Y年n月j日" }} {{ d|date:"Y-m-d" }}') == [
        '|date:"Y年n月j日"',
        '|date:"Y-m-d"',
    ]
    assert literal_formats("{{ t|time:'H:i' }}") == ["|time:'H:i'"]
    assert literal_formats("<span title=\"{{ d|date:'c' }}\">") == ["|date:'c'"]
    allowed = (
        '<time datetime="{{ e.at|date:\'c\' }}">{{ e.at|date:"DATETIME_FORMAT" }}</time>'
        '{{ d|date }}{{ d|date:"YEAR_MONTH_FORMAT" }}{{ d|date:"l" }}'
    )
    assert literal_formats(allowed) == []


def test_no_template_spells_a_date_format():
    paths = list(templates())
    assert len(paths) > 100
    found = {
        str(path.relative_to(ROOT)): hits
        for path in paths
        if (hits := literal_formats(path.read_text(encoding="utf-8")))
    }
    assert not found, found


def test_named_formats_read_as_official_text():
    with translation.override("zh-hans"):
        html = Template(
            '{{ d|date }}|{{ t|date:"DATETIME_FORMAT" }}|{{ d|date:"MONTH_DAY_FORMAT" }}'
        ).render(Context({"d": date(2027, 1, 7), "t": datetime(2027, 1, 7, 9, 5)}))
    assert html == "2027年1月7日|2027年1月7日 09:05|1月7日"


def test_a_date_span_names_the_year_once_unless_it_changes():
    with translation.override("zh-hans"):
        assert date_span(date(2026, 12, 7), None) == "2026年12月7日"
        assert date_span(date(2026, 12, 7), date(2026, 12, 7)) == "2026年12月7日"
        assert date_span(date(2026, 1, 7), date(2026, 2, 9)) == "2026年1月7日—2月9日"
        assert date_span(date(2026, 12, 30), date(2027, 1, 2)) == "2026年12月30日—2027年1月2日"
