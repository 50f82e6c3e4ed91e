"""The work-summary pages: the list and a new draft, the editor (details, sections, figures,
refresh), the status steps (approve, archive, revise), the preview and downloads, and who may
open them."""

import hashlib
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from congress import pdf
from congress.models import PresidiumMember
from congress.roles import Role
from reports import figures, services
from reports.models import ArchivedVersion, Report, ReportEvent
from tests.factories import ActivityFactory, MemberFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(secretary):
    return services.report_create(actor=secretary, kind=Report.Kind.ANNUAL, year=2025)


def client_for(client, user):
    client.force_login(user)
    return client


def section(report, key):
    return report.sections.get(key=key)


def draft_data(report, details=None, **parts):
    """The editor's one form as the page sends it, with `details` and the parts named by their
    key (opening=, basic=…) changed."""
    data = {"revision": report.revision}
    for name in ("title", "salutation", "signature", "document_date"):
        data[f"details-{name}"] = getattr(report, name)
    data.update({f"details-{name}": value for name, value in (details or {}).items()})
    for sec in report.sections.all():
        fields = {
            "heading": sec.heading,
            "text": sec.text,
            "included": "on" if sec.included else "",
        }
        fields.update(parts.get(sec.key, {}))
        data.update({f"s{sec.pk}-{name}": value for name, value in fields.items() if value != ""})
    return data


def approved(report, chair):
    return services.report_approve(actor=chair, report=report)


# The list and a new draft


def test_list_shows_each_report_with_its_archived_versions(client, secretary, chair, media_root):
    old = services.report_create(actor=secretary, kind=Report.Kind.HALF, year=2024)
    new = services.report_create(actor=secretary, kind=Report.Kind.ANNUAL, year=2025)
    archived = services.report_archive(actor=secretary, report=approved(old, chair))

    page = client_for(client, secretary).get(reverse("report_list")).content.decode()

    assert page.index(new.title) < page.index(old.title)  # newest period first
    assert "半年工作总结" in page and "年度工作总结" in page
    assert "已归档" in page and "草稿" in page
    assert reverse("report_archived_file", args=[archived.pk]) in page
    assert reverse("report_edit", args=[new.pk]) in page


def test_list_costs_the_same_queries_for_one_report_or_several(
    client, secretary, django_assert_num_queries
):
    client_for(client, secretary)
    services.report_create(actor=secretary, kind=Report.Kind.ANNUAL, year=2025)
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("report_list"))
    for year in (2022, 2023, 2024):
        services.report_create(actor=secretary, kind=Report.Kind.HALF, year=year)
    with django_assert_num_queries(len(one.captured_queries)):
        page = client.get(reverse("report_list")).content.decode()
    assert page.count("<tr data-report=") == 4


def test_new_draft_form_defaults_to_this_year_and_offers_every_kind(client, secretary):
    page = client_for(client, secretary).get(reverse("report_list")).content.decode()
    assert f'name="year" value="{timezone.localdate().year}"' in page
    for kind in Report.Kind.values:
        assert f'value="{kind}"' in page


def test_creating_a_draft_opens_the_editor_and_a_duplicate_is_a_new_draft(client, secretary):
    client_for(client, secretary)
    first = client.post(reverse("report_create"), {"kind": "congress", "year": 2025})
    report = Report.objects.get()
    assert first.url == reverse("report_edit", args=[report.pk])
    assert report.kind == "congress" and report.created_by == secretary

    second = client.post(reverse("report_create"), {"kind": "congress", "year": 2025})
    duplicate = Report.objects.exclude(pk=report.pk).get()
    assert second.url == reverse("report_edit", args=[duplicate.pk])
    # Each draft points to the other of the same kind and year.
    page = client.get(second.url).content.decode()
    assert reverse("report_edit", args=[report.pk]) in page


def test_a_bad_year_shows_the_error_and_writes_nothing(client, secretary):
    response = client_for(client, secretary).post(
        reverse("report_create"), {"kind": "annual", "year": "1850"}
    )
    assert response.status_code == 200
    assert "提交未成功，请更正以下问题：" in response.content.decode()
    assert not Report.objects.exists()


def test_presidium_members_read_but_cannot_draft(client, presidium_user, report):
    client_for(client, presidium_user)
    page = client.get(reverse("report_list")).content.decode()
    assert report.title in page and 'action="/reports/new/"' not in page
    assert (
        client.post(reverse("report_create"), {"kind": "annual", "year": 2025}).status_code == 403
    )
    editor = client.get(reverse("report_edit", args=[report.pk])).content.decode()
    assert "<textarea" not in editor


