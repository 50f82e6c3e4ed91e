"""Reads about elections: the timeline, districts and candidates, results and their
statistics, the voter roll and the documents printed from it."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db.models import Count, Prefetch, Q, Sum
from django.utils.translation import gettext_lazy as _

from congress import idnumbers
from deputies.models import Gender
from elections import rules
from elections.models import (
    Candidate,
    CandidateVotes,
    District,
    DistrictResult,
    Election,
    IdExport,
    Objection,
    Proxy,
    RollChange,
    Voter,
)

# A step not yet done whose latest date is this close is "due".
TIMELINE_DUE_DAYS = 7

TIMELINE_LABELS = {
    "roll_published": _("Voter roll published"),
    "initial_candidates": _("Initial candidates published"),
    "formal_candidates": _("Formal candidates published"),
    "election_day": _("Election day"),
}


@dataclass
class TimelineStep:
    key: str
    label: str
    latest: date
    done: date | None
    status: str  # done / late / due / upcoming

    @property
    def is_late(self):
        return self.status == "late" or (self.done is not None and self.done > self.latest)


def elections_list():
    return Election.objects.select_related("term").annotate(
        district_count=Count("districts", distinct=True),
        seats_total=Sum("districts__seats"),
    )


def formal_list_days():
    return settings.ELECTION_FORMAL_LIST_DAYS


def election_timeline(election: Election, today: date, *, has_results=None):
    """The statutory steps counted back from election day, each with its latest date, the date
    it was done and its status: done (in time or not: `is_late` tells), late (not done and the
    date has passed), due (within TIMELINE_DUE_DAYS), upcoming."""
    if has_results is None:
        has_results = DistrictResult.objects.filter(district__election=election).exists()
    done_dates = {
        "roll_published": election.roll_published_on,
        "initial_candidates": election.initial_candidates_published_on,
        "formal_candidates": election.formal_candidates_published_on,
        "election_day": election.election_day if has_results else None,
    }
    steps = []
    for key, latest in rules.timeline(election.election_day, formal_list_days()):
        done = done_dates[key]
        if done is not None:
            status = "done"
        elif today > latest:
            status = "late"
        elif (latest - today) <= timedelta(days=TIMELINE_DUE_DAYS):
            status = "due"
        else:
            status = "upcoming"
        steps.append(TimelineStep(key, TIMELINE_LABELS[key], latest, done, status))
    return steps


def current_election(today: date):
    """The election under way: the next one to be held (election day today or later), else
    the latest one held; None when there is none."""
    upcoming = Election.objects.filter(election_day__gte=today).order_by("election_day")
    return upcoming.first() or Election.objects.order_by("-election_day").first()


def next_step(timeline):
    """The first step of an `election_timeline` not yet done, or None when all are done."""
    return next((step for step in timeline if step.done is None), None)


@dataclass
class DistrictRow:
    district: District
    per_seat: int
    deviation: float | None  # fraction of the mean, e.g. 0.31
    warning: bool
    voters: int
    candidates: int
    formal: int

    @property
    def deviation_percent(self):
        return None if self.deviation is None else round(self.deviation * 100, 1)


def districts_overview(election: Election):
    """Every district with its residents per seat and the warning when they deviate more than
    30% from the mean (rules.district_deviations); two queries whatever the count."""
    districts = list(
        election.districts.annotate(
            voter_count=Count("voters", filter=Q(voters__on_roll=True), distinct=True),
            candidate_count=Count("candidates", distinct=True),
            formal_count=Count(
                "candidates", filter=Q(candidates__stage=Candidate.Stage.FORMAL), distinct=True
            ),
        ).order_by("code")
    )
    deviations = rules.district_deviations([(d.pk, d.population, d.seats) for d in districts])
    rows = []
    for d in districts:
        deviation = deviations.get(d.pk)
        rows.append(
            DistrictRow(
                district=d,
                per_seat=round(d.population / d.seats) if d.seats else 0,
                deviation=float(deviation) if deviation is not None else None,
                warning=deviation is not None and abs(deviation) > rules.DISTRICT_DEVIATION_WARNING,
                voters=d.voter_count,
                candidates=d.candidate_count,
                formal=d.formal_count,
            )
        )
    return rows


def candidates_ordered(district: District, stage=None):
    """A district's candidates in the order of official lists (surname strokes)."""
    candidates = district.candidates.order_by("stroke_key", "pk")
    if stage:
        candidates = candidates.filter(stage=stage)
    return candidates


