"""The rules of the elections a township congress holds at its sessions (domain.md §8), as
named constants and pure functions: nominations, the candidate plan of a post, ballots, the
result of a round, the preliminary list and the candidates of a further round.

Law: the Organic Law of Local People's Congresses and Local People's Governments
(地方各级人民代表大会和地方各级人民政府组织法, as revised on 11 March 2022), cited "OL", and
the Election Law (选举法, as revised on 17 October 2020), cited "EL":

- OL 12 (6)(7), 18, 70: the township congress elects its chair (主席) and one or two
  vice-chairs (副主席一人至二人), from among its deputies (从代表中选出), and the head and deputy
  heads of the township (乡长、副乡长; 镇长、副镇长 in a town).
- OL 19: it elects a presidium (主席团) when it holds a session; the chair and the vice-chairs
  are members of it. The law says nothing more of how: the session's election rules decide
  the margin, usually none (等额). Members are taken from the deputies, as the presidium is
  the congress's own organ (the local election rules say so; this module records it).
- OL 25: an election is carried by more than half of ALL the deputies (全体代表的过半数).
- OL 26: candidates are nominated by the presidium or by ten or more deputies jointly in
  writing (代表十人以上书面联名); neither the presidium's nominations, nor those any deputy
  joins, may exceed the seats (均不得超过应选名额).
- OL 27: the chair and the head: one candidate more than the seats (可以多一人), or an
  uncontested vote when only one is nominated; vice-chairs and deputy heads: one to three more
  than the seats, the exact margin set in the session's election rules (选举办法). More
  nominees than that: a preliminary vote (预选) whose order fixes the formal list.
- OL 28: secret ballot; for, against, another person (另选其他任何代表或者选民), abstain.
- EL 44: more ballots returned than issued voids the round; a ballot naming more people than
  seats is void.
- OL 29: more candidates over the majority than seats: the most votes win; a tie at the
  boundary: a new vote between the tied, the most votes win. Seats left: a further vote
  (另行选举), candidates by their order in the first vote, with the margin of OL 27 for the
  deputy posts (one seat left: two candidates, as the election rules and EL 45 put it).
- OL 29 (the further vote): the seats left may be filled at the same session or at the next
  one (可以在本次人民代表大会会议上另行选举，也可以在下一次人民代表大会会议上另行选举); as the
  NPC's commentary and practice allow, a further election held as a new contest takes new
  nominations under OL 26, and is still carried by more than half of ALL deputies (OL 25).
- OL 30: when the chair, a vice-chair, the head or a deputy head falls vacant during the term,
  the congress holds a by-election (补选); the candidates may be more than the seats or as many
  (候选人数可以多于应选人数，也可以同应选人数相等), as the session's election rules decide.
  Still one chair and one head, and one or two vice-chairs (OL 18).
- OL 18: the chair and the vice-chairs may not hold posts in administrative organs
  (不得担任国家行政机关的职务); one who does must resign the chair's post to the congress,
  which decides it (OL 32). So a sitting chair or vice-chair nominated for head or deputy head
  is flagged, and the vote electing them waits until the congress has accepted the resignation
  from the chair's post (this module refuses the vote; the law does not end the post by itself).
- OL 31, 32: recall and resignation are decisions of the congress (the session's votes), which
  end an office. EL 56: a chair or vice-chair whose resignation as deputy is accepted leaves the
  post with it (其主席、副主席的职务相应终止); EL 54: one recalled as deputy loses it too
  (相应撤销). The same holds of a presidium member, a seat kept for deputies.
- The ballot's order: the formal candidates are listed in surname stroke order (以姓氏笔画为序)
  unless the session's election rules list them by the preliminary vote's result (a matter the
  law leaves to the election rules).
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from congress.law import votes_needed
from congress.text import CHAIR, DEPUTY_HEAD, HEAD, PRESIDIUM_MEMBER, VICE_CHAIR

POSTS = (CHAIR, VICE_CHAIR, HEAD, DEPUTY_HEAD, PRESIDIUM_MEMBER)

# OL 27: one more candidate than the seat, or uncontested when one is nominated.
PRINCIPAL_POSTS = frozenset({CHAIR, HEAD})
PRINCIPAL_SEATS = 1
PRINCIPAL_MARGIN = 1
# OL 27: one to three more than the seats, the exact margin in the election rules.
DEPUTY_POSTS = frozenset({VICE_CHAIR, DEPUTY_HEAD})
DEPUTY_POST_MARGIN_MIN, DEPUTY_POST_MARGIN_MAX = 1, 3
# OL 18: one or two vice-chairs.
VICE_CHAIR_SEATS_MAX = 2
# OL 18 (chair, vice-chairs) and the presidium (see the module docstring): deputies only.
DEPUTY_REQUIRED = frozenset({CHAIR, VICE_CHAIR, PRESIDIUM_MEMBER})
# The presidium seats of those elected (congress.PresidiumMember roles).
PRESIDIUM_ROLES = {CHAIR: "chair", VICE_CHAIR: "vice_chair", PRESIDIUM_MEMBER: "member"}
# OL 18: the congress's own leaders may not hold the government's posts.
CONGRESS_LEADER_POSTS = frozenset({CHAIR, VICE_CHAIR})
ADMINISTRATIVE_POSTS = frozenset({HEAD, DEPUTY_HEAD})
# OL 26: deputies nominate jointly, ten or more.
DEPUTIES_TO_NOMINATE = 10

PRESIDIUM = "presidium"
DEPUTIES = "deputies"

UNCONTESTED = "uncontested"
CONTESTED = "contested"
PRELIMINARY = "preliminary"
TOO_FEW = "too_few"

# Contest kinds: a general election (at the term's first session), a by-election of a post
# vacant during the term (OL 30), a further election of seats left (OL 29).
KIND_ELECTION = "election"
KIND_BY_ELECTION = "by_election"
KIND_FURTHER = "further"
# Ballot orders the election rules may choose.
ORDER_STROKES = "strokes"
ORDER_PRELIMINARY_VOTES = "preliminary_votes"

# Round kinds.
ROUND_PRELIMINARY = "preliminary"
ROUND_FORMAL = "formal"
ROUND_TIE = "tie"
ROUND_FURTHER = "further"


def default_contest_kind(session_is_first):
    """A term's first session holds the general election of its leaders; any later session
    fills posts fallen vacant: a by-election (OL 30)."""
    return KIND_ELECTION if session_is_first else KIND_BY_ELECTION


def rules_problems(post, seats, margin, kind=KIND_ELECTION):
    """What is wrong with the session's election rules for one post (seats and margin), as
    Chinese sentences; an empty list when they follow the law. A by-election (OL 30) may have
    any margin, none included; a general or further election keeps OL 27's."""
    problems = []
    if seats < 1:
        problems.append(_("A post elected at the session has at least one seat."))
    if kind == KIND_BY_ELECTION:
        if post in PRINCIPAL_POSTS and seats != PRINCIPAL_SEATS:
            problems.append(_("The chair and the township head are one person each."))
        if post == VICE_CHAIR and seats > VICE_CHAIR_SEATS_MAX:
            problems.append(_("A township congress has one or two vice-chairs (art. 18)."))
        if margin < 0:
            problems.append(_("The margin cannot be negative."))
        return problems
    if post in PRINCIPAL_POSTS:
        if seats != PRINCIPAL_SEATS:
            problems.append(_("The chair and the township head are one person each."))
        if margin != PRINCIPAL_MARGIN:
            problems.append(
                _(
                    "The chair and the township head have one candidate more than the seat "
                    "(Organic Law, art. 27); a single nominee is elected uncontested."
                )
            )
    elif post in DEPUTY_POSTS:
        if post == VICE_CHAIR and seats > VICE_CHAIR_SEATS_MAX:
            problems.append(_("A township congress has one or two vice-chairs (art. 18)."))
        if not DEPUTY_POST_MARGIN_MIN <= margin <= DEPUTY_POST_MARGIN_MAX:
            problems.append(
                _(
                    "Vice-chairs and deputy heads have one to three candidates more than the "
                    "seats (Organic Law, art. 27); the margin is %(margin)s."
                )
                % {"margin": margin}
            )
    elif margin < 0:
        problems.append(_("The margin cannot be negative."))
    return problems


