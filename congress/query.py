"""Years, dates, record numbers and pages as the pages read them from a request.

A value of a query string (?year=, ?deputy=, ?page=) that is not one, or lies outside what the
page can mean, is ignored as if it were missing: passed on, a year before 1 or after 9999
makes the database lookup raise (a 500 on `/contacts/?year=-1`), a date near 9999-12-31 a
deadline computed from it, and a record number past the database's integers overflows. A form
whose date goes into such a computation refuses it with `plausible_date`.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# No record of the portal is older than the People's Republic; none is dated past 2100
# (the upper bound of the years reports and oversight accept).
FIRST_YEAR = 1949
LAST_YEAR = 2100
# The largest primary key (BigAutoField, 64-bit on SQLite and PostgreSQL).
LARGEST_ID = 2**63 - 1


def query_int(query, name, *, low=1, high=LARGEST_ID):
    """The integer `query[name]` (a QueryDict, e.g. request.GET), or None when it is missing,
    not an integer or not within low..high. By default a record's primary key."""
    try:
        value = int(query.get(name, ""))
    except ValueError:
        return None
    return value if low <= value <= high else None


def query_year(query, name="year", *, low=FIRST_YEAR, high=LAST_YEAR):
    """The year `query[name]`, or None when missing or outside low..high."""
    return query_int(query, name, low=low, high=high)


def query_date(query, name):
    """The ISO date `query[name]` (as a date input sends it), or None when missing, not a day
    of the calendar or outside FIRST_YEAR..LAST_YEAR."""
    try:
        day = date.fromisoformat(query.get(name, ""))
    except ValueError:
        return None
    return day if FIRST_YEAR <= day.year <= LAST_YEAR else None


def plausible_date(day):
    """A form field's validator: the date lies within FIRST_YEAR..LAST_YEAR."""
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise ValidationError(
            _("Enter a date between the years %(first)s and %(last)s."),
            params={"first": FIRST_YEAR, "last": LAST_YEAR},
        )


class ClampedPageMixin:
    """A ListView whose ?page= past the last page shows the last page and garbage the first,
    as Paginator.get_page does for the function views, instead of ListView's 404."""

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(
            queryset,
            page_size,
            orphans=self.get_paginate_orphans(),
            allow_empty_first_page=self.get_allow_empty(),
        )
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()