@dataclass
class CandidateLists:
    initial: list
    formal: list
    low: int
    high: int

    @property
    def formal_ok(self):
        return self.low <= len(self.formal) <= self.high


def candidate_lists(district: District):
    """The initial list (every candidate nominated) and the formal list, both in surname-stroke
    order, with the range of formal candidates the law allows for the district's seats."""
    candidates = list(candidates_ordered(district))
    low, high = rules.candidate_range(district.seats)
    return CandidateLists(
        initial=candidates,
        formal=[c for c in candidates if c.stage == Candidate.Stage.FORMAL],
        low=low,
        high=high,
    )


VOID_REASONS = {
    "turnout_not_over_half": _("Not more than half of the registered voters voted."),
    "more_ballots_than_issued": _(
        "More ballots were returned than voters voted or ballots were issued."
    ),
}


@dataclass
class DistrictOutcome:
    """A district's rounds and what they decided: `first`/`second` are DistrictResult rows (or
    None), `first_outcome`/`second_outcome` the rules' Outcome of each."""

    district: District
    first: DistrictResult | None = None
    second: DistrictResult | None = None
    first_outcome: rules.Outcome | None = None
    second_outcome: rules.Outcome | None = None

    @property
    def winners(self):
        winners = list(self.first_outcome.winners) if self.first_outcome else []
        if self.second_outcome:
            winners += self.second_outcome.winners
        return winners

    @property
    def second_round_needed(self):
        o = self.first_outcome
        return bool(o and o.valid and (o.tied or o.seats_left))

    @property
    def status(self):
        """missing, void, tied, second_round (needed but not entered), seats_left (the second
        round left seats empty: they stay vacant) or done."""
        if self.first_outcome is None:
            return "missing"
        if not self.first_outcome.valid:
            return "void"
        if not self.second_round_needed:
            return "done"
        if self.second_outcome is None:
            return "tied" if self.first_outcome.tied else "second_round"
        if not self.second_outcome.valid:
            return "void"
        if self.second_outcome.tied:
            return "tied"
        return "seats_left" if self.second_outcome.seats_left else "done"

    @property
    def resolved(self):
        return self.status in ("done", "seats_left")


def _result_votes(result):
    return {v.candidate: v.votes for v in result.votes.all()}


def _district_outcome(district, results):
    """DistrictOutcome from the district's DistrictResult rows (votes prefetched)."""
    rounds = {r.round: r for r in results}
    row = DistrictOutcome(district, rounds.get(1), rounds.get(2))
    if row.first is None:
        return row
    first = row.first
    row.first_outcome = rules.count_first_round(
        registered=first.registered,
        voted=first.voted,
        ballots_issued=first.ballots_issued,
        ballots_returned=first.ballots_returned,
        seats=district.seats,
        votes=_result_votes(first),
    )
    if row.second is not None and row.second_round_needed:
        row.second_outcome = _second_outcome(
            district, row.first_outcome, row.second, _result_votes(row.second)
        )
    return row


def _second_outcome(district, first_outcome, second, votes):
    if second.ballots_returned > min(second.ballots_issued, second.voted):
        return rules.Outcome(valid=False, reason="more_ballots_than_issued")
    seats = district.seats - len(first_outcome.winners)
    if first_outcome.tied:
        return rules.count_tie_vote(seats=seats, votes=votes)
    return rules.count_second_round(voted=second.voted, seats=seats, votes=votes)


def _results_prefetch():
    return Prefetch(
        "results",
        queryset=DistrictResult.objects.prefetch_related(
            Prefetch("votes", queryset=CandidateVotes.objects.select_related("candidate"))
        ),
    )


def district_outcome(*, district):
    """The DistrictOutcome of one district (three queries)."""
    district = District.objects.prefetch_related(_results_prefetch()).get(pk=district.pk)
    return _district_outcome(district, district.results.all())


def result_outcome(*, district, round=1):
    """The rules' Outcome of `round` in `district` for display, or None if not entered (or,
    for round 2, not needed)."""
    row = district_outcome(district=district)
    return row.first_outcome if round == 1 else row.second_outcome


def second_round_candidates(*, district):
    """Candidates of the second round: those tied at the boundary (a new vote among them) or
    the first round's best by votes, two per seat left; empty if none is needed."""
    outcome = result_outcome(district=district, round=1)
    if not outcome or not outcome.valid:
        return []
    return list(outcome.tied or outcome.runoff_candidates)


