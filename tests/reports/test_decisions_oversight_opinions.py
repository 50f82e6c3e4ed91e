"""The figures and sentences the summaries take from what the sessions decided (agenda votes,
elections by the congress), from the oversight the deputies vote on (livelihood projects,
evaluations of offices, report-back ratings) and from voters' opinions through the codes.
Every expected number is counted by hand from the records made here; a period without such
records has no row and no sentence."""

import re
from datetime import date, time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from assembly.models import ItemKind
from congress.models import TownshipProfile
from deputies.models import ActivityKind
from elections.models import CongressPost, Contest, Office, Round
from intake import services as intake_services
from oversight import services as oversight_services
from oversight.models import EvaluationPlan, Project, ReportBackRating
from reports import figures, narrative, rendering, selectors
from tests.assembly.helpers import item as agenda_item
from tests.assembly.helpers import vote
from tests.factories import (
    ActivityFactory,
    AttendanceFactory,
    DeputyFactory,
    SessionFactory,
    TermFactory,
    UnitFactory,
)
from tests.intake.conftest import submit, world  # noqa: F401 (the intake tests' world)
from tests.oversight.helpers import project_year
from tests.oversight.helpers import vote as project_vote
from tests.pdf_utils import pdf_text
from tests.reports.township import EXPECTED_2024

pytestmark = pytest.mark.django_db

YEAR_2025 = figures.period_for("annual", 2025)
HALF_2025 = figures.period_for("half", 2025)
SESSION_ROWS = {"审议批准报告": "件", "通过决议决定": "件", "选举产生领导人员": "名"}
OVERSIGHT_ROWS = {
    "票决民生实事项目": "件",
    "完成民生实事项目": "件",
    "民生实事满意率": "%",
    "评议站所": "个",
    "述职测评代表": "名",
    "述职平均测评满意率": "%",
}


# Rows of the 21 that the 2025 records below fix: three sessions (two of the agenda fixture,
# one of the projects' vote), no suggestion.
EXPECTED_2025_KEPT = {"召开人代会": "3", "收到建议": "0", "办结率": "—"}


def key_figure(text, label):
    """The value on `label`'s row of the key-figures table, which may run on to a next page
    (its header row repeated there)."""
    pages = text.split("\f")
    first = next(i for i, page in enumerate(pages) if "主要数据" in page)
    rows = "\n".join(page for page in pages[first:] if "指标" in page)
    match = re.search(rf"^\s*{re.escape(label)}\s+(\S+)\s+\S+\s*$", rows, re.MULTILINE)
    assert match, f"no key-figures row {label!r}"
    return match.group(1)


def table(snapshot):
    return {label: (value, unit) for label, value, unit in figures.key_figures(snapshot)}


def drafted(kind, snapshot):
    return {
        part.key: narrative.fill(text, snapshot["values"])
        for part, text in narrative.draft(kind, snapshot)
    }


def _vote(secretary, session, kind, title, yes, no, abstain, at=time(9), **fields):
    item = agenda_item(secretary, session, kind=kind, title=title, **fields)
    vote(secretary, item, held_time=at, present=yes + no + abstain, yes=yes, no=no, abstain=abstain)
    return item


def _elected(session, post, seats, names, held_on, kind=Contest.Kind.ELECTION):
    contest = Contest.objects.create(session=session, post=post, seats=seats, margin=1, kind=kind)
    round_ = Round.objects.create(
        contest=contest,
        number=1,
        kind=Round.Kind.FORMAL,
        held_on=held_on,
        seats=seats,
        deputies_total=52,
        ballots_issued=47,
        ballots_returned=47,
    )
    for name in names:
        Office.objects.create(
            post=post, term=session.term, name=name, start_date=held_on, elected_in=round_
        )


