"""Reads of motions and suggestions: who may see what, the facts that decide what a user may
do next, the board, deadlines, and the handling indicators of domain.md §3, each defined once
here with its definition text."""

import dataclasses
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from congress.law import Rate
from congress.text import without_phones
from deputies.models import GroupMembership
from proposals import deadlines
from proposals.models import (
    Assignment,
    CoOpinion,
    Evaluation,
    Event,
    HandlingUnit,
    Notification,
    Proposal,
    Reply,
    State,
    Verdict,
)
from proposals.transitions import (
    HANDLING_STATES,
    RECORDS,
    STEPS,
    TAKEN_BY_EVENT,
    TRANSITIONS,
    Facts,
    UnitPart,
    may_take,
    next_steps,
)

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
    replied to). The to-many conditions are EXISTS subqueries, not joins: no duplicate rows,
    so no DISTINCT, which would make every count compare whole rows, content included."""
    items = Proposal.objects.all()
    if not user.is_authenticated:
        return items.none()
    condition = Q(pk__in=[])
    if staff_may_see_all(user):
        condition |= shown_to_staff(user)
    deputy = getattr(user, "deputy", None)
    if deputy is not None:
        condition |= Q(lead_deputy=deputy) | _cosigned_by(deputy)
    units = list(user.handling_units.values_list("pk", flat=True))
    if units:
        condition |= _assigned_to(units)
        condition |= Exists(Reply.objects.filter(proposal=OuterRef("pk"), unit__in=units))
    return items.filter(condition)


def _cosigned_by(deputy):
    through = Proposal.co_signers.through.objects
    return Exists(through.filter(proposal=OuterRef("pk"), deputy=deputy))


def _assigned_to(units):
    """Items with an active assignment to one of `units`."""
    return Exists(Assignment.objects.filter(proposal=OuterRef("pk"), unit__in=units, active=True))


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


def _prefetched(item, name):
    """The rows of `name` a prefetch_related put on `item`, or None."""
    cache = getattr(item, "_prefetched_objects_cache", {})
    return list(cache[name]) if name in cache else None


def _active_assignments(item):
    """The item's active assignments, from the prefetch of `with_list_data` when present."""
    assignments = getattr(item, "active_assignments", None)
    if assignments is None:
        assignments = item.assignments.filter(active=True).select_related("unit")
    return assignments


def lead_unit(item):
    """The active lead unit, from the prefetch of `with_list_data` when present."""
    return next((a.unit for a in _active_assignments(item) if a.role == Assignment.Role.LEAD), None)


# What a user may do with an item now: the facts of transitions.next_steps


@dataclass(frozen=True)
class Viewer:
    """What of a user the steps depend on, whatever the item: read once per page."""

    staff: bool
    reply_clerk: bool
    deputy_id: int | None
    unit_ids: frozenset


def viewer(user):
    deputy = getattr(user, "deputy", None)
    return Viewer(
        staff=user.has_perm("proposals.change_proposal"),
        reply_clerk=user.has_perm("proposals.add_reply"),
        deputy_id=deputy.pk if deputy else None,
        unit_ids=frozenset(user.handling_units.values_list("pk", flat=True)),
    )


def _awaits_evaluation(item, deputy_id):
    """Whether the item's latest reply is not yet evaluated by the deputy: from the prefetch
    of `my_proposals` or of `with_detail_data` when present."""
    replies = getattr(item, "replies_by_round", None)
    if replies is not None:
        return bool(replies) and not replies[-1].own_evaluations
    latest = latest_reply(item)
    if latest is None:
        return False
    evaluations = _prefetched(item, "evaluations")
    if evaluations is None:
        return not latest.evaluations.filter(deputy_id=deputy_id).exists()
    return not any(e.reply_id == latest.pk and e.deputy_id == deputy_id for e in evaluations)


