"""The lifecycle of motions and suggestions (domain.md §3) as an explicit map, and the one
answer to "which steps may this user take on this item now".

Each action names the states it may start from and the state it leads to. Services apply it
through proposals.services._transition, which refuses anything not listed here. Actions that
record something without moving the item (acknowledging, a co-unit's opinion, a co-signer's
evaluation, a milestone) are logged as events from a state to the same state.

`next_steps(facts)` is a pure function of the item's state and the user's parts in it (the
secretary's, the lead deputy's, a co-signer's, a unit's), gathered from prefetched rows by
proposals.selectors.step_facts: every page offers its buttons from it, and the services refuse
a step the user has no part for with `may_take` over the same table.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from proposals.models import Kind, State

S = State

# action: (states it may start from, state it leads to, label)
TRANSITIONS = {
    "submit": ({S.DRAFT}, S.SUBMITTED, _("submit")),
    # Registration numbers the item; motions then go to review, suggestions to assignment.
    "register_motion": ({S.DRAFT, S.SUBMITTED}, S.UNDER_REVIEW, _("register")),
    "register_suggestion": ({S.DRAFT, S.SUBMITTED}, S.AWAITING_ASSIGNMENT, _("register")),
    "put_on_agenda": ({S.UNDER_REVIEW}, S.ON_AGENDA, _("put on the agenda")),
    # The session votes on a motion on its agenda (recorded on the session's agenda, assembly).
    "adopt": ({S.ON_AGENDA}, S.ADOPTED, _("adopted by the session")),
    "not_adopt": ({S.ON_AGENDA}, S.NOT_ADOPTED, _("not adopted by the session")),
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
    "publish": ({S.CLOSED, S.ON_AGENDA, S.ADOPTED, S.NOT_ADOPTED}, _("publish")),
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
# A motion on the agenda waits for the session's vote; the vote ends it (adopted or not).
FINAL_STATES = {S.ADOPTED, S.NOT_ADOPTED, S.NOT_ACCEPTED, S.CLOSED, S.WITHDRAWN, S.DECLINED}


def allowed(action, state):
    if action in TRANSITIONS:
        return state in TRANSITIONS[action][0]
    return state in RECORDS[action][0]


def label(action):
    return (TRANSITIONS.get(action) or RECORDS[action])[-1]


# A user's parts in an item.
STAFF = "staff"  # proposals.change_proposal: the secretary's steps
REPLY_CLERK = "reply_clerk"  # proposals.add_reply: a unit's reply typed in from the letter
LEAD_DEPUTY = "lead_deputy"
CO_SIGNER = "co_signer"
LEAD_UNIT = "lead_unit"  # an officer of the item's active lead assignment
CO_UNIT = "co_unit"  # an officer of an active co-handling assignment


@dataclass(frozen=True)
class StepInfo:
    who: frozenset  # the parts that take the step
    url_name: str
    label: str
    primary: bool = False


# The steps a page offers, in the order shown, with the one label each button has.
STEPS = {
    "register": StepInfo(frozenset({STAFF}), "proposal_register", _("Register"), True),
    "review": StepInfo(frozenset({STAFF}), "motion_review", _("Review the motion")),
    "decline": StepInfo(frozenset({STAFF}), "proposal_decline", _("Not handle as a suggestion")),
    "assign": StepInfo(frozenset({STAFF}), "proposal_assign", _("Assign"), True),
    "close": StepInfo(frozenset({STAFF}), "proposal_close", _("Close")),
    "milestone": StepInfo(frozenset({STAFF}), "milestone_add", _("Add a milestone")),
    "publish": StepInfo(frozenset({STAFF}), "proposal_publish", _("Publish")),
    "reply": StepInfo(frozenset({REPLY_CLERK, LEAD_UNIT}), "proposal_reply", _("Reply"), True),
    "edit": StepInfo(frozenset({LEAD_DEPUTY}), "my_proposal_edit", _("Edit")),
    "submit": StepInfo(frozenset({LEAD_DEPUTY}), "proposal_submit", _("Submit"), True),
    "withdraw": StepInfo(frozenset({LEAD_DEPUTY}), "proposal_withdraw", _("Withdraw")),
    "evaluate": StepInfo(
        frozenset({LEAD_DEPUTY, CO_SIGNER}), "proposal_evaluate", _("Evaluate the reply"), True
    ),
    "acknowledge": StepInfo(
        frozenset({LEAD_UNIT, CO_UNIT}), "assignment_acknowledge", _("Acknowledge"), True
    ),
    "return": StepInfo(frozenset({LEAD_UNIT, CO_UNIT}), "assignment_return", _("Return")),
    "co_opinion": StepInfo(frozenset({CO_UNIT}), "co_opinion", _("Send opinion"), True),
}
# What the secretary also records for a deputy from the paper the deputy signed (a paper form,
# a written withdrawal, an evaluation form). Not offered as buttons: the secretary's pages
# for these are the registration and the services' callers (imports, demo data).
ON_BEHALF = {"edit": {STAFF}, "submit": {STAFF}, "withdraw": {STAFF}, "evaluate": {STAFF}}
# Steps recorded on another app's page, never offered as a button here: the session's vote on
# a motion on its agenda is recorded on the session's agenda (assembly), by the secretary.
ELSEWHERE = {"decide": frozenset({STAFF})}
# The steps taken on one assignment (the button's argument is the assignment, not the item).
UNIT_STEPS = ("acknowledge", "return", "co_opinion")
# A step asked for again once the user's part took it (a double click, a second tab, a page
# left open) is answered with who took it and when, not refused: known by the event it
# wrote; a draft's edit, once it is submitted, by the submission. (A deputy's evaluation is
# known by their Evaluation row, a unit's acknowledgement and return by its assignment:
# proposals.selectors.step_taken.)
TAKEN_BY_EVENT = {"submit": "submit", "edit": "submit", "withdraw": "withdraw", "reply": "reply"}


@dataclass(frozen=True)
class UnitPart:
    """An active assignment of one of the user's units."""

    pk: int
    lead: bool
    acknowledged: bool
    returnable: bool  # still within the window for returning it


