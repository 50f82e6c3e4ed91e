"""SVG charts of a summary's appendices: horizontal bars, written as inline SVG text.

User units are millimetres and the width is the 156 mm text block of the official layout.
Labels are escaped here, so templates may insert the SVG as it is. The SVG names its font:
WeasyPrint draws inline SVG text with the SVG's own font-family, not the page's CSS, and reads
only the first family of a list, so the root element carries the one CJK sans family the PDF
uses (a page showing the SVG in a browser may override it with CSS).
"""

from xml.sax.saxutils import escape, quoteattr

from django.conf import settings
from django.utils.translation import gettext as _

from congress import pdf

WIDTH = 156  # mm, the text block
FONT = 3.9  # mm (11 pt)
CAPTION_HEIGHT = 10
ROW = 7.5
BAR = 4.5
GAP = 2
VALUE_SPACE = 34  # room right of the longest bar for its value text


def text_width(text, size=FONT):
    """Rough printed width: a CJK character is one em, anything narrower half of one."""
    return sum(size if ord(char) > 0x2E7F else size * 0.55 for char in str(text))


def font_family():
    """The installed sans family the PDF uses; the configured name when none is installed
    (rendering the PDF then stops with its own error)."""
    try:
        return pdf.fonts()["sans"].strip('"')
    except pdf.CJKFontMissing:
        return settings.PDF_FONT_SANS


def bar_chart(caption, rows):
    """An SVG bar chart: `rows` are (label, value, printed value), values ≥ 0."""
    label_width = max(text_width(label) for label, _value, _printed in rows) + GAP
    bar_space = WIDTH - label_width - GAP - VALUE_SPACE
    largest = max(value for _label, value, _printed in rows) or 1
    height = CAPTION_HEIGHT + ROW * len(rows) + GAP
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f"aria-label={quoteattr(caption)} font-family={quoteattr(font_family())} "
        f'width="{WIDTH}mm" height="{height:g}mm" viewBox="0 0 {WIDTH} {height:g}">',
        f'<text class="chart-caption" x="{WIDTH / 2:g}" y="{FONT + 1:g}" '
        f'font-size="{FONT + 0.3:g}" font-weight="bold" text-anchor="middle">'
        f"{escape(caption)}</text>",
    ]
    for index, (label, value, printed) in enumerate(rows):
        top = CAPTION_HEIGHT + index * ROW
        baseline = top + BAR / 2 + FONT * 0.35
        length = bar_space * value / largest
        parts += [
            f'<text class="chart-label" x="{label_width - GAP:.2f}" y="{baseline:.2f}" '
            f'font-size="{FONT}" text-anchor="end">{escape(str(label))}</text>',
            f'<rect x="{label_width:.2f}" y="{top:.2f}" width="{length:.2f}" height="{BAR}" '
            f'fill="#595959"/>',
            f'<text class="chart-value" x="{label_width + length + GAP:.2f}" y="{baseline:.2f}" '
            f'font-size="{FONT}">{escape(printed)}</text>',
        ]
    parts.append("</svg>")
    return "\n".join(parts)


def activities_chart(rows):
    """Activities by kind from the appendix rows [kind, activities, person-times]; kinds
    without activities are left out, and so is the chart when there are none."""
    rows = [row for row in rows if row[1]]
    if not rows:
        return None
    return bar_chart(
        _("Activities by kind"),
        [
            (
                kind,
                count,
                _("%(count)s times, %(people)s person-times") % {"count": count, "people": people},
            )
            for kind, count, people in rows
        ],
    )


def categories_chart(rows):
    """Replies by category from the appendix rows [category, items, share]; none without
    replies (every bar would be empty)."""
    if not any(n for _label, n, _share in rows):
        return None
    return bar_chart(
        _("Replies by category"),
        [
            (label, n, _("%(items)s items, %(share)s%%") % {"items": n, "share": share})
            for label, n, share in rows
        ],
    )


def for_snapshot(snapshot):
    """{"activities": svg, "categories": svg} for the snapshot's tables (a chart without data
    is left out)."""
    tables = snapshot["tables"]
    charts = {
        "activities": activities_chart(tables["activities"]),
        "categories": categories_chart(tables["categories"]),
    }
    return {name: svg for name, svg in charts.items() if svg}
