"""The archived PDF of a work summary: handed out through congress/files.py to those who may read
the summaries, under the report's title and version, stored under a random name."""

import re
from urllib.parse import quote

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from congress.roles import Role
from reports import services
from reports.models import ArchivedVersion, Report
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n%archived summary\n%%EOF\n"


@pytest.fixture
def archived(secretary):
    report = services.report_create(actor=secretary, kind=Report.Kind.ANNUAL, year=2025)
    Report.objects.filter(pk=report.pk).update(title="青山镇人大主席团2025年工作总结")
    version = ArchivedVersion(report=report, version=1, sha256="0" * 64, size=len(PDF))
    version.archived_by = secretary
    # As reports.services.report_archive saves it.
    version.file.save(f"report-{report.pk}-v1.pdf", ContentFile(PDF), save=False)
    version.save()
    return version


def test_the_archived_file_has_a_random_stored_name(archived):
    assert re.fullmatch(r"reports/archive/\d{4}/[0-9a-f]{32}\.pdf", archived.file.name)


# Stated by hand: the summaries are the secretary's and the presidium's (reports.view_report).
STATUS = {
    Role.SECRETARY: 200,
    Role.PRESIDIUM: 200,
    Role.DEPUTY: 403,
    Role.UNIT_OFFICER: 403,
    Role.ELECTION_STAFF: 403,
}


@pytest.mark.parametrize(("query", "disposition"), [("", "inline"), ("?download=1", "attachment")])
@pytest.mark.parametrize("role", list(STATUS))
def test_each_role_gets_the_archived_pdf_or_a_403(client, archived, role, query, disposition):
    client.force_login(UserFactory(role=role))
    response = client.get(reverse("report_archived_file", args=[archived.pk]) + query)
    assert response.status_code == STATUS[role]
    if response.status_code == 200:
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == f"{disposition}; filename*=utf-8''" + quote(
            "青山镇人大主席团2025年工作总结（第1版）.pdf"
        )
        assert response["Cache-Control"] == "private, no-store"
        assert response["X-Content-Type-Options"] == "nosniff"


def test_anonymous_visitors_go_to_the_login_page(client, archived):
    response = client.get(reverse("report_archived_file", args=[archived.pk]))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_an_archived_file_missing_from_storage_is_a_chinese_404(client, secretary, archived):
    archived.file.storage.delete(archived.file.name)
    client.force_login(secretary)
    response = client.get(reverse("report_archived_file", args=[archived.pk]))
    assert response.status_code == 404
    assert "服务器上已没有这个文件" in response.content.decode()


def test_nginx_sends_the_archived_file_after_the_check(client, secretary, archived, settings):
    settings.FILES_SENDFILE_HEADER = "X-Accel-Redirect"
    client.force_login(secretary)
    response = client.get(reverse("report_archived_file", args=[archived.pk]))
    assert response["X-Accel-Redirect"] == "/protected-media/" + archived.file.name
    assert response.content == b""
