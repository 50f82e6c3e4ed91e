"""Reads of motions and suggestions: who may see what, the board, deadlines, and the handling
indicators of domain.md §3, each defined once here with its definition text."""

from dataclasses import dataclass
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    When,
    prefetch_related_objects,
)
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from deputies.models import GroupMembership
from proposals.models import (
    Assignment,
    CoOpinion,
    Evaluation,
    Notification,
    Proposal,
    Reply,
    State,
    Verdict,
)
from proposals.transitions import HANDLING_STATES

# Visibility


def staff_may_see_all(user):
    return user.has_perm("proposals.view_proposal")


def shown_to_staff(user):
    """What the secretary and the presidium read: items submitted (or registered from paper),
    and drafts `user` entered themself. A deputy's draft, also one withdrawn unsubmitted, is
    theirs and their co-signers' alone: the secretary registers it once it is submitted."""
    return Q(submitted_date__isnull=False) | Q(created_by=user)


def proposals_visible_to(user):
    """Secretary and presidium: everything but deputies' drafts. A deputy: items they lead or
    co-signed. A unit officer: items actively assigned to their units (and those they
    replied to)."""
    items = Proposal.objects.all()
    if not user.is_authenticated:
        return items.none()
    condition = Q(pk__in=[])
    if staff_may_see_all(user):
        condition |= shown_to_staff(user)
    deputy = getattr(user, "deputy", None)
    if deputy is not None:
        condition |= Q(lead_deputy=deputy) | Q(co_signers=deputy)
    units = list(user.handling_units.values_list("pk", flat=True))
    if units:
        condition |= Q(assignments__unit__in=units, assignments__active=True)
        condition |= Q(replies__unit__in=units)
    return items.filter(condition).distinct()


def published_proposals():
    return Proposal.objects.filter(published=True)


def with_list_data(items):
    """What a list row shows, without a query per row."""
    return items.select_related("lead_deputy", "session__term").prefetch_related(
        Prefetch(
            "assignments",
            queryset=Assignment.objects.filter(active=True).select_related("unit"),
            to_attr="active_assignments",
        )
    )


def with_detail_data(items):
    return with_list_data(items).prefetch_related(
        "co_signers",
        "attachments",
        Prefetch("replies", queryset=Reply.objects.select_related("unit").order_by("round")),
        Prefetch("evaluations", queryset=Evaluation.objects.select_related("deputy", "reply")),
        "milestones",
        Prefetch(
            "assignments",
            queryset=Assignment.objects.select_related("unit").prefetch_related("opinions"),
            to_attr="all_assignments",
        ),
        "events__actor",
    )


def lead_unit(item):
    """The active lead unit, from the prefetch of `with_list_data` when present."""
    assignments = getattr(item, "active_assignments", None)
    if assignments is None:
        assignments = item.assignments.filter(active=True).select_related("unit")
    return next((a.unit for a in assignments if a.role == Assignment.Role.LEAD), None)


# What a user may do with an item now (the detail page's buttons)


