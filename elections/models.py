"""Elections of township deputies: the election and its timeline, districts, the voter roll
and its changes, objections, proxies, candidates and results. The legal rules themselves are
in elections/rules.py."""

from datetime import time, timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from congress.models import Session, Term
from deputies.models import (
    MAJORITY_ETHNICITY,
    Deputy,
    Education,
    Gender,
    IdNumberExport,
    Occupation,
    Party,
)
from elections import congress_rules, rules


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
        return f"{self.objector}: {date_format(self.received_date)}"

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


# Elections held by the township congress at its sessions (issue 15): the session's election
# rules, a contest per post, nominations, rounds with their tallies, and the offices that
# result. The law's rules are in elections/congress_rules.py; results are computed from the
# tallies (elections/congress_selectors.py), never typed.


class CongressPost(models.TextChoices):
    CHAIR = congress_rules.CHAIR, _("chair of the congress")
    VICE_CHAIR = congress_rules.VICE_CHAIR, _("vice-chair of the congress")
    HEAD = congress_rules.HEAD, _("head of the township")
    DEPUTY_HEAD = congress_rules.DEPUTY_HEAD, _("deputy head of the township")
    PRESIDIUM_MEMBER = congress_rules.PRESIDIUM_MEMBER, _("member of the presidium")


class ElectionRules(models.Model):
    """The session's election rules (选举办法), adopted by the session: which posts it elects,
    with their seats and margins (on the contests they create)."""

    session = models.OneToOneField(
        Session,
        on_delete=models.PROTECT,
        related_name="election_rules",
        verbose_name=_("session"),
    )

    class BallotOrder(models.TextChoices):
        STROKES = congress_rules.ORDER_STROKES, _("by surname strokes")
        PRELIMINARY_VOTES = congress_rules.ORDER_PRELIMINARY_VOTES, _("by preliminary votes")

    adopted_on = models.DateField(_("adopted on"))
    # The formal ballot's and the announcement's order after a preliminary vote.
    ballot_order = models.CharField(
        _("order of the formal candidates"),
        max_length=20,
        choices=BallotOrder.choices,
        default=BallotOrder.STROKES,
    )
    note = models.TextField(_("other provisions"), blank=True)

    class Meta:
        verbose_name = _("election rules")
        verbose_name_plural = _("election rules")

    def __str__(self):
        return f"{self.session} · {self._meta.verbose_name}"


class Contest(models.Model):
    """The election of one post at one session: a general election, a by-election of a post
    vacant during the term (OL 30), or a further election of the seats an earlier contest left
    (OL 29), at the same session or a later one of the term (`follows`)."""

    class Kind(models.TextChoices):
        ELECTION = congress_rules.KIND_ELECTION, _("election")
        BY_ELECTION = congress_rules.KIND_BY_ELECTION, _("by-election")
        FURTHER = congress_rules.KIND_FURTHER, _("further election")

    session = models.ForeignKey(
        Session, on_delete=models.PROTECT, related_name="contests", verbose_name=_("session")
    )
    post = models.CharField(_("post"), max_length=20, choices=CongressPost.choices)
    kind = models.CharField(
        pgettext_lazy("congress election", "kind"),
        max_length=20,
        choices=Kind.choices,
        default=Kind.ELECTION,
    )
    follows = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="successor",
        verbose_name=_("further election of"),
    )
    seats = models.PositiveSmallIntegerField(pgettext_lazy("congress", "seats"))
    margin = models.PositiveSmallIntegerField(
        _("candidates more than seats"),
        help_text=_("The margin the election rules set (差额数)."),
    )
    # Nominations closed: the formal list is fixed (positions on Nomination), or a preliminary
    # vote is to fix it.
    nominations_closed_on = models.DateField(_("nominations closed"), null=True, blank=True)

    class Meta:
        ordering = ["session", "pk"]
        verbose_name = _("congress election")
        verbose_name_plural = _("congress elections")
        constraints = [
            # The election rules elect a post once; further elections come on top.
            models.UniqueConstraint(
                fields=["session", "post"],
                condition=~Q(kind=congress_rules.KIND_FURTHER),
                name="contest_post_once_per_session",
                violation_error_message=_("This session already elects this post."),
            ),
            models.CheckConstraint(
                condition=Q(kind=congress_rules.KIND_FURTHER, follows__isnull=False)
                | (~Q(kind=congress_rules.KIND_FURTHER) & Q(follows__isnull=True)),
                name="contest_further_follows",
            ),
            models.CheckConstraint(
                condition=Q(seats__gte=1),
                name="contest_seats_positive",
                violation_error_message=_("A post elected at the session has at least one seat."),
            ),
        ]

    def __str__(self):
        return f"{self.session} · {self.get_post_display()}"

    def get_absolute_url(self):
        return reverse("contest_detail", args=[self.pk])


