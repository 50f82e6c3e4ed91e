"""The generic spreadsheet interface: reading files, all-or-nothing imports with Chinese row
messages, the round trip, the commands and the import/export pages (congress resources)."""

import csv
import io
import re
import subprocess
import sys
import zipfile
from datetime import date, datetime

import pytest
from auditlog.models import LogEntry as AuditEntry
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from congress.models import PresidiumMeeting, Session, Term
from congress.spreadsheets import export_file, import_file, may_import, registry, resource_class
from tests.factories import MeetingFactory, SessionFactory, TermFactory

pytestmark = pytest.mark.django_db

TERM_HEADERS = ["届次", "开始日期", "结束日期"]
SESSION_HEADERS = ["届次", "次数", "类型", "开始日期", "结束日期"]


def write_xlsx(path, headers, rows, title=None):
    book = Workbook()
    sheet = book.active
    if title:
        sheet.append([title])
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def write_csv(path, headers, rows, encoding="utf-8-sig"):
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


def test_the_registry_gathers_every_apps_resources():
    assert {"terms", "sessions", "meetings", "groups", "stations", "deputies", "activities"} <= set(
        registry()
    )


def test_terms_import_from_xlsx_with_excel_dates_and_chinese_dates(tmp_path, secretary):
    path = write_xlsx(
        tmp_path / "届次.xlsx",
        TERM_HEADERS,
        [
            [17, datetime(2016, 12, 28), "2021/12/27"],
            ["第十八届", "2021年12月28日", None],
        ],
    )
    report = run("terms", path, secretary)
    assert report.ok, messages(report)
    assert (report.new, report.updated, report.unchanged) == (2, 0, 0)
    assert list(
        Term.objects.order_by("number").values_list("number", "start_date", "end_date")
    ) == [
        (17, date(2016, 12, 28), date(2021, 12, 27)),
        (18, date(2021, 12, 28), None),
    ]
    assert AuditEntry.objects.filter(actor=secretary).count() == 2  # the two terms


def test_a_title_row_above_the_headers_is_skipped_and_rows_keep_excel_numbers(tmp_path, secretary):
    path = write_xlsx(
        tmp_path / "t.xlsx",
        TERM_HEADERS,
        [[17, "2016-12-28", "2021-12-27"], [18, "2021-13-01", None]],
        title="青山镇历届人大",
    )
    report = run("terms", path, secretary)
    # Title row 1, headers row 2, records rows 3 and 4.
    assert messages(report) == [
        "第4行 「开始日期」：“2021-13-01”不是日期，请写成 2024-03-05、2024/3/5 或 2024年3月5日。"
    ]
    assert not Term.objects.exists()


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "gb18030"])
def test_sessions_import_from_csv_in_utf8_with_or_without_bom_and_gb18030(
    tmp_path, secretary, encoding
):
    TermFactory(number=18)
    path = write_csv(
        tmp_path / "sessions.csv",
        SESSION_HEADERS,
        [
            ["18", "1", "换届后首次", "2021-12-28", "2021-12-29"],
            ["18", "2", "例会", "2022/1/20", "2022/1/21"],
            ["第十八届", "第三次", "临时会议", "2022年6月1日", "2022年6月1日"],
        ],
        encoding=encoding,
    )
    report = run("sessions", path, secretary)
    assert report.ok, messages(report)
    kinds = dict(Session.objects.values_list("number", "kind"))
    assert kinds == {
        1: Session.Kind.FIRST,
        2: Session.Kind.REGULAR,
        3: Session.Kind.EXTRAORDINARY,
    }


def test_a_missing_required_column_is_one_clear_error_and_nothing_is_written(tmp_path, secretary):
    TermFactory(number=18)
    path = write_xlsx(
        tmp_path / "s.xlsx",
        ["届次", "次数", "类型", "结束日期"],
        [[18, 1, "例会", "2022-01-21"]],
    )
    report = run("sessions", path, secretary)
    assert len(report.errors) == 1
    assert "文件缺少「开始日期」列" in messages(report)[0]
    assert not Session.objects.exists()