def step_facts(who, item, today=None, assignments=None):
    """The transitions.Facts of the Viewer `who` on `item`, read from what the page prefetched
    (`co_signers`, the replies and evaluations, `active_assignments`); without a prefetch, a
    few queries. `assignments`: the ones to consider (an inbox row's) instead of the item's
    active ones; only the active ones of `who`'s units count."""
    today = today or timezone.localdate()
    deputy = who.deputy_id
    lead = deputy is not None and item.lead_deputy_id == deputy
    co_signer = (
        deputy is not None
        and not lead
        and item.pk is not None
        and any(d.pk == deputy for d in item.co_signers.all())
    )
    if assignments is None:
        assignments = _active_assignments(item) if who.unit_ids and item.pk else ()
    units = tuple(
        UnitPart(
            pk=a.pk,
            lead=a.role == Assignment.Role.LEAD,
            acknowledged=a.acknowledged_at is not None,
            returnable=today <= deadlines.return_deadline(a),
        )
        for a in assignments
        if a.active and a.unit_id in who.unit_ids
    )
    return Facts(
        pk=item.pk,
        state=item.state,
        kind=item.kind,
        published=item.published,
        staff=who.staff,
        reply_clerk=who.reply_clerk,
        lead_deputy=lead,
        co_signer=co_signer,
        unevaluated=item.pk is not None
        and (lead or co_signer)
        and _awaits_evaluation(item, deputy),
        units=units,
    )


def steps_for(user, item, today=None):
    """[transitions.Step] `user` may take on `item` now (one item's page)."""
    return next_steps(step_facts(viewer(user), item, today))


@dataclass(frozen=True)
class Taken:
    """A step taken already: its label, by whom, when (a time, or a day)."""

    label: str
    who: str
    when: object


def step_taken(user, item, step, assignment=None):
    """Who took `step` on `item` and when, if the user's part in the item takes that step and
    it was taken (transitions.TAKEN_BY_EVENT); else None. A unit's step is taken on
    `assignment`, one of the user's units'."""
    if step in ("acknowledge", "return"):
        when = assignment.acknowledged_at if step == "acknowledge" else assignment.returned_date
        return Taken(STEPS[step].label, str(assignment.unit), when) if when else None
    if not may_take(step_facts(viewer(user), item), step):
        return None
    if step == "evaluate":
        evaluation = (
            Evaluation.objects.filter(reply=item.replies.order_by("-round").first())
            .filter(deputy__user=user)
            .select_related("deputy")
            .first()
        )
        if evaluation is None:
            return None
        return Taken(STEPS[step].label, evaluation.deputy.name, evaluation.date)
    action = TAKEN_BY_EVENT.get(step)
    event = item.events.filter(action=action).select_related("actor").last() if action else None
    if event is None:
        return None
    return Taken(STEPS[action].label, str(event.actor or _("the portal")), event.at)


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
        items = items.filter(_assigned_to([unit]))
    if topic:
        items = items.filter(topic=topic)
    if deputy:
        items = items.filter(Q(lead_deputy=deputy) | _cosigned_by(deputy))
    if overdue:
        items = items.filter(overdue_q(today))
    if search:
        items = items.filter(Q(title__contains=search) | Q(content__contains=search))
    # A row shows no content: leave the longest column in the database. Its lead unit comes
    # from lead_unit_names.
    return items.select_related("lead_deputy", "session__term").defer("content")


def lead_unit_names(items):
    """{item pk: the name of its active lead unit} for the items of a page, in one query and
    without model instances (a prefetch builds an assignment and a unit per row)."""
    return dict(
        Assignment.objects.filter(
            proposal__in=[item.pk for item in items], active=True, role=Assignment.Role.LEAD
        ).values_list("proposal_id", "unit__name")
    )


def state_counts(items):
    """Items per state, every state present (`items` without duplicate rows, as from board)."""
    counts = dict(items.order_by().values_list("state").annotate(n=Count("pk")))
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


