"""Reads about deputies: the roster, composition, activity figures, performance records.

Every figure a report prints is defined here once; pages and reports call these functions.
"""

import calendar
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Sum, prefetch_related_objects
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from congress import idnumbers
from congress.text import parse_chinese_number
from deputies.models import (
    MAJORITY_ETHNICITY,
    Activity,
    ActivityKind,
    Attendance,
    AttendanceStatus,
    Deputy,
    DeputyGroup,
    DeputyStatus,
    DutyRequirement,
    GroupMembership,
    Level,
    LiaisonStation,
    Petition,
    Seat,
    SessionAttendance,
    VoterContact,
)

# Age bands of composition tables (age on the day counted), upper bounds inclusive.
AGE_BANDS = (
    (35, gettext_lazy("35 and under")),
    (45, gettext_lazy("36 to 45")),
    (55, gettext_lazy("46 to 55")),
    (None, gettext_lazy("56 and over")),
)


# The roster


def in_office_on(day):
    """Q for deputies in office on `day`: still in office, or left after that day."""
    return Q(status=DeputyStatus.IN_OFFICE) | Q(status_date__gt=day)


def seated_at(day, time):
    """Q for deputies holding their seat at `time` on `day`: in office that day, or their seat
    ended later that day (a vote ending it at a later hour, Deputy.status_time)."""
    return in_office_on(day) | Q(status_date=day, status_time__gt=time)


def deputies_seated_count(day, time):
    """实有代表数: the township deputies holding a seat at that moment, the "all deputies" whose
    half a decision or an election of the congress must exceed (Organic Law art. 25). A seat
    that ends during a session lowers it for every later vote, not for the earlier ones."""
    township = Seat.objects.filter(deputy=OuterRef("pk"), level=Level.TOWNSHIP)
    return Deputy.objects.filter(seated_at(day, time), Exists(township)).count()


def deputies_present_and_seated(session, day, time):
    """The deputies present at the session who still hold a seat at that moment (a seat may
    end during the session): no more ballots go out at a vote then. None before the session's
    attendance is recorded."""
    if session.deputies_present is None:
        return None
    return min(session.deputies_present, deputies_seated_count(day, time))


def with_current_group(deputies):
    """Attach `current_groups` (a list of 0 or 1 group) and `seat_list` without a query per row."""
    return deputies.prefetch_related(
        Prefetch(
            "memberships",
            queryset=GroupMembership.objects.filter(end_date__isnull=True).select_related("group"),
            to_attr="current_memberships",
        ),
        Prefetch("seats", queryset=Seat.objects.order_by("level"), to_attr="seat_list"),
    )


def current_group(deputy):
    """The deputy's group now; uses the prefetch of `with_current_group` when present."""
    memberships = getattr(deputy, "current_memberships", None)
    if memberships is None:
        memberships = list(deputy.memberships.filter(end_date__isnull=True).select_related("group"))
    return memberships[0].group if memberships else None


def roster(*, group=None, level=None, status=None, gender=None, party=None, search=""):
    deputies = Deputy.objects.all()
    if group:
        deputies = deputies.filter(memberships__group=group, memberships__end_date__isnull=True)
    if level:
        deputies = deputies.filter(seats__level=level)
    if status:
        deputies = deputies.filter(status=status)
    if gender:
        deputies = deputies.filter(gender=gender)
    if party:
        deputies = deputies.filter(party=party)
    if search:
        deputies = deputies.filter(
            Q(name__contains=search)
            | Q(workplace__contains=search)
            | Q(district__contains=search)
            | Q(duty_post__contains=search)
        )
    return with_current_group(deputies.distinct())


# Composition (for reports: 代表构成)


@dataclass
class Composition:
    day: date
    total: int = 0
    gender: Counter = field(default_factory=Counter)
    party: Counter = field(default_factory=Counter)
    minority: int = 0
    education: Counter = field(default_factory=Counter)
    age: Counter = field(default_factory=Counter)
    occupation: Counter = field(default_factory=Counter)