def test_one_bad_row_writes_nothing_and_every_bad_row_is_reported(tmp_path, secretary):
    TermFactory(number=18)
    path = write_xlsx(
        tmp_path / "s.xlsx",
        SESSION_HEADERS,
        [
            [18, 1, "例会", "2022-01-20", "2022-01-21"],
            [18, 2, "例会", "2022-02-30", "2022-03-01"],
            [19, 3, "大会", "2022-06-01", "2022-06-01"],
        ],
    )
    report = run("sessions", path, secretary)
    assert messages(report) == [
        "第3行 「开始日期」：“2022-02-30”不是日期，请写成 2024-03-05、2024/3/5 或 2024年3月5日。",
        "第4行 「届次」：没有第19届，请先录入或导入该届次。",
        "第4行 「类型」：“大会”不是可选的值，可选：例会、换届后首次会议、临时会议。",
    ]
    assert not Session.objects.exists()
    assert not AuditEntry.objects.filter(actor__isnull=False).exists()


def test_model_rules_become_row_errors(tmp_path, secretary):
    TermFactory(number=18)
    path = write_xlsx(
        tmp_path / "s.xlsx",
        SESSION_HEADERS,
        [[18, 1, "例会", "2022-01-21", "2022-01-20"], [18, 1, "例会", "2022-03-01", "2022-03-01"]],
    )
    report = run("sessions", path, secretary)
    text = "\n".join(messages(report))
    assert "第2行" in text and "结束日期不能早于开始日期" in text
    assert "第3行 「次数」：这次会议与第2行重复。" in text
    assert not Session.objects.exists()


def test_a_dry_run_reports_what_would_change_and_writes_nothing(tmp_path, secretary):
    path = write_xlsx(tmp_path / "t.xlsx", TERM_HEADERS, [[18, "2021-12-28", None]])
    report = run("terms", path, secretary, dry_run=True)
    assert report.ok and report.new == 1
    assert [(c.row, c.action) for c in report.changes] == [(2, "new")]
    assert not Term.objects.exists()
    assert not AuditEntry.objects.filter(actor__isnull=False).exists()


def test_unreadable_and_unsupported_files_are_refused(tmp_path, secretary):
    bad = tmp_path / "x.xlsx"
    bad.write_bytes(b"not a workbook")
    assert "无法作为 Excel 工作簿" in messages(run("terms", bad, secretary))[0]
    old = tmp_path / "x.xls"
    old.write_bytes(b"whatever")
    assert ".xlsx" in messages(run("terms", old, secretary))[0]


def congress_records():
    term = TermFactory(number=18)
    TermFactory(number=17, start_date=date(2016, 12, 28))
    Term.objects.filter(number=17).update(end_date=date(2021, 12, 27))
    SessionFactory(term=term, number=1, kind=Session.Kind.FIRST)
    SessionFactory(term=term, number=2, start_date=date(2025, 6, 1), end_date=date(2025, 6, 1))
    MeetingFactory(term=term, number=1, agenda="研究年度工作要点\n审议代表活动计划")
    return term


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
@pytest.mark.parametrize("name", ["terms", "sessions", "meetings"])
def test_round_trip_changes_nothing(tmp_path, secretary, name, suffix):
    congress_records()
    path = tmp_path / f"{name}{suffix}"
    path.write_bytes(export_file(name, path.name))
    logs = AuditEntry.objects.count()
    report = run(name, path, secretary)
    assert report.ok, messages(report)
    assert report.new == report.updated == 0
    assert report.unchanged > 0
    assert AuditEntry.objects.count() == logs


def test_export_has_the_chinese_headers_and_labels(tmp_path):
    congress_records()
    path = tmp_path / "sessions.xlsx"
    path.write_bytes(export_file("sessions", path.name))
    rows = list(load_workbook(path).active.iter_rows(values_only=True))
    assert list(rows[0]) == SESSION_HEADERS
    assert list(rows[1]) == [18, 1, "换届后首次会议", "2025-01-16", "2025-01-17"]


