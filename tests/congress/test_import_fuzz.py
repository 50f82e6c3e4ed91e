"""Every import the portal offers, fed files that are broken, hostile or in the wrong encoding.

The entry points: the data import page of each registered resource (checked in the request,
and as a job when the file is long), the voter-roll import page of an election (always a job)
and the `import_data` command. Each bad file must end in a Chinese message saying what is
wrong: no server error, no job failing on an unexpected error, and not one row written.
"""

import csv
import io
import logging
import random
import re
import zipfile
from datetime import date

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from openpyxl import Workbook

from congress import spreadsheets
from congress.models import Job, PresidiumMeeting, Term
from congress.spreadsheets import import_file, registry
from tests.factories import DistrictFactory, ElectionFactory, TermFactory, UserFactory

pytestmark = pytest.mark.django_db

PROJECT_APPS = ("congress", "deputies", "proposals", "elections", "reports")
CJK = re.compile(r"[\u3400-\u9fff]")
# Text a message quotes from the file (a column name, a cell) is Chinese whatever the language
# of the message, so it does not count.
QUOTED = re.compile(r"“[^”]*”|「[^」]*」")
ELECTION_NAME = "第二十届镇人大代表选举"


def xlsx(rows):
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_text(rows):
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue()


def xlsx_with_sheet_bytes(rows, marker, replacement):
    """An .xlsx whose first sheet's XML has `marker` replaced by raw bytes openpyxl would
    never write (a NUL, a reference to an illegal character)."""
    source = zipfile.ZipFile(io.BytesIO(xlsx(rows)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(marker.encode(), replacement)
            target.writestr(info, data)
    return out.getvalue()


def xlsx_with_bad_crc(rows):
    """A well-formed zip whose sheet's bytes no longer match their checksum."""
    data = bytearray(xlsx(rows))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
    # The member's data follow its local header (30 bytes, the name, the extra field).
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data[start + info.compress_size // 2] ^= 0xFF
    return bytes(data)


def bad_files(columns):
    """(case, filename, bytes) for a resource whose header row is `columns`."""
    noise = random.Random(11)
    junk = bytes(noise.randrange(256) for _ in range(4096))
    good = xlsx([columns, ["甲"] * len(columns)])
    huge = "长" * 200_000
    wide = [f"列{i}" for i in range(1, 1001)]
    return [
        ("random bytes xlsx", "名单.xlsx", junk),
        ("random bytes csv", "名单.csv", junk),
        ("truncated xlsx", "名单.xlsx", good[: len(good) // 2]),
        ("xlsx with a damaged sheet", "名单.xlsx", xlsx_with_bad_crc([columns, ["甲"] * 9])),
        ("huge cell xlsx", "名单.xlsx", xlsx([columns, [huge] * len(columns)])),
        ("huge cell csv", "名单.csv", csv_text([columns, [huge] * len(columns)]).encode()),
        (
            "NUL in an xlsx cell",
            "名单.xlsx",
            xlsx_with_sheet_bytes([columns, ["甲QQ乙"] * len(columns)], "QQ", b"\x00"),
        ),
        (
            "illegal character reference in an xlsx cell",
            "名单.xlsx",
            xlsx_with_sheet_bytes([columns, ["甲QQ乙"] * len(columns)], "QQ", b"&#0;"),
        ),
        (
            "NUL in a csv cell",
            "名单.csv",
            csv_text([columns, ["甲\x00乙"] * len(columns)]).encode(),
        ),
        ("1,000 columns xlsx", "名单.xlsx", xlsx([columns + wide, ["甲"] * 1000])),
        ("1,000 columns csv", "名单.csv", csv_text([columns + wide, ["甲"] * 1000]).encode()),
        ("1,000 unknown columns", "名单.csv", csv_text([wide, ["1"] * 1000]).encode()),
        ("utf-16 csv", "名单.csv", csv_text([columns, ["甲"] * len(columns)]).encode("utf-16")),
        (
            "utf-16 csv without BOM",
            "名单.csv",
            csv_text([columns, ["甲"] * len(columns)]).encode("utf-16-le"),
        ),
        ("latin-1 csv", "名单.csv", csv_text([["Café", "Zürich"], ["é"] * 2]).encode("latin-1")),
        ("header-only gb18030 csv", "名单.csv", csv_text([columns]).encode("gb18030")),
        ("header-only gbk csv", "名单.csv", csv_text([columns]).encode("gbk")),
        ("header-only xlsx", "名单.xlsx", xlsx([columns])),
        ("empty csv", "名单.csv", b""),
        ("empty xlsx", "名单.xlsx", b""),
    ]


def cases():
    return [
        pytest.param(name, case, filename, data, id=f"{name}-{case}")
        for name, cls in registry().items()
        for case, filename, data in bad_files(cls.columns())
    ]


def row_counts():
    """Rows of every model of the portal's apps; jobs are the one row a refused import keeps."""
    return {
        model._meta.label: model._default_manager.count()
        for app in PROJECT_APPS
        for model in apps.get_app_config(app).get_models()
        if model is not Job
    }


def assert_chinese(messages):
    assert messages, "the file was not refused"
    for message in messages:
        assert CJK.search(QUOTED.sub("", message)), f"not a Chinese message: {message!r}"


@pytest.fixture
def world(db):
    """What the imports refer to: a term, an election with a district, an administrator."""
    TermFactory()
    DistrictFactory(election=ElectionFactory(name=ELECTION_NAME, election_day=date(2026, 11, 15)))
    return UserFactory(is_superuser=True, is_staff=True, password=None)


@pytest.fixture
def no_job_errors(caplog):
    """A job that stops on an unexpected error logs it; a refused file is no such error."""
    caplog.set_level(logging.ERROR, logger="congress.jobs")
    yield
    assert not [r for r in caplog.records if r.name == "congress.jobs"], caplog.text


def job_problems(run_jobs):
    run_jobs()
    job = Job.objects.get()
    assert job.state == Job.State.FAILED
    return job.problems


def page_messages(response):
    assert response.status_code == 200, response.status_code
    context = response.context
    messages = [str(m) for m in context["form"].errors.get("file", [])]
    if context.get("report") is not None:
        messages += [str(problem) for problem in context["report"].errors]
    return messages


@pytest.mark.parametrize("job_rows", [2000, 0], ids=["in the request", "as a job"])
@pytest.mark.parametrize(("name", "case", "filename", "data"), cases())
def test_the_import_page_refuses_in_chinese(
    client, world, settings, run_jobs, no_job_errors, job_rows, name, case, filename, data
):
    settings.IMPORT_JOB_ROWS = job_rows  # 0: every file with a row goes to a job
    client.force_login(world)
    before = row_counts()
    response = client.post(
        reverse("data_import", args=[name]), {"file": SimpleUploadedFile(filename, data)}
    )
    if response.status_code == 302:
        messages = job_problems(run_jobs)
    else:
        messages = page_messages(response)
    assert_chinese(messages)
    assert row_counts() == before
    assert "stored" not in (response.context or {})


@pytest.mark.parametrize(
    ("case", "filename", "data"),
    [pytest.param(*case, id=case[0]) for case in bad_files(registry()["voters"].columns())],
)
def test_the_voter_roll_import_refuses_in_chinese(
    client, world, run_jobs, no_job_errors, case, filename, data
):
    from elections.models import Election

    client.force_login(world)
    before = row_counts()
    election = Election.objects.get()
    response = client.post(
        reverse("voter_import", args=[election.pk]), {"file": SimpleUploadedFile(filename, data)}
    )
    if response.status_code == 302:
        messages = job_problems(run_jobs)
    else:
        assert response.status_code == 200
        messages = [str(m) for m in response.context["form"].errors.get("file", [])]
    assert_chinese(messages)
    assert row_counts() == before


@pytest.mark.parametrize(("name", "case", "filename", "data"), cases())
def test_the_import_command_refuses_in_chinese(world, tmp_path, name, case, filename, data):
    path = tmp_path / filename
    path.write_bytes(data)
    before = row_counts()
    stderr = io.StringIO()
    extra = {"election": ELECTION_NAME} if name in ("voters", "districts") else {}
    with pytest.raises(CommandError) as refused:
        call_command("import_data", name, str(path), user=world.username, stderr=stderr, **extra)
    assert_chinese([str(refused.value), *stderr.getvalue().splitlines()])
    assert row_counts() == before


# The limits behind some of the refusals above, each on a file that is otherwise valid.

TERM_ROW = ["届次", "开始日期", "结束日期"]


def import_messages(name, data, filename, actor):
    report = import_file(name, data, filename, actor=actor)
    assert report.new == 0
    return [str(problem) for problem in report.errors]


def test_a_valid_term_among_too_many_columns_is_refused(world):
    wide = [f"备注{i}" for i in range(300)]
    data = xlsx([TERM_ROW + wide, [19, "2026-12-28", "", *["x"] * 300]])
    messages = import_messages("terms", data, "届次.xlsx", world)
    assert messages == ["第1行超过256列，导入文件的列数远少于此。"]
    assert not Term.objects.filter(number=19).exists()


def test_a_cell_longer_than_excel_allows_is_refused(world):
    data = csv_text([["届次", "次数", "日期", "议题"], [18, 1, "2025-03-01", "议" * 40_000]])
    messages = import_messages("meetings", data.encode(), "会议.csv", world)
    assert messages == ["第2行有单元格超过32767个字符。"]
    assert not PresidiumMeeting.objects.exists()


def test_a_workbook_that_unpacks_too_large_is_refused(world, monkeypatch):
    monkeypatch.setattr(spreadsheets, "MAX_UNZIPPED_BYTES", 2**10)
    data = xlsx([TERM_ROW, [19, "2026-12-28", ""]])
    assert import_messages("terms", data, "届次.xlsx", world) == [
        "该工作簿解压后超过0 MB，请拆分为几个较小的文件。"
    ]


def test_a_declared_sheet_size_does_not_widen_the_rows():
    data = xlsx_with_sheet_bytes(
        [TERM_ROW, [19, "2026-12-28", ""]],
        '<dimension ref="A1:C2"/>',
        b'<dimension ref="A1:XFD2"/>',
    )
    assert [len(row) for row in spreadsheets._read_rows(data, "届次.xlsx")] == [3, 3]


def test_utf16_text_is_named_as_such(world):
    data = csv_text([TERM_ROW, [19, "2026-12-28", ""]]).encode("utf-16")
    assert import_messages("terms", data, "届次.csv", world) == [
        "该CSV文件是UTF-16编码的文本，请另存为UTF-8或GB18030编码的CSV后重试。"
    ]


def test_every_import_page_refuses_a_file_over_the_size_limit(client, world, monkeypatch):
    """The voter-roll page had no limit of its own; the upload check holds it for every page."""
    from congress import uploads
    from elections.models import Election

    monkeypatch.setattr(uploads, "MAX_SPREADSHEET_BYTES", 2**20)
    client.force_login(world)
    upload = SimpleUploadedFile("名册.csv", "姓名,公民身份号码\n".encode() * 2**16)
    response = client.post(
        reverse("voter_import", args=[Election.objects.get().pk]), {"file": upload}
    )
    assert response.context["form"].errors["file"] == ["文件超过1 MB。"]
    assert not Job.objects.exists()
