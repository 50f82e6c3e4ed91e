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
from itertools import groupby

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from assembly.models import ItemKind
from assembly.selectors import decisions_in
from congress import selectors as congress_selectors
from congress.law import Rate
from congress.text import place_word, post_words
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
from elections.models import CongressPost, Contest, Election, Office
from elections.selectors import election_statistics
from intake.selectors import opinion_figures
from oversight.selectors import oversight_figures
from proposals import selectors as proposals_selectors
from proposals.models import ReplyCategory

DASH = "—"


@dataclass(frozen=True)
class Figure:
    key: str
    label: str  # printed in the key-figures table and written as {label} in the narrative
    unit: str


def _figures(*rows):
    return {key: Figure(key, label, unit) for key, label, unit in rows}


PERSONS, ITEMS, TIMES, COUNT, PERSON_TIMES, PERCENT, ENTRIES = (
    pgettext_lazy("unit", "persons"),
    pgettext_lazy("unit", "items"),
    pgettext_lazy("unit", "times"),
    pgettext_lazy("unit", "units (count)"),
    pgettext_lazy("unit", "person-times"),
    "%",
    pgettext_lazy("unit", "entries"),
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
# Added to the table, each row only when the period holds its records (no row, not a zero):
# what the sessions decided (assembly, elections by the congress) and the oversight the
# deputies vote on (livelihood projects, evaluations of offices, report-back ratings).
OPTIONAL_FIGURES = _figures(
    ("reports_approved", pgettext_lazy("figure", "Reports approved by the sessions"), ITEMS),
    ("resolutions_adopted", pgettext_lazy("figure", "Resolutions and decisions adopted"), ITEMS),
    ("leaders_elected", pgettext_lazy("figure", "Leaders elected by the sessions"), PERSONS),
    ("projects_chosen", pgettext_lazy("figure", "Livelihood projects chosen by vote"), ITEMS),
    ("projects_completed", pgettext_lazy("figure", "Livelihood projects completed"), ITEMS),
    (
        "projects_satisfaction",
        pgettext_lazy("figure", "Livelihood projects satisfaction rate"),
        PERCENT,
    ),
    ("offices_evaluated", pgettext_lazy("figure", "Offices evaluated"), COUNT),
    ("report_back_rated", pgettext_lazy("figure", "Deputies rated by voters"), PERSONS),
    (
        "report_back_average",
        pgettext_lazy("figure", "Average rating of deputies' reports"),
        PERCENT,
    ),
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
    # What the sessions decided, from their agenda (only when recorded there).
    ("approved_list", pgettext_lazy("figure", "Approved by the sessions"), ""),
    ("resolutions_list", pgettext_lazy("figure", "Resolutions adopted by the sessions"), ""),
    ("elected_list", pgettext_lazy("figure", "Elected by the sessions"), ""),
    ("by_elected_list", pgettext_lazy("figure", "By-elected by the sessions"), ""),
    ("resignations_list", pgettext_lazy("figure", "Resignations accepted by the sessions"), ""),
    ("recalls_list", pgettext_lazy("figure", "Posts recalled by the sessions"), ""),
    # Oversight (only when the period holds such records).
    ("offices_list", pgettext_lazy("figure", "Offices evaluated by name"), ""),
    ("office_rates", pgettext_lazy("figure", "Satisfaction rates of the offices"), ""),
    # Voters' opinions through the deputies' and stations' codes (only when some came in).
    ("opinions_received", pgettext_lazy("figure", "Voters' opinions received"), ENTRIES),
    ("opinions_answered", pgettext_lazy("figure", "Voters' opinions answered"), ENTRIES),
    ("opinions_suggestions", pgettext_lazy("figure", "Opinions turned into suggestions"), ITEMS),
    ("opinions_answered_rate", pgettext_lazy("figure", "Opinions answered rate"), PERCENT),
    ("opinions_satisfaction", pgettext_lazy("figure", "Voters' satisfaction rate"), PERCENT),
)
MORE_KIND_FIGURES = {
    ActivityKind.HEARING: "hearings",
    ActivityKind.EVALUATION: "evaluations",
    ActivityKind.SITTING_IN: "sitting_in",
    ActivityKind.RECEPTION: "receptions",
    ActivityKind.HOME_VISIT: "home_visits",
    ActivityKind.FORUM: "forums",
}
ALL_FIGURES = {**KEY_FIGURES, **ELECTION_FIGURES, **OPTIONAL_FIGURES, **OTHER_FIGURES}
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


# Agenda titles often name the step (听取和审议…工作报告): the narrative writes the verb itself.
TITLE_VERBS = (
    "听取和审议",
    "审查和批准",
    "审议和批准",
    "审议批准",
    "审查批准",
    "听取",
    "审议",
    "审查",
    "批准",
)
# Items the sessions hear and approve; resignations and recalls, each in their own words; the
# rest of the decided items are resolutions and decisions (motions).
HEARD_KINDS = {ItemKind.REPORT}
APPROVED_KINDS = {ItemKind.BUDGET, ItemKind.FINAL_ACCOUNTS}
RESIGNATION_KINDS = {ItemKind.RESIGNATION, ItemKind.SEAT_RESIGNATION}
PERSON_KINDS = RESIGNATION_KINDS | {ItemKind.RECALL}


def _object_of(title):
    """An agenda title without the step it names: 听取和审议镇人民政府工作报告 → 镇人民政府工作报告."""
    for verb in TITLE_VERBS:
        if title.startswith(verb) and len(title) > len(verb):
            return title[len(verb) :]
    return title


def _unique(items):
    return list(dict.fromkeys(items))


def _congress(start, end):
    sessions = list(
        congress_selectors.sessions_list()
        .filter(start_date__gte=start, start_date__lte=end)
        .order_by("start_date")
    )
    meetings = (
        congress_selectors.meetings_list().filter(date__gte=start, date__lte=end).order_by().count()
    )
    decided = decisions_in(start, end)
    with_agenda = {item.session_id for item in decided}
    # A session with agenda records is cited from them; one without, from its free text.
    reports = []
    for session in sessions:
        if session.pk in with_agenda:
            reports.extend(
                _object_of(i.title)
                for i in decided
                if i.session_id == session.pk and i.kind in HEARD_KINDS
            )
        else:
            reports.extend(session.report_list)
    township = congress_selectors.township_name()
    values = {
        "township": township,
        "sessions": str(len(sessions)),
        "meetings": str(meetings),
        "session_list": "；".join(
            _("%(session)s held on %(date)s") % {"date": _month_day(s.start_date), "session": s}
            for s in sessions
        ),
    }
    values.update(_decisions(decided, township))
    # A report the sessions approved is named once, where it was approved.
    approved = set(values.get("approved_list", "").split("、"))
    values["reports_heard"] = "、".join(r for r in _unique(reports) if r not in approved)
    values.update(_elected(start, end, township))
    return values


def _decisions(decided, township):
    """The decided items' figures: reports approved, resolutions adopted, resignations accepted
    and posts recalled (each present when the sessions decided items of its kinds), and the
    titles and names the narrative cites."""
    values = {}
    reports = [i for i in decided if i.kind in HEARD_KINDS | APPROVED_KINDS]
    others = [i for i in decided if i.kind not in HEARD_KINDS | APPROVED_KINDS | PERSON_KINDS]
    if reports:
        values["reports_approved"] = str(sum(i.adopted for i in reports))
        approved = [_object_of(i.title) for i in reports if i.adopted and i.kind in APPROVED_KINDS]
        values["approved_list"] = "、".join(_unique(approved))
    if others:
        values["resolutions_adopted"] = str(sum(i.adopted for i in others))
        values["resolutions_list"] = "、".join(
            _unique(_object_of(i.title) for i in others if i.adopted)
        )
    place = place_word(township)
    # 接受了王芳辞去副镇长职务、张伟辞去镇人大代表职务的请求; 罢免了李四的副镇长职务.
    resigned = [
        f"{i.person}辞去{post_words(i.post, place)}职务"
        for i in decided
        if i.adopted and i.kind in RESIGNATION_KINDS
    ]
    recalled = [
        f"{i.person}的{post_words(i.post, place)}职务"
        for i in decided
        if i.adopted and i.kind == ItemKind.RECALL
    ]
    if resigned:
        values["resignations_list"] = "、".join(resigned)
    if recalled:
        values["recalls_list"] = "、".join(recalled)
    return values


def _elected(start, end, township):
    """Who the sessions elected in the period (by the date of the vote that elected them), as
    the summaries write them: 镇人大主席甲、镇长乙、副镇长丙、丁; those of a by-election (补选,
    Organic Law art. 30) apart, as the summaries say it in their own words."""
    offices = list(
        Office.objects.filter(elected_in__held_on__gte=start, elected_in__held_on__lte=end)
        .order_by()
        .values_list("post", "name", "elected_in__held_on", "pk", "elected_in__contest__kind")
    )
    if not offices:
        return {}
    order = {value: rank for rank, value in enumerate(CongressPost.values)}
    offices.sort(key=lambda row: (order[row[0]], row[2], row[3]))
    place = place_word(township)
    values = {"leaders_elected": str(len(offices))}
    for key, rows in (
        ("elected_list", [row for row in offices if row[4] != Contest.Kind.BY_ELECTION]),
        ("by_elected_list", [row for row in offices if row[4] == Contest.Kind.BY_ELECTION]),
    ):
        names = []
        for post, group in groupby(rows, key=lambda row: row[0]):
            people = [row[1] for row in group]
            names.append(post_words(post, place) + people[0])
            names.extend(people[1:])
        if names:
            values[key] = "、".join(names)
    return values


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


def _oversight(start, end):
    """Livelihood projects, evaluations of offices and report-back ratings: only the figures
    whose records the period holds (oversight.selectors.oversight_figures)."""
    found = oversight_figures(start, end)
    values = {}
    for key in ("projects_chosen", "projects_completed"):
        if key in found:
            values[key] = str(found[key])
    if "projects_satisfaction" in found:
        values["projects_satisfaction"] = _rate(found["projects_satisfaction"])
    if "offices_evaluated" in found:
        rows = found["offices_evaluated"]
        values["offices_evaluated"] = str(found["offices_evaluated_count"])
        values["offices_list"] = "、".join(_unique(name for name, _rate_, _passed in rows))
        values["office_rates"] = "、".join(
            f"{name}{rate.percent}%"
            for name, rate, _passed in rows
            if rate is not None and rate.percent is not None
        )
    if "report_back_deputies" in found:
        values["report_back_rated"] = str(found["report_back_deputies"])
        if "report_back_average" in found:
            values["report_back_average"] = str(found["report_back_average"])
    return values


def _opinions(start, end):
    """Voters' opinions through the codes, when some came in during the period."""
    found = opinion_figures(start, end)
    if not found.received:
        return {}
    values = {
        "opinions_received": str(found.received),
        "opinions_answered": str(found.answered),
        "opinions_suggestions": str(found.suggestions),
        "opinions_answered_rate": _rate(found.answered_rate),
    }
    if found.rated:
        values["opinions_satisfaction"] = _rate(found.satisfaction_rate)
    return values


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
    values.update(_oversight(start, end))
    values.update(_opinions(start, end))
    return {
        "values": values,
        "tables": {**deputy_tables, **proposal_tables},
        "election": bool(election_values),
    }


def key_figures(snapshot):
    """Rows (label, value, unit) of the key-figures table: election rows when there was one,
    and each optional row whose figure the period holds."""
    figures = list(KEY_FIGURES.values())
    if snapshot["election"]:
        figures += list(ELECTION_FIGURES.values())
    figures += [f for f in OPTIONAL_FIGURES.values() if f.key in snapshot["values"]]
    return [(str(f.label), snapshot["values"].get(f.key, DASH), str(f.unit)) for f in figures]


def changes(old, new):
    """Figures whose printed value differs between two snapshots: (label, old, new)."""
    old_values, new_values = old.get("values", {}), new["values"]
    return [
        (str(figure.label), old_values.get(key, DASH), new_values.get(key, DASH))
        for key, figure in ALL_FIGURES.items()
        if old_values.get(key, DASH) != new_values.get(key, DASH)
    ] + ([(str(_("Appendix tables")), "", "")] if old.get("tables") != new["tables"] else [])