def deadline_counts(today=None):
    """{"overdue": n, "due_soon": n}, counted in one pass over the items."""
    return Proposal.objects.aggregate(
        overdue=Count("pk", filter=overdue_q(today)), due_soon=Count("pk", filter=due_soon_q(today))
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


def _latest(rows, *same):
    """The rows of `rows` with no later row (by pk) for the same item and the same `same`
    fields: each item's latest reply, or latest evaluation by one deputy. NOT EXISTS is an
    anti-join in SQL, so the figures come from the database without a row per item."""
    later = rows.model.objects.filter(
        proposal=OuterRef("proposal"), pk__gt=OuterRef("pk"), **{f: OuterRef(f) for f in same}
    )
    return rows.filter(~Exists(later))


# The breakdowns handling_stats computes when asked; the dashboard asks only for units.
BREAKDOWNS = ("unit", "topic", "deputy", "group")


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
    # Each breakdown is None when it was not asked for.
    by_unit: list | None = None
    by_topic: list | None = None
    by_deputy: list | None = None
    by_group: list | None = None


def handling_mark():
    """A value that changes whenever an item, an assignment, a reply, an evaluation or a step
    (every change of state, deadline or unit is one) is added: the newest key of each, read
    from their primary-key indexes in one query (plain SQL: it runs on every board and home
    page, where compiling five subqueries through the ORM cost more than running them)."""
    quote = connection.ops.quote_name
    newest = ", ".join(
        f"(SELECT MAX({quote(model._meta.pk.column)}) FROM {quote(model._meta.db_table)})"
        for model in (Proposal, Assignment, Reply, Evaluation, Event)
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {newest}")
        return tuple(cursor.fetchone())


# Figures and lists read on every board and home page that cost tens of milliseconds at county
# scale are kept until an item, assignment, reply, evaluation or step is added (handling_mark;
# every change of state, deadline or unit is a step), and at most this long (an edit in the
# back office adds none of them). The day and the language are in the key too: deadlines are
# counted from today, and the rows hold translated labels.
HANDLING_CACHE_SECONDS = 120


def kept_until_changed(name, today, compute):
    """compute(), from the cache while nothing of handling_mark was added since."""
    mark = "-".join(str(pk) for pk in handling_mark())
    key = f"{name}:{today.isoformat()}:{get_language()}:{mark}"
    return cache.get_or_set(key, lambda: _plain(compute()), HANDLING_CACHE_SECONDS)


def _plain(value):
    """`value` with its lazy translations made plain strings (the language is in the cache
    key): unpickling a lazy string builds a proxy class, a few milliseconds per page."""
    if isinstance(value, Promise):
        return str(value)
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, tuple):
        items = [_plain(item) for item in value]
        return type(value)(*items) if hasattr(value, "_fields") else tuple(items)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {
            f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value) if f.init
        }
        return dataclasses.replace(value, **fields)
    return value


def handling_stats(start, end, *, breakdowns=BREAKDOWNS):
    """The handling figures of items submitted in [start, end], with the `breakdowns` asked
    for. Motions not converted are counted as received but are not handled by units. Every
    figure is counted in SQL: a constant number of queries, each returning a few rows however
    many items there are."""
    items = in_period(start, end)
    suggestions = items.filter(kind="suggestion")
    assigned = _ever_assigned(suggestions)
    received = items.aggregate(
        motions=Count("pk", filter=Q(kind="motion") | Q(motion_number__isnull=False)),
        suggestions=Count("pk", filter=Q(kind="suggestion")),
        between_sessions=Count("pk", filter=Q(kind="suggestion", session__isnull=True)),
    )
    handled = assigned.aggregate(n=Count("pk"), closed=Count("pk", filter=Q(state=State.CLOSED)))
    replies = _of_assigned(Reply, start, end)
    # Each item counted once, by its latest reply; an item with a reply is a replied item.
    by_category = {c: 0 for c in "ABCD"}
    by_category.update(_latest(replies).order_by().values_list("category").annotate(n=Count("pk")))
    replied = sum(by_category.values())
    # On time: the first reply (lowest round) by the deadline of the latest lead assignment
    # (an item its first lead unit returned is answered under the re-assignment's deadline).
    lead = Assignment.objects.filter(proposal=OuterRef("proposal"), role=Assignment.Role.LEAD)
    earlier = Reply.objects.filter(proposal=OuterRef("proposal"), round__lt=OuterRef("round"))
    on_time = (
        replies.filter(~Exists(earlier))
        .filter(Exists(_latest(lead, "role").filter(deadline__gte=OuterRef("date"))))
        .count()
    )
    # The lead deputy's evaluation is the item's; co-signers' stand beside it. 未评价 is not an
    # evaluation for the satisfaction rate.
    lead_evaluations = _of_assigned(Evaluation, start, end).filter(
        deputy_id=F("proposal__lead_deputy_id")
    )
    verdicts = dict(
        _latest(lead_evaluations, "deputy")
        .order_by()
        .values_list("verdict")
        .annotate(n=Count("pk"))
    )
    verdicts.pop(Verdict.NONE, None)
    satisfied = verdicts.get(Verdict.SATISFIED, 0) + verdicts.get(Verdict.BASICALLY, 0)
    assigned_count, closed = handled["n"], handled["closed"]
    asked = set(breakdowns)
    return HandlingStats(
        received_motions=received["motions"],
        received_suggestions=received["suggestions"],
        between_sessions=received["between_sessions"],
        assigned=assigned_count,
        replied=replied,
        closed=closed,
        rates={
            "closed": Rate(closed, assigned_count, DEFINITIONS["closed"]),
            "replied": Rate(replied, assigned_count, DEFINITIONS["replied"]),
            "on_time": Rate(on_time, replied, DEFINITIONS["on_time"]),
            "satisfied": Rate(satisfied, sum(verdicts.values()), DEFINITIONS["satisfied"]),
            "solved": Rate(by_category["A"], replied, DEFINITIONS["solved"]),
        },
        by_category=by_category,
        by_unit=_by_unit(start, end) if "unit" in asked else None,
        by_topic=_by_topic(assigned) if "topic" in asked else None,
        by_deputy=_by_deputy(suggestions) if "deputy" in asked else None,
        by_group=_by_group(suggestions) if "group" in asked else None,
    )


