"""The figures of a work summary, taken from the other apps' selectors for one period.

`collect(start, end)` returns a JSON-ready snapshot: `values` (each figure's printed value,
keyed by its English key), `tables` (the appendices) and `election` (whether the period holds
an election day). A report keeps the snapshot it was drafted from; the narrative cites figures
by label ({代表总数}) and the key-figures table lists KEY_FIGURES, so a number is never typed.
The counting rules are the other apps' own (an item by its submission date, an activity by its
date, deputies in office at the period end); this module only names and prints them.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from congress import selectors as congress_selectors
from deputies import selectors as deputies_selectors
from deputies.models import (
    ActivityKind,
    DeputyGroup,
    Education,
    Gender,
    LiaisonStation,
    Occupation,
    Organiser,
    Party,
    Petition,
    VoterContact,
)
from elections.models import Election
from elections.selectors import election_statistics
from proposals import selectors as proposals_selectors
from proposals.models import ReplyCategory
from proposals.selectors import Rate

DASH = "—"


@dataclass(frozen=True)
class Figure:
    key: str
    label: str  # printed in the key-figures table and written as {label} in the narrative
    unit: str


def _figures(*rows):
    return {key: Figure(key, label, unit) for key, label, unit in rows}


PERSONS, ITEMS, TIMES, COUNT, PERSON_TIMES, PERCENT = (
    pgettext_lazy("unit", "persons"),
    pgettext_lazy("unit", "items"),
    pgettext_lazy("unit", "times"),
    pgettext_lazy("unit", "units (count)"),
    pgettext_lazy("unit", "person-times"),
    "%",
)

# The key-figures table (主要数据) in the order and with the labels of domain guide §5.
KEY_FIGURES = _figures(
    ("deputies", pgettext_lazy("figure", "Total deputies"), PERSONS),
    ("groups", pgettext_lazy("figure", "Deputy groups"), COUNT),
    ("stations", pgettext_lazy("figure", "Liaison stations (points)"), COUNT),
    ("sessions", pgettext_lazy("figure", "Sessions of the congress held"), TIMES),
    ("meetings", pgettext_lazy("figure", "Presidium meetings held"), TIMES),
    ("motions", pgettext_lazy("figure", "Motions received"), ITEMS),
    ("suggestions", pgettext_lazy("figure", "Suggestions received"), ITEMS),
    ("between_sessions", pgettext_lazy("figure", "of which between sessions"), ITEMS),
    ("assigned", pgettext_lazy("figure", "Assigned"), ITEMS),
    ("replied", pgettext_lazy("figure", "Replied"), ITEMS),
    ("closed", pgettext_lazy("figure", "Closed"), ITEMS),
    ("closed_rate", pgettext_lazy("figure", "Closed rate"), PERCENT),
    ("on_time_rate", pgettext_lazy("figure", "On-time reply rate"), PERCENT),
    ("satisfied_rate", pgettext_lazy("figure", "Satisfaction rate"), PERCENT),
    ("inspections", pgettext_lazy("figure", "Inspections organised"), TIMES),
    ("investigations", pgettext_lazy("figure", "Investigations organised"), TIMES),
    ("enforcement_checks", pgettext_lazy("figure", "Law-enforcement checks"), TIMES),
    ("trainings", pgettext_lazy("figure", "Deputy trainings"), TIMES),
    ("participants", pgettext_lazy("figure", "Deputies taking part in activities"), PERSON_TIMES),
    ("voters_received", pgettext_lazy("figure", "Voters received"), PERSON_TIMES),
    ("report_backs", pgettext_lazy("figure", "Deputies reporting to voters"), PERSONS),
)
# Added to the table when an election day falls in the period.
ELECTION_FIGURES = _figures(
    ("districts", pgettext_lazy("figure", "Electoral districts"), COUNT),
    ("registered", pgettext_lazy("figure", "Registered voters"), PERSONS),
    ("voted", pgettext_lazy("figure", "Voters who voted"), PERSONS),
    ("turnout", pgettext_lazy("figure", "Turnout"), PERCENT),
    ("elected", pgettext_lazy("figure", "Deputies elected"), PERSONS),
)
# Figures the narrative cites beside the key figures.
KIND_FIGURES = {
    ActivityKind.INSPECTION: "inspections",
    ActivityKind.INVESTIGATION: "investigations",
    ActivityKind.ENFORCEMENT_CHECK: "enforcement_checks",
    ActivityKind.TRAINING: "trainings",
}
OTHER_FIGURES = _figures(
    ("township", pgettext_lazy("figure", "Township"), ""),
    ("period", pgettext_lazy("figure", "Period"), ""),
    ("period_end", pgettext_lazy("figure", "End of the period"), ""),
    ("women", pgettext_lazy("figure", "Women deputies"), PERSONS),
    ("cpc", pgettext_lazy("figure", "CPC member deputies"), PERSONS),
    ("minority", pgettext_lazy("figure", "Ethnic minority deputies"), PERSONS),
    ("session_list", pgettext_lazy("figure", "Sessions held"), ""),
    ("reports_heard", pgettext_lazy("figure", "Reports heard"), ""),
    ("hearings", pgettext_lazy("figure", "Special inquiries"), TIMES),
    ("evaluations", pgettext_lazy("figure", "Work evaluations"), TIMES),
    ("sitting_in", pgettext_lazy("figure", "Sittings in"), TIMES),
    ("receptions", pgettext_lazy("figure", "Voter reception days"), TIMES),
    ("home_visits", pgettext_lazy("figure", "Home visits"), TIMES),
    ("forums", pgettext_lazy("figure", "Forums"), TIMES),
    ("training_hours", pgettext_lazy("figure", "Training hours"), pgettext_lazy("unit", "hours")),
    ("group_activities", pgettext_lazy("figure", "Group activities"), TIMES),
    ("station_activities", pgettext_lazy("figure", "Station activities"), TIMES),
    ("issues_found", pgettext_lazy("figure", "Issues found in supervision"), ITEMS),
    ("issues_rectified", pgettext_lazy("figure", "Issues rectified"), ITEMS),
    ("voter_contacts", pgettext_lazy("figure", "Voter contacts recorded"), TIMES),
    ("petitions", pgettext_lazy("figure", "Petitions received"), ITEMS),
    ("units", pgettext_lazy("figure", "Handling units"), COUNT),
    ("replied_rate", pgettext_lazy("figure", "Reply rate"), PERCENT),
    ("solved_rate", pgettext_lazy("figure", "Solved rate"), PERCENT),
    ("late_replies", pgettext_lazy("figure", "Replies after the deadline"), ITEMS),
    ("category_a", pgettext_lazy("figure", "Category A replies"), ITEMS),
    ("category_b", pgettext_lazy("figure", "Category B replies"), ITEMS),
    ("category_c", pgettext_lazy("figure", "Category C replies"), ITEMS),
    ("category_d", pgettext_lazy("figure", "Category D replies"), ITEMS),
    ("solved_examples", pgettext_lazy("figure", "Examples solved"), ""),
)
MORE_KIND_FIGURES = {
    ActivityKind.HEARING: "hearings",
    ActivityKind.EVALUATION: "evaluations",
    ActivityKind.SITTING_IN: "sitting_in",
    ActivityKind.RECEPTION: "receptions",
    ActivityKind.HOME_VISIT: "home_visits",
    ActivityKind.FORUM: "forums",
}
ALL_FIGURES = {**KEY_FIGURES, **ELECTION_FIGURES, **OTHER_FIGURES}
# How many solved items the narrative names as examples.
EXAMPLES = 3


def by_label():
    """{label: figure} in the active language, for reading {label} tokens."""
    return {str(figure.label): figure for figure in ALL_FIGURES.values()}


def period_for(kind, year):
    """The period a summary of `kind` covers: the first half for a half-year summary, else the
    year (a work report read at a session reviews the year before it)."""
    if kind == "half":
        return date(year, 1, 1), date(year, 6, 30)
    return date(year, 1, 1), date(year, 12, 31)


def _rate(rate):
    return DASH if rate.percent is None else str(rate.percent)


def _share(part, whole):
    return _rate(Rate(part, whole, ""))


def category_rows(stats):
    """[category, items, share of the categorised items] per reply category (A–D): the
    summaries' appendix table and chart, and the dashboard's chart."""
    categorised = sum(stats.by_category.values())
    return [
        [
            str(label),
            stats.by_category.get(value, 0),
            _share(stats.by_category.get(value, 0), categorised),
        ]
        for value, label in ReplyCategory.choices
    ]


def _period_label(start, end):
    if start.month == 1 and start.day == 1 and end == date(start.year, 12, 31):
        return _("%(year)s") % {"year": start.year}
    if start.month == 1 and start.day == 1 and end == date(start.year, 6, 30):
        return _("the first half of %(year)s") % {"year": start.year}
    return _("%(start)s to %(end)s") % {"start": _day(start), "end": _day(end)}


def _day(day):
    return _("%(month)s/%(day)s/%(year)s") % {"year": day.year, "month": day.month, "day": day.day}


def _month_day(day):
    return _("%(month)s/%(day)s") % {"month": day.month, "day": day.day}


def _congress(start, end):
    sessions = list(
        congress_selectors.sessions_list()
        .filter(start_date__gte=start, start_date__lte=end)
        .order_by("start_date")
    )
    meetings = (
        congress_selectors.meetings_list().filter(date__gte=start, date__lte=end).order_by().count()
    )
    reports = []
    for session in sessions:
        reports.extend(r for r in session.report_list if r not in reports)
    profile = congress_selectors.township_profile()
    return {
        "township": profile.name if profile else "",
        "sessions": str(len(sessions)),
        "meetings": str(meetings),
        "session_list": "；".join(
            _("%(session)s held on %(date)s") % {"date": _month_day(s.start_date), "session": s}
            for s in sessions
        ),
        "reports_heard": "、".join(reports),
    }


def _deputies(start, end):
    composition = deputies_selectors.composition(end)
    counts = deputies_selectors.activity_counts(start, end)
    activities = deputies_selectors.activities_in(start, end)
    organisers = Counter(activities.values_list("organiser", flat=True))
    issues = deputies_selectors.supervision_issues(start, end)
    values = {
        "deputies": str(composition.total),
        "groups": str(DeputyGroup.objects.count()),
        "stations": str(LiaisonStation.objects.count()),
        "women": str(composition.gender[Gender.FEMALE]),
        "cpc": str(composition.party[Party.CPC]),
        "minority": str(composition.minority),
        "participants": str(deputies_selectors.participant_person_times(start, end)),
        "voters_received": str(deputies_selectors.voters_received(start, end)),
        "report_backs": str(deputies_selectors.report_backs(start, end)),
        "training_hours": _hours(deputies_selectors.training_hours(start, end)),
        "group_activities": str(organisers[Organiser.GROUP]),
        "station_activities": str(organisers[Organiser.STATION]),
        "issues_found": str(issues["found"]),
        "issues_rectified": str(issues["rectified"]),
        "voter_contacts": str(VoterContact.objects.filter(date__gte=start, date__lte=end).count()),
        "petitions": str(
            Petition.objects.filter(received_date__gte=start, received_date__lte=end).count()
        ),
    }
    for kind, key in {**KIND_FIGURES, **MORE_KIND_FIGURES}.items():
        values[key] = str(counts[kind])
    person_times = deputies_selectors.participant_person_times_by_kind(start, end)
    tables = {
        "composition": _composition_table(composition),
        "activities": [
            [str(label), counts[kind], person_times.get(kind, 0)]
            for kind, label in ActivityKind.choices
        ],
    }
    return values, tables


def _hours(value):
    return str(value.normalize()) if value is not None else "0"


def _composition_table(composition):
    """Groups of rows [label, count, share %] (shares of the deputies in office)."""
    total = composition.total

    def rows(counter, choices):
        return [
            [str(label), counter[value], _share(counter[value], total)] for value, label in choices
        ]

    return [
        [str(_("Gender")), rows(composition.gender, Gender.choices)],
        [str(_("Party")), rows(composition.party, Party.choices)],
        [
            str(_("Ethnicity")),
            [
                [
                    str(_("ethnic minority")),
                    composition.minority,
                    _share(composition.minority, total),
                ]
            ],
        ],
        [str(_("Education")), rows(composition.education, Education.choices)],
        [
            str(_("Age")),
            [
                [
                    str(label),
                    composition.age[str(label)],
                    _share(composition.age[str(label)], total),
                ]
                for _bound, label in deputies_selectors.AGE_BANDS
            ],
        ],
        [str(_("Occupation")), rows(composition.occupation, Occupation.choices)],
    ]


def _proposals(start, end):
    # The summaries table the units only; the other breakdowns would be counted for nothing.
    stats = proposals_selectors.handling_stats(start, end, breakdowns=("unit",))
    rates = stats.rates
    examples = list(
        proposals_selectors.solved_examples(start, end)[:EXAMPLES].values_list("title", flat=True)
    )
    values = {
        "motions": str(stats.received_motions),
        "suggestions": str(stats.received_suggestions),
        "between_sessions": str(stats.between_sessions),
        "assigned": str(stats.assigned),
        "replied": str(stats.replied),
        "closed": str(stats.closed),
        "closed_rate": _rate(rates["closed"]),
        "on_time_rate": _rate(rates["on_time"]),
        "satisfied_rate": _rate(rates["satisfied"]),
        "replied_rate": _rate(rates["replied"]),
        "solved_rate": _rate(rates["solved"]),
        "late_replies": str(rates["on_time"].denominator - rates["on_time"].numerator),
        "units": str(len(stats.by_unit)),
        "solved_examples": "、".join(f"“{title}”" for title in examples),
    }
    for category in "ABCD":
        values[f"category_{category.lower()}"] = str(stats.by_category[category])
    tables = {
        "categories": category_rows(stats),
        "units": [
            [row["unit__name"], row["n"], row["closed"], _share(row["closed"], row["n"])]
            for row in stats.by_unit
        ],
    }
    return values, tables


def _elections(start, end):
    """Figures of the elections whose election day falls in the period (usually none or one)."""
    elections = Election.objects.filter(election_day__gte=start, election_day__lte=end)
    totals = Counter()
    for election in elections:
        statistics = election_statistics(election)
        for key in ("districts", "registered", "voted", "elected"):
            totals[key] += statistics[key] or 0
    if not elections:
        return {}
    return {
        "districts": str(totals["districts"]),
        "registered": str(totals["registered"]),
        "voted": str(totals["voted"]),
        "turnout": _share(totals["voted"], totals["registered"]),
        "elected": str(totals["elected"]),
    }


def collect(start, end):
    """The snapshot of the period's figures (see the module's docstring)."""
    values = {"period": str(_period_label(start, end)), "period_end": str(_day(end))}
    values.update(_congress(start, end))
    deputy_values, deputy_tables = _deputies(start, end)
    proposal_values, proposal_tables = _proposals(start, end)
    election_values = _elections(start, end)
    values.update(deputy_values)
    values.update(proposal_values)
    values.update(election_values)
    return {
        "values": values,
        "tables": {**deputy_tables, **proposal_tables},
        "election": bool(election_values),
    }


def key_figures(snapshot):
    """Rows (label, value, unit) of the key-figures table, election rows when there was one."""
    figures = list(KEY_FIGURES.values())
    if snapshot["election"]:
        figures += list(ELECTION_FIGURES.values())
    return [(str(f.label), snapshot["values"].get(f.key, DASH), str(f.unit)) for f in figures]


def changes(old, new):
    """Figures whose printed value differs between two snapshots: (label, old, new)."""
    old_values, new_values = old.get("values", {}), new["values"]
    return [
        (str(figure.label), old_values.get(key, DASH), new_values.get(key, DASH))
        for key, figure in ALL_FIGURES.items()
        if old_values.get(key, DASH) != new_values.get(key, DASH)
    ] + ([(str(_("Appendix tables")), "", "")] if old.get("tables") != new["tables"] else [])
