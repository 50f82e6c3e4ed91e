"""Spreadsheet resources of the deputies app: the roster, groups, stations and activities.

Each failure writes nothing; the round trip changes nothing; an edited export updates in place."""

import csv
import io
from datetime import date, datetime

import pytest
from auditlog.models import LogEntry as AuditEntry
from openpyxl import Workbook, load_workbook

from congress.spreadsheets import export_file, import_file
from deputies.models import (
    Activity,
    ActivityKind,
    AttendanceStatus,
    Deputy,
    DeputyStatus,
    Education,
    Gender,
    GroupMembership,
    Level,
    LiaisonStation,
    Occupation,
    Organiser,
    Party,
    Seat,
)
from tests.factories import (
    ActivityFactory,
    DeputyFactory,
    GroupFactory,
    StationFactory,
    TermFactory,
)

pytestmark = pytest.mark.django_db

ROSTER = [
    "姓名",
    "性别",
    "民族",
    "出生日期",
    "公民身份号码",
    "政治面貌",
    "文化程度",
    "职业类别",
    "工作单位及职务",
    "手机号码",
    "代表层级",
    "选区",
    "代表小组",
    "状态",
]
ACTIVITY = [
    "日期",
    "类型",
    "主题",
    "地点",
    "组织者",
    "参加代表",
    "其他参加人次",
    "发现问题",
    "整改到位",
]


def id_number(birth, sequence):
    """A valid GB 11643 number; an odd `sequence` is a man, an even one a woman."""
    body = f"110101{birth:%Y%m%d}{sequence:03d}"
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return (
        body + "10X98765432"[sum(int(c) * w for c, w in zip(body[:17], weights, strict=True)) % 11]
    )


def write_xlsx(path, headers, rows):
    book = Workbook()
    book.active.append(headers)
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def write_csv(path, headers, rows, encoding):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headers)
    writer.writerows(rows)
    path.write_bytes(out.getvalue().encode(encoding))
    return path


def run(name, path, actor, dry_run=False):
    return import_file(name, path.read_bytes(), path.name, actor=actor, dry_run=dry_run)


def messages(report):
    return [str(p) for p in report.errors]


def roster_row(name="张三", **values):
    row = {
        "姓名": name,
        "性别": "男",
        "民族": "汉族",
        "出生日期": "1975-06-01",
        "公民身份号码": "",
        "政治面貌": "中共党员",
        "文化程度": "大专",
        "职业类别": "农民",
        "工作单位及职务": "河东村党支部书记",
        "手机号码": "13900000001",
        "代表层级": "乡镇",
        "选区": "第一选区",
        "代表小组": "第一代表小组",
        "状态": "在任",
    }
    row.update(values)
    return [row[h] for h in ROSTER]


@pytest.fixture
def term(db):
    return TermFactory(number=18)


@pytest.fixture
def group(db):
    return GroupFactory(name="第一代表小组")


# The roster


def test_roster_import_creates_deputies_with_seats_group_and_status(
    tmp_path, secretary, term, group
):
    GroupFactory(name="第二代表小组")
    wang_id = id_number(date(1980, 2, 29), 124)
    path = write_xlsx(
        tmp_path / "名册.xlsx",
        ROSTER,
        [
            roster_row(
                "张三", 代表层级="乡镇、县", 出生日期=datetime(1975, 6, 1), 手机号码=13900000001
            ),
            # Birth date and gender come from the ID number when left empty.
            roster_row(
                "王芳",
                性别="",
                民族="苗族",
                出生日期="",
                公民身份号码=wang_id.lower(),
                政治面貌="群众",
                文化程度="本科",
                职业类别="专业技术人员",
                代表小组="第二代表小组",
            ),
            roster_row("李四", 出生日期="1960年1月2日", 状态="辞职(2024-05-01)", 代表小组=""),
        ],
    )
    report = run("deputies", path, secretary)
    assert report.ok, messages(report)
    assert report.new == 3

    zhang = Deputy.objects.get(name="张三")
    assert zhang.phone == "13900000001"
    assert zhang.party == Party.CPC and zhang.occupation == Occupation.FARMER
    assert set(zhang.seats.values_list("level", "term_number")) == {
        (Level.TOWNSHIP, 18),
        (Level.COUNTY, 18),
    }
    assert GroupMembership.objects.get(deputy=zhang, end_date__isnull=True).group == group

    wang = Deputy.objects.get(name="王芳")
    assert (wang.gender, wang.birth_date, wang.id_number) == (
        Gender.FEMALE,
        date(1980, 2, 29),
        wang_id,
    )
    assert wang.education == Education.BACHELOR and wang.ethnicity == "苗族"

    li = Deputy.objects.get(name="李四")
    assert (li.status, li.status_date) == (DeputyStatus.RESIGNED, date(2024, 5, 1))
    assert not li.memberships.exists()
    created = AuditEntry.objects.get_for_model(Deputy).filter(action=AuditEntry.Action.CREATE)
    assert created.filter(actor=secretary).count() == 3


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gb18030"])
def test_roster_imports_from_csv(tmp_path, secretary, term, group, encoding):
    path = write_csv(tmp_path / "roster.csv", ROSTER, [roster_row("赵钱孙")], encoding)
    report = run("deputies", path, secretary)
    assert report.ok, messages(report)
    assert Deputy.objects.get().name == "赵钱孙"


