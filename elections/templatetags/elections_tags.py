"""Template filters of the elections pages."""

from django import template

from congress import idnumbers

register = template.Library()


@register.filter
def age_on(birth_date, day):
    """{{ voter.birth_date|age_on:election.election_day }}: age in whole years, or "" without
    a birth date."""
    return idnumbers.age_on(birth_date, day) if birth_date and day else ""