def nomination_problems(
    *, post, seats, source, is_deputy, presidium_nominations=0, sponsors=0, sponsors_full=()
):
    """Why a nomination is refused (OL 26), as Chinese sentences. `presidium_nominations`: how
    many the presidium has already nominated for the post; `sponsors`: deputies nominating
    jointly; `sponsors_full`: names of those among them who have already joined as many
    nominations for the post as it has seats."""
    problems = []
    if post in DEPUTY_REQUIRED and not is_deputy:
        problems.append(
            _("The chair, the vice-chairs and the presidium members are elected from the deputies.")
        )
    if source == PRESIDIUM:
        if presidium_nominations >= seats:
            problems.append(
                _(
                    "The presidium has already nominated %(count)s for %(seats)s seat(s); it may "
                    "not nominate more than the seats (Organic Law, art. 26)."
                )
                % {"count": presidium_nominations, "seats": seats}
            )
    elif source == DEPUTIES:
        if sponsors < DEPUTIES_TO_NOMINATE:
            problems.append(
                _(
                    "Deputies nominate jointly, ten or more in writing (Organic Law, art. 26); "
                    "%(count)s signed."
                )
                % {"count": sponsors}
            )
        if sponsors_full:
            problems.append(
                _(
                    "%(names)s already joined nominations for as many people as there are "
                    "seats; no deputy may join more (Organic Law, art. 26)."
                )
                % {"names": "、".join(sponsors_full)}
            )
    else:
        problems.append(_("Choose who nominates: the presidium or deputies jointly."))
    return problems