def composition(day, *, level=None):
    """Counts of the deputies in office on `day` (township deputies by default), by the
    attributes reports cite. Keys are the model choice values; age by AGE_BANDS labels."""
    level = level or "township"
    deputies = Deputy.objects.filter(in_office_on(day), seats__level=level).distinct()
    result = Composition(day=day)
    for gender, party, ethnicity, education, occupation, birth in deputies.values_list(
        "gender", "party", "ethnicity", "education", "occupation", "birth_date"
    ):
        result.total += 1
        result.gender[gender] += 1
        result.party[party] += 1
        result.minority += ethnicity != MAJORITY_ETHNICITY
        result.education[education] += 1
        result.occupation[occupation] += 1
        age = idnumbers.age_on(birth, day)
        result.age[
            next(str(label) for bound, label in AGE_BANDS if bound is None or age <= bound)
        ] += 1
    return result


def deputies_in_office_count(day, *, level="township"):
    """代表总数: deputies in office at the day (persons, not seats)."""
    # Exists, not a join and DISTINCT: counting distinct rows compares every column of each.
    seated = Seat.objects.filter(deputy=OuterRef("pk"), level=level)
    return Deputy.objects.filter(in_office_on(day), Exists(seated)).count()


@dataclass(frozen=True)
class Headcount:
    """The roster's deputies on a day, split as the pages tell them apart: the roster lists all
    (`total`), the public directory those in office, the dashboard the township's in office."""

    in_office: int  # township deputies in office: 代表总数
    other_levels: int  # in office without a township seat (county or higher only)
    ended: int  # still on the roster, their office ended (resigned, recalled, deceased…)

    @property
    def total(self):
        return self.in_office + self.other_levels + self.ended


def headcount(day):
    in_office = Deputy.objects.filter(in_office_on(day)).count()
    township = deputies_in_office_count(day)
    return Headcount(
        in_office=township,
        other_levels=in_office - township,
        ended=Deputy.objects.count() - in_office,
    )


def persons_and_seats(day):
    """Persons in office and the seats they hold (one person may hold several)."""
    deputies = Deputy.objects.filter(in_office_on(day))
    return {
        "persons": deputies.count(),
        "seats": Seat.objects.filter(deputy__in=deputies).count(),
    }


# Activities in a period (an activity belongs to the period by its start date)


def activities_in(start, end):
    return Activity.objects.filter(start_date__gte=start, start_date__lte=end)


def activity_counts(start, end):
    """Number of activities per kind in the period, every kind present (0 when none)."""
    counts = dict(activities_in(start, end).values_list("kind").annotate(n=Count("pk")))
    return {kind: counts.get(kind, 0) for kind in ActivityKind.values}


def participant_person_times(start, end, *, kinds=None):
    """参加活动代表 人次: deputies present at activities in the period, each time counted."""
    attendance = Attendance.objects.filter(
        status=AttendanceStatus.PRESENT,
        activity__start_date__gte=start,
        activity__start_date__lte=end,
    )
    if kinds:
        attendance = attendance.filter(activity__kind__in=kinds)
    return attendance.count()


def participant_person_times_by_kind(start, end):
    """参加活动代表 人次 per activity kind (kinds without attendance are left out)."""
    return dict(
        Attendance.objects.filter(
            status=AttendanceStatus.PRESENT,
            activity__start_date__gte=start,
            activity__start_date__lte=end,
        )
        .values_list("activity__kind")
        .annotate(n=Count("pk"))
        .order_by()
    )


def training_hours(start, end):
    """Hours of the trainings in the period (None when no training recorded its hours)."""
    return (
        activities_in(start, end)
        .filter(kind=ActivityKind.TRAINING)
        .aggregate(hours=Sum("training_hours"))["hours"]
    )


def supervision_issues(start, end):
    """Issues found by the period's activities and how many of them were rectified."""
    totals = activities_in(start, end).aggregate(
        found=Sum("issues_found"), rectified=Sum("issues_rectified")
    )
    return {key: value or 0 for key, value in totals.items()}


