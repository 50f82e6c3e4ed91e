"""Deputies and their work between sessions.

A deputy is a person; the seats they hold (township, county, ... per term) are rows of
`Seat`, so one person can sit at several levels at once and count once as a person.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from congress.models import PresidiumMember, Session, Term, UploadedFile
from congress.names import stroke_sort_key
from congress.uploads import random_upload_to


class Gender(models.TextChoices):
    MALE = "M", _("male")
    FEMALE = "F", _("female")


class Party(models.TextChoices):
    CPC = "cpc", _("CPC member")
    DEMOCRATIC = "democratic", _("democratic party member")
    MASSES = "masses", _("no party affiliation")


class Education(models.TextChoices):
    """Ordered from highest to lowest, as composition tables print them."""

    POSTGRADUATE = "postgraduate", _("postgraduate")
    BACHELOR = "bachelor", _("bachelor's degree")
    COLLEGE = "college", _("junior college")
    SECONDARY_VOCATIONAL = "secondary_vocational", _("secondary vocational school")
    HIGH_SCHOOL = "high_school", _("senior high school")
    JUNIOR_OR_BELOW = "junior_or_below", _("junior high school or below")


class Occupation(models.TextChoices):
    WORKER = "worker", _("worker")
    FARMER = "farmer", _("farmer")
    PROFESSIONAL = "professional", _("professional and technical staff")
    CADRE = "cadre", _("party and government cadre")
    BUSINESS = "business", _("enterprise manager")
    OTHER = "other", _("other")


class DeputyStatus(models.TextChoices):
    IN_OFFICE = "in_office", _("in office")
    RESIGNED = "resigned", _("resigned")
    RECALLED = "recalled", _("recalled")
    TERMINATED = "terminated", _("terminated")
    DECEASED = "deceased", _("deceased")


class Level(models.TextChoices):
    """Levels of people's congress, lowest first."""

    TOWNSHIP = "township", _("township")
    COUNTY = "county", _("county")
    CITY = "city", _("city")
    PROVINCE = "province", _("province")
    NATIONAL = "national", _("national")


MAJORITY_ETHNICITY = "汉族"


