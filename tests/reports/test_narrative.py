from datetime import date

import pytest

from reports import figures, narrative
from tests.factories import DistrictFactory, ElectionFactory


@pytest.mark.parametrize("kind", ["annual", "half", "congress"])
def test_drafts_cite_figures_by_known_tokens_only(township_2024, kind):
    DistrictFactory(election=ElectionFactory(election_day=date(2024, 3, 15)))
    snapshot = figures.collect(*figures.period_for(kind, 2024))
    for part, text in narrative.draft(kind, snapshot):
        assert narrative.unknown_tokens(text) == [], part.key
        # No number is written into the narrative itself: every digit comes from a token.
        assert not any(char.isdigit() for char in narrative.TOKEN.sub("", text)), part.key


def test_draft_fills_the_figures_of_the_year(township_2024):
    snapshot = figures.collect(*figures.period_for("annual", 2024))
    text = {
        part.key: narrative.fill(text, snapshot["values"])
        for part, text in narrative.draft("annual", snapshot)
    }
    assert "全镇共有镇人大代表5名，其中女代表2名、中共党员代表4名、少数民族代表1名" in text["basic"]
    assert "办结率50.0%" in text["proposals"]
    assert "（一）组织代表视察。报告期内组织代表视察2次" in text["supervision"]
    # No law-enforcement check in 2024: that paragraph is left out and the next is （三）.
    assert "执法检查0次" not in text["supervision"]
    assert "（二）开展专题调研" in text["supervision"]
    assert [p.key for p in narrative.outline("annual")][-1] == "plans"


def test_half_year_plans_the_second_half(db):
    snapshot = figures.collect(*figures.period_for("half", 2024))
    parts = dict(narrative.draft("half", snapshot))
    plans = next(part for part in parts if part.key == "plans")
    assert str(plans.heading) == "下半年工作安排"
    assert parts[plans].startswith("下半年")


def test_fill_and_unknown_tokens():
    values = {"deputies": "52", "closed_rate": "93.5", "on_time_rate": "—"}
    assert narrative.fill("代表{代表总数}名，办结率{办结率}，按期{按期答复率}", values) == (
        "代表52名，办结率93.5%，按期—"
    )
    assert narrative.unknown_tokens("{代表总数}{代表人数}{代表人数}{办结}") == ["代表人数", "办结"]
