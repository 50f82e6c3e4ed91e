"""Motions (议案) and suggestions (建议、批评和意见), their handling units, assignments,
replies, evaluations, follow-up milestones, the append-only event log and notifications.

States and the transitions between them are in proposals/transitions.py; every change of
state goes through proposals/services.py, which writes an Event row for it.
"""

import os

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from congress.models import Session, UploadedFile
from congress.text import chinese_number
from congress.uploads import random_upload_to
from deputies.models import Deputy


class UnitKind(models.TextChoices):
    TOWNSHIP_OFFICE = "township_office", _("township office or station")
    VILLAGE = "village", _("village or community")
    COUNTY_DEPARTMENT = "county_department", _("county department")


class HandlingUnit(models.Model):
    name = models.CharField(_("unit name"), max_length=100, unique=True)
    kind = models.CharField(_("unit kind"), max_length=30, choices=UnitKind.choices)
    contact_person = models.CharField(_("contact person"), max_length=50, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    officers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="handling_units",
        verbose_name=_("officer accounts"),
    )
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("handling unit")
        verbose_name_plural = _("handling units")

    def __str__(self):
        return self.name


class Kind(models.TextChoices):
    MOTION = "motion", _("motion")
    SUGGESTION = "suggestion", _("suggestion")


class Topic(models.TextChoices):
    URBAN_RURAL = "urban_rural", _("urban and rural construction")
    TRANSPORT = "transport", _("transport")
    # "education" alone is a deputy's 文化程度; the topic needs its own context.
    EDUCATION = "education", pgettext_lazy("topic", "education")
    HEALTH = "health", _("health care")
    AGRICULTURE = "agriculture", _("agriculture and rural affairs")
    SOCIAL_SECURITY = "social_security", _("social security")
    ENVIRONMENT = "environment", _("ecology and environment")
    GOVERNANCE = "governance", _("social governance")
    OTHER = "other", _("other")


class State(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    UNDER_REVIEW = "under_review", _("under review")
    ON_AGENDA = "on_agenda", _("on the agenda")
    # The session's vote on a motion it had on its agenda (assembly records it).
    ADOPTED = "adopted", pgettext_lazy("motion", "adopted")
    NOT_ADOPTED = "not_adopted", pgettext_lazy("motion", "not adopted")
    NOT_ACCEPTED = "not_accepted", _("not accepted")
    AWAITING_ASSIGNMENT = "awaiting_assignment", _("awaiting assignment")
    ASSIGNED = "assigned", _("assigned")
    REPLIED = "replied", _("replied")
    REHANDLING = "rehandling", _("being handled again")
    CLOSED = "closed", _("closed")
    WITHDRAWN = "withdrawn", _("withdrawn")
    DECLINED = "declined", _("not handled as a suggestion")


class Proposal(models.Model):
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.SUGGESTION)
    title = models.CharField(_("title"), max_length=200)
    content = models.TextField(_("content"))
    topic = models.CharField(_("topic category"), max_length=30, choices=Topic.choices)
    # A session's item, or between sessions (闭会期间) when empty.
    session = models.ForeignKey(
        Session,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposals",
        verbose_name=_("session"),
    )
    lead_deputy = models.ForeignKey(
        Deputy,
        on_delete=models.PROTECT,
        related_name="proposals_led",
        verbose_name=_("lead deputy"),
    )
    co_signers = models.ManyToManyField(
        Deputy, blank=True, related_name="proposals_cosigned", verbose_name=_("co-signers")
    )
    broad = models.BooleanField(
        _("broad or difficult"),
        default=False,
        help_text=_("Broad or difficult items have six months to be answered instead of three."),
    )
    state = models.CharField(_("state"), max_length=30, choices=State.choices, default=State.DRAFT)
    # Numbered when registered: per session, or per year between sessions; per kind.
    number = models.PositiveIntegerField(_("number"), null=True, blank=True)
    number_year = models.PositiveSmallIntegerField(
        _("numbering year"), null=True, blank=True, editable=False
    )
    # A motion converted into a suggestion keeps its motion number here.
    motion_number = models.PositiveIntegerField(_("motion number"), null=True, blank=True)
    submitted_date = models.DateField(_("date submitted"), null=True, blank=True)
    deadline = models.DateField(_("reply deadline"), null=True, blank=True)
    published = models.BooleanField(_("published"), default=False)
    # Raised by every write; a form carries the version it was drawn from (stale forms refused).
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        editable=False,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-submitted_date", "-pk"]
        permissions = [
            ("submit_own", _("Can draft and follow own suggestions")),
            ("handle_assigned", _("Can handle items assigned to own unit")),
        ]
        verbose_name = _("motion or suggestion")
        verbose_name_plural = _("motions and suggestions")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "session", "number"],
                condition=Q(session__isnull=False, number__isnull=False),
                name="proposal_number_unique_in_session",
            ),
            models.UniqueConstraint(
                fields=["kind", "number_year", "number"],
                condition=Q(session__isnull=True, number__isnull=False),
                name="proposal_number_unique_between_sessions",
            ),
        ]
        # Lists are read newest first (the ordering above), by state, and by deadline among
        # the items in hand: without these every list page and count scans the whole table.
        # The state index also holds created_by, so the board's count per state (submitted
        # items, or the user's own drafts) is read from the index alone.
        indexes = [
            models.Index(fields=["submitted_date", "id"], name="proposal_submitted"),
            models.Index(
                fields=["state", "submitted_date", "created_by"], name="proposal_state_submitted"
            ),
            models.Index(fields=["state", "deadline"], name="proposal_state_deadline"),
        ]

    def __str__(self):
        return f"{self.label} {self.title}" if self.number else self.title

    def get_absolute_url(self):
        return reverse("proposal_detail", args=[self.pk])

    # Django's get_FOO_display builds a dict of every translated choice on each call, and the
    # lists call these once or twice per row.
    def get_state_display(self):
        return _choice_label(State, self.state)

    def get_kind_display(self):
        return _choice_label(Kind, self.kind)

    @property
    def label(self):
        """The registration number as printed: 第十八届第九次会议 建议第12号 / 2025年闭会期间 建议第3号."""
        if not self.number:
            return ""
        kind = self.get_kind_display()
        if self.session_id:
            return _("%(session)s %(kind)s No. %(number)s") % {
                "session": _session_short(self.session),
                "kind": kind,
                "number": self.number,
            }
        return _("%(year)s between sessions %(kind)s No. %(number)s") % {
            "year": self.number_year,
            "kind": kind,
            "number": self.number,
        }


