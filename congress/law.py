"""The congress's law as pure functions (no models): each rule once, for every app that votes
or counts.

中华人民共和国地方各级人民代表大会和地方各级人民政府组织法 (2022 revision):
- Art. 14 para. 4: a session is held only with two thirds or more of the deputies present
  (三分之二以上; "以上" includes two thirds itself).
- Art. 25: the congress elects and decides by more than half of ALL its deputies
  (全体代表的过半数), not of those present.

A vote is taken during the session and is recorded once taken, never for a time to come.
Rates (办结率, 满意率 …) are shown in percent to one decimal place, rounded half up.
"""

from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

QUORUM_NUMERATOR, QUORUM_DENOMINATOR = 2, 3


def quorum_required(total):
    """Fewest deputies present for a valid vote: two thirds of `total`, rounded up (Art. 14)."""
    return -(-total * QUORUM_NUMERATOR // QUORUM_DENOMINATOR)


def check_quorum(present, total):
    """Refuses a vote of a session with fewer than two thirds of the `total` deputies present."""
    if present < quorum_required(total):
        raise ValidationError(
            _(
                "Fewer than two thirds of the deputies attended: the session cannot vote "
                "(%(present)s present of %(total)s deputies holding a seat)."
            )
            % {"present": present, "total": total}
        )


def votes_needed(total):
    """More than half of all `total` deputies (Art. 25), not of those present."""
    return total // 2 + 1


def check_vote_moment(session, held_on, held_time, *, now):
    """A vote is taken during `session` (anything with start_date and end_date) and not later
    than `now` (an aware datetime); refused in Chinese, on the form's field."""
    if held_on is None or held_time is None:
        raise ValidationError({"held_on": _("Enter the date and the time of the vote.")})
    if not session.start_date <= held_on <= session.end_date:
        raise ValidationError(
            {
                "held_on": _("The vote is held during the session (%(start)s to %(end)s).")
                % {"start": date_format(session.start_date), "end": date_format(session.end_date)}
            }
        )
    if timezone.make_aware(datetime.combine(held_on, held_time)) > now:
        raise ValidationError({"held_time": _("The time of the vote is still to come.")})


ONE_PLACE = Decimal("0.1")


def one_place(value):
    """A Decimal to one decimal place, half up (a percent as the portal shows it)."""
    return value.quantize(ONE_PLACE, rounding=ROUND_HALF_UP)


def percent(numerator, denominator):
    """numerator ÷ denominator in percent, one decimal place, half up; None when nothing."""
    if not denominator:
        return None
    return one_place(Decimal(numerator * 100) / Decimal(denominator))


@dataclass(frozen=True)
class Rate:
    """A rate with the definition printed beside it; "—" when its denominator is zero."""

    numerator: int
    denominator: int
    definition: str

    @property
    def percent(self):
        return percent(self.numerator, self.denominator)

    def __str__(self):
        return "—" if self.percent is None else f"{self.percent}%"
