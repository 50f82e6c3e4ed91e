"""Resident ID numbers (公民身份号码, GB 11643), in one place for every app: normalise, check,
decode (birth date and sex) and mask.

A number is 18 characters: a 6-digit place code, the birth date (YYYYMMDD), a 3-digit sequence
whose last digit is odd for men and even for women, and a check digit (0-9 or X, ISO 7064
MOD 11-2). Numbers are stored normalised (half-width, upper-case X) and shown masked
(4101*************X) to everyone who does not need the full number.

The place code is not checked: python-stdnum's historical list of places lacks codes in use
today and would refuse real numbers.
"""

import re
from datetime import date
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum.cn import ric

from congress.text import FULL_WIDTH_DIGITS

LENGTH = 18
# Characters shown at each end of a masked number: the province and city, and the check digit.
# The sequence digits stay hidden: a deputy's birth date is on the roster and the place code is
# the township's own, so a mask that showed the sequence would give the number back whole.
SHOWN_HEAD, SHOWN_TAIL = 4, 1
MASK_CHAR = "*"
# Sex as the models store it (deputies.models.Gender): digit 17 odd for men, even for women.
MALE, FEMALE = "M", "F"

FULL_WIDTH = FULL_WIDTH_DIGITS | {ord("ｘ"): ord("x"), ord("Ｘ"): ord("X"), 0x3000: 0x20}
_CLEAN = re.compile(r"[0-9]{17}[0-9X]")
_MASKED = re.compile(rf"[0-9]{{{SHOWN_HEAD}}}\{MASK_CHAR}+[0-9X]")


class Decoded(NamedTuple):
    birth_date: date
    sex: str  # MALE or FEMALE


def normalise(value):
    """The number as stored: half-width, upper-case X, without spaces (also inside, as people
    group the digits). Nothing is checked; empty stays empty."""
    return ric.compact("".join(str(value or "").translate(FULL_WIDTH).split()))


def _birth_date(number):
    try:
        return date.fromisoformat(number[6:14])  # YYYYMMDD, as ISO 8601's basic format
    except ValueError:
        return None


def _decoded(number):
    """Decoded of a normalised number that is well formed, with the right check digit and a
    real birth date; None for any other."""
    if not _CLEAN.fullmatch(number) or number[-1] != ric.calc_check_digit(number):
        return None
    born = _birth_date(number)
    return None if born is None else Decoded(born, MALE if int(number[16]) % 2 else FEMALE)


def read(value):
    """(normalised number, Decoded) of `value`, checked and decoded in one pass (an imported
    roll reads 100,000); ("", None) for empty. Raises ValidationError with a Chinese reason."""
    if isinstance(value, str) and len(value) == LENGTH:
        decoded = _decoded(value)
        if decoded:
            return value, decoded  # the common case of an import: already clean and valid
    number = normalise(value)
    if not number:
        return number, None
    decoded = _decoded(number)
    if decoded:
        return number, decoded
    if len(number) == 15:
        raise ValidationError(_("15-digit ID numbers are obsolete; enter the 18-digit number."))
    if len(number) != LENGTH:
        reason = _("it must have 18 characters")
    elif not _CLEAN.fullmatch(number):
        reason = _("only digits and a final X are allowed")
    elif number[-1] != ric.calc_check_digit(number):
        reason = _("the check digit does not match")
    else:
        reason = _("the birth date in it is impossible")
    raise ValidationError(_("The ID number is not valid: %(reason)s") % {"reason": reason})


def check(value):
    """The normalised number, checked (length, characters, check digit, birth date); empty
    stays empty. Raises ValidationError with a Chinese reason."""
    return read(value)[0]


def decode(number):
    """Decoded(birth_date, sex) of a valid number, None for anything else (empty, unreadable)."""
    if isinstance(number, str) and len(number) == LENGTH:
        decoded = _decoded(number)
        if decoded:
            return decoded
    return _decoded(normalise(number))


def mask(value):
    """The number with its middle hidden: 4101*************X. Pages, exports and the audit trail
    show this form; empty stays empty, anything too short to mask is hidden whole."""
    value = value or ""
    if len(value) <= SHOWN_HEAD + SHOWN_TAIL:
        return MASK_CHAR * len(value)
    hidden = len(value) - SHOWN_HEAD - SHOWN_TAIL
    return value[:SHOWN_HEAD] + MASK_CHAR * hidden + value[-SHOWN_TAIL:]


def birth_month(born):
    """A birth date as shown beside a masked number: its year and month (1975年6月). The day
    would narrow a masked number of the township's own place code to a few dozen."""
    return f"{born.year}年{born.month}月" if born else ""


def mask_for_audit(value):
    """What the audit trail stores of a person's field (auditlog's mask_callable): an ID number
    masked, a birth date (ISO text) cut to its year and month (1975-06); none stays none."""
    if value in ("", "None"):
        return value
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value or ""):
        return value[:7]
    return mask(value)


def is_masked(value):
    """Whether `value` is a number as `mask` shows it (a masked export read back in)."""
    return bool(_MASKED.fullmatch(normalise(value)))


def age_on(birth_date, day):
    """Age in whole years on `day` (the birthday itself counts)."""
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))