def _of_period(start, end):
    """Conditions on a related row's item: a suggestion submitted in [start, end]. Related rows
    are filtered by a join to their item, not by a list of ids (slow to prepare, and SQLite
    refuses more than 32766 parameters) nor by IN (subquery), which costs more on both
    databases."""
    return Q(
        proposal__kind="suggestion",
        proposal__submitted_date__gte=start,
        proposal__submitted_date__lte=end,
    )


def _of_assigned(model, start, end):
    """The rows of `model` (replies, evaluations) of the period's suggestions ever assigned."""
    return model.objects.filter(
        _of_period(start, end), Exists(Assignment.objects.filter(proposal=OuterRef("proposal")))
    )


def _by_unit(start, end):
    """Assigned items and closed ones per active lead unit (one active lead per item, and an
    item with one was assigned)."""
    return list(
        Assignment.objects.filter(_of_period(start, end), role=Assignment.Role.LEAD, active=True)
        .values("unit__name")
        .annotate(
            n=Count("proposal"),
            closed=Count("proposal", filter=Q(proposal__state=State.CLOSED)),
        )
        .order_by("-n", "unit__name")
    )


def _by_topic(assigned):
    return list(
        assigned.values("topic")
        .annotate(n=Count("pk"), closed=Count("pk", filter=Q(state=State.CLOSED)))
        .order_by("-n")
    )


def _by_deputy(suggestions):
    return list(
        suggestions.values("lead_deputy", "lead_deputy__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "lead_deputy__name", "lead_deputy")
    )


def _by_group(suggestions):
    """[(group name, received suggestions)] by the lead deputy's current group ("" for none)."""
    group = GroupMembership.objects.filter(
        deputy=OuterRef("lead_deputy"), end_date__isnull=True
    ).values("group__name")[:1]
    counts = (
        suggestions.annotate(group_name=Coalesce(Subquery(group), Value("")))
        .order_by()
        .values_list("group_name")
        .annotate(n=Count("pk"))
    )
    return sorted(counts, key=lambda kv: (-kv[1], kv[0]))


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


def proposal_whereabouts(proposal):
    """Where an item went once it is no longer the reader's (a notification's link): withdrawn,
    now handled by another unit, or back with the presidium's secretary."""
    name = f"{proposal.label}“{proposal.title}”" if proposal.label else f"“{proposal.title}”"
    if proposal.state == State.WITHDRAWN:
        return _("%(item)s was withdrawn by the deputy and needs no more handling.") % {
            "item": name
        }
    lead = (
        proposal.assignments.filter(active=True, role=Assignment.Role.LEAD)
        .select_related("unit")
        .first()
    )
    if lead is not None:
        return _("%(item)s is now handled by %(unit)s.") % {"item": name, "unit": lead.unit}
    if proposal.state == State.AWAITING_ASSIGNMENT:
        return _(
            "%(item)s was returned to the secretary of the presidium and waits to be assigned "
            "again."
        ) % {"item": name}
    return _("%(item)s is no longer yours to see; its state is now: %(state)s.") % {
        "item": name,
        "state": proposal.get_state_display(),
    }


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


# The deputy's 我的建议: rows prefetched so that a list, its steps included, costs a constant
# number of queries.


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
            "co_signers",
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
            ),
        )
        .order_by("-created_at", "-pk")
    )


