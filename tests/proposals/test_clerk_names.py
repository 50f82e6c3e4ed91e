"""The 办理情况汇总表 reads the words a clerk uses (issue 13): units and sessions named with or
without the township's name, a session without its term, numbers such as 闭会建议1, and the
session's decision on a motion imported under review."""

from datetime import date

import pytest
from django.urls import reverse

from congress.models import TownshipProfile
from proposals.models import Event, Kind, Proposal, State
from reports import figures
from tests.deputies.test_resources import messages, run, write_csv
from tests.factories import DeputyFactory, SessionFactory, TermFactory, UnitFactory
from tests.proposals.test_resources import SUMMARY_WITH_STATE, row

pytestmark = pytest.mark.django_db

MOTION = {
    "类型": "议案",
    "标题": "关于修建青山大桥的议案",
    "附议代表": "钱二、孙三、李四、周五",
    "提出日期": "2011-02-20",
    "会议": "第十七届第七次会议",
}


@pytest.fixture
def township(db):
    """青山镇: term 17 (2007–2012) and term 18 (from 2012-12-28), each with a seventh session,
    six deputies and two units."""
    TownshipProfile.objects.update_or_create(pk=1, defaults={"name": "青山镇", "county": "江南县"})
    seventeenth = TermFactory(number=17, start_date=date(2007, 12, 28), end_date=date(2012, 12, 27))
    eighteenth = TermFactory(number=18, start_date=date(2012, 12, 28))
    sessions = {
        17: SessionFactory(
            term=seventeenth, number=7, start_date=date(2011, 2, 20), end_date=date(2011, 2, 21)
        ),
        18: SessionFactory(
            term=eighteenth, number=7, start_date=date(2016, 3, 1), end_date=date(2016, 3, 2)
        ),
    }
    for name in "赵一 钱二 孙三 李四 周五 吴六".split():
        DeputyFactory(name=name)
    for name in ("财政所", "民政办"):
        UnitFactory(name=name)
    return sessions


def load(tmp_path, secretary, *rows):
    path = write_csv(tmp_path / "汇总表.csv", SUMMARY_WITH_STATE, rows, "utf-8-sig")
    return run("proposals", path, secretary)


# 会议


@pytest.mark.parametrize(
    ("written", "day", "term"),
    [
        ("第十七届第七次会议", "2011-02-20", 17),
        ("十七届七次", "2011-02-20", 17),
        ("第17届第7次会议", "2011-02-20", 17),
        ("第十七届人民代表大会第七次会议", "2011-02-20", 17),
        ("青山镇第十七届人民代表大会第七次会议", "2011-02-20", 17),
        ("镇第十七届人大第七次会议", "2011-02-20", 17),
        # Without the term: the term in force on 提出日期.
        ("第7次会议", "2011-02-20", 17),
        ("七次会议", "2016-03-01", 18),
        ("第七次会议", "2012-12-27", 17),
    ],
)
def test_a_session_is_read_as_offices_write_it(tmp_path, secretary, township, written, day, term):
    report = load(tmp_path, secretary, row(会议=written, 提出日期=day))
    assert report.ok, messages(report)
    assert Proposal.objects.get().session == township[term]
    label = f"第{'十七' if term == 17 else '十八'}届第七次会议"
    expected = [] if written == label else [f"“会议”列的“{written}”按“{label}”读取（第2行）。"]
    assert report.notes == expected


@pytest.mark.parametrize(
    ("written", "day", "reason"),
    [
        (
            "第7次会议",
            "2007-06-01",
            "2007-06-01（提出日期）不在任何一届的任期内，请写明届次，如第十八届第八次会议。",
        ),
        (
            "第9次会议",
            "2016-03-01",
            "第18届没有第9次会议，请先录入该次会议。已录入的会议：第十八届第七次会议。",
        ),
        (
            "第十六届第七次会议",
            "2011-02-20",
            "第16届没有第7次会议，请先录入该次会议。已录入的会议：—。",
        ),
        ("第7次会议", "", "“第7次会议”没有写明届次，请写成第十八届第八次会议。"),
    ],
)
def test_a_session_that_cannot_be_found_is_explained(
    tmp_path, secretary, township, written, day, reason
):
    report = load(tmp_path, secretary, row(会议=written, 提出日期=day))
    assert f"第2行 「会议」：{reason}" in messages(report)
    assert not Proposal.objects.exists()


# 主办单位 and 协办单位


def test_units_are_found_by_the_names_offices_write(tmp_path, secretary, township):
    report = load(
        tmp_path,
        secretary,
        row(
            会议="十七届七次",
            提出日期="2011-02-20",
            主办单位="镇财政所",
            协办单位="青山镇民政办",
            交办日期="2011-03-01",
        ),
        row(
            编号=2,
            会议="十七届七次",
            提出日期="2011-02-20",
            主办单位="青山镇财政所",
            交办日期="2011-03-01",
        ),
    )
    assert report.ok, messages(report)
    for item in Proposal.objects.all():
        assert item.assignments.get(role="lead").unit.name == "财政所"
    assert Proposal.objects.get(number=1).assignments.get(role="co").unit.name == "民政办"
    assert report.notes == [
        "“会议”列的“十七届七次”按“第十七届第七次会议”读取（第2、3行）。",
        "“主办单位”列的“镇财政所”按“财政所”读取（第2行）。",
        "“协办单位”列的“青山镇民政办”按“民政办”读取（第2行）。",
        "“主办单位”列的“青山镇财政所”按“财政所”读取（第3行）。",
    ]


