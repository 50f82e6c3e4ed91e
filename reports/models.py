"""Work summaries: a report's narrative sections, the figures it was drafted from, its status
events and the archived PDF of every approved version."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from congress.uploads import random_upload_to


class Report(models.Model):
    class Kind(models.TextChoices):
        ANNUAL = "annual", _("annual work summary")
        HALF = "half", _("half-year work summary")
        CONGRESS = "congress", _("presidium work report to the congress")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        APPROVED = "approved", _("approved")
        ARCHIVED = "archived", _("archived")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period until"))
    title = models.CharField(_("title"), max_length=100)
    salutation = models.CharField(
        _("salutation"),
        max_length=100,
        blank=True,
        help_text=_("For a report read at a session, e.g. 各位代表："),
    )
    signature = models.CharField(_("signed by"), max_length=100)
    document_date = models.DateField(_("date of the document"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    # The figures (values and tables) the narrative shows, taken from the data when the draft
    # was made or last refreshed; compared with the data now to tell what moved.
    figures = models.JSONField(_("figures"), default=dict)
    figures_taken_at = models.DateTimeField(_("figures taken at"))
    # The version the next archived PDF gets; raised when an archived report is revised.
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    # Bumped on every save, so a form opened before someone else's save is refused.
    revision = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("drafted by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-year", "-period_end", "kind", "-pk"]
        verbose_name = _("work summary")
        verbose_name_plural = _("work summaries")
        permissions = [("approve_report", _("Can approve work summaries (the chair)"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="report_period_ends_after_start",
                violation_error_message=_("The period cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("report_edit", args=[self.pk])


class Section(models.Model):
    """One part of the outline (opening, 一、基本情况 …): narrative with figure tokens such as
    {代表总数} that print the report's figures, so no number is typed by hand."""

    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="sections", verbose_name=_("report")
    )
    key = models.CharField(_("part"), max_length=30)
    position = models.PositiveSmallIntegerField(_("position"))
    heading = models.CharField(
        _("heading"), max_length=100, blank=True, help_text=_("Without its number (一、…).")
    )
    text = models.TextField(_("text"), blank=True, help_text=_("One paragraph per line."))
    included = models.BooleanField(_("included"), default=True)

    class Meta:
        ordering = ["report", "position"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        constraints = [
            models.UniqueConstraint(fields=["report", "key"], name="one_section_per_part"),
        ]

    def __str__(self):
        return self.heading or self.key


class ReportEvent(models.Model):
    """Append-only: who moved a report between statuses, when."""

    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="events", verbose_name=_("report")
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    from_status = models.CharField(
        pgettext_lazy("state", "from"), max_length=20, choices=Report.Status.choices, blank=True
    )
    to_status = models.CharField(
        pgettext_lazy("state", "to"), max_length=20, choices=Report.Status.choices
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["report", "at", "pk"]
        verbose_name = _("report event")
        verbose_name_plural = _("report events")

    def __str__(self):
        return f"{self.report} {self.from_status}→{self.to_status}"


# A random stored name; the download is named from the report's title and version.
archive_path = random_upload_to("reports/archive")


class ArchivedVersion(models.Model):
    """The PDF of an approved version, stored once and never overwritten."""

    report = models.ForeignKey(
        Report, on_delete=models.PROTECT, related_name="archived", verbose_name=_("report")
    )
    version = models.PositiveSmallIntegerField(_("version"))
    file = models.FileField(_("PDF file"), upload_to=archive_path)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveIntegerField(_("size in bytes"))
    archived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("archived by"),
    )
    archived_at = models.DateTimeField(_("archived at"), auto_now_add=True)

    class Meta:
        ordering = ["report", "-version"]
        verbose_name = _("archived version")
        verbose_name_plural = _("archived versions")
        constraints = [
            models.UniqueConstraint(fields=["report", "version"], name="one_file_per_version"),
        ]

    def __str__(self):
        return f"{self.report} v{self.version}"
