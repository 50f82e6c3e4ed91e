from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from deputies import selectors as deputies_selectors
from proposals import selectors as proposals_selectors
from reports import figures
from tests.factories import ActivityFactory, DistrictFactory, ElectionFactory
from tests.reports.township import EXPECTED_2024

YEAR = figures.period_for("annual", 2024)


def test_key_figures_of_a_hand_counted_year(township_2024):
    snapshot = figures.collect(*YEAR)
    rows = figures.key_figures(snapshot)
    assert {label: value for label, value, _unit in rows} == EXPECTED_2024
    # Exactly the labels and units of the domain guide, in its order; no election rows.
    assert [label for label, _v, _u in rows] == list(EXPECTED_2024)
    assert dict((label, unit) for label, _v, unit in rows)["参加活动代表"] == "人次"
    assert dict((label, unit) for label, _v, unit in rows)["办结率"] == "%"


def test_figures_are_the_selectors_numbers(township_2024):
    values = figures.collect(*YEAR)["values"]
    stats = proposals_selectors.handling_stats(*YEAR)
    assert values["deputies"] == str(deputies_selectors.deputies_in_office_count(YEAR[1]))
    assert values["closed_rate"] == str(stats.rates["closed"].percent)
    assert values["participants"] == str(deputies_selectors.participant_person_times(*YEAR))


def test_half_year_counts_only_the_first_half(township_2024):
    values = figures.collect(*figures.period_for("half", 2024))["values"]
    assert figures.period_for("half", 2024) == (date(2024, 1, 1), date(2024, 6, 30))
    assert values["sessions"] == "1"
    assert values["suggestions"] == "2"
    assert values["inspections"] == "2"
    assert values["report_backs"] == "0"
    assert values["period"] == "2024年上半年"


def test_narrative_figures(township_2024):
    values = figures.collect(*YEAR)["values"]
    assert values["women"] == "2"
    assert values["minority"] == "1"
    assert values["cpc"] == "4"
    assert values["training_hours"] == "3.5"
    assert values["reports_heard"] == "政府工作报告、财政预算报告"
    assert values["solved_examples"] == "“关于修缮河东村道的建议”"
    assert values["session_list"].startswith("1月10日召开第十八届人民代表大会")


def test_zero_denominators_print_a_dash(db):
    values = figures.collect(*YEAR)["values"]
    assert values["closed_rate"] == values["satisfied_rate"] == "—"
    assert values["deputies"] == "0"


def test_election_rows_only_when_an_election_day_falls_in_the_period(db):
    DistrictFactory(election=ElectionFactory(election_day=date(2024, 11, 15)), seats=3)
    with_election = figures.key_figures(figures.collect(*YEAR))
    labels = [label for label, _v, _u in with_election]
    assert labels[-5:] == ["选区", "登记选民", "参加投票选民", "参选率", "当选代表"]
    assert dict((label, v) for label, v, _u in with_election)["选区"] == "1"
    assert dict((label, v) for label, v, _u in with_election)["参选率"] == "—"
    half = figures.key_figures(figures.collect(*figures.period_for("half", 2024)))
    assert "选区" not in [label for label, _v, _u in half]


def test_changes_name_the_figures_that_moved(township_2024):
    before = figures.collect(*YEAR)
    ActivityFactory(start_date=date(2024, 12, 1))
    after = figures.collect(*YEAR)
    changed = figures.changes(before, after)
    assert ("组织视察", "2", "3") in changed
    assert figures.changes(after, figures.collect(*YEAR)) == []


@pytest.mark.django_db
def test_queries_do_not_grow_with_the_data(township_2024):
    with CaptureQueriesContext(connection) as small:
        figures.collect(*YEAR)
    for day in range(1, 20):
        ActivityFactory(start_date=date(2024, 10, day))
    with CaptureQueriesContext(connection) as large:
        figures.collect(*YEAR)
    assert len(large) == len(small)
