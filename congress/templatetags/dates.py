"""{{ start|date_span:end }}: a date range as official text writes it."""

from django import template
from django.utils.formats import date_format

register = template.Library()


@register.filter
def date_span(start, end):
    """2026年12月7日 alone, 2026年12月7日—12月9日 within a year, the full date on both sides
    when the range crosses a new year (2026年12月30日—2027年1月2日)."""
    if not start:
        return ""
    if not end or end == start:
        return date_format(start)
    tail = date_format(end, "MONTH_DAY_FORMAT" if end.year == start.year else "DATE_FORMAT")
    return f"{date_format(start)}—{tail}"
