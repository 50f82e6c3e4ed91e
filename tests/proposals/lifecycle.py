"""The lifecycle of domain.md §3, stated by hand: for each step, the states it may be taken
from and the state it leads to (None: recorded without moving the item). Written from the
domain guide, not copied from proposals.transitions, so a wrong entry in the map is caught by
the tests that compare the two (test_lifecycle_table, test_transitions)."""

BEFORE_ASSIGNMENT = {"draft", "submitted", "under_review", "awaiting_assignment"}
BEING_HANDLED = {"assigned", "rehandling"}

EXPECTED = {
    # 1. The deputy submits the draft; the secretary registers (numbers) it, a motion going to
    #    review, a suggestion to assignment. A paper form she entered herself is still a draft.
    "submit": ({"draft"}, "submitted"),
    "register_motion": ({"draft", "submitted"}, "under_review"),
    "register_suggestion": ({"draft", "submitted"}, "awaiting_assignment"),
    # 2. The presidium's decision on a motion under review.
    "put_on_agenda": ({"under_review"}, "on_agenda"),
    "convert": ({"under_review"}, "awaiting_assignment"),
    "not_accept": ({"under_review"}, "not_accepted"),
    # The session votes on a motion on its agenda (Organic Law Art. 22, 25): adopted by more
    # than half of all deputies, or not; either ends it.
    "adopt": ({"on_agenda"}, "adopted"),
    "not_adopt": ({"on_agenda"}, "not_adopted"),
    # Not a suggestion (a personal matter, no real content…): declined with a reason, once it
    # has been submitted and before it is assigned.
    "decline": ({"submitted", "awaiting_assignment"}, "declined"),
    # A deputy may withdraw before assignment.
    "withdraw": (BEFORE_ASSIGNMENT, "withdrawn"),
    # 3. Assignment; a wrongly assigned item is returned by its lead unit, back to assignment.
    "assign": ({"awaiting_assignment"}, "assigned"),
    "return": ({"assigned"}, "awaiting_assignment"),
    # 4. The lead unit replies, the first time or when handling it again.
    "reply": (BEING_HANDLED, "replied"),
    # 5.–6. The lead deputy's evaluation: satisfied or basically closes, unsatisfied sends it
    #    back for re-handling; a lapsed window closes it (未评价); the secretary may close a
    #    replied item, or one being handled again, with a note.
    "accept_reply": ({"replied"}, "closed"),
    "reject_reply": ({"replied"}, "rehandling"),
    "lapse": ({"replied"}, "closed"),
    "close": ({"replied", "rehandling"}, "closed"),
    # Recorded without moving the item.
    "edit": ({"draft"}, None),
    "acknowledge": (BEING_HANDLED, None),
    "return_co": (BEING_HANDLED, None),  # a co-unit hands back its part only
    "co_opinion": (BEING_HANDLED, None),
    # Co-signers evaluate each reply, also after the lead deputy closed the item.
    "co_evaluate": ({"replied", "rehandling", "closed"}, None),
    # Follow-up milestones of B-category items continue after closing.
    "milestone": ({"replied", "rehandling", "closed"}, None),
    # What is published: closed suggestions, motions put on the agenda and their outcome.
    "publish": ({"closed", "on_agenda", "adopted", "not_adopted"}, None),
}