def available_actions(user, item, today=None):
    """[(action, url name, url argument)] the user may take on the item in its state. The
    views check the same before calling a service; the services check the state again."""
    from proposals import services
    from proposals.transitions import allowed

    today = today or timezone.localdate()
    actions = []

    def offer(action, url_name, arg=None, *, state_action=None):
        if allowed(state_action or action, item.state):
            actions.append((action, url_name, arg if arg is not None else item.pk))

    if user.has_perm("proposals.change_proposal"):
        offer(
            "register",
            "proposal_register",
            state_action="register_motion" if item.kind == "motion" else "register_suggestion",
        )
        offer("review", "motion_review", state_action="put_on_agenda")
        offer("decline", "proposal_decline")
        offer("assign", "proposal_assign")
        offer("close", "proposal_close")
        offer("milestone", "milestone_add")
        if not item.published:
            offer("publish", "proposal_publish")
    if user.has_perm("proposals.add_reply"):
        offer("reply", "proposal_reply")
    deputy = getattr(user, "deputy", None)
    latest = item.replies.order_by("-round").first() if deputy else None
    if deputy is not None and deputy.pk == item.lead_deputy_id:
        offer("edit", "my_proposal_edit")
        offer("submit", "proposal_submit")
        offer("withdraw", "proposal_withdraw")
        if latest and not latest.evaluations.filter(deputy=deputy).exists():
            offer("evaluate", "proposal_evaluate", state_action="accept_reply")
    elif deputy is not None and item.co_signers.filter(pk=deputy.pk).exists():
        if latest and not latest.evaluations.filter(deputy=deputy).exists():
            offer("evaluate", "proposal_evaluate", state_action="co_evaluate")
    for assignment in item.assignments.filter(active=True, unit__officers=user):
        if assignment.acknowledged_at is None:
            offer("acknowledge", "assignment_acknowledge", assignment.pk)
        if today <= services.return_deadline(assignment):
            offer(
                "return",
                "assignment_return",
                assignment.pk,
                state_action="return" if assignment.role == "lead" else "return_co",
            )
        if (
            assignment.role == Assignment.Role.LEAD
            and ("reply", "proposal_reply", item.pk) not in actions
        ):
            offer("reply", "proposal_reply")
        if assignment.role == Assignment.Role.CO:
            offer("co_opinion", "co_opinion", assignment.pk)
    return actions


# Board


def board(
    user,
    *,
    state=None,
    session=None,
    between_sessions=False,
    unit=None,
    topic=None,
    deputy=None,
    overdue=False,
    search="",
    today=None,
):
    items = proposals_visible_to(user)
    if state:
        items = items.filter(state=state)
    if session:
        items = items.filter(session=session)
    if between_sessions:
        items = items.filter(session__isnull=True)
    if unit:
        items = items.filter(assignments__unit=unit, assignments__active=True)
    if topic:
        items = items.filter(topic=topic)
    if deputy:
        items = items.filter(Q(lead_deputy=deputy) | Q(co_signers=deputy))
    if overdue:
        items = items.filter(overdue_q(today))
    if search:
        items = items.filter(Q(title__contains=search) | Q(content__contains=search))
    return with_list_data(items.distinct())


def state_counts(items):
    """Items per state, every state present."""
    counts = dict(items.order_by().values_list("state").annotate(n=Count("pk", distinct=True)))
    return [(state, label, counts.get(state, 0)) for state, label in State.choices]


# Deadlines


def overdue_q(today=None):
    today = today or timezone.localdate()
    return Q(state__in=HANDLING_STATES, deadline__lt=today)


def due_soon_q(today=None):
    today = today or timezone.localdate()
    return Q(
        state__in=HANDLING_STATES,
        deadline__gte=today,
        deadline__lte=today + timedelta(days=settings.PROPOSAL_DUE_SOON_DAYS),
    )


def overdue(today=None):
    return with_list_data(Proposal.objects.filter(overdue_q(today))).order_by("deadline")


def due_soon(today=None):
    return with_list_data(Proposal.objects.filter(due_soon_q(today))).order_by("deadline")


def co_opinions_overdue(today=None):
    """Co-handling assignments past their deadline with no opinion sent to the lead unit."""
    today = today or timezone.localdate()
    return (
        Assignment.objects.filter(
            active=True,
            role=Assignment.Role.CO,
            deadline__lt=today,
            proposal__state__in=HANDLING_STATES,
        )
        .exclude(opinions__isnull=False)
        .select_related("unit", "proposal")
    )


# Unit inbox


def unit_inbox(user, tab):
    """待办: assigned and not yet acknowledged; 办理中: acknowledged, or back for re-handling;
    已答复: replied or closed."""
    assignments = (
        Assignment.objects.filter(unit__officers=user)
        .select_related("unit", "proposal__lead_deputy", "proposal__session__term")
        .prefetch_related("opinions")
    )
    if tab == "todo":
        return assignments.filter(
            active=True, acknowledged_at__isnull=True, proposal__state__in=HANDLING_STATES
        )
    if tab == "doing":
        return assignments.filter(
            active=True, acknowledged_at__isnull=False, proposal__state__in=HANDLING_STATES
        )
    return assignments.filter(proposal__state__in=[State.REPLIED, State.CLOSED])


