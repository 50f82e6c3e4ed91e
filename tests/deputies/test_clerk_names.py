"""The deputies spreadsheets read the words a clerk uses (issue 13): the presidium, groups and
stations named with or without the township's name, 男性/女性, and group memberships dated from
the term's start (or 入组日期) rather than the day of the import."""

from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from congress.models import TownshipProfile
from congress.spreadsheets import import_file
from deputies.models import Activity, Deputy, DeputyGroup, Gender, GroupMembership, Organiser
from reports import figures
from tests.deputies.test_resources import ROSTER, messages, roster_row, write_xlsx
from tests.factories import DeputyFactory, GroupFactory, StationFactory, TermFactory

pytestmark = pytest.mark.django_db


def load(name, lines, actor):
    data = ("\n".join(lines) + "\n").encode("utf-8-sig")
    return import_file(name, data, f"{name}.csv", actor=actor)


@pytest.fixture
def township(db):
    TownshipProfile.objects.update_or_create(pk=1, defaults={"name": "青山镇", "county": "江南县"})


# Activities: 组织者


def test_the_organiser_is_read_as_offices_write_it_and_each_reading_is_reported(
    secretary, township
):
    first = GroupFactory(name="第一代表小组")
    station = StationFactory(name="代表联络站")
    written = {
        "主席团": None,
        "镇人大主席团": None,
        "乡人大主席团": None,
        "人大主席团": None,
        "青山镇人大主席团": None,
        "镇人民代表大会主席团": None,
        "青山镇第一代表小组": first,
        "第一小组": first,
        "人大代表联络站": station,
    }
    lines = ["日期,类型,主题,组织者,参加代表"]
    lines += [f"2024-03-{n:02d},视察,视察{n},{name}," for n, name in enumerate(written, 1)]
    report = load("activities", lines, secretary)
    assert report.ok, messages(report)
    for n, (name, body) in enumerate(written.items(), 1):
        activity = Activity.objects.get(topic=f"视察{n}")
        if body is None:
            assert activity.organiser == Organiser.PRESIDIUM, name
        elif body == first:
            assert (activity.organiser, activity.group) == (Organiser.GROUP, first), name
        else:
            assert (activity.organiser, activity.station) == (Organiser.STATION, station), name
    assert report.notes == [
        "“组织者”列的“镇人大主席团”按“主席团”读取（第3行）。",
        "“组织者”列的“乡人大主席团”按“主席团”读取（第4行）。",
        "“组织者”列的“人大主席团”按“主席团”读取（第5行）。",
        "“组织者”列的“青山镇人大主席团”按“主席团”读取（第6行）。",
        "“组织者”列的“镇人民代表大会主席团”按“主席团”读取（第7行）。",
        "“组织者”列的“青山镇第一代表小组”按“第一代表小组”读取（第8行）。",
        "“组织者”列的“第一小组”按“第一代表小组”读取（第9行）。",
        "“组织者”列的“人大代表联络站”按“代表联络站”读取（第10行）。",
    ]


def test_an_organiser_that_fits_several_or_none_is_refused_with_what_exists(secretary, township):
    GroupFactory(name="第一代表小组")
    StationFactory(name="代表联络站")
    StationFactory(name="镇代表联络站")
    lines = [
        "日期,类型,主题,组织者,参加代表",
        "2024-03-01,视察,甲,人大代表联络站,",
        "2024-03-02,视察,乙,妇联,",
    ]
    report = load("activities", lines, secretary)
    assert messages(report) == [
        "第2行 「组织者」：“人大代表联络站”可能指代表联络站、镇代表联络站中的任何一个，请写全称。",
        "第3行 「组织者」：“妇联”既不是主席团，也不是代表小组或联络站的名称。"
        "现有小组：第一代表小组；现有联络站：代表联络站、镇代表联络站。",
    ]
    assert not Activity.objects.exists()


# The roster: 代表小组 and 性别


