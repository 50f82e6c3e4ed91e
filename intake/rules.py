"""Pure rules of the voters' opinions: tokens and tracking codes, mobile numbers (masked by
congress.text), what looks like spam, who may see a phone number, the settings with their
defaults, the transition map, when an opinion is overdue, and the plain words a voter reads
about a linked suggestion.

Settings: INTAKE_* in congress/settings.py (from the environment).
"""

import hashlib
import hmac
import re
import secrets
from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from congress.text import FULL_WIDTH_DIGITS
from intake.models import Status
from proposals.models import State


def setting(name):
    return getattr(settings, name)


# Tokens and tracking codes

TOKEN_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789"
TOKEN_LENGTH = 16  # 32^16 = 2^80: not guessable
# No 0/O, 1/I/L: read aloud over the phone or copied by hand without mistakes.
TRACKING_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
TRACKING_LENGTH = 8
TRACKING_PATTERN = re.compile(f"^[{TRACKING_ALPHABET}]{{{TRACKING_LENGTH}}}$")


def new_token():
    return "".join(secrets.choice(TOKEN_ALPHABET) for _ in range(TOKEN_LENGTH))


def new_tracking_code():
    return "".join(secrets.choice(TRACKING_ALPHABET) for _ in range(TRACKING_LENGTH))


def tracking_normalise(value):
    """A tracking code as typed (lower case, spaces, a dash in the middle) → stored form, or ""
    when it cannot be one."""
    cleaned = re.sub(r"[\s\-－—]", "", (value or "")).upper()
    return cleaned if TRACKING_PATTERN.match(cleaned) else ""


def tracking_display(code):
    """ABCD-EFGH: two groups of four are easier to copy."""
    half = len(code) // 2
    return f"{code[:half]}-{code[half:]}" if code else ""


# Mobile numbers

MOBILE_PATTERN = re.compile(r"^1[3-9]\d{9}$")


def mobile_normalise(value):
    """A mainland mobile number as typed (spaces, dashes, +86 / 86 prefix, full-width digits)
    → 11 digits, or None when it is not one."""
    text = (value or "").translate(FULL_WIDTH_DIGITS)
    digits = re.sub(r"[\s\-()（）]", "", text)
    if digits.startswith("+86"):
        digits = digits[3:]
    elif digits.startswith("86") and len(digits) == 13:
        digits = digits[2:]
    return digits if MOBILE_PATTERN.match(digits) else None


# Spam

LINK_PATTERN = re.compile(r"https?://|www\.|\.(com|cn|net|top|xyz)\b", re.IGNORECASE)
REPEATED = re.compile(r"(.)\1{9,}")
CJK = re.compile(r"[\u3400-\u9fff]")


def looks_like_spam(text):
    """Links, a character repeated ten times or more, or no Chinese character at all: the
    opinion waits in the secretary's queue before it reaches a deputy."""
    return bool(LINK_PATTERN.search(text) or REPEATED.search(text) or not CJK.search(text))


# Rate limits


def address_key(address):
    """The rate limit's key for a client address: a keyed hash, so the table holds no address."""
    raw = (address or "unknown").encode()
    return hmac.new(settings.SECRET_KEY.encode(), raw, hashlib.sha256).hexdigest()


# Handling: the transition map (action: states it may start from, state it leads to).

TRANSITIONS = {
    "answer": ({Status.NEW}, Status.ANSWERED),
    "contact": ({Status.NEW}, Status.CONTACT),
    "petition": ({Status.NEW}, Status.PETITION),
    "suggestion": ({Status.NEW}, Status.SUGGESTION),
    "spam": ({Status.NEW}, Status.SPAM),
}
HANDLED = frozenset({Status.ANSWERED, Status.CONTACT, Status.PETITION, Status.SUGGESTION})


def allowed(action, status):
    return status in TRANSITIONS[action][0]


# Who may do what (facts: the user's permissions and deputy; the opinion's owner)


def is_owner_deputy(user, opinion):
    deputy = getattr(user, "deputy", None)
    return (
        deputy is not None
        and opinion.deputy_id == deputy.pk
        and user.has_perm("intake.handle_own")
        and not opinion.suspect
    )


def may_handle(user, opinion):
    """The deputy of the code, for their own opinions; the secretary, for every one."""
    return user.has_perm("intake.change_opinion") or is_owner_deputy(user, opinion)


def may_see_phone(user, opinion):
    """The full number only for the one who must call back: the deputy of the code (when the
    deputy has an account), else the secretary (stations' codes, deputies without accounts)."""
    if opinion.deputy_id and opinion.deputy.user_id:
        return opinion.deputy.user_id == user.pk and user.has_perm("intake.handle_own")
    return user.has_perm("intake.change_opinion")


def retention_cutoff(now, years):
    """The moment `years` years before `now` (29 February → 28 February)."""
    try:
        return now.replace(year=now.year - years)
    except ValueError:
        return now.replace(year=now.year - years, day=28)


def may_rate(opinion):
    """The voter says once whether they are satisfied, when there is an outcome to judge: an
    answer, or a linked suggestion that has been replied to."""
    if opinion.rated_at is not None or opinion.anonymised_at is not None:
        return False
    if opinion.status == Status.SUGGESTION:
        return opinion.proposal_id is not None and opinion.proposal.state in REPLIED_STATES
    return opinion.status in HANDLED


# What a voter reads about the suggestion their opinion became.

REPLIED_STATES = frozenset({State.REPLIED, State.REHANDLING, State.CLOSED})
SUGGESTION_WORDS = {
    State.DRAFT: _("The deputy is writing your opinion up as a suggestion."),
    State.SUBMITTED: _("The deputy has handed the suggestion in to the presidium."),
    State.UNDER_REVIEW: _("The presidium is examining the suggestion."),
    State.ON_AGENDA: _("The suggestion was put on the agenda of the congress session."),
    State.NOT_ACCEPTED: _("The presidium did not accept the suggestion."),
    State.AWAITING_ASSIGNMENT: _(
        "The suggestion has been registered and is about to be given to the office in charge."
    ),
    State.ASSIGNED: _("The office in charge is working on the suggestion."),
    State.REPLIED: _("The office in charge has replied; the deputy is checking the reply."),
    State.REHANDLING: _(
        "The deputy was not satisfied with the reply; the office in charge is working on it again."
    ),
    State.CLOSED: _("The suggestion has been dealt with."),
    State.WITHDRAWN: _("The deputy withdrew the suggestion."),
    State.DECLINED: _("The presidium decided not to handle it as a suggestion."),
}


def suggestion_words(state):
    return SUGGESTION_WORDS.get(state, "")


# Answering in time


def overdue(now):
    """The opinions still waiting for an answer INTAKE_ANSWER_DAYS days or more after they came
    in, as of `now` (the owners are reminded of them)."""
    cutoff = now - timedelta(days=setting("INTAKE_ANSWER_DAYS"))
    return Q(status=Status.NEW, submitted_at__lte=cutoff)