def election_results(*, election):
    """A DistrictOutcome per district of the election, in code order (a constant number of
    queries: districts, results, votes with candidates)."""
    districts = election.districts.prefetch_related(_results_prefetch()).order_by("code")
    return [_district_outcome(d, d.results.all()) for d in districts]


AGE_BANDS = ((0, 35, _("under 35")), (35, 55, _("35 to 54")), (55, 200, _("55 and over")))


def election_statistics(election: Election):
    """Figures for reports: districts, seats, registered voters (on the roll), voters who voted
    (first round), turnout, deputies elected (the winners election_results finds, as confirmed)
    and who they are (gender, age, nomination). Constant queries: voters count, districts,
    results, votes."""
    registered = election.voters.filter(on_roll=True).count()
    rows = election_results(election=election)
    firsts = [row.first for row in rows if row.first is not None]
    voted = sum(r.voted for r in firsts)
    result_registered = sum(r.registered for r in firsts)
    elected = [c for row in rows for c in row.winners]
    day = election.election_day
    composition = {
        "gender": [
            (label, sum(1 for c in elected if c.gender == value)) for value, label in Gender.choices
        ],
        "age": [
            (
                label,
                sum(
                    1
                    for c in elected
                    if c.birth_date and low <= idnumbers.age_on(c.birth_date, day) < high
                ),
            )
            for low, high, label in AGE_BANDS
        ],
        "source": [
            (label, sum(1 for c in elected if c.source == value))
            for value, label in Candidate.Source.choices
        ],
    }
    turnout = rules.turnout(voted, result_registered or registered) if firsts else None
    return {
        "districts": len(rows),
        "seats": sum(row.district.seats for row in rows),
        "registered": registered,
        "voted": voted if firsts else None,
        "turnout": float(turnout) if turnout is not None else None,
        "elected": len(elected),
        "elected_candidates": sorted(elected, key=lambda c: c.stroke_key),
        "composition": composition if elected else None,
    }


def sees_full_id_numbers(user):
    """Election staff see voters' full ID numbers and birth dates and search by ID number.
    Everyone else sees masked numbers and no birth date (age instead) and searches by name
    only: a masked number with the birth date, or a search answering for the start of a
    number, gives the full number away."""
    return user.has_perm("elections.view_full_id_number")


def voters_of_district(*, district, user, search=""):
    """A district's registrations (struck-off ones too, marked) in official order; `search`
    matches the name, or for election staff also the start of the ID number."""
    voters = Voter.objects.filter(district=district)
    search = (search or "").strip()
    if search:
        matches = Q(name__contains=search)
        if sees_full_id_numbers(user):
            matches |= Q(id_number__startswith=idnumbers.normalise(search))
        voters = voters.filter(matches)
    return voters.order_by("stroke_key", "id_number")


def voter_id_shown(*, user, id_number):
    """The ID number as `user` may see it: in full for election staff, masked otherwise."""
    return id_number if sees_full_id_numbers(user) else idnumbers.mask(id_number)


def voter_changes(*, voter):
    return RollChange.objects.filter(voter=voter).select_related("actor").order_by("date", "pk")


def objections_of(*, election):
    return Objection.objects.filter(election=election).select_related("voter", "voter__district")


def proxies_of(*, election):
    return (
        Proxy.objects.filter(grantor__election=election)
        .select_related("grantor", "grantor__district", "holder", "holder__district")
        .order_by("holder__stroke_key", "holder_id", "grantor__stroke_key")
    )


def district_roll(*, district):
    """The voters on a district's roll in official order (surname strokes, then ID number):
    one query, only the columns the documents print."""
    return (
        Voter.objects.filter(district=district, on_roll=True)
        .order_by("stroke_key", "id_number")
        .only("name", "gender", "id_number", "birth_date", "ethnicity", "address", "stroke_key")
    )


def voter_card_number(*, district, position):
    """The number printed on a voter card: district code and place on the roll (1-based)."""
    return f"{district.code}-{position:05d}"


def id_export_label(*, district, document):
    """What an export is, as the log records it; starts with the election's name."""
    return f"{district.election.name} · {district.name} · {document}"


def id_exports(*, election):
    """The log of exports with full ID numbers of one election, newest first (one query)."""
    return IdExport.objects.filter(election=election).select_related("user").order_by("-at", "-pk")
