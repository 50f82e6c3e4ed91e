"""The congress body: users, the township, terms, sessions, the presidium and its meetings."""

import os

from django.contrib.auth.models import AbstractUser
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, F, Q, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from congress import law
from congress.files import opens_in_browser
from congress.text import chinese_number
from congress.uploads import random_upload_to

# The law: a township congress meets at least once a year; townships generally meet twice.
SESSIONS_PER_YEAR_MINIMUM = 1
SESSIONS_PER_YEAR_USUAL = 2


# Terms, sessions and meetings are numbered from 1 and written in Chinese numerals (第十八届),
# which congress.text writes up to 9999.
NUMBER_RANGE = [MinValueValidator(1), MaxValueValidator(9999)]


class User(AbstractUser):
    """A portal account. Chinese names are not split into first and last, so one `name`."""

    name = models.CharField(_("full name"), max_length=50, blank=True)
    phone = models.CharField(_("mobile phone"), max_length=20, blank=True)
    # Set with a one-time password (congress.accounts): until the user picks their own, the
    # portal shows them only the password change page.
    must_change_password = models.BooleanField(_("must change password"), default=False)
    one_time_password_at = models.DateTimeField(_("one-time password set"), null=True, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        permissions = [("reset_password", _("Can set a one-time password for a user"))]

    def __str__(self):
        return self.name or self.username

    def get_full_name(self):
        return self.name or self.username

    def get_short_name(self):
        return self.name or self.username


class TownshipProfile(models.Model):
    """The one township this installation serves (the row with id 1)."""

    name = models.CharField(_("township name"), max_length=50)
    county = models.CharField(_("county"), max_length=50)
    population = models.PositiveIntegerField(_("resident population"), default=0)
    households = models.PositiveIntegerField(_("households"), default=0)
    villages = models.TextField(
        _("villages and communities"), blank=True, help_text=_("One village or community per line.")
    )

    class Meta:
        verbose_name = _("township profile")
        verbose_name_plural = _("township profile")
        constraints = [
            models.CheckConstraint(condition=Q(id=1), name="township_profile_single_row")
        ]

    def __str__(self):
        return self.name

    @property
    def village_list(self):
        return [line.strip() for line in self.villages.splitlines() if line.strip()]


class Term(models.Model):
    """A five-year term (届) of the township congress."""

    number = models.PositiveSmallIntegerField(
        _("term number"), unique=True, validators=NUMBER_RANGE
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)

    class Meta:
        ordering = ["-number"]
        verbose_name = _("term")
        verbose_name_plural = _("terms")
        constraints = [
            models.CheckConstraint(condition=Q(number__gte=1), name="term_number_positive"),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gt=F("start_date")),
                name="term_ends_after_start",
                violation_error_message=_("The end date must be after the start date."),
            ),
        ]

    def __str__(self):
        return _("Term %(number)s") % {"number": chinese_number(self.number)}