@dataclass(frozen=True)
class Facts:
    """What decides the steps one user may take on one item now."""

    pk: int
    state: str
    kind: str
    published: bool = False
    staff: bool = False
    reply_clerk: bool = False
    lead_deputy: bool = False
    co_signer: bool = False
    unevaluated: bool = False  # the latest reply awaits this deputy's evaluation
    units: tuple = ()  # of UnitPart

    @property
    def parts(self):
        held = {
            STAFF: self.staff,
            REPLY_CLERK: self.reply_clerk,
            LEAD_DEPUTY: self.lead_deputy,
            CO_SIGNER: self.co_signer,
        }
        return {p for p, h in held.items() if h} | {
            LEAD_UNIT if u.lead else CO_UNIT for u in self.units
        }


@dataclass(frozen=True)
class Step:
    action: str
    url_name: str
    arg: int
    label: str
    primary: bool


def step_action(step, facts, unit=None):
    """The action of the map a step applies to this item (and assignment)."""
    if step == "register":
        return "register_motion" if facts.kind == Kind.MOTION else "register_suggestion"
    if step == "review":
        return "put_on_agenda"
    if step == "evaluate":
        return "accept_reply" if facts.lead_deputy else "co_evaluate"
    if step == "return" and not unit.lead:
        return "return_co"
    return step


def may_take(facts, step, *, on_behalf=False):
    """Whether the user's parts in the item let them take `step` (its state checked apart, by
    `allowed`). `on_behalf`: recorded for a deputy from the deputy's paper."""
    who = set(ON_BEHALF.get(step, ()))
    if not on_behalf:
        who |= STEPS[step].who if step in STEPS else ELSEWHERE[step]
    return bool(facts.parts & who)


def _wanted(step, facts, unit):
    """The conditions beyond state and part under which a page offers the step."""
    if step == "publish":
        return not facts.published
    if step == "evaluate":
        return facts.unevaluated
    if step == "acknowledge":
        return not unit.acknowledged
    if step == "return":
        return unit.returnable
    return True


def next_steps(facts):
    """[Step] the user may take on the item now, in the order the pages show them: the item's
    own steps, then those of each of the user's assignments."""
    steps = []

    def offer(step, parts, unit=None):
        info = STEPS[step]
        if (
            parts & info.who
            and allowed(step_action(step, facts, unit), facts.state)
            and _wanted(step, facts, unit)
        ):
            steps.append(
                Step(step, info.url_name, unit.pk if unit else facts.pk, info.label, info.primary)
            )

    own = facts.parts - {LEAD_UNIT, CO_UNIT}
    for step in STEPS:
        if step not in UNIT_STEPS:
            offer(step, own)
    for unit in facts.units:
        part = {LEAD_UNIT if unit.lead else CO_UNIT}
        offer("acknowledge", part, unit)
        offer("return", part, unit)
        if not any(s.action == "reply" for s in steps):
            offer("reply", part)
        offer("co_opinion", part, unit)
    return steps