def test_the_roster_reads_group_names_and_gender_words(tmp_path, secretary, township):
    term = TermFactory(number=18)
    first = GroupFactory(name="第一代表小组")
    rows = [
        roster_row("甲", 性别="男性", 出生日期="1970-01-01", 代表小组="青山镇第一代表小组"),
        roster_row("乙", 性别="女性", 出生日期="1971-01-01", 代表小组="第一小组"),
        roster_row("丙", 性别="男士", 出生日期="1972-01-01", 代表小组="第一代表小组"),
        roster_row("丁", 性别="女士", 出生日期="1973-01-01", 代表小组=""),
    ]
    report = import_file(
        "deputies",
        write_xlsx(tmp_path / "r.xlsx", ROSTER, rows).read_bytes(),
        "r.xlsx",
        actor=secretary,
    )
    assert report.ok, messages(report)
    genders = dict(Deputy.objects.values_list("name", "gender"))
    assert genders == {
        "甲": Gender.MALE,
        "乙": Gender.FEMALE,
        "丙": Gender.MALE,
        "丁": Gender.FEMALE,
    }
    members = GroupMembership.objects.filter(group=first, end_date__isnull=True)
    assert sorted(members.values_list("deputy__name", flat=True)) == ["丙", "乙", "甲"]
    # Joined at the start of the current term, not on the day of the import.
    assert set(members.values_list("start_date", flat=True)) == {term.start_date}
    assert report.notes == [
        "“代表小组”列的“青山镇第一代表小组”按“第一代表小组”读取（第2行）。",
        "“代表小组”列的“第一小组”按“第一代表小组”读取（第3行）。",
    ]


# Group memberships of a past term


PAST_TERM_START = date(2007, 12, 28)


@pytest.fixture
def past_term(db):
    """The seventeenth term, in force since 2007 (no later term recorded): a year rebuilt from
    spreadsheets long after it."""
    term = TermFactory(number=17, start_date=PAST_TERM_START)
    GroupFactory(name="第一代表小组")
    GroupFactory(name="第二代表小组")
    return term


def roster(*rows, joined=True):
    header = "姓名,性别,出生日期,政治面貌,文化程度,职业类别,代表层级,代表小组"
    return [header + (",入组日期" if joined else "")] + [
        ",".join([row[0], "男", row[1], "群众", "大专", "农民", "乡镇", *row[2:]]) for row in rows
    ]


def membership(name):
    return GroupMembership.objects.get(deputy__name=name, end_date__isnull=True)


def test_a_roster_of_a_past_term_dates_memberships_from_its_start_or_from_the_column(
    tmp_path, secretary, past_term
):
    # An Excel date cell in 入组日期, and one left empty.
    header = [
        "姓名",
        "性别",
        "出生日期",
        "政治面貌",
        "文化程度",
        "职业类别",
        "代表小组",
        "入组日期",
    ]
    rows = [
        ["甲", "男", "1970-01-01", "群众", "大专", "农民", "第一代表小组", ""],
        ["乙", "男", "1971-01-01", "群众", "大专", "农民", "第二小组", datetime(2009, 3, 1)],
    ]
    path = write_xlsx(tmp_path / "名册.xlsx", header, rows)
    report = import_file("deputies", path.read_bytes(), path.name, actor=secretary)
    assert report.ok, messages(report)
    assert (membership("甲").group.name, membership("甲").start_date) == (
        "第一代表小组",
        PAST_TERM_START,
    )
    assert (membership("乙").group.name, membership("乙").start_date) == (
        "第二代表小组",
        date(2009, 3, 1),
    )

    # The summary of 2008 counts the term's groups and finds each deputy in one.
    snapshot = figures.collect(date(2008, 1, 1), date(2008, 12, 31))
    assert snapshot["values"]["groups"] == "2"
    in_2008 = GroupMembership.objects.filter(start_date__lte=date(2008, 12, 31))
    assert list(in_2008.values_list("deputy__name", flat=True)) == ["甲"]