def my_proposal_counts(deputy):
    return {
        "lead": Proposal.objects.filter(lead_deputy=deputy).count(),
        "cosigned": Proposal.objects.filter(co_signers=deputy).count(),
    }


def latest_reply(item):
    """The item's latest reply, from the prefetch of `my_proposals` or of the replies when
    present."""
    replies = getattr(item, "replies_by_round", None)
    if replies is None:
        replies = _prefetched(item, "replies")
    if replies is None:
        return item.replies.order_by("-round").first()
    return max(replies, key=lambda r: r.round) if replies else None


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
    by them, where transitions.next_steps offers the evaluation), drafts, and replies received
    (newest first)."""
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
    """What waits for the secretary: items to register (submitted), to assign for the first
    time, overdue, and returned by their unit (awaiting assignment again, listed there only, so
    the home page shows each item once). Overdue rows come with the name of their lead unit
    (`lead_unit_name`)."""
    # In the conditions, not an annotation: an annotated aggregate counts over a subquery of
    # every item, and the other lists need not look for returns.
    was_returned = Exists(
        Assignment.objects.filter(proposal=OuterRef("pk"), returned_date__isnull=False)
    )
    items = Proposal.objects.select_related("lead_deputy", "session__term")
    work = _work_lists(
        items,
        {
            "to_register": (Q(state=State.SUBMITTED), ("submitted_date", "pk")),
            "to_assign": (
                Q(state=State.AWAITING_ASSIGNMENT) & ~was_returned,
                ("submitted_date", "pk"),
            ),
            "overdue": (overdue_q(today), ("deadline", "pk")),
            "returned": (
                Q(state=State.AWAITING_ASSIGNMENT) & was_returned,
                ("submitted_date", "pk"),
            ),
        },
        limit,
    )
    names = lead_unit_names(work["overdue"].rows)
    for item in work["overdue"].rows:
        item.lead_unit_name = names.get(item.pk)
    return work


def motions_under_review(limit):
    """Motions waiting for the presidium's decision (列入议程 or not), oldest first."""
    items = Proposal.objects.select_related("lead_deputy", "session__term")
    return _work_lists(
        items, {"under_review": (Q(state=State.UNDER_REVIEW), ("submitted_date", "pk"))}, limit
    )["under_review"]


# Handling units


def units_with_workload(today=None):
    """Every handling unit, active first, with `handling` (items it leads that are being
    handled) and `overdue` (those of them past their deadline)."""
    today = today or timezone.localdate()
    leading = Q(
        assignments__active=True,
        assignments__role=Assignment.Role.LEAD,
        assignments__proposal__state__in=HANDLING_STATES,
    )
    return (
        HandlingUnit.objects.prefetch_related("officers")
        .annotate(
            handling=Count("assignments__proposal", filter=leading, distinct=True),
            overdue=Count(
                "assignments__proposal",
                filter=leading & Q(assignments__proposal__deadline__lt=today),
                distinct=True,
            ),
        )
        .order_by("-active", "kind", "name")
    )


# The public page


@dataclass(frozen=True)
class PublicRow:
    item: Proposal
    lead_unit: HandlingUnit | None
    latest: Reply | None
    excerpt: str  # of the latest reply, phone numbers masked


def published_page():
    """Published items, newest first, with what the public list shows prefetched."""
    return (
        with_list_data(published_proposals())
        .prefetch_related("replies")
        .order_by("-submitted_date", "-pk")
    )


def public_rows(items):
    """The public list's rows for `items` (a page of `published_page`): no phone number of a
    deputy or a unit contact is shown."""
    rows = []
    for item in items:
        latest = latest_reply(item)
        rows.append(
            PublicRow(item, lead_unit(item), latest, without_phones(latest.text) if latest else "")
        )
    return rows
