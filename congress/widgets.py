"""The searchable multi-select picker for choosing deputies or units (co-signers, attendees,
co-handling units): a plain <select multiple> that works without JavaScript, which
static/js/picker.js turns into a search box with chips.

Each option carries the pinyin initials of its label (王芳 → "wf"), so a name is found by typing
either the name or its initials. pypinyin is not a dependency: the initials come from GB2312's
first level (the 3,755 common characters, ordered by pinyin), where each initial starts at a
known code. Characters outside it (rarer ones, ordered by radical) give no initial; a
polyphonic surname takes its common reading (单 → d, not s)."""

from bisect import bisect_right

from django import forms
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

# The first GB2312 code of each initial's characters (no word starts with i, u or v).
_GB2312_STARTS = (
    (0xB0A1, "a"),
    (0xB0C5, "b"),
    (0xB2C1, "c"),
    (0xB4EE, "d"),
    (0xB6EA, "e"),
    (0xB7A2, "f"),
    (0xB8C1, "g"),
    (0xB9FE, "h"),
    (0xBBF7, "j"),
    (0xBFA6, "k"),
    (0xC0AC, "l"),
    (0xC2E8, "m"),
    (0xC4C3, "n"),
    (0xC5B6, "o"),
    (0xC5BE, "p"),
    (0xC6DA, "q"),
    (0xC8BB, "r"),
    (0xC8F6, "s"),
    (0xCBFA, "t"),
    (0xCDDA, "w"),
    (0xCEF4, "x"),
    (0xD1B9, "y"),
    (0xD4D1, "z"),
)
_CODES = [code for code, _letter in _GB2312_STARTS]
_LEVEL_ONE_END = 0xD7F9


def pinyin_initials(text):
    """The pinyin initials of the Chinese characters of `text`, lower case: 民政办 → "mzb"."""
    letters = []
    for char in text:
        try:
            code = int.from_bytes(char.encode("gb2312"), "big")
        except UnicodeEncodeError:
            continue
        if _CODES[0] <= code <= _LEVEL_ONE_END:
            letters.append(_GB2312_STARTS[bisect_right(_CODES, code) - 1][1])
    return "".join(letters)


class SearchableSelectMultiple(forms.SelectMultiple):
    """One widget for every choice of several deputies or units. Rendered with the project's
    template engine (templates/widgets/picker.html), which also links the picker's CSS and JS,
    so a form needs nothing else to use it."""

    template_name = "widgets/picker.html"
    # Rows the plain list shows without JavaScript.
    plain_rows = 10

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        option["attrs"]["data-initials"] = pinyin_initials(str(label))
        return option

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        options = sum(len(group[1]) for group in context["widget"]["optgroups"])
        context["widget"]["attrs"].setdefault("size", max(2, min(self.plain_rows, options)))
        return context

    def render(self, name, value, attrs=None, renderer=None):
        return mark_safe(render_to_string(self.template_name, self.get_context(name, value, attrs)))