class Nomination(models.Model):
    class Source(models.TextChoices):
        PRESIDIUM = congress_rules.PRESIDIUM, _("the presidium")
        DEPUTIES = congress_rules.DEPUTIES, _("deputies jointly")

    contest = models.ForeignKey(
        Contest, on_delete=models.PROTECT, related_name="nominations", verbose_name=_("election")
    )
    deputy = models.ForeignKey(
        Deputy,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="nominations",
        verbose_name=_("deputy"),
    )
    name = models.CharField(_("name"), max_length=50)
    introduction = models.CharField(_("workplace and post"), max_length=200, blank=True)
    source = models.CharField(_("nominated by"), max_length=20, choices=Source.choices)
    sponsors = models.ManyToManyField(
        Deputy, blank=True, related_name="nominations_signed", verbose_name=_("deputies nominating")
    )
    sponsor_count = models.PositiveSmallIntegerField(_("deputies nominating"), default=0)
    nominated_on = models.DateField(_("nominated on"))
    withdrawn = models.BooleanField(_("withdrawn"), default=False)
    # Place on the formal list (1, 2, …) once fixed: surname strokes, or preliminary votes.
    position = models.PositiveSmallIntegerField(
        _("place on the formal list"), null=True, blank=True
    )
    stroke_key = models.TextField(editable=False)  # as Voter.stroke_key

    class Meta:
        ordering = ["contest", "position", "stroke_key", "pk"]
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        constraints = [
            models.CheckConstraint(
                condition=Q(source="presidium")
                | Q(sponsor_count__gte=congress_rules.DEPUTIES_TO_NOMINATE),
                name="nomination_deputies_jointly_ten",
                violation_error_message=_("Deputies nominate jointly, ten or more in writing."),
            )
        ]

    def __str__(self):
        return self.name

    @property
    def person_name(self):
        return self.name  # as RoundTally.person_name: a candidate or a person written in


