"""The rules of the votes the deputies hold on oversight, as pure functions (no models).

Livelihood projects (民生实事项目票决): the session votes on the candidates, each deputy marking
up to the number to choose. A project is chosen with the votes of more than half of ALL the
deputies (Organic Law art. 25, the session's decisions), the most votes first up to the number
to choose; a tie at the boundary goes to a re-vote among the tied; more ballots returned than
issued voids the vote (held again). All the deputies are those holding a seat at the moment
of the vote (实有代表数, deputies.selectors.deputies_seated_count), never a typed figure. That is the count of an election round at the session,
so it is counted by elections.congress_rules (count_round, count_tie_vote), not a second
time here. Fewer projects than the number reaching the majority: only those are chosen.

Satisfaction (项目满意度测评, 工作评议, 述职测评): rate = (满意 + 基本满意) ÷ valid ballots.
Evaluation of an office: its result is the satisfaction rate (and the questionnaire's score);
below the pass rate (a local rule, OVERSIGHT_EVALUATION_PASS_RATE, 60% by default) the office
is rated unsatisfactory and rectifies. Report-back record: self-assessment, voters' rating and
the presidium's assessment weighted as the presidium sets per year (20/50/30 by default).
"""

from dataclasses import dataclass, field
from datetime import time
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from congress.law import Rate, one_place, percent
from elections import congress_rules as cr

FORMAL = "formal"
TIE = "tie"
# The time of a vote recorded from paper, when the minutes give none.
DEFAULT_VOTE_TIME = time(9, 0)

DEFAULT_PASS_RATE = Decimal(60)
DEFAULT_WEIGHTS = (20, 50, 30)  # 自评, 选民测评, 组织评定

SATISFACTION_DEFINITION = gettext_lazy(
    "satisfaction rate = (satisfied + basically satisfied) ÷ valid ballots"
)
COMPOSITE_DEFINITION = gettext_lazy(
    "overall rating = self-assessment × its weight + voters' rating × its weight + presidium's "
    "assessment × its weight"
)


def satisfaction_rate(*, ballots, satisfied, basically):
    return Rate((satisfied or 0) + (basically or 0), ballots or 0, SATISFACTION_DEFINITION)


def satisfaction_problems(*, ballots, satisfied, basically, unsatisfied):
    """Why the counts of a satisfaction vote cannot be right, as Chinese sentences: each a
    whole number of zero or more, the three verdicts at most the valid ballots (an unmarked
    ballot counts in the ballots only)."""
    counts = {
        _("valid ballots"): ballots,
        _("satisfied"): satisfied,
        _("basically satisfied"): basically,
        _("not satisfied"): unsatisfied,
    }
    problems = [
        _("Enter %(name)s as a whole number of zero or more.") % {"name": name}
        for name, value in counts.items()
        if not isinstance(value, int) or isinstance(value, bool) or value < 0
    ]
    if problems:
        return problems
    if ballots < 1:
        return [_("A vote has at least one valid ballot.")]
    marked = satisfied + basically + unsatisfied
    if marked > ballots:
        problems.append(
            _(
                "Satisfied %(s)s + basically satisfied %(b)s + not satisfied %(u)s make "
                "%(marked)s, more than the %(ballots)s valid ballots."
            )
            % {
                "s": satisfied,
                "b": basically,
                "u": unsatisfied,
                "marked": marked,
                "ballots": ballots,
            }
        )
    return problems


# The project vote


@dataclass(frozen=True)
class RoundFacts:
    """A recorded vote: `votes_for` maps each project (any key) to its votes."""

    kind: str
    deputies_total: int
    places: int
    ballots_issued: int
    ballots_returned: int
    votes_for: dict
    key: object = None  # the recorded round, for the pages


@dataclass(frozen=True)
class Step:
    """The next vote: its kind, the projects to choose in it, the candidates."""

    kind: str
    places: int
    candidates: list


@dataclass
class VoteProgress:
    to_choose: int
    rounds: list = field(default_factory=list)  # [(RoundFacts, cr.RoundResult)]
    chosen: list = field(default_factory=list)  # in the order chosen
    next: Step | None = None
    # Places left because fewer projects than the number reached the majority.
    short: int = 0

    @property
    def done(self):
        return self.next is None


def vote_progress(*, to_choose, candidates, rounds):
    """Where the vote on a year's projects stands after `rounds` (RoundFacts, in order): the
    projects chosen, and the next vote, if any. The first vote is among all `candidates` for
    `to_choose` places, chosen with more than half of all deputies (count_round); a void vote
    is held again; a tie at the boundary goes to a re-vote among the tied for the places left
    (count_tie_vote, the most votes win), again while they stay tied."""
    progress = VoteProgress(to_choose=to_choose, next=Step(FORMAL, to_choose, list(candidates)))
    for facts in rounds:
        if facts.kind == FORMAL:
            result = cr.count_round(
                deputies_total=facts.deputies_total,
                seats=facts.places,
                ballots_issued=facts.ballots_issued,
                ballots_returned=facts.ballots_returned,
                votes_for=facts.votes_for,
            )
        else:
            result = cr.count_tie_vote(
                seats=facts.places,
                ballots_issued=facts.ballots_issued,
                ballots_returned=facts.ballots_returned,
                votes_for=facts.votes_for,
            )
        progress.rounds.append((facts, result))
        if result.void:
            continue  # the same vote again
        progress.chosen += result.elected
        if result.tied:
            progress.next = Step(TIE, facts.places - len(result.elected), list(result.tied))
        else:
            progress.next = None
            progress.short = result.seats_left if facts.kind == FORMAL else 0
    return progress