class Deputy(models.Model):
    name = models.CharField(_("name"), max_length=50)
    # Sort key of official lists (surname strokes, congress.names), stored so the roster, the
    # directory and every choice of deputies sort in the database, in one order.
    stroke_key = models.TextField(editable=False, default="", db_index=True)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices)
    ethnicity = models.CharField(_("ethnicity"), max_length=20, default=MAJORITY_ETHNICITY)
    birth_date = models.DateField(_("birth date"))
    # GB 11643 number, stored normalised (18 characters, upper-case X); optional on the roster.
    id_number = models.CharField(_("ID number"), max_length=18, blank=True)
    party = models.CharField(_("political affiliation"), max_length=20, choices=Party.choices)
    education = models.CharField(_("education"), max_length=30, choices=Education.choices)
    occupation = models.CharField(
        _("occupation category"), max_length=20, choices=Occupation.choices
    )
    workplace = models.CharField(_("workplace and post"), max_length=100, blank=True)
    phone = models.CharField(_("mobile phone"), max_length=20, blank=True)
    district = models.CharField(_("electoral district"), max_length=50, blank=True)
    duty_post = models.CharField(
        _("duty post"), max_length=50, blank=True, help_text=_("For example 环境治理岗.")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=DeputyStatus.choices, default=DeputyStatus.IN_OFFICE
    )
    status_date = models.DateField(
        _("status date"), null=True, blank=True, help_text=_("When the deputy left office.")
    )
    # The time of day the seat ended, when a vote of the congress ended it (a resignation
    # accepted): votes earlier that day still count the deputy, later ones do not. Without
    # it the seat ended as the day began.
    status_time = models.TimeField(_("status time"), null=True, blank=True)
    photo = models.ImageField(_("photo"), upload_to=random_upload_to("deputies/photos"), blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="deputy",
        verbose_name=_("portal account"),
    )

    class Meta:
        ordering = ["stroke_key", "birth_date", "pk"]
        permissions = [
            ("view_own_record", _("Can see own deputy record")),
            # Held by no role: an administrator grants it to a person, on purpose.
            ("export_full_id_number", _("Can export deputies' full ID numbers")),
        ]
        verbose_name = _("deputy")
        verbose_name_plural = _("deputies")
        constraints = [
            models.UniqueConstraint(
                fields=["id_number"],
                condition=~Q(id_number=""),
                name="deputy_id_number_unique",
                violation_error_message=_("Another deputy already has this ID number."),
            ),
            models.CheckConstraint(
                condition=Q(status=DeputyStatus.IN_OFFICE, status_date__isnull=True)
                | (~Q(status=DeputyStatus.IN_OFFICE) & Q(status_date__isnull=False)),
                name="deputy_status_date_when_left",
                violation_error_message=_(
                    "A deputy who has left office needs the date; a deputy in office has none."
                ),
            ),
            models.CheckConstraint(
                condition=Q(status_time__isnull=True) | Q(status_date__isnull=False),
                name="deputy_status_time_with_date",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # Derived here rather than in a service: deputies are also written by the admin, the
        # roster import and the election's results, and the key must never lag the name.
        self.stroke_key = stroke_sort_key(self.name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "stroke_key"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("deputy_detail", args=[self.pk])

    def in_office_on(self, day):
        return self.status == DeputyStatus.IN_OFFICE or (
            self.status_date is not None and self.status_date > day
        )

    def seated_at(self, day, time):
        """As deputies.selectors.seated_at, for one deputy already loaded."""
        return self.in_office_on(day) or (
            self.status_date == day and self.status_time is not None and self.status_time > time
        )


class Seat(models.Model):
    """A deputy's seat in one congress (level) for one term."""

    deputy = models.ForeignKey(
        Deputy, on_delete=models.CASCADE, related_name="seats", verbose_name=_("deputy")
    )
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    term_number = models.PositiveSmallIntegerField(_("term number"), null=True, blank=True)

    class Meta:
        ordering = ["deputy", "level"]
        verbose_name = _("seat")
        verbose_name_plural = _("seats")
        constraints = [
            models.UniqueConstraint(
                fields=["deputy", "level", "term_number"], name="seat_unique_per_level_and_term"
            ),
            # Higher-level seats may be recorded without their term; still one per level.
            models.UniqueConstraint(
                fields=["deputy", "level"],
                condition=Q(term_number__isnull=True),
                name="seat_unique_per_level_without_term",
            ),
        ]

    def __str__(self):
        return f"{self.deputy}·{self.get_level_display()}"


class DeputyGroup(models.Model):
    name = models.CharField(_("group name"), max_length=50, unique=True)
    area = models.CharField(
        _("area or sector"), max_length=100, blank=True, help_text=_("Villages or sector covered.")
    )
    leader = models.ForeignKey(
        Deputy,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="groups_led",
        verbose_name=_("group leader"),
    )
    liaison = models.ForeignKey(
        PresidiumMember,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="groups_liaised",
        verbose_name=_("liaising presidium member"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("deputy group")
        verbose_name_plural = _("deputy groups")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("group_detail", args=[self.pk])


class GroupMembership(models.Model):
    """A deputy's membership of a group over time; the open one is the current group."""

    deputy = models.ForeignKey(
        Deputy, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("deputy")
    )
    group = models.ForeignKey(
        DeputyGroup, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("group")
    )
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        ordering = ["-start_date"]
        verbose_name = _("group membership")
        verbose_name_plural = _("group memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["deputy"],
                condition=Q(end_date__isnull=True),
                name="one_current_group_per_deputy",
                violation_error_message=_("The deputy already belongs to a group."),
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="membership_ends_after_start",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
        ]

    def __str__(self):
        return f"{self.deputy}·{self.group}"


class LiaisonStation(models.Model):
    class Kind(models.TextChoices):
        STATION = "station", _("liaison station")
        POINT = "point", _("liaison point")
        HOME = "home", _("deputies' home")

    name = models.CharField(_("name"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.STATION)
    address = models.CharField(_("address"), max_length=200)
    phone = models.CharField(_("contact phone"), max_length=20, blank=True)
    # Days of the month on which deputies receive voters, e.g. "10,20".
    reception_days = models.CharField(
        _("reception days"),
        max_length=50,
        blank=True,
        help_text=_("Days of the month, separated by commas, e.g. 10,20."),
    )
    notice_days = models.PositiveSmallIntegerField(
        _("days of notice"),
        default=3,
        help_text=_("Reception days are announced this many days ahead."),
    )
    resident_deputies = models.ManyToManyField(
        Deputy, blank=True, related_name="stations", verbose_name=_("resident deputies")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("liaison station")
        verbose_name_plural = _("liaison stations")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("station_detail", args=[self.pk])

    @property
    def reception_day_numbers(self):
        return sorted(
            {int(d) for d in self.reception_days.replace("，", ",").split(",") if d.strip()}
        )


class ActivityKind(models.TextChoices):
    INSPECTION = "inspection", _("inspection")
    INVESTIGATION = "investigation", _("investigation")
    ENFORCEMENT_CHECK = "enforcement_check", _("law-enforcement check")
    HEARING = "hearing", _("special inquiry")
    EVALUATION = "evaluation", _("work evaluation")
    SITTING_IN = "sitting_in", _("sitting in")
    TRAINING = "training", _("training")
    RECEPTION = "reception", _("voter reception")
    HOME_VISIT = "home_visit", _("voter home visits")
    REPORT_BACK = "report_back", _("report to voters")
    FORUM = "forum", _("forum")
    PUBLICITY = "publicity", _("publicity")
    PETITION_RECEPTION = "petition_reception", _("petition reception")
    PAIRING = "pairing", _("pairing assistance")


class Organiser(models.TextChoices):
    PRESIDIUM = "presidium", _("presidium")
    GROUP = "group", _("deputy group")
    STATION = "station", _("liaison station")


class Activity(models.Model):
    kind = models.CharField(_("kind"), max_length=30, choices=ActivityKind.choices)
    topic = models.CharField(_("topic"), max_length=200)
    start_date = models.DateField(_("date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    organiser = models.CharField(
        _("organiser"), max_length=20, choices=Organiser.choices, default=Organiser.PRESIDIUM
    )
    group = models.ForeignKey(
        DeputyGroup,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("organising group"),
    )
    station = models.ForeignKey(
        LiaisonStation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("organising station"),
    )
    other_attendees = models.PositiveIntegerField(_("other attendees (person-times)"), default=0)
    voters_received = models.PositiveIntegerField(
        _("voters received (person-times)"),
        default=0,
        help_text=_("For voter receptions and home visits."),
    )
    training_hours = models.DecimalField(
        _("training hours"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    satisfaction = models.DecimalField(
        _("satisfaction rating (%)"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("For report-backs and evaluations."),
    )
    findings = models.TextField(_("findings and follow-up"), blank=True)
    issues_found = models.PositiveIntegerField(_("issues found"), default=0)
    issues_rectified = models.PositiveIntegerField(_("issues rectified"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        ordering = ["-start_date", "-pk"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="activity_ends_after_start",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
            models.CheckConstraint(
                condition=Q(issues_rectified__lte=F("issues_found")),
                name="activity_rectified_within_found",
                violation_error_message=_("Issues rectified cannot be more than the issues found."),
            ),
            models.CheckConstraint(
                condition=Q(organiser=Organiser.PRESIDIUM, group__isnull=True, station__isnull=True)
                | Q(organiser=Organiser.GROUP, group__isnull=False, station__isnull=True)
                | Q(organiser=Organiser.STATION, group__isnull=True, station__isnull=False),
                name="activity_organiser_named",
                violation_error_message=_(
                    "Name the organising group or station, and only the one that organised it."
                ),
            ),
        ]

    def __str__(self):
        return f"{date_format(self.start_date)} {self.get_kind_display()}:{self.topic}"

    def get_absolute_url(self):
        return reverse("activity_detail", args=[self.pk])


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("present")
    LEAVE = "leave", _("on leave")
    ABSENT = "absent", _("absent")


class Attendance(models.Model):
    """A deputy's attendance at an activity."""

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("activity")
    )
    deputy = models.ForeignKey(
        Deputy, on_delete=models.PROTECT, related_name="attendances", verbose_name=_("deputy")
    )
    status = models.CharField(
        _("attendance"),
        max_length=10,
        choices=AttendanceStatus.choices,
        default=AttendanceStatus.PRESENT,
    )

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "deputy"], name="attendance_once_per_activity"
            )
        ]

    def __str__(self):
        return f"{self.deputy}·{self.get_status_display()}"


class SessionAttendance(models.Model):
    """A township deputy's attendance at a session of the congress."""

    session = models.ForeignKey(
        Session,
        on_delete=models.CASCADE,
        related_name="deputy_attendance",
        verbose_name=_("session"),
    )
    deputy = models.ForeignKey(
        Deputy,
        on_delete=models.PROTECT,
        related_name="session_attendance",
        verbose_name=_("deputy"),
    )
    status = models.CharField(_("attendance"), max_length=10, choices=AttendanceStatus.choices)

    class Meta:
        verbose_name = _("session attendance")
        verbose_name_plural = _("session attendance")
        constraints = [
            models.UniqueConstraint(fields=["session", "deputy"], name="session_attendance_once")
        ]

    def __str__(self):
        return f"{self.deputy}·{self.get_status_display()}"


class ActivityAttachment(UploadedFile):
    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("activity")
    )
    file = models.FileField(_("file"), upload_to=random_upload_to("deputies/activities"))

    class Meta:
        ordering = ["uploaded_at"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")


class VoterContact(models.Model):
    """A deputy's record of contact with voters (联系选民 / 民情日记)."""

    class Method(models.TextChoices):
        VISIT = "visit", _("home visit")
        RECEPTION = "reception", _("reception")
        PHONE = "phone", _("phone or message")
        MEETING = "meeting", _("meeting")

    deputy = models.ForeignKey(
        Deputy, on_delete=models.PROTECT, related_name="voter_contacts", verbose_name=_("deputy")
    )
    date = models.DateField(_("date"))
    method = models.CharField(_("method"), max_length=20, choices=Method.choices)
    voters = models.CharField(
        _("voters contacted"),
        max_length=200,
        help_text=_("Names, or a description such as 河东村3组村民."),
    )
    people = models.PositiveIntegerField(
        _("number of people"), default=1, validators=[MinValueValidator(1)]
    )
    issues_raised = models.TextField(_("issues raised"))
    action_taken = models.TextField(_("what was done"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("voter contact")
        verbose_name_plural = _("voter contacts")

    def __str__(self):
        return f"{date_format(self.date)} {self.deputy}:{self.voters}"


class Petition(models.Model):
    """A petition (信访) received by the presidium or a deputy, and what became of it."""

    class Source(models.TextChoices):
        LETTER = "letter", _("letter")
        VISIT = "visit", _("visit")
        ONLINE = "online", _("online")
        FORWARDED = "forwarded", _("forwarded by a deputy")

    class Status(models.TextChoices):
        OPEN = "open", _("being handled")
        CLOSED = "closed", _("concluded")

    received_date = models.DateField(_("date received"))
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    petitioner = models.CharField(_("petitioner"), max_length=100)
    content = models.TextField(_("content"))
    deputy = models.ForeignKey(
        Deputy,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="petitions",
        verbose_name=_("received by deputy"),
    )
    handling = models.TextField(_("handling"), blank=True, help_text=_("Passed to whom, and when."))
    outcome = models.TextField(_("outcome"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    closed_date = models.DateField(_("date concluded"), null=True, blank=True)

    class Meta:
        ordering = ["-received_date", "-pk"]
        verbose_name = _("petition")
        verbose_name_plural = _("petitions")
        constraints = [
            models.CheckConstraint(
                condition=Q(status="open", closed_date__isnull=True)
                | Q(
                    status="closed", closed_date__isnull=False, closed_date__gte=F("received_date")
                ),
                name="petition_closed_with_date",
                violation_error_message=_(
                    "A concluded petition needs its date, not before the date received."
                ),
            ),
        ]

    def __str__(self):
        return f"{date_format(self.received_date)} {self.petitioner}"

    def get_absolute_url(self):
        return reverse("petition_detail", args=[self.pk])


class DutyRequirement(models.Model):
    """A local minimum of deputy work (the "十个一" kind): at least `minimum` of a metric
    in each period of the year."""

    class Period(models.TextChoices):
        YEAR = "year", _("per year")
        HALF = "half", _("per half-year")
        MONTH = "month", _("per month")

    name = models.CharField(
        _("requirement"), max_length=100, help_text=_("For example 每年至少接待选民一次.")
    )
    # "activity:<kind>", "sessions" or "voter_contacts"; see deputies.selectors.DUTY_METRICS.
    metric = models.CharField(_("what is counted"), max_length=40)
    minimum = models.PositiveSmallIntegerField(
        _("minimum"), default=1, validators=[MinValueValidator(1)]
    )
    period = models.CharField(
        _("period"), max_length=10, choices=Period.choices, default=Period.YEAR
    )
    active = models.BooleanField(_("in force"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("duty requirement")
        verbose_name_plural = _("duty requirements")

    def __str__(self):
        return self.name


class IdNumberExport(models.Model):
    """Who took full ID numbers out of the portal, when, what and how many rows. Every such
    export writes one row; each app's log links it to the record exported by foreign key."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("user")
    )
    at = models.DateTimeField(_("time"), auto_now_add=True)
    what = models.CharField(_("what"), max_length=200)
    rows = models.PositiveIntegerField(_("rows"), default=0)

    class Meta:
        abstract = True
        ordering = ["-at"]

    def __str__(self):
        return f"{self.user} {self.at:%Y-%m-%d %H:%M} {self.what}"


class DeputyIdExport(IdNumberExport):
    """An export of the roster with full ID numbers (deputies.export_full_id_number)."""

    term = models.ForeignKey(
        Term, on_delete=models.PROTECT, related_name="deputy_id_exports", verbose_name=_("term")
    )

    class Meta(IdNumberExport.Meta):
        verbose_name = _("export of deputies' full ID numbers")
        verbose_name_plural = _("exports of deputies' full ID numbers")