def voters_received(start, end):
    """接待选民 人次: voters received at reception activities in the period."""
    return (
        activities_in(start, end)
        .filter(kind=ActivityKind.RECEPTION)
        .aggregate(n=Sum("voters_received"))["n"]
        or 0
    )


def report_backs(start, end):
    """代表述职 名: deputies who reported to voters in the period (each deputy once)."""
    return (
        Attendance.objects.filter(
            status=AttendanceStatus.PRESENT,
            activity__kind=ActivityKind.REPORT_BACK,
            activity__start_date__gte=start,
            activity__start_date__lte=end,
        )
        .values("deputy")
        .distinct()
        .count()
    )


def activities_list():
    return Activity.objects.select_related("group", "station").annotate(
        present=Count("attendances", filter=Q(attendances__status=AttendanceStatus.PRESENT))
    )


# Liaison stations


def next_reception_days(station, today, count=2):
    """The next `count` reception days on or after `today` (days missing in a month skipped)."""
    # Numbers outside 1..31 can never fall due (and would make this loop forever).
    days = [d for d in station.reception_day_numbers if 1 <= d <= 31]
    found, year, month = [], today.year, today.month
    while days and len(found) < count:
        last = calendar.monthrange(year, month)[1]
        for d in days:
            if d <= last and date(year, month, d) >= today:
                found.append(date(year, month, d))
                if len(found) == count:
                    break
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return found


def stations_with_next_days(today, count=2):
    stations = list(
        LiaisonStation.objects.prefetch_related(
            Prefetch("resident_deputies", queryset=Deputy.objects.order_by("stroke_key", "pk"))
        )
    )
    for station in stations:
        station.next_days = reception_schedule(station, today, count)
    return stations


def reception_schedule(station, today, count=2):
    """[(reception day, day it is announced)] for the next `count` reception days."""
    return [
        (day, day - timedelta(days=station.notice_days))
        for day in next_reception_days(station, today, count)
    ]


def next_receptions_of(deputy, today):
    """[(station, next reception day, day it is announced)] at each station where the deputy is
    resident, soonest first (a station without reception days is left out)."""
    rows = [
        (station, *schedule[0])
        for station in deputy.stations.all()
        if (schedule := reception_schedule(station, today, count=1))
    ]
    return sorted(rows, key=lambda row: row[1])


# Performance record (履职档案) and duty minimums


@dataclass(frozen=True)
class RecordEntry:
    day: date
    category: str  # "session", "activity", "training", "report_back", "voter_contact"
    title: str
    detail: str
    url: str = ""


def performance_record(deputy, year):
    """The deputy's work in `year`, newest first: sessions attended, activities joined
    (trainings and report-backs marked as such) and voter contacts."""
    entries = []
    for attendance in SessionAttendance.objects.filter(
        deputy=deputy, session__start_date__year=year, status=AttendanceStatus.PRESENT
    ).select_related("session__term"):
        entries.append(
            RecordEntry(
                attendance.session.start_date,
                "session",
                str(attendance.session),
                attendance.session.place,
                reverse("session_detail", args=[attendance.session_id]),
            )
        )
    special = {ActivityKind.TRAINING: "training", ActivityKind.REPORT_BACK: "report_back"}
    for attendance in Attendance.objects.filter(
        deputy=deputy, activity__start_date__year=year, status=AttendanceStatus.PRESENT
    ).select_related("activity"):
        activity = attendance.activity
        entries.append(
            RecordEntry(
                activity.start_date,
                special.get(activity.kind, "activity"),
                activity.topic,
                f"{activity.get_kind_display()} · {activity.place}".rstrip(" ·"),
                reverse("activity_detail", args=[activity.pk]),
            )
        )
    for contact in VoterContact.objects.filter(deputy=deputy, date__year=year):
        entries.append(
            RecordEntry(
                contact.date,
                "voter_contact",
                contact.voters,
                contact.issues_raised,
                reverse("contact_detail", args=[contact.pk]),
            )
        )
    return sorted(entries, key=lambda e: e.day, reverse=True)


def record_summary(entries):
    """Counts per category of a performance record."""
    return Counter(entry.category for entry in entries)