# The editor


def test_editor_shows_the_sections_and_every_figure_as_a_token(client, secretary, report):
    page = client_for(client, secretary).get(reverse("report_edit", args=[report.pk]))
    html = page.content.decode()
    assert report.title in html
    values = report.figures["values"]
    for figure in figures.ALL_FIGURES.values():
        assert f"{{{figure.label}}}" in html
    assert (
        '<code class="token">{代表总数}</code></td><td class="value">' + values["deputies"] in html
    )
    assert html.count("<textarea") == report.sections.count()
    # The opening has no heading field; the other parts have theirs.
    opening = section(report, "opening")
    basic = section(report, "basic")
    assert f'id="id_s{opening.pk}-heading"' not in html
    assert f'id="id_s{basic.pk}-heading"' in html
    assert 'id="changes"' not in html  # nothing moved yet
    assert reverse("report_approve", args=[report.pk]) not in html  # the secretary is no chair


def test_the_editor_is_one_form_with_one_save_and_no_save_per_part(client, secretary, report):
    html = client_for(client, secretary).get(reverse("report_edit", args=[report.pk])).content
    html = html.decode()
    draft = html.split('<form id="report-draft"', 1)[1].split("</form>", 1)[0]
    assert "<form" not in draft  # the parts are sections of the one form
    assert draft.count("<textarea") == report.sections.count()
    assert draft.count('type="submit"') == 1 and "保存全部修改" in draft
    assert "保存本部分" not in html
    assert html.count('name="revision"') == 1


def test_one_save_keeps_the_text_of_every_part_and_the_details(client, secretary, report):
    texts = {
        sec.key: f"{sec.heading or '开头'}：全镇共有代表{{代表总数}}名。"
        for sec in report.sections.all()
    }
    data = draft_data(
        report,
        details={
            "title": "青山镇人大主席团2025年工作总结（讨论稿）",
            "document_date": "2025-12-20",
        },
        basic={"heading": "基本情况概述"},
        supervision={"included": ""},
        **{
            key: {"text": text}
            for key, text in texts.items()
            if key not in ("basic", "supervision")
        },
    )
    data[f"s{section(report, 'basic').pk}-text"] = texts["basic"]
    data[f"s{section(report, 'supervision').pk}-text"] = texts["supervision"]
    response = client_for(client, secretary).post(reverse("report_save", args=[report.pk]), data)
    assert response.url == report.get_absolute_url()
    saved = Report.objects.get(pk=report.pk)
    assert {sec.key: sec.text for sec in saved.sections.all()} == texts
    assert section(report, "basic").heading == "基本情况概述"
    assert section(report, "supervision").included is False
    assert saved.title == "青山镇人大主席团2025年工作总结（讨论稿）"
    assert saved.document_date == date(2025, 12, 20)
    assert saved.revision == report.revision + 1  # one save, one revision
    page = client.get(response.url).content.decode()
    assert "已保存" in page and "青山镇人大主席团2025年工作总结（讨论稿）" in page