# Indicators


@dataclass(frozen=True)
class Rate:
    numerator: int
    denominator: int
    definition: str

    @property
    def percent(self):
        """One decimal place, half-up; None when the denominator is zero."""
        if not self.denominator:
            return None
        value = Decimal(self.numerator * 100) / Decimal(self.denominator)
        return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    def __str__(self):
        return "—" if self.percent is None else f"{self.percent}%"


DEFINITIONS = {
    "closed": _("closed rate = closed items ÷ assigned items"),
    "replied": _("reply rate = items replied at least once ÷ assigned items"),
    "on_time": _(
        "on-time reply rate = items whose first reply came by the deadline ÷ replied items"
    ),
    "satisfied": _(
        "satisfaction rate = (satisfied + basically satisfied) ÷ evaluated items, "
        "each item by its latest evaluation"
    ),
    "solved": _("solved rate = category A ÷ replied items, each item by its latest reply"),
}


def in_period(start, end):
    """Items of the period, by submission date (drafts have none and never count)."""
    return Proposal.objects.filter(submitted_date__gte=start, submitted_date__lte=end)


def _ever_assigned(items):
    return items.filter(Exists(Assignment.objects.filter(proposal=OuterRef("pk"))))


@dataclass
class HandlingStats:
    received_motions: int
    received_suggestions: int
    between_sessions: int
    assigned: int
    replied: int
    closed: int
    rates: dict
    by_category: dict
    by_unit: list
    by_topic: list
    by_deputy: list
    by_group: list


def _latest_by_item(rows, field):
    """{item id: `field` of the item's latest row} for replies or evaluations."""
    return dict(rows.order_by("proposal_id", "pk").values_list("proposal_id", field))


def handling_stats(start, end):
    """The handling figures of items submitted in [start, end]. Motions not converted are
    counted as received but are not handled by units."""
    items = in_period(start, end)
    received_motions = items.filter(Q(kind="motion") | Q(motion_number__isnull=False)).count()
    suggestions = items.filter(kind="suggestion")
    assigned = _ever_assigned(suggestions)
    assigned_ids = set(assigned.values_list("pk", flat=True))
    # Filter related rows by a subquery, not by the list of ids: a list of thousands of ids is
    # slow to prepare and SQLite refuses more than 32766 parameters.
    assigned_sub = assigned.values("pk")
    first_replies = {}
    for proposal_id, date in (
        Reply.objects.filter(proposal__in=assigned_sub)
        .values_list("proposal_id", "date")
        .order_by("proposal_id", "round")
    ):
        first_replies.setdefault(proposal_id, date)
    # The latest lead assignment's deadline (dict() keeps each item's last row): an item its
    # first lead unit returned is answered under the re-assignment's deadline.
    first_deadlines = dict(
        Assignment.objects.filter(proposal__in=assigned_sub, role=Assignment.Role.LEAD)
        .order_by("proposal_id", "pk")
        .values_list("proposal_id", "deadline")
    )
    replied = len(first_replies)
    on_time = sum(
        1
        for pid, d in first_replies.items()
        if first_deadlines.get(pid) and d <= first_deadlines[pid]
    )
    closed = assigned.filter(state=State.CLOSED).count()
    categories = _latest_by_item(Reply.objects.filter(proposal__in=assigned_sub), "category")
    # The lead deputy's evaluation is the item's; co-signers' stand beside it. 未评价 is not an
    # evaluation for the satisfaction rate.
    lead_evaluations = Evaluation.objects.filter(
        proposal__in=assigned_sub, deputy_id=F("proposal__lead_deputy_id")
    )
    verdicts = {
        pid: v
        for pid, v in _latest_by_item(lead_evaluations, "verdict").items()
        if v != Verdict.NONE
    }
    satisfied = sum(1 for v in verdicts.values() if v in (Verdict.SATISFIED, Verdict.BASICALLY))
    by_category = {c: 0 for c in "ABCD"}
    for c in categories.values():
        by_category[c] += 1

    def per(field):
        return list(
            assigned.values(field)
            .annotate(
                n=Count("pk", distinct=True),
                closed=Count("pk", filter=Q(state=State.CLOSED), distinct=True),
            )
            .order_by("-n")
        )

    by_unit = list(
        Assignment.objects.filter(proposal__in=assigned_sub, role=Assignment.Role.LEAD, active=True)
        .values("unit__name")
        .annotate(
            n=Count("proposal", distinct=True),
            closed=Count("proposal", filter=Q(proposal__state=State.CLOSED), distinct=True),
        )
        .order_by("-n", "unit__name")
    )
    groups = dict(
        GroupMembership.objects.filter(
            end_date__isnull=True, deputy__in=suggestions.values("lead_deputy")
        ).values_list("deputy_id", "group__name")
    )
    by_group = {}
    for deputy_id in suggestions.values_list("lead_deputy_id", flat=True):
        name = groups.get(deputy_id, "")
        by_group[name] = by_group.get(name, 0) + 1
    return HandlingStats(
        received_motions=received_motions,
        received_suggestions=suggestions.count(),
        between_sessions=suggestions.filter(session__isnull=True).count(),
        assigned=len(assigned_ids),
        replied=replied,
        closed=closed,
        rates={
            "closed": Rate(closed, len(assigned_ids), DEFINITIONS["closed"]),
            "replied": Rate(replied, len(assigned_ids), DEFINITIONS["replied"]),
            "on_time": Rate(on_time, replied, DEFINITIONS["on_time"]),
            "satisfied": Rate(satisfied, len(verdicts), DEFINITIONS["satisfied"]),
            "solved": Rate(by_category["A"], len(categories), DEFINITIONS["solved"]),
        },
        by_category=by_category,
        by_unit=by_unit,
        by_topic=per("topic"),
        by_deputy=list(
            suggestions.values("lead_deputy", "lead_deputy__name")
            .annotate(n=Count("pk"))
            .order_by("-n", "lead_deputy__name", "lead_deputy")
        ),
        by_group=sorted(by_group.items(), key=lambda kv: -kv[1]),
    )