@pytest.fixture
def sessions_2025(db, secretary):
    """Two sessions of 2025 (52 deputies; 27 votes adopt): the first with its agenda voted and
    leaders elected, the second with only the old free text; a 2024 session voted too."""
    TownshipProfile.objects.update_or_create(pk=1, defaults={"name": "青山镇", "county": "云溪县"})
    term = TermFactory()

    def held(start, **kwargs):
        return SessionFactory(
            term=term,
            start_date=start,
            end_date=start,
            deputies_total=52,
            deputies_present=47,
            deputies_on_leave=5,
            deputies_absent=0,
            **kwargs,
        )

    first = held(date(2025, 1, 16), reports_heard="这行不引用：议程已有记录")
    _vote(secretary, first, ItemKind.REPORT, "听取和审议镇人民政府工作报告", 45, 1, 1)
    _vote(
        secretary,
        first,
        ItemKind.BUDGET,
        "审查和批准镇财政预算执行情况和预算草案的报告",
        44,
        1,
        2,
    )
    _vote(secretary, first, ItemKind.RESOLUTION, "关于代表建议办理工作的决议", 40, 4, 3)
    # 27 of 52 is more than half of all deputies; 26 is not.
    _vote(secretary, first, ItemKind.RESOLUTION, "关于撤并村小学的决议", 26, 15, 6)
    _elected(first, CongressPost.DEPUTY_HEAD, 2, ["李明", "王芳"], date(2025, 1, 17))
    _elected(first, CongressPost.HEAD, 1, ["张建华"], date(2025, 1, 17))
    _elected(first, CongressPost.CHAIR, 1, ["赵志刚"], date(2025, 1, 16))
    # Its free text names the budget report the first session approved: named once, there.
    held(
        date(2025, 7, 10), reports_heard="镇财政预算执行情况和预算草案的报告\n镇人大主席团工作报告"
    )
    old = held(date(2024, 12, 20))
    _vote(secretary, old, ItemKind.RESOLUTION, "关于二〇二四年的决议", 40, 4, 3)
    _elected(old, CongressPost.VICE_CHAIR, 1, ["钱副主席"], date(2024, 12, 20))
    return first


def test_session_figures_counted_from_the_agenda_and_the_elections(sessions_2025):
    snapshot = figures.collect(*YEAR_2025)
    values = snapshot["values"]
    # Adopted: the government's report and the budget; one resolution of two.
    assert values["reports_approved"] == "2"
    assert values["resolutions_adopted"] == "1"
    assert values["leaders_elected"] == "4"  # the 2024 vice-chair is not of this year
    assert values["reports_heard"] == "镇人民政府工作报告、镇人大主席团工作报告"
    assert values["approved_list"] == "镇财政预算执行情况和预算草案的报告"
    assert values["resolutions_list"] == "关于代表建议办理工作的决议"
    # In post order, each post named once before its holders.
    assert values["elected_list"] == "镇人大主席赵志刚、镇长张建华、副镇长李明、王芳"
    rows = table(snapshot)
    for label, unit in SESSION_ROWS.items():
        assert rows[label][1] == unit
    assert [rows[label][0] for label in SESSION_ROWS] == ["2", "1", "4"]
    # The 21 rows of the domain guide come first, in their order.
    assert [label for label, _v, _u in figures.key_figures(snapshot)][:21] == list(EXPECTED_2024)


def test_the_session_paragraph_cites_the_decisions(sessions_2025):
    text = drafted("annual", figures.collect(*YEAR_2025))["sessions"]
    assert (
        "会议听取和审议了镇人民政府工作报告、镇人大主席团工作报告，"
        "批准了镇财政预算执行情况和预算草案的报告，通过了关于代表建议办理工作的决议，"
        "选举产生了镇人大主席赵志刚、镇长张建华、副镇长李明、王芳。"
    ) in text
    assert "关于撤并村小学的决议" not in text  # not adopted
    assert "依法作出相应决议决定" not in text


def test_a_period_whose_sessions_decided_nothing_on_record(sessions_2025):
    """The second half of 2025: one session, no agenda records, no elections."""
    snapshot = figures.collect(date(2025, 7, 1), date(2025, 12, 31))
    values = snapshot["values"]
    for key in ("reports_approved", "resolutions_adopted", "leaders_elected", "elected_list"):
        assert key not in values
    assert not set(SESSION_ROWS) & set(table(snapshot))
    text = drafted("annual", snapshot)["sessions"]
    assert (
        "会议听取和审议了镇财政预算执行情况和预算草案的报告、镇人大主席团工作报告，"
        "依法作出相应决议决定。"
    ) in text
    assert "选举产生了" not in text and "批准了" not in text


def test_elections_alone_still_make_a_sentence(db, secretary):
    TownshipProfile.objects.create(pk=1, name="白水乡", county="云溪县", population=9000)
    session = SessionFactory(start_date=date(2025, 3, 3), end_date=date(2025, 3, 3))
    _elected(session, CongressPost.HEAD, 1, ["孙立"], date(2025, 3, 3))
    snapshot = figures.collect(*YEAR_2025)
    assert snapshot["values"]["elected_list"] == "乡长孙立"
    assert "通过决议决定" not in table(snapshot) and "审议批准报告" not in table(snapshot)
    assert table(snapshot)["选举产生领导人员"] == ("1", "名")
    assert "会议选举产生了乡长孙立。" in drafted("annual", snapshot)["sessions"]


