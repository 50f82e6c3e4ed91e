"""The content of a summary as its renderers see it (PDF, Word, the preview page): title, parts
with numbered headings and paragraphs whose figure tokens are filled, the key-figures table,
the appendices and the signature. Both formats are written from one Document, so they agree."""

import re
from dataclasses import dataclass, field
from datetime import timedelta

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from congress import selectors as congress_selectors
from congress.models import Session
from congress.text import chinese_number, official_date
from reports import charts, figures, narrative
from reports.models import Report

# A paragraph opening with a level-2 heading （一）… or a level-3 heading 1. … up to its first
# full stop: that lead is set in the heading's face.
LEAD = re.compile(r"^(（[一二三四五六七八九十]+）[^。]*。|\d+[.．][^。]*。)")


@dataclass
class Paragraph:
    text: str
    lead: str = ""
    lead_level: int = 0  # 2 for （一）, 3 for 1.


@dataclass
class Part:
    key: str
    heading: str  # with its number, e.g. 一、基本情况; empty for the opening
    paragraphs: list


@dataclass
class Table:
    title: str
    columns: list
    rows: list  # lists of printed cells
    groups: list = field(default_factory=list)  # composition: [(group title, rows)]


@dataclass
class Document:
    title: str
    salutation: str
    parts: list
    key_figures: list  # (label, value, unit)
    appendices: list  # Table
    charts: dict  # name → SVG text (activities, categories)
    signature: str
    date_text: str
    subtitle: str = ""  # under the title of a report read at a session: ——在…第X次会议上


def session_subtitle(kind, period_end):
    """The line under the title of a work report to the congress naming the session it is read
    at (——在青山镇第十八届人民代表大会第五次会议上): the first session after the period when
    one is scheduled, else the next session of the term in force the day after the period.
    Empty for the other kinds, and while no term is recorded."""
    if kind != Report.Kind.CONGRESS:
        return ""
    session = (
        congress_selectors.sessions_list()
        .filter(start_date__gt=period_end)
        .order_by("start_date", "number")
        .first()
    )
    if session is None:
        term = congress_selectors.current_term(period_end + timedelta(days=1))
        if term is None:
            return ""
        number = congress_selectors.next_number(congress_selectors.sessions_list(term=term))
        session = Session(term=term, number=number)  # not saved: named like a recorded one
    return _("— given at the %(session)s of %(township)s") % {
        "session": session,
        "township": congress_selectors.township_name(),
    }


def paragraph(text):
    match = LEAD.match(text)
    if not match:
        return Paragraph(text=text)
    lead = match.group(1)
    return Paragraph(text=text[len(lead) :], lead=lead, lead_level=2 if lead[0] == "（" else 3)


def parts(sections, values):
    """Parts from (key, heading, text) of the included sections, level-1 headings numbered in
    order (一、二、…), tokens filled from `values`."""
    result = []
    number = 0
    for key, heading, text in sections:
        if heading:
            number += 1
            heading = f"{chinese_number(number)}、{heading}"
        lines = [line.strip() for line in narrative.fill(text, values).splitlines()]
        result.append(Part(key, heading, [paragraph(line) for line in lines if line]))
    return result


def appendices(snapshot):
    tables = snapshot["tables"]
    return [
        Table(
            title=_("Appendix 1: composition of the deputies"),
            columns=[
                pgettext("appendix", "Item"),
                pgettext("appendix", "Deputies"),
                _("Share (%)"),
            ],
            rows=[],
            groups=[(title, rows) for title, rows in tables["composition"]],
        ),
        Table(
            title=_("Appendix 2: suggestions by handling unit"),
            columns=[_("Lead unit"), _("Assigned"), _("Closed"), _("Closed rate (%)")],
            rows=tables["units"],
        ),
        Table(
            title=_("Appendix 3: replies by category"),
            columns=[_("Category"), _("Items"), _("Share (%)")],
            rows=tables["categories"],
        ),
        Table(
            title=_("Appendix 4: activities by kind"),
            columns=[_("Kind"), _("Activities"), _("Deputies taking part (person-times)")],
            rows=tables["activities"],
        ),
    ]


def build(*, title, salutation, sections, snapshot, signature, day, subtitle=""):
    """The Document of a summary; `sections` are (key, heading, text) of the included parts."""
    return Document(
        title=title,
        subtitle=subtitle,
        salutation=salutation,
        parts=parts(sections, snapshot["values"]),
        key_figures=figures.key_figures(snapshot),
        appendices=appendices(snapshot),
        charts=charts.for_snapshot(snapshot),
        signature=signature,
        date_text=official_date(day),
    )