class Session(models.Model):
    """A session (第X届人民代表大会第X次会议) with its attendance figures."""

    class Kind(models.TextChoices):
        REGULAR = "regular", _("regular session")
        FIRST = "first", _("first session after the election")
        EXTRAORDINARY = "extraordinary", _("extraordinary session")

    term = models.ForeignKey(
        Term, on_delete=models.PROTECT, related_name="sessions", verbose_name=_("term")
    )
    number = models.PositiveSmallIntegerField(_("session number"), validators=NUMBER_RANGE)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.REGULAR)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    place = models.CharField(_("place"), max_length=100, blank=True)
    reports_heard = models.TextField(
        _("reports heard"),
        blank=True,
        help_text=_("One report per line, e.g. the government work report."),
    )
    decisions = models.TextField(_("decisions and resolutions"), blank=True)
    # Attendance is recorded once the session is held; a scheduled session leaves it empty.
    deputies_total = models.PositiveSmallIntegerField(_("deputies expected"), null=True, blank=True)
    deputies_present = models.PositiveSmallIntegerField(
        _("deputies present"), null=True, blank=True
    )
    deputies_on_leave = models.PositiveSmallIntegerField(
        _("deputies on leave"), null=True, blank=True
    )
    deputies_absent = models.PositiveSmallIntegerField(_("deputies absent"), null=True, blank=True)

    class Meta:
        ordering = ["-start_date", "-number"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        constraints = [
            models.UniqueConstraint(
                fields=["term", "number"],
                name="session_number_unique_in_term",
                violation_error_message=_("This term already has a session with this number."),
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="session_number_positive"),
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="session_ends_after_start",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
            models.CheckConstraint(
                condition=Q(
                    deputies_total__isnull=True,
                    deputies_present__isnull=True,
                    deputies_on_leave__isnull=True,
                    deputies_absent__isnull=True,
                )
                | Q(
                    deputies_total__isnull=False,
                    deputies_present__isnull=False,
                    deputies_on_leave__isnull=False,
                    deputies_absent__isnull=False,
                    deputies_total=F("deputies_present")
                    + F("deputies_on_leave")
                    + F("deputies_absent"),
                ),
                name="session_attendance_adds_up",
                violation_error_message=_(
                    "Attendance must be filled in completely, and the deputies expected must equal "
                    "those present plus those on leave plus those absent."
                ),
            ),
        ]

    def __str__(self):
        return _("Session %(session)s of term %(term)s") % {
            "term": chinese_number(self.term.number),
            "session": chinese_number(self.number),
        }

    def get_absolute_url(self):
        return reverse("session_detail", args=[self.pk])

    @property
    def attendance_recorded(self):
        return self.deputies_total is not None

    @property
    def quorum_met(self):
        """True when at least two thirds of the deputies attended; None before attendance is known."""
        if not self.deputies_total or self.deputies_present is None:
            return None
        return self.deputies_present >= law.quorum_required(self.deputies_total)

    @property
    def quorum_required(self):
        """Fewest deputies present for a valid session (two thirds, rounded up)."""
        if not self.deputies_total:
            return None
        return law.quorum_required(self.deputies_total)

    @property
    def is_held(self):
        return self.start_date <= timezone.localdate()

    @property
    def report_list(self):
        return [line.strip() for line in self.reports_heard.splitlines() if line.strip()]


class PresidiumRole(models.TextChoices):
    """Presidium posts, in the order lists print them."""

    CHAIR = "chair", _("chair")
    VICE_CHAIR = "vice_chair", _("vice-chair")
    MEMBER = "member", _("member")
    SECRETARY = "secretary", _("secretary")


class PresidiumMember(models.Model):
    """A seat on the presidium over a period of time."""

    Role = PresidiumRole

    term = models.ForeignKey(
        Term, on_delete=models.PROTECT, related_name="presidium_members", verbose_name=_("term")
    )
    name = models.CharField(_("name"), max_length=50)
    user = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="presidium_seats",
        verbose_name=_("portal account"),
    )
    role = models.CharField(_("presidium role"), max_length=20, choices=Role.choices)
    full_time = models.BooleanField(_("full-time"), default=False)
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        # Chair first, then vice-chairs, members and the secretary, as lists are printed.
        ordering = [
            "term",
            Case(*(When(role=role, then=rank) for rank, role in enumerate(PresidiumRole.values))),
            "start_date",
            "name",
        ]
        verbose_name = _("presidium member")
        verbose_name_plural = _("presidium members")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="presidium_member_ends_after_start",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
        ]

    def __str__(self):
        return f"{self.name}（{self.get_role_display()}）"

    def serves_on(self, day):
        return self.start_date <= day and (self.end_date is None or day <= self.end_date)