def test_without_any_new_records_the_table_keeps_its_21_rows(township_2024):
    snapshot = figures.collect(*figures.period_for("annual", 2024))
    assert [label for label, _v, _u in figures.key_figures(snapshot)] == list(EXPECTED_2024)
    text = drafted("annual", snapshot)
    assert "会议听取和审议了政府工作报告、财政预算报告，依法作出相应决议决定。" in text["sessions"]
    assert "民生实事" not in text["supervision"]
    assert "站所进行评议" not in text["supervision"]
    assert "代表码" not in text["deputies"]
    assert "平均测评" not in text["deputies"]


@pytest.fixture
def oversight_2025(db, secretary):
    """Projects chosen and rated, two offices evaluated, two deputies rated by voters."""
    TownshipProfile.objects.update_or_create(pk=1, defaults={"name": "青山镇", "county": "云溪县"})
    year, (road, water, home) = project_year(secretary)
    # 50 deputies: 26 votes choose; the two most voted of three, to choose two.
    project_vote(secretary, year, {road: 40, water: 30, home: 10})
    Project.objects.filter(pk=road.pk).update(completed_on=date(2025, 11, 30))
    oversight_services.project_rate(
        actor=secretary,
        project=road,
        held_on=date(2025, 12, 20),
        ballots=46,
        satisfied=30,
        basically=12,
        unsatisfied=4,
    )
    oversight_services.project_rate(
        actor=secretary,
        project=water,
        held_on=date(2025, 12, 20),
        ballots=40,
        satisfied=20,
        basically=10,
        unsatisfied=10,
    )
    plan = EvaluationPlan.objects.create(year=2025, title="2025年度站所工作评议")
    for name, counts in (("民政办", (40, 30, 6, 4)), ("兽医站", (40, 20, 10, 10))):
        office = oversight_services.evaluation_office_add(
            actor=secretary, plan=plan, unit=UnitFactory(name=name)
        )
        ballots, satisfied, basically, unsatisfied = counts
        oversight_services.evaluation_result_record(
            actor=secretary,
            office=office,
            rated_on=date(2025, 10, 10),
            ballots=ballots,
            satisfied=satisfied,
            basically=basically,
            unsatisfied=unsatisfied,
        )
    activity = ActivityFactory(kind=ActivityKind.REPORT_BACK, start_date=date(2025, 11, 1))
    for counts in ((50, 40, 5, 5), (20, 10, 5, 5)):
        deputy = DeputyFactory()
        AttendanceFactory(activity=activity, deputy=deputy)
        ballots, satisfied, basically, unsatisfied = counts
        ReportBackRating.objects.create(
            activity=activity,
            deputy=deputy,
            ballots=ballots,
            satisfied=satisfied,
            basically=basically,
            unsatisfied=unsatisfied,
        )


def test_oversight_figures_counted_by_hand(oversight_2025):
    snapshot = figures.collect(*YEAR_2025)
    values = snapshot["values"]
    assert values["projects_chosen"] == "2"  # 道路硬化 40, 饮水工程 30; 敬老院改造 10
    assert values["projects_completed"] == "1"
    assert values["projects_satisfaction"] == "83.7"  # (30 + 12 + 20 + 10) / (46 + 40)
    assert values["offices_evaluated"] == "2"
    assert values["offices_list"] == "兽医站、民政办"
    assert values["office_rates"] == "兽医站75.0%、民政办90.0%"  # 30/40 and 36/40
    assert values["report_back_rated"] == "2"
    assert values["report_back_average"] == "82.5"  # (90.0 + 75.0) / 2
    rows = table(snapshot)
    assert {label: rows[label] for label in OVERSIGHT_ROWS} == {
        "票决民生实事项目": ("2", "件"),
        "完成民生实事项目": ("1", "件"),
        "民生实事满意率": ("83.7", "%"),
        "评议站所": ("2", "个"),
        "述职测评代表": ("2", "名"),
        "述职平均测评满意率": ("82.5", "%"),
    }


def test_oversight_rows_only_when_the_period_holds_their_records(oversight_2025):
    """The first half of 2025 holds the projects' vote only: no completion, no rating yet."""
    rows = table(figures.collect(*HALF_2025))
    assert rows["票决民生实事项目"] == ("2", "件")
    for label in ("完成民生实事项目", "民生实事满意率", "评议站所", "述职测评代表"):
        assert label not in rows
    text = drafted("half", figures.collect(*HALF_2025))
    assert "组织代表票决产生民生实事项目2件，通过视察" in text["supervision"]
    assert "站所进行评议" not in text["supervision"]