def tally_problems(
    *, places, deputies_present, ballots_issued, ballots_returned, void_ballots, votes
):
    """Why the counts of a project vote cannot be right: [(project or None, Chinese sentence)].
    `votes` maps each project of the vote to its votes for. Ballots issued go to deputies
    present; void ballots are among those returned; a valid ballot marks at most `places`
    projects, once each. A vote with more returned than issued is void as a whole, so its
    per-project counts are not checked against the ballots."""
    problems = []
    numbers = {
        _("ballots issued"): ballots_issued,
        _("ballots returned"): ballots_returned,
        _("void ballots"): void_ballots,
    }
    for name, value in numbers.items():
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            problems.append(
                (None, _("Enter %(name)s as a whole number of zero or more.") % {"name": name})
            )
    for project, value in votes.items():
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            problems.append(
                (
                    project,
                    _("Enter the votes of “%(name)s” as a whole number of zero or more.")
                    % {"name": project},
                )
            )
    if problems:
        return problems
    if deputies_present is not None and ballots_issued > deputies_present:
        problems.append(
            (
                None,
                _("%(issued)s ballots issued, but only %(present)s deputies are present.")
                % {"issued": ballots_issued, "present": deputies_present},
            )
        )
    if void_ballots > ballots_returned:
        problems.append((None, _("Void ballots cannot exceed the ballots returned.")))
        return problems
    if cr.round_void(ballots_issued=ballots_issued, ballots_returned=ballots_returned):
        return problems
    valid = ballots_returned - void_ballots
    for project, value in votes.items():
        if value > valid:
            problems.append(
                (
                    project,
                    _("“%(name)s” has %(votes)s votes, more than the %(valid)s valid ballots.")
                    % {"name": project, "votes": value, "valid": valid},
                )
            )
    marked = sum(votes.values())
    if marked > valid * places:
        problems.append(
            (
                None,
                _(
                    "The votes make %(marked)s marks, more than %(valid)s valid ballots × "
                    "%(places)s project(s): a ballot marking more projects than that is void and "
                    "belongs with the void ballots."
                )
                % {"marked": marked, "valid": valid, "places": places},
            )
        )
    return problems


# Evaluations of offices


@dataclass(frozen=True)
class EvaluationResult:
    rate: Rate | None
    score: Decimal | None  # the sum of the items' average scores
    full_score: int
    passed: bool | None  # None: nothing counted yet

    @property
    def score_percent(self):
        return None if self.score is None else percent(self.score, self.full_score)


def evaluation_result(*, rate, scores, pass_rate=DEFAULT_PASS_RATE):
    """An office's result: the satisfaction rate of the ballots (None if not voted by ballot)
    and the questionnaire's score (`scores`: [(average score, full score)]). It passes when
    its rate, or without ballots its score in percent, reaches `pass_rate`."""
    score = sum((Decimal(s) for s, _full in scores), Decimal(0)) if scores else None
    full = sum(full for _s, full in scores)
    result = EvaluationResult(rate=rate, score=score, full_score=full, passed=None)
    basis = rate.percent if rate is not None else result.score_percent
    if basis is None:
        return result
    return EvaluationResult(rate=rate, score=score, full_score=full, passed=basis >= pass_rate)


def score_problems(scores):
    """`scores`: [(item text, average score, full score)] → Chinese sentences."""
    problems = []
    for text, score, full in scores:
        if score is None:
            continue
        if score < 0 or score > full:
            problems.append(
                _("“%(item)s”: the score %(score)s is not between 0 and the full %(full)s.")
                % {"item": text, "score": score, "full": full}
            )
    return problems


# Report-back ratings


def weights_problems(self_weight, voters_weight, presidium_weight):
    weights = (self_weight, voters_weight, presidium_weight)
    if any(not isinstance(w, int) or w < 0 or w > 100 for w in weights):
        return [_("Each weight is a whole percent from 0 to 100.")]
    if sum(weights) != 100:
        return [
            _("The weights add up to %(sum)s%%; they must add up to 100%%.") % {"sum": sum(weights)}
        ]
    return []


def composite(*, self_score, voters_rate, presidium_score, weights=DEFAULT_WEIGHTS):
    """The year's report-back rating: self-assessment, the voters' satisfaction rate and the
    presidium's assessment (each out of 100), weighted; None while any part is missing."""
    voters = voters_rate.percent if voters_rate is not None else None
    if self_score is None or voters is None or presidium_score is None:
        return None
    self_weight, voters_weight, presidium_weight = weights
    total = (
        Decimal(self_score) * self_weight
        + voters * voters_weight
        + Decimal(presidium_score) * presidium_weight
    ) / 100
    return one_place(total)
