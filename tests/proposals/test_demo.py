"""The proposals' demo data: a year of items in every state, the same after a second run."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from deputies.models import Deputy
from proposals import selectors
from proposals.models import (
    Assignment,
    CoOpinion,
    Evaluation,
    Event,
    HandlingUnit,
    Kind,
    Milestone,
    NumberSequence,
    Proposal,
    Reply,
    State,
    UnitKind,
    Verdict,
)

pytestmark = pytest.mark.django_db

MODELS = (
    HandlingUnit,
    Proposal,
    Assignment,
    Reply,
    CoOpinion,
    Evaluation,
    Milestone,
    Event,
    NumberSequence,
)


def counts():
    return {model.__name__: model.objects.count() for model in MODELS}


@pytest.fixture
def seeded(db, capsys):
    call_command("seed_demo")


def test_seed_demo_twice_leaves_the_same_proposals_data(seeded):
    first = counts()
    states = list(Proposal.objects.order_by("pk").values_list("pk", "state", "number"))
    call_command("seed_demo")
    assert counts() == first
    assert list(Proposal.objects.order_by("pk").values_list("pk", "state", "number")) == states


def test_every_state_is_present_and_the_demo_accounts_have_items(seeded):
    today = timezone.localdate()
    items = Proposal.objects.all()
    assert set(items.values_list("state", flat=True)) == set(State.values)
    assert 55 <= items.filter(kind=Kind.SUGGESTION).count() <= 65
    # Seven motions: two converted into suggestions keep their motion numbers.
    motions = items.filter(kind=Kind.MOTION).count() + items.exclude(motion_number=None).count()
    assert motions == 7
    assert all(
        (today - item.submitted_date).days <= 366 for item in items.exclude(submitted_date=None)
    )

    # Assigned items: some overdue, some due within days; a returned one back for assignment.
    assert selectors.overdue(today).count() >= 2
    assert selectors.due_soon(today).count() >= 2
    assert Assignment.objects.filter(active=False).exclude(returned_date=None).exists()
    # Replies of every category waiting for evaluation; closed with every verdict.
    replied = items.filter(state=State.REPLIED)
    assert {item.replies.order_by("-round").first().category for item in replied} == set("ABCD")
    closed_verdicts = set(
        Evaluation.objects.filter(proposal__state=State.CLOSED).values_list("verdict", flat=True)
    )
    assert {Verdict.SATISFIED, Verdict.BASICALLY, Verdict.NONE} <= closed_verdicts
    assert Event.objects.filter(action="close").exists()
    assert Event.objects.filter(action="reject_reply").exists()
    assert Reply.objects.filter(round=2).exists()
    assert Milestone.objects.filter(proposal__replies__category="B").exists()
    assert items.filter(published=True).count() >= 3
    # Dates are the past year's, events included.
    assert all(reply.date <= today for reply in Reply.objects.all())
    assert Event.objects.filter(at__date__lt=today.replace(day=1)).count() > 100

    # The demo accounts have items; units of every kind.
    deputy = Deputy.objects.get(user__username="daibiao")
    assert deputy.proposals_led.count() >= 5
    assert deputy.proposals_cosigned.exists()
    unit = HandlingUnit.objects.get(officers__username="chengban")
    assert unit.name == "民政办"
    states = set(unit.assignments.values_list("proposal__state", flat=True))
    assert {State.ASSIGNED, State.REPLIED, State.REHANDLING, State.CLOSED} <= states
    assert HandlingUnit.objects.filter(kind=UnitKind.VILLAGE).count() == 2
    assert HandlingUnit.objects.filter(kind=UnitKind.COUNTY_DEPARTMENT).count() == 2
    # Numbers are gap-free within each scope.
    for sequence in NumberSequence.objects.all():
        kind, scope, key = sequence.scope.split(":")
        numbered = Proposal.objects.filter(number__isnull=False, kind=kind)
        if scope == "session":
            numbered = numbered.filter(session_id=key)
        else:
            numbered = numbered.filter(session=None, number_year=key)
        numbers = sorted(numbered.values_list("number", flat=True))
        motions = sorted(
            Proposal.objects.filter(session_id=key if scope == "session" else None)
            .exclude(motion_number=None)
            .values_list("motion_number", flat=True)
        )
        if kind == Kind.MOTION:
            numbers = sorted(numbers + motions)
        assert numbers == list(range(1, sequence.last + 1)), sequence.scope
