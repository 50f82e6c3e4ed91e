"""Import and export of candidate projects and of ballot counts with real .xlsx files."""

import io

import pytest
from openpyxl import Workbook, load_workbook

from congress.models import TownshipProfile
from congress.spreadsheets import export_file, import_file
from oversight.models import Project, VoteRound
from tests.factories import UnitFactory
from tests.oversight.helpers import project_year

pytestmark = pytest.mark.django_db


def xlsx(rows):
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


PROJECT_HEADER = ["年度", "项目名称", "项目内容", "预算(万元)", "牵头单位", "计划节点"]
VOTE_HEADER = ["年度", "轮次", "表决日期", "发出票数", "收回票数", "无效票数", "项目名称", "得票数"]


def test_candidates_import_and_export_round_trip(secretary):
    year, _projects = project_year(secretary, titles=())
    TownshipProfile.objects.create(pk=1, name="青山镇", county="云溪县")
    UnitFactory(name="国土所")
    data = xlsx(
        [
            PROJECT_HEADER,
            [
                2025,
                "道路硬化",
                "硬化4公里",
                "320",
                "青山镇国土所",
                "2025-06-30 完成设计；2025-10-31 竣工",
            ],
            [2025, "饮水工程", "", 260, "国土所", ""],
        ]
    )
    report = import_file("projects", data, "候选项目.xlsx", actor=secretary)
    assert report.ok, [str(e) for e in report.errors]
    assert report.new == 2
    road = Project.objects.get(title="道路硬化")
    assert road.lead_unit.name == "国土所" and str(road.budget) == "320.00"
    assert [m.title for m in road.milestones.all()] == ["完成设计", "竣工"]
    exported = export_file("projects", "projects.xlsx")
    sheet = load_workbook(io.BytesIO(exported)).active
    assert [c.value for c in sheet[1]] == PROJECT_HEADER
    again = import_file("projects", exported, "projects.xlsx", actor=secretary)
    assert again.ok and again.new == 0 and again.unchanged == 2


def test_candidates_refused_row_by_row_in_chinese(secretary):
    project_year(secretary, titles=())
    data = xlsx(
        [
            PROJECT_HEADER,
            [2025, "道路硬化", "", "abc", "没有这个单位", "六月 完成设计"],
            [2031, "新项目", "", "", "国土所", ""],
        ]
    )
    report = import_file("projects", data, "候选项目.xlsx", actor=secretary)
    assert not report.ok
    text = [str(e) for e in report.errors]
    assert any(t.startswith("第2行") and "预算" in t for t in text)
    assert any(t.startswith("第2行") and "没有这个单位" in t for t in text)
    assert any(t.startswith("第3行") and "2031" in t for t in text)
    assert not Project.objects.exists()


def test_ballot_counts_import_chooses_and_reimport_is_unchanged(secretary):
    year, (road, water, home) = project_year(secretary)
    rows = [VOTE_HEADER] + [
        [2025, 1, "2025-01-17", 45, 45, 0, title, votes]
        for title, votes in (("道路硬化", 34), ("饮水工程", 28), ("敬老院改造", 28))
    ]
    rows += [
        [2025, 2, "2025-01-17", 45, 45, 0, t, v] for t, v in (("饮水工程", 20), ("敬老院改造", 25))
    ]
    report = import_file("project-votes", xlsx(rows), "计票.xlsx", actor=secretary)
    assert report.ok, [str(e) for e in report.errors]
    assert report.new == 5
    assert set(Project.objects.filter(chosen=True).values_list("title", flat=True)) == {
        "道路硬化",
        "敬老院改造",
    }
    exported = export_file("project-votes", "votes.xlsx")
    again = import_file("project-votes", exported, "votes.xlsx", actor=secretary)
    assert again.ok and again.new == 0 and again.unchanged == 5


def test_ballot_counts_refused_per_row_and_nothing_written(secretary):
    year, (road, water, home) = project_year(secretary)
    rows = [
        VOTE_HEADER,
        [2025, 1, "2025-01-17", 45, 45, 0, "道路硬化", 46],
        [2025, 1, "2025-01-17", 45, 45, 0, "饮水工程", 20],
        [2025, 1, "2025-01-17", 45, 44, 0, "敬老院改造", 10],
        [2025, 1, "2025-01-17", 45, 45, 0, "不存在的项目", 10],
    ]
    report = import_file("project-votes", xlsx(rows), "计票.xlsx", actor=secretary)
    text = [str(e) for e in report.errors]
    assert any(t.startswith("第4行") and "第2行" in t for t in text)  # ballots differ
    assert not VoteRound.objects.exists()
    rows = [VOTE_HEADER] + [
        [2025, 1, "2025-01-17", 45, 45, 0, t, v]
        for t, v in (("道路硬化", 46), ("饮水工程", 20), ("敬老院改造", 10))
    ]
    report = import_file("project-votes", xlsx(rows), "计票.xlsx", actor=secretary)
    text = [str(e) for e in report.errors]
    assert any(t.startswith("第2行") and "超过有效票45张" in t for t in text)
    assert not VoteRound.objects.exists()
    rows = [VOTE_HEADER] + [[2025, 1, "2025-01-17", 45, 45, 0, "不存在的项目", 1]]
    report = import_file("project-votes", xlsx(rows), "计票.xlsx", actor=secretary)
    assert any("不存在的项目" in str(e) for e in report.errors)


def test_dry_run_writes_nothing(secretary):
    year, (road, water, home) = project_year(secretary)
    rows = [VOTE_HEADER] + [
        [2025, 1, "2025-01-17", 45, 45, 0, t, v]
        for t, v in (("道路硬化", 40), ("饮水工程", 30), ("敬老院改造", 10))
    ]
    report = import_file("project-votes", xlsx(rows), "计票.xlsx", actor=secretary, dry_run=True)
    assert report.ok and report.new == 3
    assert not VoteRound.objects.exists()
    assert not Project.objects.filter(chosen=True).exists()