def _choice_label(choices, value):
    """The label of `value` among `choices`, or the value itself if it is none of them (as
    Django's get_FOO_display)."""
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def _session_short(session):
    return _("Term %(term)s session %(session)s") % {
        "term": chinese_number(session.term.number),
        "session": chinese_number(session.number),
    }


class NumberSequence(models.Model):
    """The last number handed out in one numbering scope; its row is locked while numbering,
    so two secretaries registering at once get consecutive numbers and a rolled-back
    registration gives its number back."""

    scope = models.CharField(max_length=50, unique=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.scope}: {self.last}"


class Attachment(UploadedFile):
    proposal = models.ForeignKey(
        Proposal, on_delete=models.PROTECT, related_name="attachments", verbose_name=_("item")
    )
    file = models.FileField(_("file"), upload_to=random_upload_to("proposals/attachments"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        editable=False,
        related_name="+",
        verbose_name=_("uploaded by"),
    )

    class Meta:
        ordering = ["uploaded_at"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")


class Assignment(models.Model):
    """An item given to a unit, as lead (主办) or co-handling (协办) unit. A unit that returns
    the item ends its assignment; a new assignment is a new row."""

    class Role(models.TextChoices):
        LEAD = "lead", _("lead unit")
        CO = "co", _("co-handling unit")

    proposal = models.ForeignKey(
        Proposal, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("item")
    )
    unit = models.ForeignKey(
        HandlingUnit, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("unit")
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    assigned_date = models.DateField(_("date assigned"))
    # The lead unit's reply deadline, or a co-unit's deadline for its opinion to the lead unit.
    deadline = models.DateField(_("deadline"))
    acknowledged_at = models.DateTimeField(_("acknowledged"), null=True, blank=True)
    returned_date = models.DateField(_("date returned"), null=True, blank=True)
    return_reason = models.TextField(_("reason for returning"), blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["role", "pk"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "unit"],
                condition=Q(active=True),
                name="assignment_once_per_unit",
            ),
            models.UniqueConstraint(
                fields=["proposal"],
                condition=Q(active=True, role="lead"),
                name="assignment_one_lead_unit",
            ),
        ]

    def __str__(self):
        return f"{self.proposal}→{self.unit}"


class ReplyCategory(models.TextChoices):
    A = "A", _("A: solved or basically solved")
    B = "B", _("B: being solved or planned")
    C = "C", _("C: cannot be solved for now, kept for reference")
    D = "D", _("D: explained")


class Reply(models.Model):
    """The lead unit's written reply (答复函); a re-handled item gets a further reply."""

    proposal = models.ForeignKey(
        Proposal, on_delete=models.PROTECT, related_name="replies", verbose_name=_("item")
    )
    unit = models.ForeignKey(
        HandlingUnit, on_delete=models.PROTECT, related_name="replies", verbose_name=_("unit")
    )
    round = models.PositiveSmallIntegerField(_("round"), default=1)
    number = models.CharField(_("reply letter number"), max_length=50, blank=True)
    text = models.TextField(_("reply"))
    category = models.CharField(_("category"), max_length=1, choices=ReplyCategory.choices)
    contact_person = models.CharField(_("contact person"), max_length=50)
    phone = models.CharField(_("contact phone"), max_length=30)
    attachment = models.FileField(
        _("signed reply (PDF)"), upload_to=random_upload_to("proposals/replies"), blank=True
    )
    attachment_name = models.CharField(
        _("original file name"), max_length=255, blank=True, editable=False
    )
    date = models.DateField(_("date of reply"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        editable=False,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        ordering = ["proposal", "round"]
        verbose_name = _("reply")
        verbose_name_plural = _("replies")
        constraints = [
            models.UniqueConstraint(fields=["proposal", "round"], name="reply_once_per_round")
        ]

    def __str__(self):
        return f"{self.proposal} · {self.round}"

    @property
    def attachment_download_name(self):
        return self.attachment_name or os.path.basename(self.attachment.name)


class CoOpinion(models.Model):
    """A co-handling unit's opinion, sent to the lead unit."""

    assignment = models.ForeignKey(
        Assignment, on_delete=models.PROTECT, related_name="opinions", verbose_name=_("assignment")
    )
    text = models.TextField(_("opinion"))
    date = models.DateField(_("date"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        editable=False,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = _("co-handling opinion")
        verbose_name_plural = _("co-handling opinions")

    def __str__(self):
        return f"{self.assignment.unit}: {date_format(self.date)}"


class Verdict(models.TextChoices):
    SATISFIED = "satisfied", _("satisfied")
    BASICALLY = "basically", _("basically satisfied")
    UNSATISFIED = "unsatisfied", _("unsatisfied")
    NONE = "none", _("not evaluated")


class Evaluation(models.Model):
    """A deputy's evaluation of a reply. The lead deputy's evaluation moves the item on;
    co-signers' evaluations are recorded beside it. 未评价 is recorded when the window lapses."""

    proposal = models.ForeignKey(
        Proposal, on_delete=models.PROTECT, related_name="evaluations", verbose_name=_("item")
    )
    reply = models.ForeignKey(
        Reply, on_delete=models.PROTECT, related_name="evaluations", verbose_name=_("reply")
    )
    deputy = models.ForeignKey(
        Deputy, on_delete=models.PROTECT, related_name="evaluations", verbose_name=_("deputy")
    )
    verdict = models.CharField(_("evaluation"), max_length=20, choices=Verdict.choices)
    comment = models.TextField(_("comment"), blank=True)
    date = models.DateField(_("date"))

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        constraints = [
            models.UniqueConstraint(fields=["reply", "deputy"], name="evaluation_once_per_reply")
        ]

    def __str__(self):
        return f"{self.deputy}: {self.get_verdict_display()}"


class Milestone(models.Model):
    """A dated progress note on an item (category B items keep them after closing)."""

    proposal = models.ForeignKey(
        Proposal, on_delete=models.PROTECT, related_name="milestones", verbose_name=_("item")
    )
    date = models.DateField(_("date"))
    note = models.TextField(_("progress"))
    done = models.BooleanField(_("finished"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        editable=False,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = _("follow-up milestone")
        verbose_name_plural = _("follow-up milestones")

    def __str__(self):
        return f"{date_format(self.date)}: {self.note[:20]}"


class Event(models.Model):
    """One step in an item's life: who did what, when, from which state to which. Append-only:
    a wrong step is corrected by a further event, never by changing this one."""

    proposal = models.ForeignKey(
        Proposal, on_delete=models.PROTECT, related_name="events", verbose_name=_("item")
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )  # empty for the system (e.g. a lapsed evaluation window)
    at = models.DateTimeField(_("time"), auto_now_add=True)
    action = models.CharField(_("action"), max_length=30)
    from_state = models.CharField(
        pgettext_lazy("state", "from"), max_length=30, choices=State.choices, blank=True
    )
    to_state = models.CharField(pgettext_lazy("state", "to"), max_length=30, choices=State.choices)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def __str__(self):
        return f"{self.proposal_id}: {self.from_state}→{self.to_state}"


class Notification(models.Model):
    """A message in a user's portal inbox (and by email when configured)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    proposal = models.ForeignKey(
        Proposal, on_delete=models.PROTECT, null=True, blank=True, related_name="notifications"
    )
    message = models.CharField(_("message"), max_length=300)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    # Daily reminders are not repeated: one per user, item and kind of reminder per day.
    key = models.CharField(max_length=80, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "key"], condition=~Q(key=""), name="notification_key_once"
            )
        ]

    def __str__(self):
        return self.message
