"""A session's own business: its agenda (议程) in order, each item's documents, and the vote on
each item the congress decides (表决), optionally with each deputy's mark.

The outcome of an item is computed by assembly.services.vote_record from the counts by the
rules of assembly.rules; no form has a field for it.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from congress.models import Session, UploadedFile
from congress.uploads import random_upload_to
from deputies.models import Deputy
from elections.models import Office
from proposals.models import Proposal


class ItemKind(models.TextChoices):
    REPORT = "report", _("report to hear and approve")
    BUDGET = "budget", _("budget")
    FINAL_ACCOUNTS = "final_accounts", _("final accounts")
    RESOLUTION = "resolution", _("resolution")
    ELECTION = "election", _("election")
    APPOINTMENT = "appointment", _("appointment")
    RESIGNATION = "resignation", _("acceptance of a resignation from a post")
    RECALL = "recall", _("recall")
    SEAT_RESIGNATION = "seat_resignation", _("acceptance of a deputy's resignation")
    MOTION = "motion", _("motion placed on the agenda")


# Elections and appointments are voted by ballot on the elections pages; every other item is
# decided by the congress's vote recorded here.
BALLOT_KINDS = frozenset({ItemKind.ELECTION, ItemKind.APPOINTMENT})
# A tuple, not a set: the constraints below list it, and a migration needs a fixed order.
# These name the office they end (Organic Law arts. 31, 32).
PERSON_KINDS = (ItemKind.RESIGNATION, ItemKind.RECALL)


class Proposer(models.TextChoices):
    """Who proposes a recall (Organic Law art. 31)."""

    PRESIDIUM = "presidium", _("the presidium")
    DEPUTIES = "deputies", _("deputies jointly")


class Outcome(models.TextChoices):
    PENDING = "", _("not yet decided")
    ADOPTED = "adopted", pgettext_lazy("motion", "adopted")
    NOT_ADOPTED = "not_adopted", pgettext_lazy("motion", "not adopted")


class AgendaItem(models.Model):
    session = models.ForeignKey(
        Session, on_delete=models.PROTECT, related_name="agenda_items", verbose_name=_("session")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    kind = models.CharField(_("kind"), max_length=20, choices=ItemKind.choices)
    title = models.CharField(_("title"), max_length=200)
    proposal = models.OneToOneField(
        Proposal,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agenda_item",
        verbose_name=_("motion"),
    )
    # A resignation or a recall names the office it ends (a current office of the session's
    # term); person_name keeps the holder's name as it was when the item was written.
    office = models.ForeignKey(
        Office,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agenda_items",
        verbose_name=_("post"),
        help_text=_("The office whose holder resigns or is recalled; adopted, it ends."),
    )
    # A deputy's resignation of their seat (Election Law art. 55) names the deputy; adopted,
    # the seat ends at the vote (deputies.services.seat_end).
    deputy = models.ForeignKey(
        Deputy,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="resignation_items",
        verbose_name=_("deputy"),
        help_text=_("The deputy whose written resignation the congress decides."),
    )
    # Who proposed a recall: the presidium, or one fifth of all deputies jointly (art. 31).
    proposed_by = models.CharField(
        _("proposed by"), max_length=20, choices=Proposer.choices, blank=True
    )
    sponsors = models.ManyToManyField(
        Deputy,
        blank=True,
        related_name="recalls_proposed",
        verbose_name=_("deputies proposing"),
    )
    person_name = models.CharField(
        _("person"),
        max_length=50,
        blank=True,
        help_text=_("Whose resignation or recall the congress decides."),
    )
    notes = models.TextField(_("notes"), blank=True)
    # Set by the vote (assembly.services.vote_record), never typed.
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=Outcome.choices, blank=True, editable=False
    )
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
        ordering = ["session", "position", "pk"]
        permissions = [("view_own_agenda", _("Can see the agenda of own sessions"))]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind=ItemKind.MOTION, proposal__isnull=False)
                | (~Q(kind=ItemKind.MOTION) & Q(proposal__isnull=True)),
                name="agenda_item_motion_has_proposal",
                violation_error_message=_("A motion on the agenda names the motion, and only it."),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=list(PERSON_KINDS), office__isnull=False)
                | (~Q(kind__in=list(PERSON_KINDS)) & Q(office__isnull=True)),
                name="agenda_item_office_named",
                violation_error_message=_(
                    "A resignation or a recall names the office it ends, and only they do."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(kind__in=[*PERSON_KINDS, ItemKind.SEAT_RESIGNATION])
                | ~Q(person_name=""),
                name="agenda_item_person_named",
                violation_error_message=_("Name the person whose resignation or recall it is."),
            ),
            models.CheckConstraint(
                condition=Q(kind=ItemKind.SEAT_RESIGNATION, deputy__isnull=False)
                | (~Q(kind=ItemKind.SEAT_RESIGNATION) & Q(deputy__isnull=True)),
                name="agenda_item_deputy_named",
                violation_error_message=_(
                    "A deputy's resignation names the deputy, and only it does."
                ),
            ),
            models.CheckConstraint(
                condition=Q(kind=ItemKind.RECALL) & ~Q(proposed_by="")
                | ~Q(kind=ItemKind.RECALL) & Q(proposed_by=""),
                name="agenda_item_recall_proposed",
                violation_error_message=_("A recall says who proposed it, and only a recall does."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("agenda_item", args=[self.pk])

    @property
    def decided_by_vote(self):
        return self.kind not in BALLOT_KINDS

    @property
    def decided(self):
        return bool(self.outcome)


class AgendaDocument(UploadedFile):
    item = models.ForeignKey(
        AgendaItem, on_delete=models.PROTECT, related_name="documents", verbose_name=_("item")
    )
    file = models.FileField(_("file"), upload_to=random_upload_to("assembly/documents"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        editable=False,
        related_name="+",
        verbose_name=_("uploaded by"),
    )

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("session document")
        verbose_name_plural = _("session documents")


class Vote(models.Model):
    """The congress's vote on one item: the counts, and whether they adopt it (computed)."""

    item = models.OneToOneField(
        AgendaItem, on_delete=models.PROTECT, related_name="vote", verbose_name=_("item")
    )
    total = models.PositiveSmallIntegerField(pgettext_lazy("vote", "all deputies"))
    present = models.PositiveSmallIntegerField(pgettext_lazy("vote", "deputies present"))
    yes = models.PositiveSmallIntegerField(pgettext_lazy("vote", "votes for"))
    no = models.PositiveSmallIntegerField(pgettext_lazy("vote", "votes against"))
    abstain = models.PositiveSmallIntegerField(pgettext_lazy("vote", "abstentions"))
    not_voting = models.PositiveSmallIntegerField(pgettext_lazy("vote", "not voting"), default=0)
    # When the vote was taken: all deputies are those holding a seat at that moment (a seat
    # ended by an earlier vote of the session no longer counts).
    held_on = models.DateField(pgettext_lazy("decision", "date of the vote"))
    held_time = models.TimeField(pgettext_lazy("decision", "time of the vote"))
    adopted = models.BooleanField(_("adopted"), editable=False)
    # Counted from each deputy's mark (VoteCast rows) rather than typed as figures.
    by_name = models.BooleanField(_("recorded by name"), default=False, editable=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        editable=False,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [
            models.CheckConstraint(
                condition=Q(present__lte=F("total"))
                & Q(present=F("yes") + F("no") + F("abstain") + F("not_voting")),
                name="vote_counts_add_up",
                violation_error_message=_(
                    "Votes for, against, abstaining and not voting must make the deputies "
                    "present, who are at most all deputies."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.item}: {self.yes}/{self.total}"


class Choice(models.TextChoices):
    YES = "yes", _("for")
    NO = "no", _("against")
    ABSTAIN = "abstain", _("abstain")
    NOT_VOTING = "not_voting", _("did not vote")


class VoteCast(models.Model):
    """One present deputy's mark in a vote recorded by name."""

    vote = models.ForeignKey(
        Vote, on_delete=models.PROTECT, related_name="casts", verbose_name=_("vote")
    )
    deputy = models.ForeignKey(
        Deputy, on_delete=models.PROTECT, related_name="vote_casts", verbose_name=_("deputy")
    )
    choice = models.CharField(_("choice"), max_length=20, choices=Choice.choices)

    class Meta:
        ordering = ["vote", "deputy__name"]
        verbose_name = _("deputy's vote")
        verbose_name_plural = _("deputies' votes")
        constraints = [
            models.UniqueConstraint(fields=["vote", "deputy"], name="vote_cast_once_per_deputy")
        ]

    def __str__(self):
        return f"{self.deputy}: {self.get_choice_display()}"
