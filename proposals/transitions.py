"""The lifecycle of motions and suggestions (domain.md §3) as an explicit map.

Each action names the states it may start from and the state it leads to. Services apply it
through proposals.services._transition, which refuses anything not listed here. Actions that
record something without moving the item (acknowledging, a co-unit's opinion, a co-signer's
evaluation, a milestone) are logged as events from a state to the same state.
"""

from django.utils.translation import gettext_lazy as _

from proposals.models import State

S = State

# action: (states it may start from, state it leads to, label)
TRANSITIONS = {
    "submit": ({S.DRAFT}, S.SUBMITTED, _("submit")),
    # Registration numbers the item; motions then go to review, suggestions to assignment.
    "register_motion": ({S.DRAFT, S.SUBMITTED}, S.UNDER_REVIEW, _("register")),
    "register_suggestion": ({S.DRAFT, S.SUBMITTED}, S.AWAITING_ASSIGNMENT, _("register")),
    "put_on_agenda": ({S.UNDER_REVIEW}, S.ON_AGENDA, _("put on the agenda")),
    "convert": ({S.UNDER_REVIEW}, S.AWAITING_ASSIGNMENT, _("handle as a suggestion")),
    "not_accept": ({S.UNDER_REVIEW}, S.NOT_ACCEPTED, _("not accept")),
    "decline": ({S.SUBMITTED, S.AWAITING_ASSIGNMENT}, S.DECLINED, _("not handle as a suggestion")),
    "withdraw": (
        {S.DRAFT, S.SUBMITTED, S.UNDER_REVIEW, S.AWAITING_ASSIGNMENT},
        S.WITHDRAWN,
        _("withdraw"),
    ),
    "assign": ({S.AWAITING_ASSIGNMENT}, S.ASSIGNED, _("assign")),
    "return": ({S.ASSIGNED}, S.AWAITING_ASSIGNMENT, _("return")),
    "reply": ({S.ASSIGNED, S.REHANDLING}, S.REPLIED, _("reply")),
    "accept_reply": ({S.REPLIED}, S.CLOSED, _("evaluate")),
    "reject_reply": ({S.REPLIED}, S.REHANDLING, _("evaluate")),
    "lapse": ({S.REPLIED}, S.CLOSED, _("evaluation window lapsed")),
    "close": ({S.REPLIED, S.REHANDLING}, S.CLOSED, _("close")),
}

# Actions that record without changing state, and the states in which they are allowed.
RECORDS = {
    "edit": ({S.DRAFT}, _("edit")),
    "acknowledge": ({S.ASSIGNED, S.REHANDLING}, _("acknowledge")),
    "return_co": ({S.ASSIGNED, S.REHANDLING}, _("return")),
    "co_opinion": ({S.ASSIGNED, S.REHANDLING}, _("co-handling opinion")),
    "co_evaluate": ({S.REPLIED, S.REHANDLING, S.CLOSED}, _("evaluate")),
    "milestone": ({S.REPLIED, S.REHANDLING, S.CLOSED}, _("follow-up milestone")),
    "publish": ({S.CLOSED, S.ON_AGENDA}, _("publish")),
}

# Before assignment the item is still the deputy's: it can be withdrawn.
OPEN_STATES = {
    S.SUBMITTED,
    S.UNDER_REVIEW,
    S.AWAITING_ASSIGNMENT,
    S.ASSIGNED,
    S.REPLIED,
    S.REHANDLING,
}
# States in which a unit is working on the item and a deadline runs.
HANDLING_STATES = {S.ASSIGNED, S.REHANDLING}
FINAL_STATES = {S.ON_AGENDA, S.NOT_ACCEPTED, S.CLOSED, S.WITHDRAWN, S.DECLINED}


def allowed(action, state):
    if action in TRANSITIONS:
        return state in TRANSITIONS[action][0]
    return state in RECORDS[action][0]


def label(action):
    return (TRANSITIONS.get(action) or RECORDS[action])[-1]