def test_an_edited_export_updates_rows_in_place(tmp_path, secretary):
    congress_records()
    path = tmp_path / "meetings.xlsx"
    path.write_bytes(export_file("meetings", path.name))
    book = load_workbook(path)
    book.active["D2"] = "研究年度工作要点\n听取代表小组汇报"
    book.save(path)
    report = run("meetings", path, secretary)
    assert (report.new, report.updated) == (0, 1), messages(report)
    meeting = PresidiumMeeting.objects.get()
    assert meeting.agenda_list == ["研究年度工作要点", "听取代表小组汇报"]


# The commands


def test_import_command_prints_counts(tmp_path, secretary):
    path = write_xlsx(tmp_path / "t.xlsx", TERM_HEADERS, [[18, "2021-12-28", None]])
    out = io.StringIO()
    call_command("import_data", "terms", str(path), user=secretary.username, stdout=out)
    assert "新增 1 条，更新 0 条，未变 0 条" in out.getvalue()
    assert Term.objects.filter(number=18).exists()


def test_import_command_dry_run_writes_nothing(tmp_path, secretary):
    path = write_xlsx(tmp_path / "t.xlsx", TERM_HEADERS, [[18, "2021-12-28", None]])
    out = io.StringIO()
    call_command(
        "import_data", "terms", str(path), dry_run=True, user=secretary.username, stdout=out
    )
    assert "试导入" in out.getvalue()
    assert not Term.objects.exists()


def test_import_command_fails_with_a_non_zero_status_and_prints_each_error(tmp_path, secretary):
    path = write_xlsx(
        tmp_path / "t.xlsx", TERM_HEADERS, [[18, "2021-12-28", None], ["x", "2016-12-28", None]]
    )
    err = io.StringIO()
    with pytest.raises(CommandError) as error:
        call_command("import_data", "terms", str(path), user=secretary.username, stderr=err)
    # manage.py exits with the CommandError's return code.
    assert error.value.returncode != 0
    assert "未导入任何数据：共有 1 个问题" in str(error.value)
    assert err.getvalue().splitlines() == ["第3行 「届次」：“x”不是数字。"]
    assert not Term.objects.exists()


