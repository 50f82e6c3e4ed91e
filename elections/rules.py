"""The Election Law's rules for township elections (domain.md §4), as named constants and pure
functions, so each threshold has one home and one set of tests at its boundaries."""

import math
from dataclasses import dataclass, field
from datetime import date, timedelta
from fractions import Fraction

# Seat quota of a township congress: 45, plus one per 1,500 residents, at most 160; a township
# under 2,000 residents may have fewer than 45, set by hand.
QUOTA_BASE = 45
QUOTA_RESIDENTS_PER_EXTRA_SEAT = 1500
QUOTA_CAP = 160
QUOTA_SMALL_TOWNSHIP = 2000

# A district elects one to three deputies.
DISTRICT_MIN_SEATS, DISTRICT_MAX_SEATS = 1, 3
# Local practice: warn when residents per seat deviate more than 30% from the mean.
DISTRICT_DEVIATION_WARNING = Fraction(30, 100)

VOTING_AGE = 18
# The roll is published at least 20 days before election day; objections decided within 3 days.
ROLL_PUBLISHED_DAYS_BEFORE = 20
OBJECTION_DECISION_DAYS = 3
INITIAL_CANDIDATES_DAYS_BEFORE = 15
# Formal candidates 7 days before (older local rules said 5: settings.ELECTION_FORMAL_LIST_DAYS).
FORMAL_CANDIDATES_DAYS_BEFORE = 7

# Candidates: nominated by 10 or more voters jointly; seats × 4/3 ≤ candidates ≤ seats × 2.
VOTERS_TO_NOMINATE = 10
CANDIDATE_RATIO_MIN = Fraction(4, 3)
CANDIDATE_RATIO_MAX = 2
MAX_PROXIES_PER_PERSON = 3


def seat_quota(population, manual=None):
    """Seats of the township congress; `manual` is accepted only for a township under 2,000."""
    if population < QUOTA_SMALL_TOWNSHIP and manual is not None:
        return manual
    return min(QUOTA_BASE + population // QUOTA_RESIDENTS_PER_EXTRA_SEAT, QUOTA_CAP)


def district_deviations(districts):
    """{district: deviation of its residents per seat from the mean, as a Fraction} for
    (district, population, seats) triples; a district's key is whatever the caller passed."""
    per_seat = {d: Fraction(population, seats) for d, population, seats in districts if seats}
    if not per_seat:
        return {}
    mean = sum(per_seat.values()) / len(per_seat)
    return {d: (value - mean) / mean for d, value in per_seat.items()}


def eighteenth_birthday(birth_date):
    """The day a person turns 18; someone born on 29 February turns 18 on 1 March in a
    common year (they have not completed 18 years on 28 February)."""
    try:
        return birth_date.replace(year=birth_date.year + VOTING_AGE)
    except ValueError:
        return date(birth_date.year + VOTING_AGE, 3, 1)


def of_voting_age(birth_date, election_day):
    """18 or older on election day: born exactly 18 years before it is eligible."""
    return eighteenth_birthday(birth_date) <= election_day


def candidate_range(seats):
    """(fewest, most) formal candidates for a district: seats × 4/3 rounded up, seats × 2."""
    return math.ceil(seats * CANDIDATE_RATIO_MIN), seats * CANDIDATE_RATIO_MAX


def candidate_count_ok(seats, candidates):
    low, high = candidate_range(seats)
    return low <= candidates <= high


def timeline(election_day, formal_list_days=FORMAL_CANDIDATES_DAYS_BEFORE):
    """The statutory dates counted back from election day: (key, latest date)."""
    return [
        ("roll_published", election_day - timedelta(days=ROLL_PUBLISHED_DAYS_BEFORE)),
        ("initial_candidates", election_day - timedelta(days=INITIAL_CANDIDATES_DAYS_BEFORE)),
        ("formal_candidates", election_day - timedelta(days=formal_list_days)),
        ("election_day", election_day),
    ]


# Counting


@dataclass
class Outcome:
    valid: bool  # more than half of the registered voters voted, and no more ballots returned
    reason: str = ""  # why the vote is void, in a few words (a key; pages translate it)
    winners: list = field(default_factory=list)
    # Tied at the boundary: a new vote among them for the seats the winners leave.
    tied: list = field(default_factory=list)
    seats_left: int = 0  # for a second round (另行选举)
    runoff_candidates: list = field(default_factory=list)


def count_first_round(*, registered, voted, ballots_issued, ballots_returned, seats, votes):
    """The first round in one district. `votes` maps candidates to votes (void ballots, those
    marking more names than seats, must already be left out by the counting staff).

    - valid only if more than half of the registered voters voted, and no more ballots came
      back than were issued;
    - a candidate wins with more than half of the votes of the voters who voted;
    - more winners than seats: the highest win, a tie at the boundary goes to a new vote;
    - fewer: the remaining seats go to a second round among the best of the rest, two
      candidates per seat (or as many as remain)."""
    # 所投的票数多于投票人数的无效: more ballots back than voters who voted (or than issued).
    if ballots_returned > min(ballots_issued, voted):
        return Outcome(valid=False, reason="more_ballots_than_issued")
    if voted * 2 <= registered:
        return Outcome(valid=False, reason="turnout_not_over_half")
    passing = {c: v for c, v in votes.items() if v * 2 > voted}
    winners, tied = _top(passing, seats)
    outcome = Outcome(valid=True, winners=winners, tied=tied)
    if not tied and len(winners) < seats:
        outcome.seats_left = seats - len(winners)
        rest = {c: v for c, v in votes.items() if c not in winners}
        wanted = min(len(rest), outcome.seats_left * CANDIDATE_RATIO_MAX)
        ranked = sorted(rest, key=lambda c: -rest[c])
        # Candidates tied with the last one taken also go forward, rather than being dropped.
        cutoff = rest[ranked[wanted - 1]] if wanted else None
        outcome.runoff_candidates = [c for c in ranked if wanted and rest[c] >= cutoff]
    return outcome


def count_second_round(*, voted, seats, votes):
    """The second round (另行选举): the highest win, but each needs at least one third of the
    ballots of the voters who voted; a tie at the boundary goes to a new vote."""
    passing = {c: v for c, v in votes.items() if v * 3 >= voted}
    winners, tied = _top(passing, seats)
    return Outcome(
        valid=True, winners=winners, tied=tied, seats_left=0 if tied else seats - len(winners)
    )


def count_tie_vote(*, seats, votes):
    """A new vote among those tied at the boundary of the first round: the highest win, with
    no threshold; a tie at the boundary again needs another vote."""
    winners, tied = _top(votes, seats)
    return Outcome(valid=True, winners=winners, tied=tied)


def _top(votes, seats):
    """(winners, tied at the boundary) among `votes` for `seats` seats."""
    ranked = sorted(votes, key=lambda c: -votes[c])
    if len(ranked) <= seats:
        return ranked, []
    boundary = votes[ranked[seats - 1]]
    if votes[ranked[seats]] != boundary:
        return ranked[:seats], []
    return [c for c in ranked if votes[c] > boundary], [c for c in ranked if votes[c] == boundary]


def turnout(voted, registered):
    return Fraction(voted, registered) if registered else None