def assert_nothing_written():
    assert not Deputy.objects.exists()
    assert not Seat.objects.exists()
    assert not GroupMembership.objects.exists()
    assert not AuditEntry.objects.filter(actor__isnull=False).exists()


def test_missing_column_writes_nothing(tmp_path, secretary, term, group):
    headers = [h for h in ROSTER if h != "出生日期"]
    rows = [[v for h, v in zip(ROSTER, roster_row(), strict=True) if h != "出生日期"]]
    report = run("deputies", write_xlsx(tmp_path / "r.xlsx", headers, rows), secretary)
    assert len(report.errors) == 1
    assert "文件缺少「出生日期」列" in messages(report)[0]
    assert_nothing_written()


def test_bad_date_writes_nothing(tmp_path, secretary, term, group):
    path = write_xlsx(
        tmp_path / "r.xlsx", ROSTER, [roster_row("甲"), roster_row("乙", 出生日期="1975-02-30")]
    )
    report = run("deputies", path, secretary)
    assert messages(report) == [
        "第3行 「出生日期」：“1975-02-30”不是日期，请写成 2024-03-05、2024/3/5 或 2024年3月5日。"
    ]
    assert_nothing_written()


def test_unknown_group_writes_nothing(tmp_path, secretary, term, group):
    path = write_xlsx(
        tmp_path / "r.xlsx", ROSTER, [roster_row("甲"), roster_row("乙", 代表小组="第九代表小组")]
    )
    report = run("deputies", path, secretary)
    assert messages(report) == [
        "第3行 「代表小组」：没有名为“第九代表小组”的代表小组。现有小组：第一代表小组。"
    ]
    assert_nothing_written()


def test_duplicate_person_is_reported_on_the_later_row(tmp_path, secretary, term, group):
    same_id = id_number(date(1975, 6, 1), 123)
    path = write_xlsx(
        tmp_path / "r.xlsx",
        ROSTER,
        [
            roster_row("甲"),
            roster_row("乙", 公民身份号码=same_id),
            roster_row("甲"),  # same name and birth date as row 2
            roster_row("丙", 公民身份号码=same_id),  # same ID number as row 3
        ],
    )
    report = run("deputies", path, secretary)
    assert messages(report) == [
        "第4行 「姓名」：与第2行是同一人。",
        "第5行 「公民身份号码」：与第3行是同一人。",
    ]
    assert_nothing_written()


def test_same_name_and_birth_with_different_id_numbers_are_two_people(
    tmp_path, secretary, term, group
):
    path = write_xlsx(
        tmp_path / "r.xlsx",
        ROSTER,
        [
            roster_row("甲", 公民身份号码=id_number(date(1975, 6, 1), 123)),
            roster_row("甲", 公民身份号码=id_number(date(1975, 6, 1), 125)),
        ],
    )
    report = run("deputies", path, secretary)
    assert report.ok, messages(report)
    assert Deputy.objects.filter(name="甲").count() == 2


def test_bad_id_checksum_writes_nothing(tmp_path, secretary, term, group):
    good = id_number(date(1975, 6, 1), 123)
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")
    path = write_xlsx(
        tmp_path / "r.xlsx",
        ROSTER,
        [roster_row("甲", 公民身份号码=bad), roster_row("乙", 公民身份号码=good, 性别="女")],
    )
    report = run("deputies", path, secretary)
    assert messages(report) == [
        "第2行 「公民身份号码」：公民身份号码有误：校验码不正确。",
        "第3行 「性别」：性别与公民身份号码显示的性别（男）不符。",
    ]
    assert_nothing_written()


