"""Template filters of the deputies' pages."""

from django import template

from deputies import selectors

register = template.Library()


@register.filter
def masked_id(value):
    """{{ deputy.id_number|masked_id }} → 4101**********123X."""
    return selectors.id_number_masked(value)
