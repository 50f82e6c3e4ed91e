"""Demo work summaries: last year's annual summary approved by the chair and archived, and a
half-year draft of this year, all through the services."""

from django.utils import timezone

from congress.roles import Role
from reports import services
from reports.models import Report


def seed(*, term, accounts, names):
    if Report.objects.exists():
        return
    today = timezone.localdate()
    secretary, chair = accounts[Role.SECRETARY], accounts[Role.PRESIDIUM]
    annual = services.report_create(actor=secretary, kind="annual", year=today.year - 1)
    services.report_approve(actor=chair, report=annual)
    services.report_archive(actor=secretary, report=annual)
    if today.month > 6:
        services.report_create(actor=secretary, kind="half", year=today.year)