def test_id_number_typed_as_an_excel_number_is_refused(tmp_path, secretary, term, group):
    path = write_xlsx(
        tmp_path / "r.xlsx", ROSTER, [roster_row("甲", 公民身份号码=1.10101197506011e17)]
    )
    report = run("deputies", path, secretary)
    assert "被存成了数字" in messages(report)[0]
    assert_nothing_written()


def test_unknown_choice_label_names_the_allowed_values(tmp_path, secretary, term, group):
    path = write_xlsx(
        tmp_path / "r.xlsx",
        ROSTER,
        [roster_row("甲", 性别="公", 文化程度="大学肄业", 代表层级="乡镇、村")],
    )
    report = run("deputies", path, secretary)
    assert messages(report) == [
        "第2行 「性别」：“公”不是可选的值，可选：男、女。",
        "第2行 「文化程度」：“大学肄业”不是可选的值，可选：研究生、本科、大专、中专、高中、初中及以下。",
        "第2行 「代表层级」：“村”不是可选的值，可选：乡镇、县、市、省、全国。",
    ]
    assert_nothing_written()


@pytest.mark.parametrize(
    "status, reason",
    [
        ("辞职", "“辞职”需要注明日期，例如 辞职(2024-05-01)。"),
        ("在任(2024-05-01)", "在任代表没有状态日期，请只写“在任”。"),
        ("调离(2024-05-01)", "“调离”不是可选的值，可选：在任、辞职、罢免、终止、去世。"),
    ],
)
def test_status_needs_a_date_unless_in_office(tmp_path, secretary, term, group, status, reason):
    path = write_xlsx(tmp_path / "r.xlsx", ROSTER, [roster_row("甲", 状态=status)])
    report = run("deputies", path, secretary)
    assert messages(report) == [f"第2行 「状态」：{reason}"]
    assert_nothing_written()


def seeded_roster(group):
    other = GroupFactory(name="第二代表小组")
    with_id = DeputyFactory(
        name="张三",
        birth_date=date(1975, 6, 1),
        id_number=id_number(date(1975, 6, 1), 123),
        group=group,
        levels=[Level.TOWNSHIP],
    )
    # A county seat recorded without its term counts as held now.
    Seat.objects.create(deputy=with_id, level=Level.COUNTY, term_number=None)
    without_id = DeputyFactory(name="李四", birth_date=date(1968, 3, 5), group=other)
    left = DeputyFactory(
        name="王五",
        status=DeputyStatus.DECEASED,
        status_date=date(2025, 1, 3),
        levels=[Level.TOWNSHIP, Level.COUNTY],
    )
    return with_id, without_id, left


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_roster_round_trip_changes_nothing(tmp_path, secretary, term, group, suffix):
    seeded_roster(group)
    path = tmp_path / f"roster{suffix}"
    path.write_bytes(export_file("deputies", path.name))
    seats = list(Seat.objects.values_list("pk", "level", "term_number").order_by("pk"))
    memberships = list(GroupMembership.objects.values_list("pk", "end_date").order_by("pk"))

    report = run("deputies", path, secretary)
    assert report.ok, messages(report)
    assert (report.new, report.updated, report.unchanged) == (0, 0, 3)
    assert not AuditEntry.objects.filter(actor=secretary).exists()
    assert list(Seat.objects.values_list("pk", "level", "term_number").order_by("pk")) == seats
    assert list(GroupMembership.objects.values_list("pk", "end_date").order_by("pk")) == memberships


