import hashlib
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from congress.models import PresidiumMember
from congress.roles import Role
from reports import selectors, services
from reports.models import ArchivedVersion, Report
from tests.factories import ActivityFactory, MemberFactory, UserFactory


@pytest.fixture
def report(township_2024, secretary):
    return services.report_create(
        actor=secretary, kind="annual", year=2024, today=date(2025, 1, 10)
    )


def test_a_new_draft_is_written_from_the_data(report):
    assert report.title == "青山镇人大主席团2024年工作总结"
    assert report.signature == "青山镇人民代表大会主席团"
    assert report.document_date == date(2024, 12, 31)
    assert report.figures["values"]["deputies"] == "5"
    sections = list(report.sections.all())
    assert [s.key for s in sections][:3] == ["opening", "basic", "sessions"]
    assert "{代表总数}" in sections[1].text
    assert [e.to_status for e in report.events.all()] == ["draft"]


def test_an_unknown_token_is_refused_and_nothing_saved(report, secretary):
    section = report.sections.get(key="basic")
    with pytest.raises(ValidationError) as error:
        services.section_save(
            actor=secretary, section=section, heading="基本情况", text="共有代表{代表人数}名"
        )
    assert "{代表人数}" in str(error.value)
    section.refresh_from_db()
    assert "{代表人数}" not in section.text


def test_a_stale_form_is_refused(report, secretary):
    section = report.sections.get(key="self")
    services.section_save(
        actor=secretary, section=section, heading="自身建设", text="甲", revision=0
    )
    with pytest.raises(ValidationError, match="刷新页面"):
        services.section_save(
            actor=secretary, section=section, heading="自身建设", text="乙", revision=0
        )


def test_moved_figures_are_shown_until_refreshed(report, secretary, chair):
    ActivityFactory(start_date=date(2024, 12, 1))
    assert ("组织视察", "2", "3") in selectors.figure_changes(report)
    with pytest.raises(ValidationError, match="更新数据"):
        services.report_approve(actor=chair, report=report)
    report = services.report_refresh(actor=secretary, report=report)
    assert selectors.figure_changes(report) == []
    assert report.figures["values"]["inspections"] == "3"


def test_only_the_chair_approves(report, secretary):
    other = UserFactory(role=Role.PRESIDIUM)
    MemberFactory(user=other, role=PresidiumMember.Role.VICE_CHAIR)
    for user in (secretary, other):
        with pytest.raises(PermissionDenied):
            services.report_approve(actor=user, report=report)


def test_approved_is_frozen_archived_versions_are_new_files(report, secretary, chair):
    report = services.report_approve(actor=chair, report=report)
    with pytest.raises(ValidationError):
        services.section_save(
            actor=secretary, section=report.sections.first(), heading="", text="改"
        )
    first = services.report_archive(actor=secretary, report=report)
    assert first.version == 1
    assert first.sha256 == hashlib.sha256(first.file.read()).hexdigest()
    with pytest.raises(ValidationError):
        services.report_archive(actor=secretary, report=Report.objects.get(pk=report.pk))

    report = services.report_revise(actor=secretary, report=report, note="更正数据")
    assert (report.status, report.version) == ("draft", 2)
    services.report_approve(actor=chair, report=report)
    second = services.report_archive(actor=secretary, report=report)
    assert second.file.name != first.file.name
    assert ArchivedVersion.objects.filter(report=report).count() == 2
    first.refresh_from_db()
    assert first.sha256 == hashlib.sha256(first.file.open("rb").read()).hexdigest()
    assert [e.to_status for e in report.events.all()] == [
        "draft",
        "approved",
        "archived",
        "draft",
        "approved",
        "archived",
    ]
