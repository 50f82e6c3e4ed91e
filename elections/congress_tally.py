"""Whether the typed counts of one congress vote can be right (EL 44, OL 28), as one pure
function: the service refuses a vote with any problem, and the tally grid shows each problem
beside the figure it is about, so the rules have one home.

A problem names where it is: `row` is a candidate's key, ("write_in", line) for another person,
or None for the vote's own figures; `column` is "for", "against", "abstain", "ballots_issued",
"ballots_returned" or "void_ballots", or None for the row (or the vote) as a whole."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from elections.congress_rules import round_void

COUNTS = ("for", "against", "abstain")


@dataclass(frozen=True)
class Problem:
    message: str
    row: object = None
    column: str | None = None


def _count(value):
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def tally_problems(
    *,
    preliminary,
    seats,
    present,
    ballots_issued,
    ballots_returned,
    void_ballots,
    candidates,
    tallies,
    write_ins=(),
):
    """[Problem] of a vote's counts. `candidates`: {key: name}, every candidate of the vote;
    `tallies`: {key: (for, against, abstain)} (a preliminary vote counts only the votes for);
    `write_ins`: [(name, votes)] for other persons, by line; `present`: the deputies present
    and still holding a seat at the vote, whom ballots may go to."""
    problems = []
    ballots = {
        "ballots_issued": ballots_issued,
        "ballots_returned": ballots_returned,
        "void_ballots": void_ballots,
    }
    for column, value in ballots.items():
        if not _count(value):
            problems.append(Problem(_("Enter a whole number of zero or more."), None, column))
    if set(tallies) != set(candidates):
        problems.append(
            Problem(
                _("Enter the count of every candidate of this vote, and only theirs: %(names)s.")
                % {"names": "、".join(candidates.values())}
            )
        )
    columns = COUNTS[:1] if preliminary else COUNTS
    for key, counts in tallies.items():
        for column, value in zip(columns, counts, strict=False):
            if not _count(value):
                problems.append(
                    Problem(
                        _("Enter the votes of %(name)s.") % {"name": candidates.get(key, "")},
                        key,
                        column,
                    )
                )
    written = []
    for line, (name, votes) in enumerate(write_ins, start=1):
        name = (name or "").strip()
        if not name:
            if votes:
                problems.append(
                    Problem(
                        _("Enter the name of the person these %(votes)s votes are for.")
                        % {"votes": votes},
                        ("write_in", line),
                    )
                )
            continue
        if not _count(votes):
            problems.append(
                Problem(
                    _("Enter the votes of %(name)s.") % {"name": name}, ("write_in", line), "for"
                )
            )
        elif name in candidates.values() or name in written:
            problems.append(
                Problem(_("%(name)s is entered twice.") % {"name": name}, ("write_in", line))
            )
        written.append(name)
    if problems:
        return problems
    if present is not None and ballots_issued > present:
        problems.append(
            Problem(
                _("%(issued)s ballots issued, but only %(present)s deputies are present.")
                % {"issued": ballots_issued, "present": present},
                None,
                "ballots_issued",
            )
        )
    if void_ballots > ballots_returned:
        problems.append(
            Problem(_("Void ballots cannot exceed the ballots returned."), None, "void_ballots")
        )
        return problems
    if round_void(ballots_issued=ballots_issued, ballots_returned=ballots_returned):
        return problems  # void as a whole (EL 44): its counts are not checked against it
    valid = ballots_returned - void_ballots
    for key, counts in tallies.items():
        problems += _row_problems(
            candidates[key], key, dict(zip(columns, counts, strict=False)), valid
        )
    if not preliminary:
        for key, counts in tallies.items():
            if sum(counts) != valid and all(v <= valid for v in counts):
                problems.append(
                    Problem(
                        _(
                            "%(name)s: for %(for)s + against %(against)s + abstaining "
                            "%(abstain)s must make the %(valid)s valid ballots (an unmarked "
                            "name counts as abstaining)."
                        )
                        % {
                            "name": candidates[key],
                            "for": counts[0],
                            "against": counts[1],
                            "abstain": counts[2],
                            "valid": valid,
                        },
                        key,
                    )
                )
    for line, (name, votes) in enumerate(write_ins, start=1):
        if (name or "").strip() and votes > valid:
            problems += _row_problems(name.strip(), ("write_in", line), {"for": votes}, valid)
    chosen = sum(c[0] for c in tallies.values()) + sum(
        votes for name, votes in write_ins if (name or "").strip()
    )
    if chosen > valid * seats:
        problems.append(
            Problem(
                _(
                    "The valid ballots choose %(chosen)s people in all, more than %(valid)s "
                    "ballots × %(seats)s seat(s): a ballot choosing more people than seats is "
                    "void and belongs with the void ballots."
                )
                % {"chosen": chosen, "valid": valid, "seats": seats}
            )
        )
    return problems


def _row_problems(name, key, counts, valid):
    """Each figure of a row above the valid ballots: no one has more votes than ballots."""
    return [
        Problem(
            _("%(name)s has %(votes)s votes, more than the %(valid)s valid ballots.")
            % {"name": name, "votes": value, "valid": valid},
            key,
            column,
        )
        for column, value in counts.items()
        if value > valid
    ]
