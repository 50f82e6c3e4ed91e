"""The decision vote of a township congress, as pure functions (no models).

The law: 中华人民共和国地方各级人民代表大会和地方各级人民政府组织法 (2022 revision).
- Art. 14 para. 4: a session is held only with two thirds or more of the deputies present
  (三分之二以上的代表出席，始得举行; "以上" includes two thirds itself).
- Art. 25: the congress elects and adopts resolutions by more than half of ALL its deputies
  (以全体代表的过半数通过), not of those present.
- Art. 12: what a township congress decides: resolutions (2), the budget, its execution and the
  final accounts (4), the government's and the presidium's work reports (8, 9), the elections
  of its chair, vice-chairs, the township head and deputy heads (6, 7).
- Art. 22 para. 2: a motion of five or more deputies goes to a vote once the presidium puts it
  on the agenda; Art. 31 para. 2 (recall) and Art. 32 para. 2 (resignation of the chair,
  vice-chairs, head and deputy heads, accepted by the congress) follow the same vote.
- Art. 31 para. 3: at a township session, the presidium or one fifth or more of the deputies
  jointly (五分之一以上代表联名) may propose to recall the chair, a vice-chair, the head or a
  deputy head ("以上" includes one fifth itself).

The Election Law (选举法, 2020 revision), art. 55 para. 2: a township deputy resigns in writing
to the congress, which accepts the resignation by more than half of its deputies — the same
vote as a decision.

"All deputies" are the deputies holding a seat at the moment of the vote (实有代表数,
deputies.selectors.deputies_seated_count), never a typed figure: a seat ended by an earlier
vote of the session no longer counts for the later ones.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

# Art. 14 (two thirds present) and Art. 25 (more than half of ALL deputies): one rule for the
# session, its decisions and its elections, in congress.law.
from congress.law import quorum_required, votes_needed


class CountError(ValueError):
    """The counts of a vote do not add up; the message says why, in Chinese."""


# Art. 31: one fifth of all deputies may propose a recall.
RECALL_SHARE_NUMERATOR, RECALL_SHARE_DENOMINATOR = 1, 5


def recall_sponsors_needed(total):
    """Fewest deputies proposing a recall jointly: one fifth of `total`, rounded up (Art. 31)."""
    return -(-total * RECALL_SHARE_NUMERATOR // RECALL_SHARE_DENOMINATOR)


def recall_problem(*, by_presidium, sponsors, total):
    """Why a recall may not be put to the congress (Art. 31), in Chinese; "" when it may."""
    if by_presidium:
        return ""
    needed = recall_sponsors_needed(total)
    if sponsors >= needed:
        return ""
    return _(
        "A recall is proposed by the presidium or by one fifth or more of all %(total)s "
        "deputies jointly, at least %(needed)s (Organic Law, art. 31); %(sponsors)s signed."
    ) % {"total": total, "needed": needed, "sponsors": sponsors}


@dataclass(frozen=True)
class Decision:
    total: int
    present: int
    yes: int
    no: int
    abstain: int
    not_voting: int
    quorate: bool
    needed: int  # votes for needed: votes_needed(total)
    quorum: int  # deputies present needed
    adopted: bool
    reason: str

    @property
    def figures(self):
        """应到52人，实到45人，赞成43票，反对1票，弃权1票，通过 — as the minutes print it."""
        return figures_text(
            total=self.total,
            present=self.present,
            yes=self.yes,
            no=self.no,
            abstain=self.abstain,
            not_voting=self.not_voting,
            adopted=self.adopted,
        )


def figures_text(*, total, present, yes, no, abstain, not_voting, adopted):
    parts = [
        _("%(n)s expected") % {"n": total},
        _("%(n)s present") % {"n": present},
        _("%(n)s for") % {"n": yes},
        _("%(n)s against") % {"n": no},
        _("%(n)s abstaining") % {"n": abstain},
    ]
    if not_voting:
        parts.append(_("%(n)s not voting") % {"n": not_voting})
    parts.append(pgettext("motion", "adopted") if adopted else pgettext("motion", "not adopted"))
    return "，".join(str(p) for p in parts)


def check_counts(*, total, present, yes, no, abstain, not_voting=0):
    """Raise CountError unless the counts are whole, not negative, and add up: those voting
    for, against, abstaining and not voting are the deputies present, who are at most all."""
    counts = {
        pgettext("vote", "all deputies"): total,
        pgettext("vote", "deputies present"): present,
        pgettext("vote", "votes for"): yes,
        pgettext("vote", "votes against"): no,
        pgettext("vote", "abstentions"): abstain,
        pgettext("vote", "not voting"): not_voting,
    }
    for name, value in counts.items():
        if not isinstance(value, int) or isinstance(value, bool):
            raise CountError(_("Enter %(name)s as a whole number.") % {"name": name})
        if value < 0:
            raise CountError(_("%(name)s cannot be negative.") % {"name": name})
    if total < 1:
        raise CountError(
            _("The roster has no township deputy holding a seat at the time of the vote.")
        )
    if present > total:
        raise CountError(
            _("%(present)s deputies present is more than all %(total)s deputies.")
            % {"present": present, "total": total}
        )
    counted = yes + no + abstain + not_voting
    if counted != present:
        raise CountError(
            _(
                "For %(yes)s, against %(no)s, abstaining %(abstain)s and not voting "
                "%(not_voting)s make %(counted)s, not the %(present)s deputies present."
            )
            % {
                "yes": yes,
                "no": no,
                "abstain": abstain,
                "not_voting": not_voting,
                "counted": counted,
                "present": present,
            }
        )


def decision(*, total, present, yes, no, abstain, not_voting=0):
    """The outcome of a decision vote: adopted with the votes of more than half of all
    deputies (Art. 25), and only with two thirds present (Art. 14). Raises CountError when the
    counts do not add up."""
    check_counts(
        total=total, present=present, yes=yes, no=no, abstain=abstain, not_voting=not_voting
    )
    needed, quorum = votes_needed(total), quorum_required(total)
    quorate = present >= quorum
    adopted = quorate and yes >= needed
    if not quorate:
        reason = _(
            "%(present)s of %(total)s deputies present, fewer than two thirds (%(quorum)s): "
            "the congress cannot vote."
        ) % {"present": present, "total": total, "quorum": quorum}
    elif adopted:
        reason = _(
            "%(yes)s votes for, more than half of all %(total)s deputies (%(needed)s needed): "
            "adopted."
        ) % {"yes": yes, "total": total, "needed": needed}
    else:
        reason = _(
            "%(yes)s votes for, not more than half of all %(total)s deputies (%(needed)s "
            "needed): not adopted."
        ) % {"yes": yes, "total": total, "needed": needed}
    return Decision(
        total=total,
        present=present,
        yes=yes,
        no=no,
        abstain=abstain,
        not_voting=not_voting,
        quorate=quorate,
        needed=needed,
        quorum=quorum,
        adopted=adopted,
        reason=str(reason),
    )