def test_the_narrative_cites_the_oversight(oversight_2025):
    text = drafted("annual", figures.collect(*YEAR_2025))
    assert (
        "推进民生实事项目票决。组织代表票决产生民生实事项目2件，已完成1件，"
        "年终代表测评满意率83.7%，"
    ) in text["supervision"]
    assert (
        "开展工作评议，对兽医站、民政办等2个站所进行评议，满意率分别为兽医站75.0%、民政办90.0%，"
    ) in text["supervision"]
    assert "组织2名代表向选民述职，接受选民评议，平均测评满意率82.5%，" in text["deputies"]


def test_opinion_figures_and_the_voters_paragraph(world, secretary):  # noqa: F811
    answered, contact, taken_up, waiting, spam = (submit(world.code_a) for _ in range(5))
    intake_services.opinion_answer(
        actor=world.user_a, opinion=answered, answer="已联系村委会，路灯本周修复。"
    )
    intake_services.opinion_to_contact(
        actor=world.user_a, opinion=contact, action_taken="电话回访，说明已报镇里统筹安排。"
    )
    intake_services.opinion_to_suggestion(
        actor=world.user_a, opinion=taken_up, title="关于修复河东村路灯的建议"
    )
    intake_services.opinion_rate(opinion=answered, satisfied=True)
    intake_services.opinion_rate(opinion=contact, satisfied=False)
    intake_services.opinion_mark_spam(actor=world.secretary, opinion=spam)
    year = timezone.localdate().year
    snapshot = figures.collect(*figures.period_for("annual", year))
    values = snapshot["values"]
    # Four genuine opinions (the spam does not count), three handled, one a suggestion.
    assert values["opinions_received"] == "4"
    assert values["opinions_answered"] == "3"
    assert values["opinions_suggestions"] == "1"
    assert values["opinions_answered_rate"] == "75.0"
    assert values["opinions_satisfaction"] == "50.0"  # one satisfied of two who said
    assert "收到群众意见建议" not in table(snapshot)  # the narrative's, not the table's
    text = drafted("annual", snapshot)["deputies"]
    assert (
        "通过代表码、联络站码收到群众意见建议4条，已答复3条，转为代表建议1件，群众满意率50.0%，"
        "帮助群众解决实际困难。"
    ) in text
    assert waiting.status == "new"


def test_no_opinions_no_sentence_and_unrated_no_rate(world):  # noqa: F811
    year = timezone.localdate().year
    period = figures.period_for("annual", year)
    values = figures.collect(*period)["values"]
    assert not any(key.startswith("opinions_") for key in values)
    submit(world.code_station)
    values = figures.collect(*period)["values"]
    assert values["opinions_received"] == "1" and values["opinions_answered"] == "0"
    assert "opinions_satisfaction" not in values  # nobody rated yet
    text = drafted("annual", figures.collect(*period))["deputies"]
    assert "收到群众意见建议1条，已答复0条，帮助群众" in text
    assert "群众满意率" not in text and "转为代表建议" not in text


def test_the_new_figures_cost_a_constant_number_of_queries(sessions_2025, secretary):
    with CaptureQueriesContext(connection) as small:
        figures.collect(*YEAR_2025)
    later = SessionFactory(
        term=sessions_2025.term,
        start_date=date(2025, 9, 9),
        end_date=date(2025, 9, 9),
        deputies_total=52,
        deputies_present=47,
        deputies_on_leave=5,
        deputies_absent=0,
    )
    for n in range(3):
        _vote(secretary, later, ItemKind.RESOLUTION, f"关于第{n}项工作的决议", 40, 4, 3)
    _elected(later, CongressPost.VICE_CHAIR, 2, ["周一", "吴二"], date(2025, 9, 9))
    with CaptureQueriesContext(connection) as large:
        values = figures.collect(*YEAR_2025)["values"]
    assert values["resolutions_adopted"] == "4"
    assert len(large) == len(small)