def solved_examples(start, end):
    """Closed suggestions of the period whose latest reply says solved (category A), in the
    order of their numbers: the cases a summary names."""
    latest_category = Reply.objects.filter(proposal=OuterRef("pk")).order_by("-round", "-pk")
    return (
        in_period(start, end)
        .filter(kind="suggestion", state=State.CLOSED)
        .annotate(latest_category=Subquery(latest_category.values("category")[:1]))
        .filter(latest_category="A")
        .order_by("submitted_date", "pk")
    )


def notifications_of(user):
    return Notification.objects.filter(user=user).select_related("proposal")


def notifications_unread_count(user):
    """Notifications not yet shown to the user, nor done with their task (the 通知 badge)."""
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def reply_entered_by_secretary(user, lead):
    """A secretary typing in a unit's paper letter (the signed PDF is then optional), not an
    officer of the lead assignment's unit replying."""
    return user.has_perm("proposals.add_reply") and not (
        lead and lead.unit.officers.filter(pk=user.pk).exists()
    )


# The deputy's 我的建议 and the unit's inbox rows (helper "roles4"): the same answers as
# available_actions, read from prefetched rows so a list costs a constant number of queries.


def my_proposals(deputy, tab):
    """The items a deputy leads ("lead") or co-signed ("cosigned"), with each item's replies
    (by round) and this deputy's evaluations prefetched, newest first."""
    if tab == "cosigned":
        items = Proposal.objects.filter(co_signers=deputy)
    else:
        items = Proposal.objects.filter(lead_deputy=deputy)
    return (
        with_list_data(items)
        .prefetch_related(
            Prefetch(
                "replies",
                queryset=Reply.objects.order_by("round").prefetch_related(
                    Prefetch(
                        "evaluations",
                        queryset=Evaluation.objects.filter(deputy=deputy),
                        to_attr="own_evaluations",
                    )
                ),
                to_attr="replies_by_round",
            )
        )
        .order_by("-created_at", "-pk")
    )


