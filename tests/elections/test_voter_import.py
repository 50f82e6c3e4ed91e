"""Importing a township's voter roll and its districts: every bad row reported, nothing
written; the command with --election; the import page with its progress."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from congress import idnumbers
from congress.roles import Role
from congress.spreadsheets import import_file
from elections import services
from elections.models import District, RollChange, Voter
from tests.factories import (
    DistrictFactory,
    ElectionFactory,
    UserFactory,
    VoterFactory,
    resident_id_number,
)

pytestmark = pytest.mark.django_db

HEADER = "姓名,公民身份号码,民族,住址,选区"


@pytest.fixture
def election():
    election = ElectionFactory(name="第二十届镇人大代表选举", election_day=date(2026, 11, 15))
    DistrictFactory(election=election, name="第一选区", code="01")
    DistrictFactory(election=election, name="第二选区", code="02")
    return election


def csv(*rows, header=HEADER):
    return ("\n".join([header, *rows]) + "\n").encode("utf-8")


def row(n, district="第一选区", born=date(1980, 1, 1), name="王伟", number=None):
    return f"{name},{number or resident_id_number(born, n)},汉族,河东村{n}号,{district}"


def run(election, data, filename="roll.csv", actor=None):
    return import_file("voters", data, filename, actor=actor, election=election)


def problems(report):
    return [(p.row, p.column, p.reason) for p in report.errors]


def test_a_valid_file_is_imported_with_derived_facts(election, election_user):
    report = run(
        election,
        csv(row(1), row(2, district="02", born=date(2008, 11, 15))),
        actor=election_user,
    )
    assert report.ok and report.new == 2
    voters = Voter.objects.order_by("pk")
    assert [v.district.code for v in voters] == ["01", "02"]
    assert voters[1].birth_date == date(2008, 11, 15) and voters[0].stroke_key
    assert voters[0].gender == "M" and voters[1].gender == "F"


def bad_file_cases():
    good = resident_id_number(date(1980, 1, 1), 1)
    wrong_check = good[:-1] + ("1" if good[-1] != "1" else "2")
    impossible = "330100" + "19800230" + "123"
    from stdnum.cn import ric

    impossible += ric.calc_check_digit(impossible + "0")
    return [
        ("bad checksum", [row(1, number=wrong_check)], "公民身份号码", "校验码"),
        ("impossible date", [row(1, number=impossible)], "公民身份号码", "出生日期"),
        ("under 18", [row(1, born=date(2008, 11, 16))], "公民身份号码", "未满十八周岁"),
        ("15 digits", [row(1, number="330106800101123")], "公民身份号码", "15位"),
        ("unknown district", [row(1, district="第九选区")], "选区", "第九选区"),
    ]


@pytest.mark.parametrize("case", bad_file_cases(), ids=lambda c: c[0])
def test_each_bad_row_is_reported_and_nothing_is_written(election, case):
    _, rows, column, reason = case
    report = run(election, csv(row(5), *rows, row(6)))
    assert not report.ok and Voter.objects.count() == 0
    [(sheet_row, col, text)] = problems(report)
    assert sheet_row == 3 and col == column and reason in text, text


def test_a_duplicate_in_the_file_names_the_earlier_row(election):
    report = run(election, csv(row(1), row(2), row(1, district="第二选区")))
    assert problems(report) == [(4, "公民身份号码", "同一公民身份号码在第2行也出现了。")]
    assert Voter.objects.count() == 0


def test_every_bad_row_is_reported(election):
    report = run(
        election,
        csv(row(1, born=date(2010, 1, 1)), row(2), row(3, district="无此选区"), row(4, name="")),
    )
    assert [p[0] for p in problems(report)] == [2, 4, 5]
    assert Voter.objects.count() == 0


def test_stated_gender_and_birth_date_must_agree(election):
    number = resident_id_number(date(1980, 1, 1), 1, "M")
    header = HEADER + ",性别,出生日期"
    report = run(
        election,
        csv(f"王伟,{number},汉族,河东村,第一选区,女,1980-01-02", header=header),
    )
    assert sorted(p.column for p in report.errors) == ["出生日期", "性别"]
    report = run(
        election, csv(f"王伟,{number},汉族,河东村,第一选区,男,1980年1月1日", header=header)
    )
    assert report.ok and Voter.objects.count() == 1


def test_the_command_takes_the_election_and_fails_with_nothing_written(
    election, election_user, tmp_path, capsys
):
    ElectionFactory(name="另一次选举", election_day=date(2027, 1, 1))
    path = tmp_path / "roll.csv"
    path.write_bytes(csv(row(1), row(2, born=date(2009, 1, 1))))
    with pytest.raises(CommandError):
        call_command(
            "import_data",
            "voters",
            str(path),
            "--election",
            election.name,
            "--user",
            election_user.username,
        )
    assert "第3行" in capsys.readouterr().err and Voter.objects.count() == 0
    path.write_bytes(csv(row(1), row(2)))
    call_command(
        "import_data",
        "voters",
        str(path),
        "--election",
        election.name,
        "--user",
        election_user.username,
    )
    assert election.voters.count() == 2
    with pytest.raises(CommandError):
        call_command(
            "import_data",
            "voters",
            str(path),
            "--election",
            "无此选举",
            "--user",
            election_user.username,
        )


def test_districts_import_into_the_named_election(election, election_user, tmp_path):
    path = tmp_path / "districts.csv"
    path.write_bytes(
        "名称,编码,范围,人口,应选名额\n第一选区,01,河东村,3200,2\n第三选区,03,河西村,1500,4\n".encode()
    )
    with pytest.raises(CommandError):
        call_command(
            "import_data",
            "districts",
            str(path),
            "--election",
            election.name,
            "--user",
            election_user.username,
        )
    path.write_bytes("名称,编码,范围,人口,应选名额\n第三选区,03,河西村,1500,1\n".encode())
    call_command(
        "import_data",
        "districts",
        str(path),
        "--election",
        election.name,
        "--user",
        election_user.username,
    )
    assert election.districts.get(code="03").seats == 1


def test_import_page_is_for_election_staff_only(
    client, election, secretary, presidium_user, deputy_user, unit_user
):
    url = reverse("voter_import", args=[election.pk])
    assert client.get(url)["Location"].startswith(reverse("login"))
    for user in (secretary, presidium_user, deputy_user, unit_user):
        client.force_login(user)
        assert client.get(url).status_code == 403
        assert client.post(url, {}).status_code == 403


def test_import_page_runs_a_job_and_shows_its_progress(
    client, election, election_user, run_jobs, media_root
):
    client.force_login(election_user)
    url = reverse("voter_import", args=[election.pk])
    upload = SimpleUploadedFile("roll.csv", csv(row(1), row(2, born=date(2009, 1, 1))))
    progress = client.post(url, {"file": upload})["Location"]
    # The request only queued the work; the upload waits in storage for the worker.
    assert "等待后台" in client.get(progress).content.decode() and Voter.objects.count() == 0
    assert len(list((media_root / "imports").rglob("*.csv"))) == 1
    run_jobs()
    page = client.get(progress).content.decode()
    assert "第3行" in page and Voter.objects.count() == 0
    # The upload holds full ID numbers: it is gone once the job has read it.
    assert not list((media_root / "imports").rglob("*.csv"))
    upload = SimpleUploadedFile("roll.csv", csv(row(1), row(2)))
    progress = client.post(url, {"file": upload})["Location"]
    run_jobs()
    part = client.get(progress, headers={"HX-Request": "true"}).content.decode()
    assert "已导入 roll.csv：新增 2 条" in part and "hx-trigger" not in part
    assert Voter.objects.count() == 2
    # Another member of the election staff cannot read someone else's job.
    client.force_login(UserFactory(role=Role.ELECTION_STAFF))
    assert client.get(progress).status_code == 403


def test_the_generic_export_masks_id_numbers(election):
    from congress.spreadsheets import export_dataset

    voter = VoterFactory(district=District.objects.get(code="01"))
    dataset = export_dataset("voters")
    assert voter.id_number not in str(dataset.export("csv"))
    assert voter.id_number[:4] + "*" * 13 + voter.id_number[-1:] in dataset.export("csv")


# What a clerk's own file looks like (issue 13)


def xlsx(*rows, header=HEADER):
    """A workbook as Excel saves it: the values given, typed as Python gives them (a float is
    a number cell, a date a date cell)."""
    import io

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(header.split(","))
    for values in rows:
        sheet.append(list(values))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_headers_clerks_write_are_read_and_the_report_says_so(election):
    report = run(
        election,
        csv(
            f"王伟,{resident_id_number(date(1980, 1, 1), 1)},汉族,河东村1号,第一选区",
            header="姓名,身份证号码,民族,家庭住址,所在选区",
        ),
    )
    assert report.ok and report.new == 1, problems(report)
    assert Voter.objects.get().address == "河东村1号"
    assert "列“身份证号码”按“公民身份号码”读取。" in report.notes
    assert "列“家庭住址”按“住址”读取。" in report.notes
    assert "列“所在选区”按“选区”读取。" in report.notes


def test_gender_may_be_written_as_male_or_female_in_full(election):
    header = HEADER + ",性别"
    man = resident_id_number(date(1980, 1, 1), 1, "M")
    woman = resident_id_number(date(1980, 1, 1), 2, "F")
    report = run(
        election,
        csv(
            f"王伟,{man},汉族,河东村,第一选区,男性",
            f"李娜,{woman},汉族,河东村,第一选区,女性",
            header=header,
        ),
    )
    assert report.ok and report.new == 2, problems(report)
    report = run(
        election,
        csv(
            f"张强,{resident_id_number(date(1980, 1, 1), 3, 'M')},汉族,河东村,第一选区,女性",
            header=header,
        ),
    )
    assert problems(report) == [(2, "性别", "性别与公民身份号码不一致。")]


@pytest.mark.parametrize(
    "written, other_day",
    [
        ("1991-02-20", "1991-02-21"),
        ("1991/2/20", "1991/2/21"),
        ("1991.2.20", "1991.2.21"),
        ("1991年2月20日", "1991年2月21日"),
    ],
)
def test_the_birth_date_is_read_in_the_ways_clerks_write_it(election, written, other_day):
    header = HEADER + ",出生日期"
    number = resident_id_number(date(1991, 2, 20), 1)
    report = run(election, csv(f"王伟,{number},汉族,河东村,第一选区,{written}", header=header))
    assert report.ok and Voter.objects.get().birth_date == date(1991, 2, 20), problems(report)
    # Read as a date, not merely accepted: another day disagrees with the ID number.
    number = resident_id_number(date(1991, 2, 20), 2)
    report = run(election, csv(f"李娜,{number},汉族,河东村,第一选区,{other_day}", header=header))
    assert problems(report) == [(2, "出生日期", "出生日期与公民身份号码（1991年2月20日）不一致。")]


def test_the_birth_date_may_be_an_excel_date_cell(election):
    from datetime import datetime

    number = resident_id_number(date(1991, 2, 20), 1)
    data = xlsx(
        ("王伟", number, "汉族", "河东村", "第一选区", datetime(1991, 2, 20)),
        header=HEADER + ",出生日期",
    )
    report = run(election, data, filename="roll.xlsx")
    assert report.ok and report.new == 1, problems(report)
    data = xlsx(
        ("王伟", number, "汉族", "河东村", "第一选区", datetime(1991, 2, 21)),
        header=HEADER + ",出生日期",
    )
    report = run(election, data, filename="roll.xlsx")
    assert [p[1] for p in problems(report)] == ["出生日期"]


STORED_AS_NUMBER = "公民身份号码被存成了数字，会丢失位数；请把该列设为文本格式后重新填写。"


def test_an_id_number_excel_stored_as_a_number_says_how_to_fix_it(election):
    number = resident_id_number(date(1980, 1, 1), 1)
    # Excel keeps 15 significant digits: the cell holds a float that lost the last ones.
    data = xlsx(("王伟", float(number), "汉族", "河东村", "第一选区"))
    report = run(election, data, filename="roll.xlsx")
    assert problems(report) == [(2, "公民身份号码", STORED_AS_NUMBER)]
    # Even where the digits left happen to pass the check digit: they are not the person's.
    cell = float("330100198001010488")
    assert idnumbers.check(str(int(cell))) == "330100198001010496"
    data = xlsx(("王伟", cell, "汉族", "河东村", "第一选区"))
    report = run(election, data, filename="roll.xlsx")
    assert problems(report) == [(2, "公民身份号码", STORED_AS_NUMBER)]
    # Saved as CSV, Excel writes the number as it shows it.
    report = run(election, csv("王伟,3.30101E+17,汉族,河东村,第一选区"))
    assert problems(report) == [(2, "公民身份号码", STORED_AS_NUMBER)]
    # A text cell with a wrong number keeps the reason of the number itself.
    report = run(election, csv(f"王伟,{number[:-1]},汉族,河东村,第一选区"))
    assert "18位" in problems(report)[0][2]


def test_an_unknown_election_lists_the_elections_there_are(election):
    report = import_file("voters", csv(row(1)), "roll.csv", actor=None, election="第二十届选举")
    [problem] = report.errors
    assert str(problem) == "没有名为“第二十届选举”的选举。现有的选举：“第二十届镇人大代表选举”。"


def test_an_unknown_district_lists_the_districts_without_repeating_a_word(election):
    report = run(election, csv(row(1, district="第九选区")))
    assert problems(report) == [
        (
            2,
            "选区",
            "第二十届镇人大代表选举中找不到“第九选区”。"
            "本次选举的选区有：第一选区（01）、第二选区（02）。",
        )
    ]


@pytest.fixture
def ninth(election):
    from congress.models import TownshipProfile

    TownshipProfile.objects.update_or_create(pk=1, defaults={"name": "青山镇", "county": "江南县"})
    return DistrictFactory(election=election, name="第九选区", code="09")


@pytest.mark.parametrize(
    "written",
    ["第九选区", "九选区", "第9选区", "9", "09", "青山镇第九选区", "镇九选区", "青山镇9选区"],
)
def test_a_district_is_found_by_the_ways_clerks_write_it(election, ninth, written):
    report = run(election, csv(row(1, district=written), row(2, district=written)))
    assert report.ok and report.new == 2, problems(report)
    assert set(Voter.objects.values_list("district__name", flat=True)) == {"第九选区"}
    if written == "第九选区":
        assert report.notes == []
    else:
        assert report.notes == [f"“选区”列的“{written}”按“第九选区”读取（第2、3行）。"]


def test_a_district_number_that_fits_two_districts_is_refused(election):
    # 第一选区 has the code 01 and 第二选区 the code 02; a third district coded 1 by a clerk
    # makes "第1" fit two of them.
    DistrictFactory(election=election, name="河西选区", code="001")
    report = run(election, csv(row(1, district="第1")))
    [(sheet_row, column, text)] = problems(report)
    assert (sheet_row, column) == (2, "选区")
    assert "第一选区" in text and "河西选区" in text and "全称" in text


def test_every_row_gets_every_check(election):
    """Length checks used to stop at the first bad row, so a clerk fixed the file twice."""
    good = resident_id_number(date(1980, 1, 1), 9)
    report = run(
        election,
        csv(
            row(1, number=good[:-1] + ("1" if good[-1] != "1" else "2")),
            f"李娜,{resident_id_number(date(1980, 1, 1), 2)},汉族,{'河' * 201},第一选区",
            f"张强,{resident_id_number(date(1980, 1, 1), 3)},{'汉' * 21},河东村,第一选区",
        ),
    )
    assert [(p[0], p[1]) for p in problems(report)] == [
        (2, "公民身份号码"),
        (3, "住址"),
        (4, "民族"),
    ]
    assert Voter.objects.count() == 0


def test_one_row_reports_all_its_problems(election):
    report = run(
        election,
        csv(f",330106800101123,{'汉' * 21},{'河' * 201},无此选区"),
    )
    assert [p[1] for p in problems(report)] == ["姓名", "民族", "住址", "公民身份号码", "选区"]


def test_a_complete_roll_can_be_imported_again_with_additions(election, election_user):
    first = run(election, csv(row(1), row(2, district="02")), actor=election_user)
    assert first.ok and first.new == 2
    again = run(election, csv(row(1), row(2, district="第二选区"), row(3)), actor=election_user)
    assert again.ok, problems(again)
    assert (again.new, again.unchanged) == (1, 2)
    assert Voter.objects.count() == 3
    # Imported once more, nothing is new.
    once_more = run(election, csv(row(1), row(2, district="02"), row(3)), actor=election_user)
    assert (once_more.new, once_more.unchanged) == (0, 3) and RollChange.objects.count() == 3


def test_someone_registered_in_another_district_is_refused_naming_it(election):
    run(election, csv(row(1, district="02")))
    report = run(election, csv(row(1), row(2)))
    assert problems(report) == [
        (2, "公民身份号码", "此人已在第二选区登记；如需调整选区，请在该选民页面登记名单变更。")
    ]
    assert Voter.objects.count() == 1


def test_other_details_for_someone_on_the_roll_are_refused_not_overwritten(election):
    run(election, csv(row(1)))
    changed = f"王伟,{resident_id_number(date(1980, 1, 1), 1)},汉族,河西村8号,第一选区"
    report = run(election, csv(changed, row(2)))
    assert problems(report) == [
        (
            2,
            "住址",
            "此人已在第一选区的选民名单上，此栏登记为“河东村1号”；"
            "如需更改，请在该选民页面登记更正，或按名单上的内容填写。",
        )
    ]
    assert Voter.objects.get().address == "河东村1号" and Voter.objects.count() == 1


def test_someone_struck_off_is_not_put_back_by_an_import(election, election_user):
    run(election, csv(row(1)))
    services.roll_change(actor=election_user, voter=Voter.objects.get(), reason="moved_out")
    report = run(election, csv(row(1), row(2)))
    assert problems(report) == [
        (
            2,
            "公民身份号码",
            "此人已从第一选区的选民名单中除名；如需恢复，请在该选民页面登记名单变更。",
        )
    ]
    assert not Voter.objects.get().on_roll


def test_each_imported_voter_gets_a_roll_change_like_a_registration(election, election_user):
    report = import_file(
        "voters",
        csv(row(1), row(2)),
        "roll.csv",
        actor=election_user,
        election=election,
        roll_file="河东村名单.xlsx",
    )
    assert report.ok
    changes = RollChange.objects.order_by("voter__id_number")
    assert [c.voter.id_number for c in changes] == sorted(
        Voter.objects.values_list("id_number", flat=True)
    )
    for change in changes:
        # The reason the page registers a newcomer with (voter_register's default).
        assert change.reason == RollChange.Reason.MOVED_IN
        assert change.note == "导入选民名单 河东村名单.xlsx"
        assert change.actor == election_user and change.date == timezone.localdate()


def test_a_dry_run_writes_no_voter_and_no_roll_change(election, election_user):
    report = import_file(
        "voters",
        csv(row(1), row(2)),
        "roll.csv",
        actor=election_user,
        election=election,
        dry_run=True,
    )
    assert report.ok and report.new == 2
    assert Voter.objects.count() == 0 and RollChange.objects.count() == 0


def test_the_import_costs_the_same_queries_for_any_number_of_rows(election, ninth):
    """No query per row: a roll of 100,000 rows is checked in Python."""
    VoterFactory(district=ninth, id_number=resident_id_number(date(1970, 1, 1), 1))

    def roll(first, count):
        districts = ("第九选区", "9", "01", "青山镇第二选区")
        return csv(*(row(n, district=districts[n % 4]) for n in range(first, first + count)))

    with CaptureQueriesContext(connection) as small:
        assert run(election, roll(0, 4)).new == 4
    with CaptureQueriesContext(connection) as large:
        assert run(election, roll(100, 40)).new == 40
    assert len(large) == len(small)