def test_oversight_figures_cost_a_constant_number_of_queries(oversight_2025, secretary):
    with CaptureQueriesContext(connection) as small:
        figures.collect(*YEAR_2025)
    activity = ActivityFactory(kind=ActivityKind.REPORT_BACK, start_date=date(2025, 12, 1))
    for _n in range(3):
        deputy = DeputyFactory()
        AttendanceFactory(activity=activity, deputy=deputy)
        ReportBackRating.objects.create(
            activity=activity, deputy=deputy, ballots=10, satisfied=9, basically=0, unsatisfied=1
        )
    plan = EvaluationPlan.objects.get(year=2025)
    office = oversight_services.evaluation_office_add(
        actor=secretary, plan=plan, unit=UnitFactory(name="土地所")
    )
    oversight_services.evaluation_result_record(
        actor=secretary,
        office=office,
        rated_on=date(2025, 10, 11),
        ballots=10,
        satisfied=10,
        basically=0,
        unsatisfied=0,
    )
    with CaptureQueriesContext(connection) as large:
        values = figures.collect(*YEAR_2025)["values"]
    assert values["report_back_rated"] == "5" and values["offices_evaluated"] == "3"
    assert len(large) == len(small)


def test_the_annual_pdf_prints_the_new_rows_and_sentences(sessions_2025, oversight_2025, tmp_path):
    data = rendering.pdf_bytes(selectors.data_document("annual", 2025))
    text = pdf_text(data, tmp_path)
    expected = {
        "审议批准报告": "2",
        "通过决议决定": "1",
        "选举产生领导人员": "4",
        "票决民生实事项目": "2",
        "完成民生实事项目": "1",
        "民生实事满意率": "83.7",
        "评议站所": "2",
        "述职测评代表": "2",
        "述职平均测评满意率": "82.5",
    }
    for label, value in {**EXPECTED_2025_KEPT, **expected}.items():
        assert key_figure(text, label) == value, label
    flat = "".join(text.split())
    assert "选举产生了镇人大主席赵志刚、镇长张建华、副镇长李明、王芳。" in flat
    assert "组织代表票决产生民生实事项目2件，已完成1件" in flat


def test_resignations_recalls_and_by_elections_in_their_own_words(db, secretary):
    """A session of 2025 (52 deputies, 27 votes adopt) accepts a deputy head's resignation from
    the post and a deputy's from the seat, recalls a vice-chair, and by-elects a deputy head;
    a resignation refused (26 votes) is not cited."""
    TownshipProfile.objects.create(pk=1, name="青山镇", county="云溪县")
    session = SessionFactory(
        start_date=date(2025, 3, 3),
        end_date=date(2025, 3, 3),
        deputies_total=52,
        deputies_present=47,
        deputies_on_leave=5,
        deputies_absent=0,
    )
    wang = Office.objects.create(
        post=CongressPost.DEPUTY_HEAD, term=session.term, name="王芳", start_date=date(2022, 1, 5)
    )
    qian = Office.objects.create(
        post=CongressPost.VICE_CHAIR, term=session.term, name="钱进", start_date=date(2022, 1, 5)
    )
    zhang, li = DeputyFactory(name="张伟"), DeputyFactory(name="李强")
    # At 08:30, 李强's resignation gets 26 of 52: not more than half. At 09:00 张伟's is
    # accepted; from then on 51 hold a seat.
    _vote(
        secretary,
        session,
        ItemKind.SEAT_RESIGNATION,
        "接受李强辞职",
        26,
        19,
        2,
        time(8, 30),
        deputy=li,
    )
    _vote(secretary, session, ItemKind.RESIGNATION, "接受王芳辞职", 40, 5, 2, office=wang)
    _vote(secretary, session, ItemKind.SEAT_RESIGNATION, "接受张伟辞职", 30, 15, 2, deputy=zhang)
    _vote(
        secretary,
        session,
        ItemKind.RECALL,
        "罢免钱进",
        35,
        10,
        2,
        time(10),
        office=qian,
        proposed_by="presidium",
    )
    _elected(
        session, CongressPost.DEPUTY_HEAD, 1, ["赵敏"], date(2025, 3, 3), Contest.Kind.BY_ELECTION
    )
    snapshot = figures.collect(*YEAR_2025)
    values = snapshot["values"]
    assert values["resignations_list"] == "王芳辞去副镇长职务、张伟辞去镇人大代表职务"
    assert values["recalls_list"] == "钱进的镇人大副主席职务"
    assert values["by_elected_list"] == "副镇长赵敏"
    assert "elected_list" not in values and "resolutions_list" not in values
    text = drafted("annual", snapshot)["sessions"]
    assert (
        "会议接受了王芳辞去副镇长职务、张伟辞去镇人大代表职务的请求，"
        "罢免了钱进的镇人大副主席职务，补选产生了副镇长赵敏。"
    ) in text
    assert "李强" not in text