def my_proposal_counts(deputy):
    return {
        "lead": Proposal.objects.filter(lead_deputy=deputy).count(),
        "cosigned": Proposal.objects.filter(co_signers=deputy).count(),
    }


def latest_reply(item):
    """The item's latest reply, from the prefetch of `my_proposals` when present."""
    replies = getattr(item, "replies_by_round", None)
    if replies is None:
        return item.replies.order_by("-round").first()
    return replies[-1] if replies else None


def deputy_actions(deputy, item):
    """available_actions for a deputy on an item of `my_proposals` (lead or co-signed),
    without queries: edit, submit, withdraw and evaluate."""
    from proposals.transitions import allowed

    actions = []
    latest = latest_reply(item)
    unevaluated = latest is not None and not latest.own_evaluations
    if deputy.pk == item.lead_deputy_id:
        for action, url_name in (
            ("edit", "my_proposal_edit"),
            ("submit", "proposal_submit"),
            ("withdraw", "proposal_withdraw"),
        ):
            if allowed(action, item.state):
                actions.append((action, url_name, item.pk))
        if unevaluated and allowed("accept_reply", item.state):
            actions.append(("evaluate", "proposal_evaluate", item.pk))
    elif unevaluated and allowed("co_evaluate", item.state):
        actions.append(("evaluate", "proposal_evaluate", item.pk))
    return actions


def assignment_actions(assignment, today=None):
    """available_actions of an officer of the assignment's unit, for that assignment, without
    queries (the assignment comes with its proposal, as from `unit_inbox`)."""
    from proposals import services
    from proposals.transitions import allowed

    today = today or timezone.localdate()
    item = assignment.proposal
    if not assignment.active:
        return []
    actions = []
    if assignment.acknowledged_at is None and allowed("acknowledge", item.state):
        actions.append(("acknowledge", "assignment_acknowledge", assignment.pk))
    lead = assignment.role == Assignment.Role.LEAD
    if today <= services.return_deadline(assignment) and allowed(
        "return" if lead else "return_co", item.state
    ):
        actions.append(("return", "assignment_return", assignment.pk))
    if lead and allowed("reply", item.state):
        actions.append(("reply", "proposal_reply", item.pk))
    if not lead and allowed("co_opinion", item.state):
        actions.append(("co_opinion", "co_opinion", assignment.pk))
    return actions


def unit_inbox_counts(user):
    return {tab: unit_inbox(user, tab).count() for tab in ("todo", "doing", "done")}


# The work waiting on each role's home page: each list's count (all of a role's counts in one
# aggregate query) and its first rows, oldest first, so a home page costs the same queries
# however much work waits.


@dataclass
class WorkList:
    count: int
    rows: list


def _work_lists(rows, lists, limit):
    """{key: WorkList} for `lists` = {key: (condition, ordering)} over the queryset `rows`
    (a key must not be the name of an annotation of `rows`: the count would replace it)."""
    counts = rows.aggregate(
        **{key: Count("pk", filter=condition) for key, (condition, _order) in lists.items()}
    )
    return {
        key: WorkList(counts[key], list(rows.filter(condition).order_by(*order)[:limit]))
        for key, (condition, order) in lists.items()
    }


def unit_work(user, limit, today=None):
    """The open assignments of the user's units: 待签收 (not acknowledged), 办理中
    (acknowledged, or a co-unit's opinion sent without acknowledging), 已逾期 (unanswered past the deadline) and 待答复 (the lead unit's reply or a
    co-unit's opinion still to send). Each row carries `due`, the date the unit must meet (as
    `assignment_deadline`)."""
    today = today or timezone.localdate()
    assignments = (
        Assignment.objects.filter(
            unit__officers=user, active=True, proposal__state__in=HANDLING_STATES
        )
        .annotate(
            due=Case(
                When(
                    role=Assignment.Role.LEAD,
                    proposal__deadline__isnull=False,
                    then=F("proposal__deadline"),
                ),
                default=F("deadline"),
            ),
            # Only co-units send opinions: a lead assignment is answered by leaving HANDLING_STATES.
            answered=Exists(CoOpinion.objects.filter(assignment=OuterRef("pk"))),
        )
        .select_related("unit", "proposal__lead_deputy", "proposal__session__term")
    )
    return _work_lists(
        assignments,
        {
            "to_acknowledge": (
                Q(acknowledged_at__isnull=True, answered=False),
                ("assigned_date", "pk"),
            ),
            "in_hand": (Q(acknowledged_at__isnull=False) | Q(answered=True), ("due", "pk")),
            "overdue": (Q(answered=False, due__lt=today), ("due", "pk")),
            "to_answer": (Q(answered=False), ("due", "pk")),
        },
        limit,
    )