# 编号


@pytest.mark.parametrize(
    "written",
    ["12", "第12号", "建议第12号", "建议12", "闭会建议12", "第十二号", "建议１２号"],
)
def test_numbers_in_the_forms_offices_write(tmp_path, secretary, township, written):
    report = load(tmp_path, secretary, row(编号=written, 会议="闭会期间", 提出日期="2011-05-01"))
    assert report.ok, messages(report)
    assert Proposal.objects.get().number == 12


def test_the_label_the_portal_prints_is_read_as_its_number(tmp_path, secretary, township):
    report = load(
        tmp_path,
        secretary,
        row(编号="第十七届第七次会议建议第3号", 会议="第十七届第七次会议", 提出日期="2011-02-20"),
        row(编号="2011年闭会期间建议第4号", 会议="闭会期间", 提出日期="2011-05-01"),
    )
    assert report.ok, messages(report)
    assert sorted(Proposal.objects.values_list("number", flat=True)) == [3, 4]


@pytest.mark.parametrize("written", ["闭会建议1-2", "A12", "建议12a"])
def test_a_number_that_cannot_be_read_says_the_forms_accepted(
    tmp_path, secretary, township, written
):
    report = load(tmp_path, secretary, row(编号=written, 会议="闭会期间", 提出日期="2011-05-01"))
    assert messages(report) == [
        f"第2行 「编号」：“{written}”不是编号，请写成 12、第12号、建议第12号 或 议案第3号。"
    ]
    assert not Proposal.objects.exists()


# A motion imported under review takes its session's decision


def received_motions(year):
    snapshot = figures.collect(date(year, 1, 1), date(year, 12, 31))
    return snapshot["values"]["motions"]


@pytest.mark.parametrize(
    ("state", "action", "to_state"),
    [
        ("列入议程", "put_on_agenda", State.ON_AGENDA),
        ("不予立案", "not_accept", State.NOT_ACCEPTED),
    ],
)
def test_reimporting_a_motion_with_its_decision_records_the_review(
    tmp_path, secretary, township, state, action, to_state
):
    assert load(tmp_path, secretary, row(**MOTION)).ok
    motion = Proposal.objects.get()
    assert (motion.kind, motion.state) == (Kind.MOTION, State.UNDER_REVIEW)
    assert received_motions(2011) == "1"

    report = load(tmp_path, secretary, row(**MOTION, 办理状态=state))
    assert report.ok, messages(report)
    assert (report.new, report.updated, report.unchanged) == (0, 1, 0)
    motion.refresh_from_db()
    assert motion.state == to_state
    review = motion.events.order_by("pk").last()
    assert (review.action, review.from_state, review.to_state, review.actor) == (
        action,
        State.UNDER_REVIEW,
        to_state,
        secretary,
    )
    assert review.note == "按导入的表格记录。"
    assert received_motions(2011) == "1"

    # The same row again changes nothing; another decision afterwards is refused.
    again = load(tmp_path, secretary, row(**MOTION, 办理状态=state))
    assert (again.updated, again.unchanged) == (0, 1), messages(again)
    other = "不予立案" if state == "列入议程" else "列入议程"
    refused = load(tmp_path, secretary, row(**MOTION, 办理状态=other))
    assert messages(refused) == [
        "第2行：第十七届第七次会议议案第1号已经登记，其办理状态与此不同。导入不修改已登记的议案建议；"
        "请在系统中办理。"
    ]
    motion.refresh_from_db()
    assert motion.state == to_state


def test_a_decision_with_another_difference_is_refused(tmp_path, secretary, township):
    assert load(tmp_path, secretary, row(**MOTION)).ok
    events = Event.objects.count()
    report = load(tmp_path, secretary, row(**(MOTION | {"类别": "城乡建设"}), 办理状态="列入议程"))
    assert messages(report) == [
        "第2行：第十七届第七次会议议案第1号已经登记，其类别、办理状态与此不同。导入不修改已登记的"
        "议案建议；请在系统中办理。"
    ]
    assert Proposal.objects.get().state == State.UNDER_REVIEW
    assert Event.objects.count() == events


def test_the_secretary_reviews_an_imported_motion_of_a_past_session(
    client, tmp_path, secretary, township
):
    assert load(tmp_path, secretary, row(**MOTION)).ok
    motion = Proposal.objects.get()
    client.force_login(secretary)
    url = reverse("motion_review", args=[motion.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"version": motion.version, "decision": "convert", "reason": "涉及面较窄"}
    )
    assert response.status_code == 302
    motion.refresh_from_db()
    assert (motion.state, motion.kind, motion.motion_number, motion.number) == (
        State.AWAITING_ASSIGNMENT,
        Kind.SUGGESTION,
        1,
        1,
    )
    assert motion.session == township[17]
    # Still a motion received in 2011 (counted by its submission date), handled as a suggestion.
    assert received_motions(2011) == "1"