class PresidiumMeeting(models.Model):
    """A presidium meeting, numbered within the term."""

    term = models.ForeignKey(
        Term, on_delete=models.PROTECT, related_name="presidium_meetings", verbose_name=_("term")
    )
    number = models.PositiveSmallIntegerField(_("meeting number"), validators=NUMBER_RANGE)
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=100, blank=True)
    agenda = models.TextField(_("agenda"), help_text=_("One item per line."))
    decisions = models.TextField(_("decisions"), blank=True)
    attendees = models.ManyToManyField(
        PresidiumMember, blank=True, related_name="meetings", verbose_name=_("members present")
    )

    class Meta:
        ordering = ["-date", "-number"]
        verbose_name = _("presidium meeting")
        verbose_name_plural = _("presidium meetings")
        constraints = [
            models.UniqueConstraint(
                fields=["term", "number"],
                name="meeting_number_unique_in_term",
                violation_error_message=_(
                    "This term already has a presidium meeting with this number."
                ),
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="meeting_number_positive"),
        ]

    def __str__(self):
        return _("Presidium meeting %(meeting)s of term %(term)s") % {
            "term": chinese_number(self.term.number),
            "meeting": chinese_number(self.number),
        }

    def get_absolute_url(self):
        return reverse("meeting_detail", args=[self.pk])

    @property
    def agenda_list(self):
        return [line.strip() for line in self.agenda.splitlines() if line.strip()]


class Job(models.Model):
    """A piece of long work (an import, a township's voter cards, an archive, the daily
    reminders) run by the task worker, not by the web request. The row is what any app server
    reads to show its progress, and what is left of it afterwards: who, what, outcome."""

    class State(models.TextChoices):
        QUEUED = "queued", _("waiting")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    kind = models.CharField(_("kind"), max_length=40)
    title = models.CharField(_("title"), max_length=200)
    started_by = models.ForeignKey(
        User, verbose_name=_("started by"), null=True, blank=True, on_delete=models.PROTECT
    )
    state = models.CharField(_("state"), max_length=10, choices=State, default=State.QUEUED)
    phase = models.CharField(_("phase"), max_length=100, blank=True)
    done = models.PositiveIntegerField(_("done"), default=0)
    total = models.PositiveIntegerField(_("total"), default=0)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    # What the job found: a summary line or its problems (each a line); the page it belongs to.
    summary = models.TextField(_("summary"), blank=True)
    problems = models.JSONField(_("problems"), default=list, blank=True)
    next_url = models.CharField(_("next page"), max_length=200, blank=True)
    # A document the job made (voter cards, a roll), handed out by the job's own view.
    file = models.FileField(_("file"), upload_to=random_upload_to("jobs"), blank=True)
    file_name = models.CharField(_("file name"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    # Touched while the job runs (congress.jobs): silent too long, its worker has died.
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["started_by", "-created_at"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("job_detail", args=[self.pk])

    @property
    def finished(self):
        return self.state in (self.State.DONE, self.State.FAILED)

    @property
    def opens_in_browser(self):
        return opens_in_browser(self.file_name)

    @property
    def percent(self):
        return min(100, 100 * self.done // self.total) if self.total else 0


class UploadedFile(models.Model):
    """What every uploaded document keeps beside its file (which each model declares with its
    own folder): the name it was uploaded with, a title, when."""

    # The stored name is random; downloads carry the name the file was uploaded with.
    original_name = models.CharField(
        _("original file name"), max_length=255, blank=True, editable=False
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.title or self.download_name

    @property
    def download_name(self):
        # Files stored before names were random kept the uploaded name.
        return self.original_name or os.path.basename(self.file.name)

    @property
    def opens_in_browser(self):
        return opens_in_browser(self.download_name)


class SentForm(models.Model):
    """A create form that was sent: its one-time token, drawn when the form's page was, and the
    record it created. The token's uniqueness decides between two sendings of one form (a
    double click, two taps on a slow phone, a resent page): the second finds the first's
    record (congress.services.form_sent_once)."""

    token = models.UUIDField(_("form token"), primary_key=True)
    user = models.ForeignKey(
        User,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sent by"),
    )
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    # Set in the transaction that wrote the token, so a committed row always names its record.
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, null=True)
    object_id = models.PositiveBigIntegerField(null=True)
    record = GenericForeignKey()

    class Meta:
        verbose_name = _("sent form")
        verbose_name_plural = _("sent forms")

    def __str__(self):
        return str(self.token)