def test_roster_export_columns(tmp_path, term, group):
    seeded_roster(group)
    path = tmp_path / "roster.xlsx"
    path.write_bytes(export_file("deputies", path.name))
    rows = list(load_workbook(path).active.iter_rows(values_only=True))
    # 入组日期 comes last, so the fourteen columns an office uses keep their places.
    assert list(rows[0]) == [*ROSTER, "入组日期"]
    by_name = {row[0]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    assert by_name["张三"]["代表层级"] == "乡镇、县"
    assert by_name["张三"]["代表小组"] == "第一代表小组"
    assert by_name["张三"]["入组日期"] == "2022-01-01"
    assert by_name["王五"]["入组日期"] is None
    assert by_name["张三"]["性别"] == "男" and by_name["张三"]["政治面貌"] == "中共党员"
    assert by_name["王五"]["状态"] == "去世(2025-01-03)"
    assert by_name["李四"]["出生日期"] == "1968-03-05"


def test_an_edited_roster_export_updates_rows_in_place(tmp_path, secretary, term, group):
    zhang, li, _ = seeded_roster(group)
    old_phone = zhang.phone
    path = tmp_path / "roster.xlsx"
    path.write_bytes(export_file("deputies", path.name))
    book = load_workbook(path)
    sheet = book.active
    columns = {cell.value: cell.column for cell in sheet[1]}
    for row in sheet.iter_rows(min_row=2):
        name = row[0].value
        if name == "张三":  # matched by ID number
            row[columns["手机号码"] - 1].value = "13700000000"
        if name == "李四":  # no ID number: matched by name and birth date
            row[columns["代表小组"] - 1].value = "第一代表小组"
            row[columns["代表层级"] - 1].value = "乡镇、县"
    book.save(path)

    report = run("deputies", path, secretary)
    assert report.ok, messages(report)
    assert (report.new, report.updated, report.unchanged) == (0, 2, 1)
    assert Deputy.objects.count() == 3
    zhang.refresh_from_db()
    assert zhang.phone == "13700000000"
    # The group change keeps the history: the old membership is closed, not deleted.
    assert GroupMembership.objects.filter(deputy=li).count() == 2
    assert GroupMembership.objects.get(deputy=li, end_date__isnull=True).group == group
    assert set(li.seats.values_list("level", "term_number")) == {
        (Level.TOWNSHIP, 18),
        (Level.COUNTY, 18),
    }
    # The trail has what the import changed, by the secretary: 张三's phone; 李四's group
    # (the old membership closed, a new one) and county seat.
    changed = AuditEntry.objects.filter(actor=secretary)
    assert sorted((e.content_type.model, e.action) for e in changed) == [
        ("deputy", AuditEntry.Action.UPDATE),
        ("groupmembership", AuditEntry.Action.CREATE),
        ("groupmembership", AuditEntry.Action.UPDATE),
        ("seat", AuditEntry.Action.CREATE),
    ]
    phone = changed.get(content_type__model="deputy")
    assert (phone.object_id, phone.changes_dict) == (
        zhang.pk,
        {"phone": [old_phone, "13700000000"]},
    )


def test_striking_an_undated_higher_seat_ends_it(tmp_path, secretary, term, group):
    zhang, _, _ = seeded_roster(group)
    path = write_xlsx(
        tmp_path / "r.xlsx",
        ROSTER,
        [
            roster_row(
                "张三",
                公民身份号码=zhang.id_number,
                手机号码=zhang.phone,
                选区="",
                工作单位及职务="",
            )
        ],
    )
    report = run("deputies", path, secretary)
    assert (report.updated, report.new) == (1, 0), messages(report)
    assert set(zhang.seats.values_list("level", "term_number")) == {(Level.TOWNSHIP, 18)}


def test_a_roster_dry_run_writes_nothing(tmp_path, secretary, term, group):
    path = write_xlsx(tmp_path / "r.xlsx", ROSTER, [roster_row("甲"), roster_row("乙")])
    report = run("deputies", path, secretary, dry_run=True)
    assert report.ok and report.new == 2
    assert_nothing_written()


# Groups and stations


def test_groups_import_with_leader_and_round_trip(tmp_path, secretary, term):
    DeputyFactory(name="张三")
    path = write_xlsx(
        tmp_path / "g.xlsx",
        ["名称", "联系区域", "组长"],
        [["第一代表小组", "河东村、河西村", "张三"], ["第二代表小组", "", ""]],
    )
    report = run("groups", path, secretary)
    assert report.ok and report.new == 2, messages(report)
    export = tmp_path / "groups.xlsx"
    export.write_bytes(export_file("groups", export.name))
    again = run("groups", export, secretary)
    assert (again.new, again.updated, again.unchanged) == (0, 0, 2)


def test_groups_with_an_unknown_leader_write_nothing(tmp_path, secretary):
    path = write_xlsx(tmp_path / "g.xlsx", ["名称", "组长"], [["第一代表小组", "无此人"]])
    report = run("groups", path, secretary)
    assert messages(report) == ["第2行 「组长」：没有名为“无此人”的代表。"]
    assert not AuditEntry.objects.filter(actor=secretary).exists()


def test_stations_import_with_residents_and_round_trip(tmp_path, secretary):
    DeputyFactory(name="张三")
    DeputyFactory(name="李四")
    path = write_xlsx(
        tmp_path / "s.xlsx",
        ["名称", "类型", "地址", "联系电话", "接待日", "进站代表"],
        [
            [
                "青山镇人大代表联络站",
                "联络站",
                "人民路1号",
                "0851-1234567",
                "每月10日、20日",
                "张三、李四",
            ]
        ],
    )
    report = run("stations", path, secretary)
    assert report.ok, messages(report)
    station = LiaisonStation.objects.get()
    assert station.reception_days == "10,20"
    assert sorted(d.name for d in station.resident_deputies.all()) == ["张三", "李四"]
    export = tmp_path / "stations.csv"
    export.write_bytes(export_file("stations", export.name))
    again = run("stations", export, secretary)
    assert (again.new, again.updated, again.unchanged) == (0, 0, 1), messages(again)


# Activities


def activity_row(**values):
    row = {
        "日期": "2025-05-10",
        "类型": "视察",
        "主题": "农村饮水安全",
        "地点": "河东村",
        "组织者": "主席团",
        "参加代表": "张三、李四",
        "其他参加人次": "3",
        "发现问题": "4",
        "整改到位": "2",
    }
    row.update(values)
    return [row[h] for h in ACTIVITY]


def test_activities_import_with_attendance(tmp_path, secretary, term):
    zhang, li = DeputyFactory(name="张三"), DeputyFactory(name="李四")
    group = GroupFactory(name="第一代表小组")
    path = write_xlsx(
        tmp_path / "a.xlsx",
        ACTIVITY,
        [
            activity_row(),
            activity_row(
                日期="2025年6月1日至2025年6月3日",
                类型="集中学习",
                主题="学习代表法",
                组织者="第一代表小组",
                参加代表="李四",
                其他参加人次="",
                发现问题="",
                整改到位="",
            ),
        ],
    )
    report = run("activities", path, secretary)
    assert report.ok, messages(report)
    inspection = Activity.objects.get(kind=ActivityKind.INSPECTION)
    assert (inspection.issues_found, inspection.issues_rectified, inspection.other_attendees) == (
        4,
        2,
        3,
    )
    assert {a.deputy: a.status for a in inspection.attendances.all()} == {
        zhang: AttendanceStatus.PRESENT,
        li: AttendanceStatus.PRESENT,
    }
    training = Activity.objects.get(kind=ActivityKind.TRAINING)
    assert (training.start_date, training.end_date) == (date(2025, 6, 1), date(2025, 6, 3))
    assert (training.organiser, training.group) == (Organiser.GROUP, group)
    assert training.created_by == secretary


def test_activities_with_unknown_or_ambiguous_deputies_write_nothing(tmp_path, secretary, term):
    DeputyFactory(name="张三", birth_date=date(1970, 1, 1))
    DeputyFactory(name="张三", birth_date=date(1980, 1, 1))
    path = write_xlsx(
        tmp_path / "a.xlsx",
        ACTIVITY,
        [
            activity_row(参加代表="张三"),
            activity_row(主题="调研", 参加代表="赵六", 组织者="不存在的组织", 整改到位="9"),
        ],
    )
    report = run("activities", path, secretary)
    assert messages(report) == [
        "第2行 「参加代表」：有多名代表叫“张三”，请在姓名后加出生日期以区分，例如 张三(1970-01-01)。",
        "第3行 「组织者」：“不存在的组织”既不是主席团，也不是代表小组或联络站的名称。"
        "现有小组：—；现有联络站：—。",
        "第3行 「参加代表」：没有名为“赵六”的代表。",
        "第3行：整改到位的问题不能多于发现的问题。",
    ]
    assert not Activity.objects.exists()
    assert not AuditEntry.objects.filter(actor=secretary).exists()


def test_activity_rules_are_row_errors(tmp_path, secretary, term):
    DeputyFactory(name="张三")
    path = write_xlsx(
        tmp_path / "a.xlsx",
        ACTIVITY,
        [activity_row(参加代表="张三", 发现问题="1", 整改到位="2"), activity_row(参加代表="张三")],
    )
    report = run("activities", path, secretary)
    text = "\n".join(messages(report))
    assert "第2行：整改到位的问题不能多于发现的问题。" in text
    assert "第3行 「主题」：这项活动与第2行重复。" in text
    assert not Activity.objects.exists()


def test_activities_round_trip_and_edit(tmp_path, secretary, term):
    zhang = DeputyFactory(name="张三", birth_date=date(1970, 1, 1))
    twin = DeputyFactory(name="张三", birth_date=date(1980, 1, 1))
    li = DeputyFactory(name="李四")
    station = StationFactory(name="河东联络站")
    activity = ActivityFactory(
        topic="接待选民",
        kind=ActivityKind.RECEPTION,
        organiser=Organiser.STATION,
        station=station,
        end_date=date(2025, 5, 11),
    )
    activity.attendances.create(deputy=zhang, status=AttendanceStatus.PRESENT)
    activity.attendances.create(deputy=li, status=AttendanceStatus.LEAVE)
    ActivityFactory(topic="视察道路")

    path = tmp_path / "activities.xlsx"
    path.write_bytes(export_file("activities", path.name))
    rows = list(load_workbook(path).active.iter_rows(values_only=True))
    exported = {row[2]: row for row in rows[1:]}
    assert exported["接待选民"][0] == "2025-05-10至2025-05-11"
    assert exported["接待选民"][4] == "河东联络站"
    assert exported["接待选民"][5] == "张三(1970-01-01)"

    report = run("activities", path, secretary)
    assert (report.new, report.updated, report.unchanged) == (0, 0, 2), messages(report)
    assert not AuditEntry.objects.filter(actor=secretary).exists()

    book = load_workbook(path)
    for row in book.active.iter_rows(min_row=2):
        if row[2].value == "接待选民":
            row[5].value = "张三(1980-01-01)、张三(1970-01-01)"
    book.save(path)
    report = run("activities", path, secretary)
    assert (report.new, report.updated, report.unchanged) == (0, 1, 1), messages(report)
    statuses = {a.deputy: a.status for a in activity.attendances.all()}
    # Leave recorded on the portal stays; the twin joins as present.
    assert statuses == {
        zhang: AttendanceStatus.PRESENT,
        twin: AttendanceStatus.PRESENT,
        li: AttendanceStatus.LEAVE,
    }


@pytest.mark.parametrize("name", ["groups", "stations", "deputies", "activities"])
def test_exports_cost_a_constant_number_of_queries(term, name):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def make(count):
        group, station = GroupFactory(), StationFactory()
        for _ in range(count):
            deputy = DeputyFactory(group=group, levels=[Level.TOWNSHIP, Level.COUNTY])
            station.resident_deputies.add(deputy)
            group.leader = deputy
            group.save()
            activity = ActivityFactory(organiser=Organiser.GROUP, group=group)
            activity.attendances.create(deputy=deputy)

    def cost():
        with CaptureQueriesContext(connection) as queries:
            export_file(name, "x.xlsx")
        return len(queries)

    make(2)
    few = cost()
    make(8)
    assert cost() == few


def test_voters_received_is_imported_and_exported(tmp_path, secretary, term):
    """The summaries print 接待选民 N 人次 from this column; a year built by import has it too."""
    from deputies.selectors import voters_received

    DeputyFactory(name="张三")
    DeputyFactory(name="李四")
    header = [*ACTIVITY, "接待选民人次"]
    row = activity_row(类型="接待选民", 主题="五月接待日", 发现问题="0", 整改到位="0")
    path = write_xlsx(tmp_path / "a.xlsx", header, [[*row, "37人次"]])
    report = run("activities", path, secretary)
    assert report.new == 1, messages(report)
    assert voters_received(date(2025, 1, 1), date(2025, 12, 31)) == 37

    path = tmp_path / "export.xlsx"
    path.write_bytes(export_file("activities", path.name))
    rows = list(load_workbook(path).active.iter_rows(values_only=True))
    assert rows[1][rows[0].index("接待选民人次")] == 37
    report = run("activities", path, secretary)
    assert (report.new, report.updated, report.unchanged) == (0, 0, 1), messages(report)