def test_manage_py_exits_non_zero_for_an_unknown_resource(tmp_path):
    done = subprocess.run(
        [sys.executable, "manage.py", "import_data", "people", str(tmp_path / "x.xlsx")],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1
    assert "people" in done.stderr and "deputies" in done.stderr


def test_unknown_resource_lists_the_known_ones(tmp_path, secretary):
    with pytest.raises(CommandError) as error:
        call_command("import_data", "people", str(tmp_path / "x.xlsx"), user=secretary.username)
    assert "people" in str(error.value) and "deputies" in str(error.value)
    with pytest.raises(CommandError):
        call_command("export_data", "people", str(tmp_path / "x.xlsx"))


def test_import_command_needs_an_author(tmp_path):
    path = write_xlsx(tmp_path / "t.xlsx", TERM_HEADERS, [[18, "2021-12-28", None]])
    with pytest.raises(CommandError, match="--user"):
        call_command("import_data", "terms", str(path))


def test_export_command_writes_xlsx_and_csv(tmp_path):
    congress_records()
    call_command("export_data", "terms", str(tmp_path / "terms.xlsx"), stdout=io.StringIO())
    rows = list(load_workbook(tmp_path / "terms.xlsx").active.iter_rows(values_only=True))
    assert rows[0] == tuple(TERM_HEADERS)
    call_command("export_data", "terms", str(tmp_path / "terms.csv"), stdout=io.StringIO())
    raw = (tmp_path / "terms.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert raw.decode("utf-8-sig").splitlines()[0] == ",".join(TERM_HEADERS)


# The pages


def page_urls():
    return [
        reverse("data_home"),
        reverse("data_import", args=["sessions"]),
        reverse("data_export", args=["sessions"]),
        reverse("data_import", args=["deputies"]),
        reverse("data_export", args=["deputies"]),
    ]


def test_anonymous_users_are_sent_to_the_login_page(client):
    for url in page_urls():
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("login")), url


@pytest.mark.parametrize("role_fixture", ["deputy_user", "unit_user"])
def test_deputies_and_units_are_refused(client, request, role_fixture):
    client.force_login(request.getfixturevalue(role_fixture))
    for url in page_urls():
        assert client.get(url).status_code == 403, url


def test_the_presidium_may_export_but_not_import(client, presidium_user):
    client.force_login(presidium_user)
    home = client.get(reverse("data_home"))
    assert home.status_code == 200
    assert reverse("data_export", args=["sessions"]) in home.content.decode()
    assert reverse("data_import", args=["sessions"]) not in home.content.decode()
    assert client.get(reverse("data_export", args=["sessions"])).status_code == 200
    assert client.get(reverse("data_import", args=["sessions"])).status_code == 403


def test_the_secretary_sees_every_resource_and_downloads_an_export(client, secretary):
    congress_records()
    client.force_login(secretary)
    page = client.get(reverse("data_home")).content.decode()
    assert "数据导入导出" in page
    for name in registry():
        # Election data is imported by election staff; the secretary only reads it.
        importable = may_import(secretary, resource_class(name))
        assert (reverse("data_import", args=[name]) in page) == importable, name
        assert reverse("data_export", args=[name]) in page, name
    assert not may_import(secretary, resource_class("voters"))
    response = client.get(reverse("data_export", args=["sessions"]))
    assert response["Content-Disposition"].startswith('attachment; filename="sessions-')
    assert response["Cache-Control"] == "private, no-store"
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert len(rows) == 3
    csv_response = client.get(reverse("data_export", args=["sessions"]) + "?format=csv")
    assert csv_response.content.decode("utf-8-sig").startswith("届次,次数,类型")
    assert client.get(reverse("data_export", args=["nothing"])).status_code == 404


def test_the_page_dry_run_writes_nothing_then_confirmation_imports(
    client, secretary, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    TermFactory(number=18)
    path = write_xlsx(
        tmp_path / "s.xlsx",
        SESSION_HEADERS,
        [[18, 1, "例会", "2022-01-20", "2022-01-21"], [18, 2, "临时", "2022-06-01", "2022-06-01"]],
    )
    client.force_login(secretary)
    url = reverse("data_import", args=["sessions"])
    with path.open("rb") as handle:
        response = client.post(url, {"file": handle})
    page = response.content.decode()
    assert response.status_code == 200
    assert "未发现问题" in page and "确认导入" in page
    assert not Session.objects.exists()
    assert not AuditEntry.objects.filter(actor__isnull=False).exists()
    stored = response.context["stored"]
    assert default_storage.exists(stored)

    response = client.post(url, {"stored": stored, "filename": "s.xlsx"})
    assert response.status_code == 302
    assert Session.objects.count() == 2
    assert not default_storage.exists(stored)
    assert AuditEntry.objects.filter(actor=secretary).count() == 2


def test_the_page_shows_every_error_with_row_and_column(client, secretary, tmp_path):
    TermFactory(number=18)
    path = write_csv(
        tmp_path / "s.csv",
        SESSION_HEADERS,
        [["18", "1", "例会", "2022-01-20", "2022-01-21"], ["18", "2", "常会", "2022-06-01", ""]],
        encoding="gb18030",
    )
    client.force_login(secretary)
    with path.open("rb") as handle:
        response = client.post(reverse("data_import", args=["sessions"]), {"file": handle})
    page = response.content.decode()
    assert "没有写入任何数据" in page
    assert "“常会”不是可选的值" in page
    assert "确认导入" not in page
    assert response.context["report"].errors[0].row == 3
    assert not Session.objects.exists()


def test_the_confirmation_refuses_a_forged_file_name(client, secretary):
    client.force_login(secretary)
    response = client.post(
        reverse("data_import", args=["sessions"]), {"stored": "../../etc/passwd"}
    )
    assert response.status_code == 302
    assert not Session.objects.exists()


def test_the_page_refuses_other_file_types(client, secretary, tmp_path):
    path = tmp_path / "s.txt"
    path.write_text("届次")
    client.force_login(secretary)
    with path.open("rb") as handle:
        response = client.post(reverse("data_import", args=["sessions"]), {"file": handle})
    assert "只能导入 .xlsx 和 .csv 文件" in response.content.decode()


def test_a_long_file_is_imported_by_a_job_all_rows_or_none(
    client, secretary, tmp_path, settings, run_jobs, media_root
):
    settings.IMPORT_JOB_ROWS = 3
    TermFactory(number=18)
    rows = [[18, n, "例会", f"2022-0{n}-20", f"2022-0{n}-21"] for n in range(1, 5)]
    client.force_login(secretary)
    url = reverse("data_import", args=["sessions"])
    bad = write_xlsx(tmp_path / "bad.xlsx", SESSION_HEADERS, [*rows[:3], [19, 4, "例会", "x", ""]])
    with bad.open("rb") as handle:
        job_url = client.post(url, {"file": handle})["Location"]
    run_jobs()
    page = client.get(job_url).content.decode()
    assert "任务未完成" in page and "第5行" in page
    assert not Session.objects.exists()
    good = write_csv(tmp_path / "good.csv", SESSION_HEADERS, rows)
    with good.open("rb") as handle:
        job_url = client.post(url, {"file": handle})["Location"]
    assert not Session.objects.exists()  # the request only queued the work
    run_jobs()
    assert Session.objects.count() == 4
    assert "已导入 good.csv：新增 4 条" in client.get(job_url).content.decode()
    # Neither upload is left behind in storage.
    assert not list((media_root / "imports").rglob("*.*"))


def test_a_short_file_is_still_checked_before_it_is_imported(client, secretary, tmp_path, settings):
    settings.IMPORT_JOB_ROWS = 4
    TermFactory(number=18)
    rows = [[18, n, "例会", f"2022-0{n}-20", f"2022-0{n}-21"] for n in range(1, 5)]
    client.force_login(secretary)
    with write_csv(tmp_path / "s.csv", SESSION_HEADERS, rows).open("rb") as handle:
        response = client.post(reverse("data_import", args=["sessions"]), {"file": handle})
    assert response.status_code == 200 and "确认导入" in response.content.decode()


def test_a_huge_cell_or_a_nul_in_a_csv_is_a_chinese_refusal(tmp_path, secretary):
    huge = tmp_path / "huge.csv"
    huge.write_text("届次,开始日期,结束日期\n18," + "x" * 200_000 + ",\n", encoding="utf-8")
    assert messages(run("terms", huge, secretary)) == [
        "CSV文件第2行无法读取：单元格过长或格式有误。"
    ]
    nul = tmp_path / "nul.csv"
    nul.write_bytes("届次,开始日期,结束日期\n18,2021-12-28\x00,\n".encode())
    assert messages(run("terms", nul, secretary)) == ["CSV文件含有空字符（NUL），不是纯文本。"]
    assert not Term.objects.exists()


# Reading .xlsx with python-calamine: the values the resources got from openpyxl.


def xlsx_bytes(cells):
    """A workbook whose first sheet holds `cells` ({"B3": value}), as bytes."""
    book = Workbook()
    sheet = book.active
    for ref, value in cells.items():
        sheet[ref] = value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def read_rows(data):
    from congress.spreadsheets import _read_rows

    return _read_rows(data, "名单.xlsx")


def test_excel_dates_numbers_and_text_numbers_keep_their_python_values():
    rows = read_rows(
        xlsx_bytes(
            {
                "A1": datetime(2024, 3, 5),
                "B1": datetime(2024, 3, 5, 9, 30),
                "C1": 19,
                "D1": 1.5,
                "E1": 330106198001011234,
                "F1": "330106198001011234",
                "G1": "00123",
                "H1": "  王伟 ",
                "I1": True,
            }
        )
    )
    (row,) = rows
    assert row[0] == date(2024, 3, 5) and isinstance(row[0], date)
    assert row[1] == datetime(2024, 3, 5, 9, 30)
    # A whole number is an int as openpyxl read it; Excel keeps only 15 digits of a number.
    assert row[2] == 19 and type(row[2]) is int
    assert row[3] == 1.5
    assert isinstance(row[4], int | float) and str(row[4]) != "330106198001011234"
    assert row[5:8] == ["330106198001011234", "00123", "王伟"]
    assert row[8] is True


def test_rows_and_columns_count_from_a1_whatever_cell_comes_first():
    rows = read_rows(xlsx_bytes({"C3": "届次", "D3": "开始日期", "C5": 19}))
    assert len(rows) == 5 and all(value is None for value in rows[0] + rows[1] + rows[3])
    assert rows[2][2:4] == ["届次", "开始日期"] and rows[4][2] == 19
    assert rows[2][:2] == [None, None]


def test_an_excel_import_keeps_excel_row_numbers_past_a_title_and_empty_rows(tmp_path, secretary):
    book = Workbook()
    sheet = book.active
    sheet["B1"] = "青山镇人大届次表"
    sheet.append([])
    sheet.append(TERM_HEADERS)
    sheet.append([19, date(2026, 12, 28), None])
    sheet.append([None, None, None])
    sheet.append(["第二十届", "不是日期", None])
    path = tmp_path / "届次.xlsx"
    book.save(path)
    report = run("terms", path, secretary)
    assert messages(report) == [
        "第6行 「开始日期」：“不是日期”不是日期，请写成 2024-03-05、2024/3/5 或 2024年3月5日。"
    ]
    assert not Term.objects.exists()


def test_a_sheet_whose_cells_lie_far_apart_is_read_without_the_grid(monkeypatch):
    """calamine lays a sheet out as one grid: cells far apart (a small file) would take
    gigabytes, so such a sheet is read by openpyxl, which streams, with the same values."""
    from congress import spreadsheets

    data = xlsx_bytes({"A1": "届次", "B1": "开始日期", "A2": 19, "B2": datetime(2026, 12, 28)})
    far = xlsx_bytes({"A1": "届次", "B1": "开始日期", "A2": 19, "B3000": "备注"})
    monkeypatch.setattr(spreadsheets, "MAX_GRID_CELLS", 1000)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert spreadsheets._grid_fits(archive)
    with zipfile.ZipFile(io.BytesIO(far)) as archive:
        assert not spreadsheets._grid_fits(archive)
    rows = read_rows(far)
    assert len(rows) == 3000 and rows[:2] == [["届次", "开始日期"], [19]]
    assert rows[-1] == [None, "备注"]


def test_cells_without_their_reference_are_read_where_they_stand():
    """Some writers leave out a cell's reference (r="B2"); openpyxl places those cells."""
    from congress import spreadsheets

    data = xlsx_bytes({"A1": "届次", "B1": "开始日期", "A2": 19, "B2": "2026-12-28"})
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                content = re.sub(rb' r="[A-Z]+[0-9]+"', b"", content)
            target.writestr(item, content)
    with zipfile.ZipFile(io.BytesIO(out.getvalue())) as archive:
        assert not spreadsheets._grid_fits(archive)
    assert read_rows(out.getvalue()) == [["届次", "开始日期"], [19, "2026-12-28"]]


def test_a_workbook_unpacking_past_the_limit_is_refused_before_reading(
    monkeypatch, tmp_path, secretary
):
    from congress import spreadsheets

    monkeypatch.setattr(spreadsheets, "MAX_UNZIPPED_BYTES", 2**10)
    path = write_xlsx(tmp_path / "届次.xlsx", TERM_HEADERS, [[19, "2026-12-28", ""]])
    assert messages(run("terms", path, secretary)) == [
        "该工作簿解压后超过0 MB，请拆分为几个较小的文件。"
    ]


@pytest.mark.parametrize("damage", ["truncated", "sheet xml", "no sheet", "not a zip"])
def test_a_damaged_workbook_is_a_chinese_refusal(tmp_path, secretary, damage):
    data = xlsx_bytes({"A1": "届次", "B1": "开始日期", "A2": 19})
    if damage == "truncated":
        data = data[: len(data) // 2]
    elif damage == "not a zip":
        data = b"PK\x03\x04" + b"\x00" * 200
    else:
        source = zipfile.ZipFile(io.BytesIO(data))
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as target:
            for item in source.infolist():
                content = source.read(item.filename)
                if item.filename == "xl/worksheets/sheet1.xml":
                    if damage == "no sheet":
                        continue
                    content = content[: len(content) // 2]
                target.writestr(item, content)
        data = out.getvalue()
    path = tmp_path / "届次.xlsx"
    path.write_bytes(data)
    assert messages(run("terms", path, secretary)) == ["文件无法作为 Excel 工作簿（.xlsx）读取。"]