def _own_items(deputy):
    """The items a deputy leads or co-signed, without the duplicate rows of a join."""
    cosigned = Proposal.co_signers.through.objects.filter(deputy=deputy).values("proposal_id")
    return Proposal.objects.filter(Q(lead_deputy=deputy) | Q(pk__in=cosigned))


def deputy_work(deputy, limit):
    """A deputy's 待评价 (the latest reply of an item they lead or co-signed, not yet evaluated
    by them, where `deputy_actions` offers the evaluation), drafts, and replies received
    (newest first)."""
    from proposals.transitions import RECORDS, TRANSITIONS

    latest = Reply.objects.filter(proposal=OuterRef("pk")).order_by("-round")
    items = (
        _own_items(deputy)
        .annotate(
            latest_reply=Subquery(latest.values("pk")[:1]),
            latest_reply_date=Subquery(latest.values("date")[:1]),
        )
        .annotate(
            evaluated=Exists(
                Evaluation.objects.filter(reply=OuterRef("latest_reply"), deputy=deputy)
            )
        )
        .select_related("session__term")
    )
    may_evaluate = Q(lead_deputy=deputy, state__in=TRANSITIONS["accept_reply"][0]) | (
        ~Q(lead_deputy=deputy) & Q(state__in=RECORDS["co_evaluate"][0])
    )
    work = _work_lists(
        items,
        {
            "to_evaluate": (
                may_evaluate & Q(latest_reply__isnull=False, evaluated=False),
                ("latest_reply_date", "pk"),
            ),
            "drafts": (Q(lead_deputy=deputy, state=State.DRAFT), ("created_at", "pk")),
        },
        limit,
    )
    replies = Reply.objects.filter(proposal__in=_own_items(deputy).values("pk")).select_related(
        "unit", "proposal__session__term"
    )
    work.update(_work_lists(replies, {"replies": (Q(), ("-date", "-pk"))}, limit))
    return work


def secretary_work(limit, today=None):
    """What waits for the secretary: items to register (submitted), to assign, overdue, and
    returned by their unit (awaiting assignment again). Overdue rows come with their lead unit."""
    items = Proposal.objects.annotate(
        was_returned=Exists(
            Assignment.objects.filter(proposal=OuterRef("pk"), returned_date__isnull=False)
        )
    ).select_related("lead_deputy", "session__term")
    work = _work_lists(
        items,
        {
            "to_register": (Q(state=State.SUBMITTED), ("submitted_date", "pk")),
            "to_assign": (Q(state=State.AWAITING_ASSIGNMENT), ("submitted_date", "pk")),
            "overdue": (overdue_q(today), ("deadline", "pk")),
            "returned": (
                Q(state=State.AWAITING_ASSIGNMENT, was_returned=True),
                ("submitted_date", "pk"),
            ),
        },
        limit,
    )
    prefetch_related_objects(
        work["overdue"].rows,
        Prefetch(
            "assignments",
            queryset=Assignment.objects.filter(active=True).select_related("unit"),
            to_attr="active_assignments",
        ),
    )
    return work


def motions_under_review(limit):
    """Motions waiting for the presidium's decision (列入议程 or not), oldest first."""
    items = Proposal.objects.select_related("lead_deputy", "session__term")
    return _work_lists(
        items, {"under_review": (Q(state=State.UNDER_REVIEW), ("submitted_date", "pk"))}, limit
    )["under_review"]
