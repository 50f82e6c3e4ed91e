"""The searchable picker for every choice of deputies or units (a lead deputy, co-signers,
attendees, a lead unit, co-handling units): a plain <select> that works without JavaScript,
which static/js/picker.js turns into a search box with chips.

Each option carries what a user may type to find it (congress.names.pinyin_keys: 张三 →
"zhangsan zs"), so a name is found by its characters, its pinyin or its initials. A form marks
the options that cannot be chosen with the reason (`reasons`, from the rule its service
enforces): they stay in the list, disabled and labelled, so the user sees why before submitting."""

from django import forms
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from congress.names import pinyin_keys


class _Picker:
    template_name = "widgets/picker.html"

    def __init__(self, attrs=None, reasons=None):
        super().__init__(attrs)
        # {option value as text: why it cannot be chosen, in Chinese}
        self.reasons = dict(reasons or {})

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        option["attrs"]["data-keys"] = " ".join(pinyin_keys(str(label)))
        reason = self.reasons.get(str(value))
        if reason:
            option["attrs"]["disabled"] = True
            option["attrs"]["data-reason"] = reason
            option["label"] = f"{label}（{reason}）"
        return option

    def render(self, name, value, attrs=None, renderer=None):
        return mark_safe(render_to_string(self.template_name, self.get_context(name, value, attrs)))


class SearchableSelect(_Picker, forms.Select):
    """One deputy or unit; the list closes after a pick."""


class SearchableSelectMultiple(_Picker, forms.SelectMultiple):
    """Several deputies or units, shown as chips; the list stays open for the next one."""

    # Rows the plain list shows without JavaScript.
    plain_rows = 10

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        options = sum(len(group[1]) for group in context["widget"]["optgroups"])
        context["widget"]["attrs"].setdefault("size", max(2, min(self.plain_rows, options)))
        return context