@dataclass(frozen=True)
class Plan:
    """How a post is voted on, from the seats, the margin and the nominees."""

    kind: str  # UNCONTESTED, CONTESTED, PRELIMINARY or TOO_FEW
    seats: int
    nominees: int
    candidates: int  # formal candidates: the seats, or the seats plus the margin
    reason: str

    @property
    def ready(self):
        return self.kind != TOO_FEW


def candidate_plan(post, seats, margin, nominees, kind=KIND_ELECTION):
    """The plan of a post (OL 27). The chair and the head: one nominee → uncontested, two →
    contested, more → a preliminary vote for two places. The deputy posts (and the presidium,
    by the election rules' margin): seats + margin nominees → the vote, more → a preliminary
    vote for seats + margin places, fewer → not enough. A by-election (OL 30) takes the margin
    its rules set, none included (as many candidates as seats: uncontested)."""
    if post in PRINCIPAL_POSTS:
        if kind != KIND_BY_ELECTION:
            margin = PRINCIPAL_MARGIN
        if nominees == seats:
            return Plan(
                UNCONTESTED,
                seats,
                nominees,
                seats,
                _("Only one candidate is nominated: the vote may be uncontested (art. 27)."),
            )
    wanted = seats + margin
    if nominees < wanted and not (post in PRINCIPAL_POSTS and nominees >= seats):
        return Plan(
            TOO_FEW,
            seats,
            nominees,
            wanted,
            _("%(wanted)s candidates are needed for %(seats)s seat(s); %(nominees)s nominated.")
            % {"wanted": wanted, "seats": seats, "nominees": nominees},
        )
    if nominees > wanted:
        return Plan(
            PRELIMINARY,
            seats,
            nominees,
            wanted,
            _(
                "%(nominees)s nominated for %(seats)s seat(s), more than the margin allows: a "
                "preliminary vote fixes the %(wanted)s formal candidates by their votes (art. 27)."
            )
            % {"wanted": wanted, "seats": seats, "nominees": nominees},
        )
    if margin == 0:
        return Plan(
            UNCONTESTED,
            seats,
            nominees,
            wanted,
            _("As many candidates as seats, as the election rules provide."),
        )
    return Plan(
        CONTESTED,
        seats,
        nominees,
        wanted,
        _("%(wanted)s candidates for %(seats)s seat(s): a contested vote.")
        % {"wanted": wanted, "seats": seats},
    )


def further_margin(post, margin):
    """The margin of a further election held as a new contest (OL 29 with OL 27): the chair and
    the head one; the deputy posts the first election's margin, within one to three; the
    presidium the first election's."""
    if post in PRINCIPAL_POSTS:
        return PRINCIPAL_MARGIN
    if post in DEPUTY_POSTS:
        return min(max(margin, DEPUTY_POST_MARGIN_MIN), DEPUTY_POST_MARGIN_MAX)
    return margin


def administrative_conflict(post, held_posts):
    """OL 18: the congress posts among `held_posts` (the posts a candidate holds) that may not
    be held together with `post`: the chair's or a vice-chair's, for the head or a deputy head.
    Sorted; empty when there is no conflict."""
    if post not in ADMINISTRATIVE_POSTS:
        return []
    return sorted(set(held_posts) & CONGRESS_LEADER_POSTS)


def administrative_conflict_warning():
    """The flag on a nomination of a sitting chair or vice-chair for the government (OL 18)."""
    return _(
        "Holds the congress's chair or vice-chair post: the chair and the vice-chairs may not "
        "hold posts in administrative organs (Organic Law, art. 18); the post must first be "
        "resigned to the congress."
    )


