"""Voters' opinions (群众意见) from a deputy's or a station's code (代表码 / 联络站码).

A `Code` is a random token printed as a QR code; its public page takes an `Opinion` from a
voter's phone, with no account. The owner (the deputy, or the secretary for a station) answers
it or turns it into a voter contact, a petition or a suggestion; the voter follows it with the
tracking code. Every change of status appends an `OpinionEvent`. `Attempt` rows are the rate
limits' memory (the app servers keep none), removed daily; an `AttemptKey` row per key is the
lock under which its attempts are counted.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from congress.uploads import random_upload_to
from deputies.models import Deputy, LiaisonStation, Petition, VoterContact
from proposals.models import Proposal, Topic


class Code(models.Model):
    """The token behind a deputy's or a station's QR code. A lost card is replaced by a new
    code: the old row stays (its opinions point to it) but no longer takes opinions."""

    token = models.CharField(_("token"), max_length=32, unique=True, editable=False)
    deputy = models.ForeignKey(
        Deputy,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="intake_codes",
        verbose_name=_("deputy"),
    )
    station = models.ForeignKey(
        LiaisonStation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="intake_codes",
        verbose_name=_("liaison station"),
    )
    active = models.BooleanField(_("in use"), default=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    revoked_at = models.DateTimeField(_("replaced at"), null=True, blank=True)

    class Meta:
        ordering = ["-active", "pk"]
        verbose_name = _("opinion code")
        verbose_name_plural = _("opinion codes")
        constraints = [
            models.CheckConstraint(
                condition=Q(deputy__isnull=False, station__isnull=True)
                | Q(deputy__isnull=True, station__isnull=False),
                name="intake_code_one_owner",
            ),
            models.UniqueConstraint(
                fields=["deputy"], condition=Q(active=True), name="intake_code_active_per_deputy"
            ),
            models.UniqueConstraint(
                fields=["station"],
                condition=Q(active=True),
                name="intake_code_active_per_station",
            ),
        ]

    def __str__(self):
        return str(self.deputy or self.station)

    def get_absolute_url(self):
        return reverse("intake_public", args=[self.token])

    @property
    def owner(self):
        return self.deputy or self.station


class Status(models.TextChoices):
    NEW = "new", _("waiting for an answer")
    ANSWERED = "answered", _("answered")
    CONTACT = "contact", _("recorded as a voter contact")
    PETITION = "petition", _("passed on as a petition")
    SUGGESTION = "suggestion", _("taken up as a suggestion")
    SPAM = "spam", _("not a genuine opinion")


class Opinion(models.Model):
    code = models.ForeignKey(
        Code, on_delete=models.PROTECT, related_name="opinions", verbose_name=_("code")
    )
    # The owner, copied from the code when submitted: the deputy, or the station (the secretary).
    deputy = models.ForeignKey(
        Deputy,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="opinions",
        verbose_name=_("deputy"),
    )
    station = models.ForeignKey(
        LiaisonStation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="opinions",
        verbose_name=_("liaison station"),
    )
    tracking_code = models.CharField(_("tracking code"), max_length=12, unique=True)
    topic = models.CharField(_("topic"), max_length=30, choices=Topic.choices)
    text = models.TextField(_("opinion or request"))
    village = models.CharField(_("village or community"), max_length=50, blank=True)
    photo = models.ImageField(_("photo"), upload_to=random_upload_to("intake/photos"), blank=True)
    name = models.CharField(_("name"), max_length=50, blank=True)
    phone = models.CharField(_("mobile phone"), max_length=11, blank=True)
    consent_at = models.DateTimeField(_("consent given"))
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now, db_index=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NEW
    )
    # Waiting in the secretary's queue: flagged by the rules or by the deputy as maybe spam.
    suspect = models.BooleanField(_("to be checked"), default=False)
    answer = models.TextField(_("answer to the voter"), blank=True)
    handled_at = models.DateTimeField(_("handled"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handled by"),
    )
    voter_contact = models.ForeignKey(
        VoterContact,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="opinions",
        verbose_name=_("voter contact"),
    )
    petition = models.ForeignKey(
        Petition,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="opinions",
        verbose_name=_("petition"),
    )
    proposal = models.ForeignKey(
        Proposal,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="opinions",
        verbose_name=_("suggestion"),
    )
    satisfied = models.BooleanField(_("voter satisfied"), null=True, blank=True)
    rated_at = models.DateTimeField(_("rated"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("personal data removed"), null=True, blank=True)

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        permissions = [("handle_own", _("Can handle the opinions sent to own code"))]
        verbose_name = _("voter's opinion")
        verbose_name_plural = _("voters' opinions")
        constraints = [
            models.CheckConstraint(
                condition=Q(status="new", handled_at__isnull=True)
                | (~Q(status="new") & Q(handled_at__isnull=False)),
                name="intake_opinion_handled_when_not_new",
            ),
            models.CheckConstraint(
                condition=Q(satisfied__isnull=True, rated_at__isnull=True)
                | Q(satisfied__isnull=False, rated_at__isnull=False),
                name="intake_opinion_rated_with_date",
            ),
        ]
        indexes = [models.Index(fields=["status", "submitted_at"], name="intake_status_submitted")]

    def __str__(self):
        return self.tracking_label

    def get_absolute_url(self):
        return reverse("opinion_detail", args=[self.pk])

    @property
    def owner(self):
        return self.deputy or self.station

    @property
    def tracking_label(self):
        """The tracking code as pages print it: ABCD-EFGH."""
        from intake.rules import tracking_display

        return tracking_display(self.tracking_code)


class OpinionEvent(models.Model):
    """One step in an opinion's handling: who, when, what, from which status to which, note.
    Append-only."""

    opinion = models.ForeignKey(
        Opinion, on_delete=models.PROTECT, related_name="events", verbose_name=_("opinion")
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )  # empty for the voter and for the portal's own jobs
    at = models.DateTimeField(_("time"), default=timezone.now)
    action = models.CharField(_("action"), max_length=30)
    from_status = models.CharField(
        pgettext_lazy("state", "from"), max_length=20, choices=Status.choices, blank=True
    )
    to_status = models.CharField(
        pgettext_lazy("state", "to"), max_length=20, choices=Status.choices
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("opinion event")
        verbose_name_plural = _("opinion events")

    def __str__(self):
        return f"{self.opinion_id}: {self.action}"


class Attempt(models.Model):
    """One submission counted by a rate limit: per client address (kept only as a keyed hash)
    or per code. Rows older than the longest window are removed by the daily job."""

    class Scope(models.TextChoices):
        ADDRESS = "address", _("client address")
        CODE = "code", _("code")
        LOOKUP = "lookup", _("tracking look-up")

    scope = models.CharField(max_length=10, choices=Scope.choices)
    key = models.CharField(max_length=64)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["scope", "key", "at"], name="intake_attempt_lookup")]

    def __str__(self):
        return f"{self.scope}:{self.key[:8]} {self.at:%Y-%m-%d %H:%M}"


class AttemptKey(models.Model):
    """The lock of one rate-limit key: locked while its attempts are counted and one is added
    (intake.services._lock_keys), so that requests arriving together are counted one after
    another. Removed with the key's last attempt."""

    scope = models.CharField(max_length=10, choices=Attempt.Scope.choices)
    key = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["scope", "key"], name="intake_attemptkey_unique")
        ]

    def __str__(self):
        return f"{self.scope}:{self.key[:8]}"