def duty_metrics():
    """What a duty requirement may count: metric key → label."""
    metrics = {"sessions": _("sessions attended"), "voter_contacts": _("voter contacts recorded")}
    metrics.update({f"activity:{kind}": label for kind, label in ActivityKind.choices})
    return metrics


def _metric_dates(deputy, metric, year):
    """The dates on which the deputy did what `metric` counts, in `year`."""
    if metric == "sessions":
        return list(
            SessionAttendance.objects.filter(
                deputy=deputy, session__start_date__year=year, status=AttendanceStatus.PRESENT
            ).values_list("session__start_date", flat=True)
        )
    if metric == "voter_contacts":
        return list(
            VoterContact.objects.filter(deputy=deputy, date__year=year).values_list(
                "date", flat=True
            )
        )
    if metric.startswith("activity:"):
        return list(
            Attendance.objects.filter(
                deputy=deputy,
                status=AttendanceStatus.PRESENT,
                activity__kind=metric.split(":", 1)[1],
                activity__start_date__year=year,
            ).values_list("activity__start_date", flat=True)
        )
    raise ValueError(f"unknown duty metric {metric!r}")


@dataclass(frozen=True)
class DutyCheck:
    requirement: DutyRequirement
    done: int  # total count in the year
    periods_met: int
    periods_missed: int  # periods that ended short of the minimum
    periods_running: int  # a begun period not yet met but not over either

    @property
    def status(self):
        """ "missed" when a period ended short, "pending" while the running one is short,
        else "met"."""
        if self.periods_missed:
            return "missed"
        if self.periods_running or not self.periods_met:
            # Nothing begun yet (a year to come) is pending too, not met.
            return "pending"
        return "met"

    @property
    def periods_begun(self):
        return self.periods_met + self.periods_missed + self.periods_running


def duty_compliance(deputy, year, today):
    """Each requirement in force, checked in every period of `year` begun by `today`."""
    checks = []
    for requirement in DutyRequirement.objects.filter(active=True):
        dates = _metric_dates(deputy, requirement.metric, year)
        met = missed = running = 0
        for start, end in _periods(requirement.period, year):
            if start > today:
                continue
            if sum(1 for d in dates if start <= d <= end) >= requirement.minimum:
                met += 1
            elif end < today:
                missed += 1
            else:
                running += 1
        checks.append(DutyCheck(requirement, len(dates), met, missed, running))
    return checks


def _periods(period, year):
    if period == DutyRequirement.Period.YEAR:
        return [(date(year, 1, 1), date(year, 12, 31))]
    if period == DutyRequirement.Period.HALF:
        return [(date(year, 1, 1), date(year, 6, 30)), (date(year, 7, 1), date(year, 12, 31))]
    return [
        (date(year, m, 1), date(year, m, calendar.monthrange(year, m)[1])) for m in range(1, 13)
    ]


# The secretary's pages (roster, profile, groups, activities, petitions)


def deputy_profile(pk):
    """A deputy with seats, current group and stations prefetched (404 handled by the caller)."""
    return with_current_group(Deputy.objects.filter(pk=pk)).prefetch_related(
        Prefetch("stations", queryset=LiaisonStation.objects.order_by("name"))
    )


def group_history(deputy):
    return deputy.memberships.select_related("group").order_by("-start_date", "-pk")


def recent_attendance(deputy, limit=10):
    """The deputy's latest activities (any attendance status), newest first."""
    return (
        Attendance.objects.filter(deputy=deputy)
        .select_related("activity")
        .order_by("-activity__start_date", "-activity__pk")[:limit]
    )


def name_sort_key(name):
    """Sort 第二代表小组 before 第十代表小组: numbers (Arabic or Chinese) compare by value."""
    parts = re.split(r"(\d+|[零一二三四五六七八九十]+)", name)
    return [
        (0, int(p), "")
        if p.isdigit()
        else (0, parse_chinese_number(p), "")
        if p and p[0] in "零一二三四五六七八九十"
        else (1, 0, p)
        for p in parts
        if p
    ]


