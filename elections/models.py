"""Elections of township deputies: the election and its timeline, districts, the voter roll
and its changes, objections, proxies, candidates and results. The legal rules themselves are
in elections/rules.py."""

from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from congress.models import Term
from deputies.models import (
    MAJORITY_ETHNICITY,
    Education,
    Gender,
    IdNumberExport,
    Occupation,
    Party,
)
from elections import rules


class Election(models.Model):
    class Kind(models.TextChoices):
        GENERAL = "general", _("general election")
        BY_ELECTION = "by_election", _("by-election")

    name = models.CharField(_("election name"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.GENERAL)
    election_day = models.DateField(_("election day"))
    population = models.PositiveIntegerField(_("township population"))
    seats_override = models.PositiveSmallIntegerField(
        _("seats set by hand"),
        null=True,
        blank=True,
        help_text=_("Only for a township under 2,000 residents."),
    )
    # The term the winners will sit in (the new term of a general election).
    term = models.ForeignKey(
        Term,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="elections",
        verbose_name=_("term elected"),
    )
    roll_published_on = models.DateField(_("roll published on"), null=True, blank=True)
    initial_candidates_published_on = models.DateField(
        _("initial candidates published on"), null=True, blank=True
    )
    formal_candidates_published_on = models.DateField(
        _("formal candidates published on"), null=True, blank=True
    )
    results_confirmed_at = models.DateTimeField(_("results confirmed"), null=True, blank=True)

    class Meta:
        ordering = ["-election_day"]
        verbose_name = _("election")
        verbose_name_plural = _("elections")
        constraints = [
            models.CheckConstraint(
                condition=Q(seats_override__isnull=True)
                | Q(population__lt=rules.QUOTA_SMALL_TOWNSHIP),
                name="election_manual_seats_only_small_townships",
                violation_error_message=_(
                    "Seats may be set by hand only for a township under 2,000 residents."
                ),
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("election_detail", args=[self.pk])

    @property
    def seat_quota(self):
        return rules.seat_quota(self.population, self.seats_override)


class District(models.Model):
    election = models.ForeignKey(
        Election, on_delete=models.PROTECT, related_name="districts", verbose_name=_("election")
    )
    name = models.CharField(_("district name"), max_length=50)
    code = models.CharField(_("code"), max_length=20)
    area = models.TextField(_("villages or units covered"), blank=True)
    population = models.PositiveIntegerField(_("population"))
    seats = models.PositiveSmallIntegerField(
        pgettext_lazy("district", "seats"),
        validators=[
            MinValueValidator(rules.DISTRICT_MIN_SEATS),
            MaxValueValidator(rules.DISTRICT_MAX_SEATS),
        ],
    )
    polling_stations = models.TextField(_("polling stations"), blank=True)
    mobile_boxes = models.PositiveSmallIntegerField(_("mobile ballot boxes"), default=0)

    class Meta:
        ordering = ["election", "code"]
        verbose_name = _("electoral district")
        verbose_name_plural = _("electoral districts")
        constraints = [
            models.UniqueConstraint(
                fields=["election", "code"],
                name="district_code_unique",
                violation_error_message=_("Another district has this code."),
            ),
            models.UniqueConstraint(
                fields=["election", "name"],
                name="district_name_unique",
                violation_error_message=_("Another district has this name."),
            ),
            models.CheckConstraint(
                condition=Q(
                    seats__gte=rules.DISTRICT_MIN_SEATS, seats__lte=rules.DISTRICT_MAX_SEATS
                ),
                name="district_seats_one_to_three",
                violation_error_message=_("A district elects one to three deputies."),
            ),
        ]

    def __str__(self):
        return self.name


class Voter(models.Model):
    """One registration of a person in one election (the roll). Someone struck off keeps
    the row (with the change that struck them off), so the person stays registered once."""

    election = models.ForeignKey(
        Election, on_delete=models.PROTECT, related_name="voters", verbose_name=_("election")
    )
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="voters", verbose_name=_("district")
    )
    name = models.CharField(_("name"), max_length=50)
    id_number = models.CharField(_("ID number"), max_length=18)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices)
    birth_date = models.DateField(_("birth date"))
    ethnicity = models.CharField(_("ethnicity"), max_length=20, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    on_roll = models.BooleanField(_("on the roll"), default=True)
    # Sort key of official lists (surname strokes), stored so lists sort in the database. Text
    # without a length limit: a key takes several characters per character of the name.
    stroke_key = models.TextField(editable=False, db_index=True)

    class Meta:
        ordering = ["district", "stroke_key", "id_number"]
        permissions = [("view_full_id_number", _("Can see full ID numbers"))]
        verbose_name = _("voter")
        verbose_name_plural = _("voters")
        constraints = [
            models.UniqueConstraint(
                fields=["election", "id_number"],
                name="voter_once_per_election",
                violation_error_message=_("This person is already registered in this election."),
            )
        ]

    def __str__(self):
        return self.name


class RollChange(models.Model):
    """A change to the roll with its legal reason."""

    class Reason(models.TextChoices):
        CAME_OF_AGE = "came_of_age", _("turned 18")
        RIGHTS_RESTORED = "rights_restored", _("political rights restored")
        MOVED_IN = "moved_in", _("moved in")
        MOVED_OUT = "moved_out", _("moved out")
        DIED = "died", _("died")
        RIGHTS_DEPRIVED = "rights_deprived", _("deprived of political rights")
        CORRECTION = "correction", _("other correction")

    ADDING = {Reason.CAME_OF_AGE, Reason.RIGHTS_RESTORED, Reason.MOVED_IN}
    REMOVING = {Reason.MOVED_OUT, Reason.DIED, Reason.RIGHTS_DEPRIVED}

    voter = models.ForeignKey(
        Voter, on_delete=models.PROTECT, related_name="changes", verbose_name=_("voter")
    )
    reason = models.CharField(_("reason"), max_length=30, choices=Reason.choices)
    date = models.DateField(_("date"))
    note = models.TextField(_("note"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        editable=False,
        related_name="+",
    )

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = _("roll change")
        verbose_name_plural = _("roll changes")

    def __str__(self):
        return f"{self.voter}: {self.get_reason_display()}"


class Objection(models.Model):
    """An objection to the published roll, decided within three days."""

    election = models.ForeignKey(
        Election, on_delete=models.PROTECT, related_name="objections", verbose_name=_("election")
    )
    voter = models.ForeignKey(
        Voter,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="objections",
        verbose_name=_("voter concerned"),
    )
    objector = models.CharField(_("raised by"), max_length=50)
    content = models.TextField(_("objection"))
    received_date = models.DateField(_("date received"))
    decided_date = models.DateField(_("date decided"), null=True, blank=True)
    decision = models.TextField(_("decision"), blank=True)
    upheld = models.BooleanField(_("upheld"), null=True, blank=True)

    class Meta:
        ordering = ["-received_date", "pk"]
        verbose_name = _("objection")
        verbose_name_plural = _("objections")
        constraints = [
            models.CheckConstraint(
                condition=Q(decided_date__isnull=True) | Q(decided_date__gte=F("received_date")),
                name="objection_decided_after_received",
                violation_error_message=_("A decision cannot come before the objection."),
            )
        ]

    def __str__(self):
        return f"{self.objector}: {self.received_date}"

    @property
    def deadline(self):
        return self.received_date + timedelta(days=rules.OBJECTION_DECISION_DAYS)


class Proxy(models.Model):
    """A voter who votes for another with written authorisation (at most 3 per person)."""

    grantor = models.OneToOneField(
        Voter, on_delete=models.PROTECT, related_name="proxy", verbose_name=_("voter")
    )
    holder = models.ForeignKey(
        Voter, on_delete=models.PROTECT, related_name="proxies_held", verbose_name=_("proxy")
    )
    authorised_on = models.DateField(_("written authorisation dated"))

    class Meta:
        verbose_name = _("proxy")
        verbose_name_plural = _("proxies")
        constraints = [
            models.CheckConstraint(
                condition=~Q(grantor=F("holder")),
                name="proxy_not_self",
                violation_error_message=_("A voter cannot be their own proxy."),
            )
        ]

    def __str__(self):
        return f"{self.grantor}→{self.holder}"


class Candidate(models.Model):
    class Source(models.TextChoices):
        PARTY = "party", _("party or organisation")
        VOTERS = "voters", _("voters jointly")

    class Stage(models.TextChoices):
        INITIAL = "initial", _("initial candidate")
        FORMAL = "formal", _("formal candidate")

    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="candidates", verbose_name=_("district")
    )
    name = models.CharField(_("name"), max_length=50)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    workplace = models.CharField(_("workplace and post"), max_length=100, blank=True)
    # What the roster needs of a winner who is not yet a deputy.
    ethnicity = models.CharField(_("ethnicity"), max_length=20, default=MAJORITY_ETHNICITY)
    party = models.CharField(
        _("political affiliation"), max_length=20, choices=Party.choices, blank=True
    )
    education = models.CharField(
        _("education"), max_length=30, choices=Education.choices, blank=True
    )
    occupation = models.CharField(
        _("occupation category"), max_length=20, choices=Occupation.choices, blank=True
    )
    source = models.CharField(_("nominated by"), max_length=20, choices=Source.choices)
    nominator = models.CharField(_("nominating party or organisation"), max_length=100, blank=True)
    nominating_voters = models.PositiveIntegerField(_("voters nominating"), null=True, blank=True)
    stage = models.CharField(
        _("stage"), max_length=20, choices=Stage.choices, default=Stage.INITIAL
    )
    stroke_key = models.TextField(editable=False)  # as Voter.stroke_key

    class Meta:
        ordering = ["district", "stroke_key"]
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        constraints = [
            models.CheckConstraint(
                condition=Q(source="party") | Q(nominating_voters__gte=rules.VOTERS_TO_NOMINATE),
                name="candidate_voters_nominate_jointly",
                violation_error_message=_("Voters nominate a candidate jointly, 10 or more."),
            )
        ]

    def __str__(self):
        return self.name


class DistrictResult(models.Model):
    """The count of one round in one district; `round` 2 is the second round (另行选举)."""

    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="results", verbose_name=_("district")
    )
    round = models.PositiveSmallIntegerField(pgettext_lazy("election", "round"), default=1)
    registered = models.PositiveIntegerField(_("registered voters"))
    voted = models.PositiveIntegerField(_("voters who voted"))
    ballots_issued = models.PositiveIntegerField(_("ballots issued"))
    ballots_returned = models.PositiveIntegerField(_("ballots returned"))
    valid_ballots = models.PositiveIntegerField(_("valid ballots"))
    void_ballots = models.PositiveIntegerField(_("void ballots"))
    confirmed = models.BooleanField(_("confirmed"), default=False)

    class Meta:
        ordering = ["district", "round"]
        verbose_name = _("district result")
        verbose_name_plural = _("district results")
        constraints = [
            models.UniqueConstraint(fields=["district", "round"], name="result_once_per_round"),
            models.CheckConstraint(
                condition=Q(voted__lte=F("registered")),
                name="result_voted_within_registered",
                violation_error_message=_("More voters voted than are registered."),
            ),
            models.CheckConstraint(
                condition=Q(valid_ballots__lte=F("ballots_returned") - F("void_ballots")),
                name="result_ballots_add_up",
                violation_error_message=_(
                    "Valid and void ballots together cannot exceed the ballots returned."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.district} · {self.round}"


class CandidateVotes(models.Model):
    result = models.ForeignKey(
        DistrictResult, on_delete=models.CASCADE, related_name="votes", verbose_name=_("result")
    )
    candidate = models.ForeignKey(
        Candidate, on_delete=models.PROTECT, related_name="votes", verbose_name=_("candidate")
    )
    votes = models.PositiveIntegerField(_("votes"))

    class Meta:
        verbose_name = _("votes")
        verbose_name_plural = _("votes")
        constraints = [
            models.UniqueConstraint(fields=["result", "candidate"], name="votes_once_per_candidate")
        ]

    def __str__(self):
        return f"{self.candidate}: {self.votes}"


class IdExport(IdNumberExport):
    """An export of an election's voters with full ID numbers (elections.view_full_id_number)."""

    # Empty only for exports logged before the link existed whose election was since renamed.
    election = models.ForeignKey(
        Election,
        on_delete=models.PROTECT,
        null=True,
        related_name="id_exports",
        verbose_name=_("election"),
    )

    class Meta(IdNumberExport.Meta):
        verbose_name = _("export of full ID numbers")
        verbose_name_plural = _("exports of full ID numbers")