def administrative_conflict_problem(name):
    """Why a vote electing a sitting chair or vice-chair to the government is refused."""
    return _(
        "%(name)s still holds the congress's chair or vice-chair post: the chair and the "
        "vice-chairs may not hold posts in administrative organs (Organic Law, art. 18). The "
        "congress must first accept the resignation from that post (art. 32)."
    ) % {"name": name}


def round_void(*, ballots_issued, ballots_returned):
    """EL 44: a round is void when more ballots come back than were issued; as many or fewer
    is valid."""
    return ballots_returned > ballots_issued


def ballot_valid(*, seats, marked):
    """EL 44: a ballot is valid when it chooses (votes for, or writes in) no more people than
    seats; one choosing more is void."""
    return marked <= seats


@dataclass
class RoundResult:
    void: bool
    votes_needed: int | None = None
    elected: list = field(default_factory=list)  # in order of votes
    tied: list = field(default_factory=list)  # at the boundary: a new vote among them
    seats_left: int = 0  # for a further vote (另行选举)
    ranked: list = field(default_factory=list)  # everyone by votes, most first


def count_round(*, deputies_total, seats, ballots_issued, ballots_returned, votes_for):
    """A formal or further round (OL 25, 29; EL 44). `votes_for` maps each person (candidate
    or write-in) to the votes for them. Those with more than half of ALL deputies' votes pass;
    more than seats pass: the most votes win, a tie at the boundary goes to a new vote among
    the tied; fewer: the seats left go to a further vote."""
    if round_void(ballots_issued=ballots_issued, ballots_returned=ballots_returned):
        return RoundResult(void=True)
    needed = votes_needed(deputies_total)
    ranked = _ranked(votes_for)
    passing = {p: v for p, v in votes_for.items() if v >= needed}
    elected, tied = _top(passing, seats)
    left = 0 if tied else seats - len(elected)
    return RoundResult(
        void=False, votes_needed=needed, elected=elected, tied=tied, seats_left=left, ranked=ranked
    )


def count_tie_vote(*, seats, ballots_issued, ballots_returned, votes_for):
    """The new vote among those tied at the boundary (OL 29): the most votes win; a tie at the
    boundary again needs another vote."""
    if round_void(ballots_issued=ballots_issued, ballots_returned=ballots_returned):
        return RoundResult(void=True)
    elected, tied = _top(votes_for, seats)
    return RoundResult(void=False, elected=elected, tied=tied, ranked=_ranked(votes_for))


def preliminary_list(*, places, votes_for):
    """The preliminary vote (OL 27): (the formal candidates in order of their votes, those tied
    at the last place). The tied go to a new preliminary vote for the places left."""
    return _top(votes_for, places)


def count_preliminary(*, places, ballots_issued, ballots_returned, votes_for):
    if round_void(ballots_issued=ballots_issued, ballots_returned=ballots_returned):
        return RoundResult(void=True)
    chosen, tied = preliminary_list(places=places, votes_for=votes_for)
    return RoundResult(void=False, elected=chosen, tied=tied, ranked=_ranked(votes_for))


def further_candidates(*, seats_left, margin, ranked, elected=()):
    """The candidates of a further vote (OL 29): the first vote's candidates not elected, in
    order of their votes there (`ranked`), seats left + margin of them; one seat left: two.
    Candidates tied with the last one taken go too, rather than being dropped by chance."""
    rest = [person for person, _votes in ranked if person not in elected]
    wanted = 2 if seats_left == 1 else seats_left + margin
    if len(rest) <= wanted:
        return rest
    votes = dict(ranked)
    cutoff = votes[rest[wanted - 1]]
    return [person for person in rest if votes[person] >= cutoff]


def _ranked(votes):
    """[(person, votes)], most votes first; equal votes keep the order given (list order)."""
    return sorted(votes.items(), key=lambda item: -item[1])


def _top(votes, seats):
    """(winners, tied at the boundary) among `votes` for `seats` seats."""
    ranked = [person for person, _votes in _ranked(votes)]
    if len(ranked) <= seats:
        return ranked, []
    if seats <= 0:
        return [], []
    boundary = votes[ranked[seats - 1]]
    if votes[ranked[seats]] != boundary:
        return ranked[:seats], []
    return (
        [p for p in ranked if votes[p] > boundary],
        [p for p in ranked if votes[p] == boundary],
    )
