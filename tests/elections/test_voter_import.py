"""Importing a township's voter roll and its districts: every bad row reported, nothing
written; the command with --election; the import page with its progress."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from congress.roles import Role
from congress.spreadsheets import import_file
from elections.models import District, Voter
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


def test_someone_already_registered_in_another_district_is_refused(election):
    VoterFactory(
        district=District.objects.get(code="02"), id_number=resident_id_number(date(1980, 1, 1), 1)
    )
    report = run(election, csv(row(1), row(2)))
    [(sheet_row, column, text)] = problems(report)
    assert (sheet_row, column) == (2, "公民身份号码") and "第二选区" in text
    assert Voter.objects.count() == 1


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
