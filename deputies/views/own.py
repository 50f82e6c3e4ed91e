"""A deputy's profile and performance record (履职档案), for the deputy (phone-first) and for
the secretary and presidium. One rendering, `_record_page`, serves both URLs."""

from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from congress.query import query_year
from congress.selectors import current_term
from congress.views import page_permission
from deputies import selectors
from deputies.models import Deputy
from deputies.services import deputy_for_user

YEARS_SHOWN = 5
# Categories of the record's entries (deputies.selectors.RecordEntry.category), in print order.
CATEGORY_LABELS = {
    "session": _("sessions attended"),
    "activity": _("activities joined"),
    "training": _("trainings"),
    "report_back": _("report-backs"),
    "voter_contact": _("voter contacts"),
}
# Duty check statuses (deputies.selectors.DutyCheck.status): label and badge class.
STATUS_LABELS = {
    "met": (_("met"), "ok"),
    "pending": (_("in progress"), "warning"),
    "missed": (_("not met"), "error"),
}


def record_year(request, today):
    """The year asked for with ?year=, this year when missing or not a plausible year."""
    return query_year(request.GET, high=today.year) or today.year


def record_years(year, today):
    """The years to link to: the current term's years (at least the last few), newest first."""
    term = current_term(today)
    first = min(term.start_date.year if term else today.year, today.year - YEARS_SHOWN + 1, year)
    return list(range(today.year, first - 1, -1))


def record_panels(*, deputy, year, user, own):
    """Sections other apps add to the record: each app's AppConfig may name, in
    `record_panels`, functions f(*, deputy, year, user, own) returning an object with `title`,
    `figures` ([(label, value)]), `note` and `link` ((label, url) or None), or None. Gathered
    from the app registry, so this app imports none of them."""
    panels = []
    for config in apps.get_app_configs():
        for path in getattr(config, "record_panels", ()):
            panel = import_string(path)(deputy=deputy, year=year, user=user, own=own)
            if panel is not None:
                panels.append(panel)
    return panels


def _record_page(request, deputy, *, own):
    today = timezone.localdate()
    year = record_year(request, today)
    entries = selectors.performance_record(deputy, year)
    checks = selectors.duty_compliance(deputy, year, today)
    statuses = [check.status for check in checks]
    summary = selectors.record_summary(entries)
    # Only pages the viewer may open are linked from the timeline.
    user = request.user
    linked = {"voter_contact"}
    if user.has_perm("congress.view_session"):
        linked.add("session")
    if user.has_perm("deputies.view_activity"):
        linked.update({"activity", "training", "report_back"})
    deputy = (
        selectors.with_current_group(Deputy.objects.filter(pk=deputy.pk))
        .prefetch_related("stations")
        .get()
    )
    return render(
        request,
        "deputies/record_page.html",
        {
            "deputy": deputy,
            "group": selectors.current_group(deputy),
            "own": own,
            "year": year,
            "years": record_years(year, today),
            "timeline": [(entry, CATEGORY_LABELS[entry.category]) for entry in entries],
            "linked": linked,
            "summary": [(key, label, summary[key]) for key, label in CATEGORY_LABELS.items()],
            "checks": [(check, *STATUS_LABELS[check.status]) for check in checks],
            "panels": record_panels(deputy=deputy, year=year, user=user, own=own),
            "status_counts": [
                (key, label, css, statuses.count(key))
                for key, (label, css) in STATUS_LABELS.items()
            ],
        },
    )


@page_permission("deputies.view_own_record")
def my_record(request):
    deputy = deputy_for_user(request.user)
    if deputy is None:
        return render(request, "deputies/record_no_deputy.html")
    return _record_page(request, deputy, own=True)


@login_required
def deputy_record(request, pk):
    deputy = get_object_or_404(Deputy, pk=pk)
    if request.user.has_perm("deputies.view_deputy"):
        return _record_page(request, deputy, own=False)
    if request.user.has_perm("deputies.view_own_record"):
        own = deputy_for_user(request.user)
        if own is None or own.pk != deputy.pk:
            # Another deputy's record: as if it did not exist.
            raise Http404
        return _record_page(request, deputy, own=True)
    raise PermissionDenied
