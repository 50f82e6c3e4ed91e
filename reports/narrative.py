"""The narrative of a summary: the outline, the first draft written from the figures, and the
figure tokens ({代表总数}) that print a figure wherever the text cites one.

A draft is rendered from the text templates in templates/reports/drafts/ (one per part of the
outline; an office may override them with its own wording). The templates write tokens, never
the numbers themselves, so an edited narrative still prints the figures of the data. Besides
the figures they get `year` (of the period's end), `named_thought` (whether the period's wording
names the guiding thought) and `place` (乡 or 镇, the word the text uses for the township)."""

import re
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from congress import selectors as congress_selectors
from congress.text import chinese_number, place_word
from reports import figures as figures_module

TOKEN = re.compile(r"\{([^{}\n]{1,30})\}")
# Level-2 headings the templates number in order of appearance: （#） → （一）, （二） …
AUTO_NUMBER = "（#）"
# 习近平新时代中国特色社会主义思想 was named in October 2017 and written into the Constitution in
# March 2018: a summary of an earlier year cannot have been guided by it under that name.
NAMED_THOUGHT_FROM = 2018


@dataclass(frozen=True)
class Part:
    key: str
    heading: str  # empty for the opening paragraph


def outline(kind):
    """The parts of a summary of `kind`, in order (domain guide §5)."""
    plans = _("Work plan for the second half") if kind == "half" else _("Plans for the next step")
    return [
        Part("opening", ""),
        Part("basic", _("Basic facts")),
        Part("sessions", _("Holding the sessions of the congress according to law")),
        Part("supervision", _("Supervision")),
        Part("deputies", _("Work with deputies")),
        Part("proposals", _("Handling of deputies' suggestions")),
        Part("self", _("Building the presidium itself")),
        Part("problems", _("Problems")),
        Part("plans", plans),
    ]


def _numbered(text):
    count = 0

    def number(_match):
        nonlocal count
        count += 1
        return f"（{chinese_number(count)}）"

    return re.sub(re.escape(AUTO_NUMBER), number, text)


def _paragraphs(text):
    """Template output as one paragraph per line; blank lines (and the lines of conditions that
    printed nothing) are dropped."""
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def _period_year(values):
    # The snapshot prints the period's last day (2024年12月31日, or 12/31/2024 in English).
    return int(re.search(r"\d{4}", values["period_end"]).group())


def draft(kind, snapshot):
    """[(part, text)] of a first draft of `kind` written from the figures `snapshot`."""
    values = snapshot["values"]
    numbers = {key: _as_number(value) for key, value in values.items()}
    year = _period_year(values)
    context = {
        "kind": kind,
        "values": values,
        "n": numbers,
        "election": snapshot["election"],
        "year": year,
        "named_thought": year >= NAMED_THOUGHT_FROM,
        "place": place_word(congress_selectors.township_name()),
    }
    return [
        (part, _numbered(_paragraphs(render_to_string(f"reports/drafts/{part.key}.txt", context))))
        for part in outline(kind)
    ]


def _as_number(value):
    try:
        return float(value)
    except ValueError:
        return 1 if value and value != figures_module.DASH else 0


def unknown_tokens(text):
    """Tokens in `text` that name no figure, in order, each once."""
    labels = figures_module.by_label()
    unknown = []
    for label in TOKEN.findall(text):
        if label not in labels and label not in unknown:
            unknown.append(label)
    return unknown


def fill(text, values):
    """`text` with each token replaced by the figure's printed value (rates with their %)."""
    labels = figures_module.by_label()

    def value(match):
        figure = labels.get(match.group(1))
        if figure is None:
            return match.group(0)
        printed = values.get(figure.key, figures_module.DASH)
        if figure.unit == "%" and printed != figures_module.DASH:
            return f"{printed}%"
        return printed

    return TOKEN.sub(value, text)