def test_an_unknown_token_refuses_the_whole_save_and_keeps_everything_typed(
    client, secretary, report
):
    before = {sec.key: sec.text for sec in report.sections.all()}
    data = draft_data(
        report, basic={"text": "共有代表{代表人数}名。"}, opening={"text": "改过的开头"}
    )
    response = client_for(client, secretary).post(reverse("report_save", args=[report.pk]), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "{代表人数} 不是可用的数据项" in html and '<h1 id="report-title">' in html
    assert "共有代表{代表人数}名。" in html and "改过的开头" in html  # nothing typed is lost
    assert "data-refused" in html
    assert {sec.key: sec.text for sec in report.sections.all()} == before
    assert Report.objects.get(pk=report.pk).revision == report.revision


def test_a_stale_page_is_refused(client, secretary, report):
    stale = draft_data(report, basic={"text": "旧页面上的文字"})
    services.section_save(
        actor=secretary, section=section(report, "opening"), heading="", text="别人先保存了"
    )
    response = client_for(client, secretary).post(reverse("report_save", args=[report.pk]), stale)
    html = response.content.decode()
    assert "他人已保存了该报告" in html and "旧页面上的文字" in html
    assert section(report, "basic").text != "旧页面上的文字"
    assert section(report, "opening").text == "别人先保存了"


def test_refresh_shows_and_then_clears_the_changes(client, secretary, report):
    client_for(client, secretary)
    before = report.figures["values"]["inspections"]
    ActivityFactory(start_date=date(2025, 6, 1))  # an inspection in the report's year

    page = client.get(reverse("report_edit", args=[report.pk])).content.decode()
    assert "自数据提取以来，以下数据已变化" in page
    assert f'<td data-label="草稿中">{before}</td>' in page
    assert reverse("report_refresh", args=[report.pk]) in page

    response = client.post(reverse("report_refresh", args=[report.pk]))
    assert response.url == reverse("report_edit", args=[report.pk])
    report.refresh_from_db()
    assert report.figures["values"]["inspections"] == str(int(before) + 1)
    page = client.get(reverse("report_edit", args=[report.pk])).content.decode()
    assert 'id="changes"' not in page


def test_data_of_another_year_moves_no_figure(client, secretary, report):
    ActivityFactory(start_date=date(2024, 6, 1))
    page = client_for(client, secretary).get(reverse("report_edit", args=[report.pk]))
    assert 'id="changes"' not in page.content.decode()


# Status steps


def test_the_chair_approves(client, chair, report):
    client_for(client, chair)
    page = client.get(reverse("report_edit", args=[report.pk])).content.decode()
    assert reverse("report_approve", args=[report.pk]) in page
    response = client.post(reverse("report_approve", args=[report.pk]))
    assert response.url == reverse("report_edit", args=[report.pk])
    report.refresh_from_db()
    assert report.status == Report.Status.APPROVED
    assert ReportEvent.objects.filter(report=report, actor=chair, to_status="approved").exists()
    page = client.get(response.url).content.decode()
    assert "<textarea" not in page and "已审定" in page


@pytest.mark.parametrize("who", ["member", "secretary"])
def test_only_the_chair_approves(client, secretary, report, who):
    if who == "member":
        user = UserFactory(role=Role.PRESIDIUM)
        MemberFactory(user=user, role=PresidiumMember.Role.VICE_CHAIR)
    else:
        user = secretary
    response = client_for(client, user).post(reverse("report_approve", args=[report.pk]))
    assert response.status_code == 403
    report.refresh_from_db()
    assert report.status == Report.Status.DRAFT


def test_approval_waits_for_moved_figures(client, chair, report):
    ActivityFactory(start_date=date(2025, 6, 1))
    client_for(client, chair)
    response = client.post(reverse("report_approve", args=[report.pk]), follow=True)
    assert "请先“更新数据”再审定" in response.content.decode()
    report.refresh_from_db()
    assert report.status == Report.Status.DRAFT


def test_archive_stores_the_pdf_with_its_hash_and_a_revision_makes_version_2(
    client, secretary, chair, report, media_root, run_jobs
):
    approved(report, chair)
    client_for(client, secretary)
    page = client.get(reverse("report_edit", args=[report.pk])).content.decode()
    assert reverse("report_archive", args=[report.pk]) in page
    job_url = client.post(reverse("report_archive", args=[report.pk]))["Location"]
    # Rendering is the worker's: the request only queued it.
    assert not ArchivedVersion.objects.exists()
    run_jobs()
    assert "第1版PDF已归档" in client.get(job_url).content.decode()
    first = ArchivedVersion.objects.get(report=report)
    stored = (media_root / first.file.name).read_bytes()
    assert stored.startswith(b"%PDF")
    assert first.sha256 == hashlib.sha256(stored).hexdigest() and first.size == len(stored)
    download = client.get(reverse("report_archived_file", args=[first.pk]))
    assert b"".join(download.streaming_content) == stored
    assert download["Content-Type"] == "application/pdf"

    client.post(reverse("report_revise", args=[report.pk]))
    report.refresh_from_db()
    assert (report.status, report.version) == (Report.Status.DRAFT, 2)
    client.post(
        reverse("report_save", args=[report.pk]),
        draft_data(report, basic={"text": "修订后：全镇共有代表{代表总数}名。"}),
    )
    services.report_approve(actor=chair, report=report)
    client.post(reverse("report_archive", args=[report.pk]))
    run_jobs()

    second = ArchivedVersion.objects.get(report=report, version=2)
    assert second.file.name != first.file.name
    assert (media_root / first.file.name).read_bytes() == stored  # version 1 kept as it was
    assert second.sha256 == hashlib.sha256((media_root / second.file.name).read_bytes()).hexdigest()
    assert second.sha256 != first.sha256
    page = client.get(reverse("report_edit", args=[report.pk])).content.decode()
    assert first.sha256 in page and second.sha256 in page


def test_archiving_a_draft_is_refused_with_a_message(client, secretary, report, media_root):
    response = client_for(client, secretary).post(
        reverse("report_archive", args=[report.pk]), follow=True
    )
    assert "只有已审定的总结才能归档" in response.content.decode()
    assert not ArchivedVersion.objects.exists()


def test_an_archive_job_that_finds_the_report_no_longer_approved_says_why(
    client, secretary, chair, report, run_jobs
):
    approved(report, chair)
    job_url = client_for(client, secretary).post(reverse("report_archive", args=[report.pk]))[
        "Location"
    ]
    services.report_revise(actor=secretary, report=report)  # before the worker gets to it
    run_jobs()
    page = client.get(job_url).content.decode()
    assert "任务未完成" in page and "状态为“草稿”的报告不能" in page
    assert not ArchivedVersion.objects.exists()


# The document


def test_preview_shows_the_document(client, presidium_user, report):
    page = client_for(client, presidium_user).get(reverse("report_preview", args=[report.pk]))
    html = page.content.decode()
    assert report.title in html
    assert "一、基本情况" in html
    assert 'class="report-sheet"' in html


def test_a_left_out_part_is_not_in_the_preview(client, secretary, report):
    sec = section(report, "self")
    services.section_save(
        actor=secretary, section=sec, heading=sec.heading, text=sec.text, included=False
    )
    html = client_for(client, secretary).get(reverse("report_preview", args=[report.pk]))
    page = html.content.decode()
    assert "、自身建设</h2>" not in page
    assert "六、存在的问题</h2>" in page  # the parts after it move up a number


@pytest.mark.parametrize(
    "name, content_type, magic, extension",
    [
        ("report_pdf", "application/pdf", b"%PDF", "pdf"),
        (
            "report_docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            b"PK",
            "docx",
        ),
    ],
)
def test_downloads(client, secretary, report, name, content_type, magic, extension):
    response = client_for(client, secretary).get(reverse(name, args=[report.pk]))
    assert response["Content-Type"] == content_type
    assert response.content.startswith(magic)
    disposition = response["Content-Disposition"]
    # The PDF opens in the browser (WeChat's blocks downloads); the Word file downloads.
    shown = "inline;" if extension == "pdf" else "attachment;"
    assert disposition.startswith(shown) and f".{extension}" in disposition
    assert "filename*=utf-8''" in disposition  # the Chinese title survives
    assert response["Cache-Control"] == "private, no-store"


def test_without_a_chinese_font_the_pdf_is_refused_with_a_message(
    client, secretary, report, monkeypatch
):
    monkeypatch.setattr(pdf, "cjk_font_families", lambda: frozenset())
    response = client_for(client, secretary).get(
        reverse("report_pdf", args=[report.pk]), follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("report_edit", args=[report.pk])
    assert "未找到可用的中文字体" in response.content.decode()


# Who may open the pages


def urls(report, archived):
    gets = [
        reverse("report_list"),
        reverse("report_edit", args=[report.pk]),
        reverse("report_preview", args=[report.pk]),
        reverse("report_pdf", args=[report.pk]),
        reverse("report_docx", args=[report.pk]),
        reverse("report_archived_file", args=[archived.pk]),
    ]
    posts = [
        reverse("report_create"),
        reverse("report_save", args=[report.pk]),
        reverse("report_refresh", args=[report.pk]),
        reverse("report_approve", args=[report.pk]),
        reverse("report_archive", args=[report.pk]),
        reverse("report_revise", args=[report.pk]),
    ]
    return gets, posts


@pytest.mark.parametrize("role", [Role.DEPUTY, Role.UNIT_OFFICER, Role.ELECTION_STAFF])
def test_other_roles_are_refused_every_page(client, secretary, chair, media_root, role):
    report = services.report_create(actor=secretary, kind=Report.Kind.ANNUAL, year=2025)
    archived = services.report_archive(actor=secretary, report=approved(report, chair))
    gets, posts = urls(report, archived)
    client_for(client, UserFactory(role=role))
    for url in gets:
        assert client.get(url).status_code == 403, url
    for url in posts:
        assert client.post(url, {"kind": "annual", "year": 2025}).status_code == 403, url
    report.refresh_from_db()
    assert report.status == Report.Status.ARCHIVED


def test_presidium_members_may_not_edit(client, presidium_user, report):
    client_for(client, presidium_user)
    data = draft_data(report, basic={"text": "改"})
    assert client.post(reverse("report_save", args=[report.pk]), data).status_code == 403
    assert client.post(reverse("report_refresh", args=[report.pk])).status_code == 403
    assert client.post(reverse("report_revise", args=[report.pk])).status_code == 403


def test_anonymous_visitors_go_to_the_login_page(client, report):
    response = client.get(reverse("report_edit", args=[report.pk]))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
