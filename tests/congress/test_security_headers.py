"""Response headers (issue 11): a Content-Security-Policy without inline code on the portal and
in the back office, and no cache keeping a signed-in user's pages."""

import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from congress.roles import Role
from tests.browser import log_in
from tests.factories import DeputyFactory, GroupFactory, UserFactory, VoterFactory

ROOT = Path(__file__).resolve().parents[2]
APPS = ("congress", "deputies", "proposals", "elections", "reports")


def portal_templates():
    folders = [ROOT / "templates", *(ROOT / app / "templates" for app in APPS)]
    return sorted(path for folder in folders for path in folder.rglob("*.html"))


def page_templates():
    # WeasyPrint reads the PDF templates' <style>; no browser ever gets them.
    return [path for path in portal_templates() if "pdf" not in path.name]


@pytest.mark.parametrize("path", page_templates(), ids=lambda p: str(p.relative_to(ROOT)))
def test_templates_carry_no_inline_script_or_style(path):
    text = path.read_text(encoding="utf-8")
    scripts = re.findall(r"<script\b[^>]*>", text)
    assert [tag for tag in scripts if "src=" not in tag] == []
    assert re.findall(r"\son[a-z]+\s*=", text) == []  # onclick=, onchange=, ...
    assert re.findall(r"\sstyle\s*=", text) == []
    assert "<style" not in text
    assert "hx-on" not in text


def test_the_moved_scripts_are_static_files():
    assert finders.find("js/checklist.js")
    assert finders.find("js/picker.js")


def assert_policy(response):
    policy = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    # Nothing loosens scripts or styles beyond default-src 'self'.
    assert not {"script-src", "style-src", "script-src-attr", "style-src-attr"} & set(directives)
    assert "unsafe" not in policy


@pytest.mark.django_db
def test_portal_pages_carry_the_policy(client, secretary):
    assert_policy(client.get(reverse("login")))
    assert_policy(client.get(reverse("public_directory")))
    client.force_login(secretary)
    home = client.get(reverse("home"))
    assert_policy(home)
    # htmx adds no <style> of its own and evaluates no code.
    assert '"includeIndicatorStyles": false' in home.content.decode()
    assert_policy(client.get(reverse("activity_create")))


@pytest.mark.django_db
def test_back_office_pages_carry_the_policy(client):
    assert_policy(client.get(reverse("admin:login")))
    admin_user = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin_user)
    assert_policy(client.get(reverse("admin:index")))
    assert_policy(client.get(reverse("admin:congress_user_change", args=[admin_user.pk])))


@pytest.mark.django_db
def test_a_deputys_page_is_not_cached(client, secretary):
    deputy = DeputyFactory(name="陈代表")
    client.force_login(secretary)
    response = client.get(reverse("deputy_detail", args=[deputy.pk]))
    assert response.status_code == 200
    assert set(response["Cache-Control"].split(", ")) == {"private", "no-store"}


@pytest.mark.django_db
def test_a_voters_page_is_not_cached(client, election_user):
    voter = VoterFactory()
    client.force_login(election_user)
    response = client.get(reverse("voter_detail", args=[voter.pk]))
    assert response.status_code == 200
    assert set(response["Cache-Control"].split(", ")) == {"private", "no-store"}


@pytest.mark.django_db
def test_public_pages_for_visitors_are_left_to_the_cache_rules(client):
    # Only signed-in users' pages are marked: the public directory holds what is published.
    assert "no-store" not in client.get(reverse("public_directory")).get("Cache-Control", "")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_pages_run_under_the_policy_without_violations(page, live_server):
    violations = []
    page.on(
        "console",
        lambda message: (
            "Content Security Policy" in message.text and violations.append(message.text)
        ),
    )
    UserFactory(username="mishu", role=Role.SECRETARY)
    admin_user = UserFactory(username="guanliyuan", is_staff=True, is_superuser=True)
    group = GroupFactory(name="第一代表小组")
    for n in range(3):
        DeputyFactory(name=f"代表{n}", group=group)

    log_in(page, live_server, "mishu")
    page.goto(f"{live_server.url}/activities/new/")
    # The checklist's script (now static/js/checklist.js) marks a group and counts.
    page.get_by_role("button", name="全组出席").click()
    assert page.locator('[data-count="present"]').inner_text() == "3"
    page.get_by_label("查找代表").fill("代表1")
    assert page.locator(".checklist-row:not([hidden])").count() == 1

    page.context.clear_cookies()
    log_in(page, live_server, "guanliyuan")
    page.goto(f"{live_server.url}/admin/congress/user/")
    # The user form's widgets: the two-list group chooser, the password field.
    page.goto(f"{live_server.url}/admin/congress/user/{admin_user.pk}/change/")
    page.locator("#id_groups_from").wait_for()
    assert violations == []