class Round(models.Model):
    """One vote of a contest, numbered in order: a preliminary vote, the formal vote, a new
    vote among the tied, a further vote (另行选举). Void when more ballots came back than were
    issued (the round is then held again)."""

    class Kind(models.TextChoices):
        PRELIMINARY = congress_rules.ROUND_PRELIMINARY, _("preliminary vote")
        FORMAL = congress_rules.ROUND_FORMAL, _("formal vote")
        TIE = congress_rules.ROUND_TIE, _("new vote among the tied")
        FURTHER = congress_rules.ROUND_FURTHER, _("further vote")

    contest = models.ForeignKey(
        Contest, on_delete=models.PROTECT, related_name="rounds", verbose_name=_("election")
    )
    number = models.PositiveSmallIntegerField(_("vote number"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    held_on = models.DateField(_("date of the vote"))
    held_time = models.TimeField(_("time of the vote"), default=time(9, 0))
    seats = models.PositiveSmallIntegerField(pgettext_lazy("congress", "seats"))
    # All the deputies of the congress (全体代表): the majority is counted on them (OL 25),
    # those holding a seat at the vote's date and time (deputies.selectors.seated_at).
    deputies_total = models.PositiveSmallIntegerField(_("all deputies"))
    ballots_issued = models.PositiveSmallIntegerField(_("ballots issued"))
    ballots_returned = models.PositiveSmallIntegerField(_("ballots returned"))
    void_ballots = models.PositiveSmallIntegerField(_("void ballots"), default=0)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        editable=False,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        ordering = ["contest", "number"]
        verbose_name = pgettext_lazy("congress", "vote")
        verbose_name_plural = pgettext_lazy("congress", "votes")
        constraints = [
            models.UniqueConstraint(fields=["contest", "number"], name="round_number_unique"),
            models.CheckConstraint(
                condition=Q(void_ballots__lte=F("ballots_returned")),
                name="round_void_within_returned",
                violation_error_message=_("Void ballots cannot exceed the ballots returned."),
            ),
        ]

    def __str__(self):
        return f"{self.contest} · {self.number} · {self.get_kind_display()}"

    @property
    def valid_ballots(self):
        return self.ballots_returned - self.void_ballots


class RoundTally(models.Model):
    """The count of one person in a round: a candidate (for, against, abstaining: unmarked
    counts as abstaining), or another person written in (for only)."""

    round = models.ForeignKey(
        Round,
        on_delete=models.CASCADE,
        related_name="tallies",
        verbose_name=pgettext_lazy("congress", "vote"),
    )
    nomination = models.ForeignKey(
        Nomination,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tallies",
        verbose_name=_("candidate"),
    )
    write_in = models.CharField(_("another person"), max_length=50, blank=True)
    write_in_deputy = models.ForeignKey(
        Deputy,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("deputy written in"),
    )
    votes_for = models.PositiveSmallIntegerField(_("for"))
    votes_against = models.PositiveSmallIntegerField(_("against"), default=0)
    votes_abstain = models.PositiveSmallIntegerField(_("abstain"), default=0)

    class Meta:
        ordering = ["round", "pk"]
        verbose_name = _("tally")
        verbose_name_plural = _("tallies")
        constraints = [
            models.CheckConstraint(
                condition=(Q(nomination__isnull=False) & Q(write_in=""))
                | (Q(nomination__isnull=True) & ~Q(write_in="")),
                name="tally_candidate_or_write_in",
            ),
            models.UniqueConstraint(
                fields=["round", "nomination"], name="tally_once_per_candidate"
            ),
        ]

    def __str__(self):
        return f"{self.person_name}: {self.votes_for}"

    @property
    def person_name(self):
        return self.nomination.name if self.nomination_id else self.write_in


class Office(models.Model):
    """Who holds a post from when to when (the roster of township leaders), and how it ended."""

    class EndReason(models.TextChoices):
        RESIGNED = "resigned", _("resignation accepted")
        RECALLED = "recalled", _("recalled")
        TERM_ENDED = "term_ended", _("term ended")
        DIED = "died", _("died")
        # EL 54, 56: the chair's, a vice-chair's or a presidium member's post ends with the seat.
        SEAT_ENDED = "seat_ended", _("seat as deputy ended")
        OTHER = "other", _("other")

    post = models.CharField(_("post"), max_length=20, choices=CongressPost.choices)
    term = models.ForeignKey(
        Term, on_delete=models.PROTECT, related_name="offices", verbose_name=_("term")
    )
    name = models.CharField(_("name"), max_length=50)
    deputy = models.ForeignKey(
        Deputy,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="offices",
        verbose_name=_("deputy"),
    )
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("until"), null=True, blank=True)
    end_reason = models.CharField(
        _("how it ended"), max_length=20, choices=EndReason.choices, blank=True
    )
    end_note = models.CharField(_("note"), max_length=200, blank=True)
    elected_in = models.ForeignKey(
        Round,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="offices",
        verbose_name=_("elected in"),
    )

    class Meta:
        ordering = ["post", "-start_date", "name"]
        verbose_name = _("office")
        verbose_name_plural = _("offices")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="office_ends_after_start",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True, end_reason="")
                | Q(end_date__isnull=False) & ~Q(end_reason=""),
                name="office_end_has_reason",
                violation_error_message=_("An office that ended says how it ended."),
            ),
        ]

    def __str__(self):
        return f"{self.name}（{self.get_post_display()}）"

    @property
    def current(self):
        return self.end_date is None