def groups_overview():
    """Every group with leader, liaison and `members`: its current members in office."""
    groups = list(
        DeputyGroup.objects.select_related("leader", "liaison").prefetch_related(
            Prefetch(
                "memberships",
                queryset=GroupMembership.objects.filter(
                    end_date__isnull=True, deputy__status=DeputyStatus.IN_OFFICE
                )
                .select_related("deputy")
                .order_by("deputy__stroke_key", "deputy_id"),
                to_attr="current_memberships",
            )
        )
    )
    for group in groups:
        group.members = [m.deputy for m in group.current_memberships]
    return sorted(groups, key=lambda g: name_sort_key(g.name))


def group_members(group):
    """Current members of the group (whatever their status), by surname strokes."""
    return with_current_group(
        Deputy.objects.filter(memberships__group=group, memberships__end_date__isnull=True)
    ).order_by("stroke_key", "pk")


def group_former_members(group):
    return (
        GroupMembership.objects.filter(group=group, end_date__isnull=False)
        .select_related("deputy")
        .order_by("-end_date")
    )


def deputies_for_checklist(*, day=None, include=(), level=None):
    """Deputies to tick on an attendance checklist: those in office on `day` (today by default),
    township deputies only when `level` is given, plus the ids in `include` (already recorded),
    each with its current group, ordered by group then surname strokes."""
    day = day or timezone.localdate()
    wanted = in_office_on(day)
    if level:
        wanted &= Q(seats__level=level)
    deputies = with_current_group(
        Deputy.objects.filter(wanted | Q(pk__in=list(include))).distinct()
    ).order_by("stroke_key", "pk")
    return sorted(
        deputies,
        key=lambda d: (
            current_group(d) is None,
            name_sort_key(getattr(current_group(d), "name", "")),
            d.stroke_key,
            d.pk,
        ),
    )


def activity_detail(pk):
    return (
        Activity.objects.select_related("group", "station", "created_by")
        .prefetch_related(
            Prefetch(
                "attendances",
                queryset=Attendance.objects.select_related("deputy").order_by(
                    "status", "deputy__stroke_key", "deputy_id"
                ),
            ),
            "attachments",
        )
        .filter(pk=pk)
    )


def activity_years():
    return [d.year for d in Activity.objects.dates("start_date", "year", order="DESC")]


def petitions_list(*, status=None):
    petitions = Petition.objects.select_related("deputy")
    if status:
        petitions = petitions.filter(status=status)
    return petitions


# Public pages (no login): only what a deputy's public role needs is read at all: name, photo,
# district, group. Phone numbers, ID numbers, birth dates and workplaces never leave the database.

PUBLIC_DEPUTY_FIELDS = ("pk", "name", "photo", "district")


def public_deputies():
    """The deputies the public directory lists (its photos are public too): those in office
    today, as `headcount` counts them."""
    return Deputy.objects.filter(in_office_on(timezone.localdate()))


def public_directory(*, group_id=None):
    """Deputies in office by surname strokes, each with `public_group` and the stations where
    they receive voters (`public_stations`, name only), optionally of one group."""
    stations = Prefetch(
        "stations",
        queryset=LiaisonStation.objects.only("pk", "name").order_by("name"),
        to_attr="public_stations",
    )
    deputies = with_current_group(public_deputies().only(*PUBLIC_DEPUTY_FIELDS))
    deputies = deputies.prefetch_related(stations)
    if group_id:
        deputies = deputies.filter(
            memberships__group_id=group_id, memberships__end_date__isnull=True
        )
    deputies = list(deputies.order_by("stroke_key", "pk"))
    for deputy in deputies:
        deputy.public_group = current_group(deputy)
    return deputies


def public_stations(today, count):
    """Stations with their next reception days and resident deputies in office by name only
    (`public_residents`)."""
    station_list = stations_with_next_days(today, count)
    residents = Prefetch(
        "resident_deputies",
        queryset=Deputy.objects.filter(status=DeputyStatus.IN_OFFICE)
        .only("pk", "name")
        .order_by("stroke_key", "pk"),
        to_attr="public_residents",
    )
    prefetch_related_objects(station_list, residents)
    return station_list
