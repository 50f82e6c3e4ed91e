"""The township profile as a spreadsheet (乡镇概况): one row that creates or updates the single
profile through its service, so the audit trail records it and the summaries carry its name."""

import io

import pytest
from auditlog.models import LogEntry as AuditEntry
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import default_storage
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from congress.models import TownshipProfile
from congress.spreadsheets import export_file, import_file
from reports import selectors as report_selectors
from reports.models import Report

pytestmark = pytest.mark.django_db

HEADERS = ["乡镇名称", "所属县(市、区)", "常住人口", "户数", "村(社区)"]


def xlsx(headers, rows):
    book = Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def run(data, actor, filename="乡镇概况.xlsx", dry_run=False):
    return import_file("township", data, filename, actor=actor, dry_run=dry_run)


def problems(report):
    return [str(p) for p in report.errors]


def profile_history():
    kind = ContentType.objects.get_for_model(TownshipProfile)
    return AuditEntry.objects.filter(content_type=kind, object_id=1)


def test_a_fresh_installation_gets_its_profile_from_a_file(secretary):
    data = xlsx(
        # Headers as an office writes them: full-width brackets, a short county header.
        ["乡镇名称", "所属县", "常住人口", "户数", "村（社区）"],
        [["石桥乡", "云溪县", "12,345人", 3200, "东村、西村\n南山社区"]],
    )
    report = run(data, secretary)
    assert report.ok, problems(report)
    assert (report.new, report.updated) == (1, 0)
    assert "列“所属县”按“所属县(市、区)”读取。" in report.notes
    profile = TownshipProfile.objects.get(pk=1)
    assert (profile.name, profile.county, profile.population, profile.households) == (
        "石桥乡",
        "云溪县",
        12345,
        3200,
    )
    assert profile.village_list == ["东村", "西村", "南山社区"]
    assert profile_history().filter(actor=secretary).count() == 1


def test_a_file_updates_the_profile_and_keeps_the_columns_it_leaves_out(secretary):
    TownshipProfile.objects.create(
        pk=1, name="青山镇", county="云溪县", population=30000, villages="东村\n西村"
    )
    report = run(xlsx(["乡镇名称", "县(市、区)"], [["青山镇", "云溪市"]]), secretary)
    assert report.ok, problems(report)
    assert (report.new, report.updated) == (0, 1)
    profile = TownshipProfile.objects.get()
    assert (profile.county, profile.population, profile.villages) == ("云溪市", 30000, "东村\n西村")
    entry = profile_history().get(actor=secretary)
    assert entry.action == AuditEntry.Action.UPDATE
    assert set(entry.changes_dict) == {"county"}


def test_the_export_reimports_unchanged(secretary):
    TownshipProfile.objects.create(
        pk=1,
        name="青山镇",
        county="云溪县",
        population=30000,
        households=9000,
        villages="东村\n西村",
    )
    exported = export_file("township", "township.xlsx")
    rows = list(load_workbook(io.BytesIO(exported)).active.iter_rows(values_only=True))
    assert rows == [tuple(HEADERS), ("青山镇", "云溪县", 30000, 9000, "东村、西村")]
    history = profile_history().count()
    report = run(exported, secretary)
    assert report.ok, problems(report)
    assert (report.new, report.updated, report.unchanged) == (0, 0, 1)
    assert profile_history().count() == history


def test_more_than_one_row_is_refused_and_nothing_is_written(secretary):
    data = xlsx(HEADERS, [["石桥乡", "云溪县", 100, 30, "东村"], ["青山镇", "云溪县", 200, 60, ""]])
    report = run(data, secretary)
    assert problems(report) == ["第3行：乡镇概况只有一行，已在第2行给出；请删去其他行。"]
    assert not TownshipProfile.objects.exists()


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (["", "云溪县", 1, 1, ""], "第2行 「乡镇名称」："),
        (["石桥乡", "云溪县", "一万", 1, ""], "第2行 「常住人口」：“一万”不是整数。"),
        (["石桥乡", "云溪县", 1, -3, ""], "第2行 「户数」："),
        (["石桥乡" * 20, "云溪县", 1, 1, ""], "第2行 「乡镇名称」："),
    ],
)
def test_bad_cells_are_named_by_row_and_column(secretary, row, expected):
    report = run(xlsx(HEADERS, [row]), secretary)
    assert not report.ok
    assert problems(report)[0].startswith(expected), problems(report)
    assert not TownshipProfile.objects.exists()


def test_a_file_without_the_county_is_refused(secretary):
    report = run(xlsx(["乡镇名称", "常住人口"], [["石桥乡", 100]]), secretary)
    assert not report.ok
    assert "文件缺少「所属县(市、区)」列" in problems(report)[0]


def test_the_secretary_imports_it_on_the_page_and_summaries_carry_the_name(
    client, secretary, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    client.force_login(secretary)
    home = client.get(reverse("data_home")).content.decode()
    assert "乡镇概况" in home
    # The menu leads to the township page, where the profile can also be typed in by hand.
    assert f'href="{reverse("township")}"' in home
    assert client.get(reverse("township_edit")).status_code == 200
    url = reverse("data_import", args=["township"])
    assert url in home
    assert client.get(url).status_code == 200

    upload = io.BytesIO(xlsx(HEADERS, [["石桥乡", "云溪县", 8000, 2100, "东村、西村"]]))
    upload.name = "乡镇概况.xlsx"
    response = client.post(url, {"file": upload})
    page = response.content.decode()
    assert response.status_code == 200
    assert "未发现问题" in page and "确认导入" in page
    assert not TownshipProfile.objects.exists()
    stored = response.context["stored"]

    response = client.post(url, {"stored": stored, "filename": "乡镇概况.xlsx"})
    assert response.status_code == 302
    assert not default_storage.exists(stored)
    assert TownshipProfile.objects.get().name == "石桥乡"
    assert profile_history().filter(actor=secretary).count() == 1

    # A summary drafted now is headed and signed with the imported name.
    assert report_selectors.default_title(Report.Kind.ANNUAL, 2024).startswith("石桥乡")
    assert report_selectors.default_signature() == "石桥乡人民代表大会主席团"
    # The township page shows the profile and leads to its edit page.
    township = client.get(reverse("township")).content.decode()
    assert "石桥乡" in township and reverse("township_edit") in township
    assert client.get(reverse("township_edit")).status_code == 200