def test_a_change_of_group_happens_on_the_date_given_else_today(secretary, past_term):
    assert load("deputies", roster(("甲", "1970-01-01", "第一代表小组", "")), secretary).ok
    assert membership("甲").start_date == PAST_TERM_START

    # Moved on the date of the column: the old membership ends that day.
    report = load("deputies", roster(("甲", "1970-01-01", "第二代表小组", "2010-05-01")), secretary)
    assert report.ok and report.updated == 1, messages(report)
    old = GroupMembership.objects.get(deputy__name="甲", group__name="第一代表小组")
    assert (old.start_date, old.end_date) == (PAST_TERM_START, date(2010, 5, 1))
    assert membership("甲").start_date == date(2010, 5, 1)

    # Moved without a date: today.
    report = load("deputies", roster(("甲", "1970-01-01", "第一代表小组"), joined=False), secretary)
    assert report.ok and report.updated == 1, messages(report)
    assert membership("甲").start_date == timezone.localdate()
    assert GroupMembership.objects.filter(deputy__name="甲").count() == 3


def test_an_edited_export_moving_a_deputy_moves_them_today(secretary, past_term):
    assert load("deputies", roster(("甲", "1970-01-01", "第一代表小组", "")), secretary).ok
    # The export's 入组日期 is the old group's date; the clerk changed only 代表小组.
    row = ("甲", "1970-01-01", "第二代表小组", PAST_TERM_START.isoformat())
    report = load("deputies", roster(row), secretary)
    assert report.ok and report.updated == 1, messages(report)
    assert (membership("甲").group.name, membership("甲").start_date) == (
        "第二代表小组",
        timezone.localdate(),
    )


def test_a_date_given_with_the_recorded_group_corrects_the_start(secretary, past_term):
    deputy = DeputyFactory(name="甲", birth_date=date(1970, 1, 1))
    GroupMembership.objects.create(
        deputy=deputy,
        group=GroupFactory(name="旧组"),
        start_date=date(2008, 1, 1),
        end_date=date(2009, 1, 1),
    )
    # Imported before issue 13: the membership started on the day of that import.
    GroupMembership.objects.create(
        deputy=deputy,
        group=DeputyGroup.objects.get(name="第一代表小组"),
        start_date=timezone.localdate(),
    )
    report = load("deputies", roster(("甲", "1970-01-01", "第一代表小组", "2009-01-01")), secretary)
    assert report.ok and report.updated == 1, messages(report)
    assert membership("甲").start_date == date(2009, 1, 1)
    assert GroupMembership.objects.filter(deputy=deputy).count() == 2

    # Not before the previous membership ended.
    report = load("deputies", roster(("甲", "1970-01-01", "第一代表小组", "2008-06-01")), secretary)
    assert messages(report) == [
        "第2行 「入组日期」：该代表在原代表小组至2009-01-01，入组日期不能早于这一天。"
    ]
    assert membership("甲").start_date == date(2009, 1, 1)


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        (
            ("甲", "1970-01-01", "第二代表小组", "2007-01-01"),
            "该代表自2007-12-28起在第一代表小组，入组日期不能早于这一天。",
        ),
        (("甲", "1970-01-01", "", "2010-01-01"), "填写入组日期须同时填写所入的代表小组。"),
        (("甲", "1970-01-01", "第二代表小组", "FUTURE"), "入组日期不能晚于今天。"),
        (
            ("甲", "1970-01-01", "第二代表小组", "去年"),
            "“去年”不是日期，请写成 2024-03-05、2024/3/5 或 2024年3月5日。",
        ),
    ],
)
def test_an_impossible_date_of_joining_is_refused(secretary, past_term, row, reason):
    assert load("deputies", roster(("甲", "1970-01-01", "第一代表小组", "")), secretary).ok
    future = (timezone.localdate() + timedelta(days=1)).isoformat()
    row = tuple(future if cell == "FUTURE" else cell for cell in row)
    report = load("deputies", roster(row), secretary)
    assert messages(report) == [f"第2行 「入组日期」：{reason}"]
    assert (membership("甲").group.name, membership("甲").start_date) == (
        "第一代表小组",
        PAST_TERM_START,
    )
