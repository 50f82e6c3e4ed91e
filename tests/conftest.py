import os

import pytest

from congress.roles import Role
from tests.factories import UserFactory

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """Cheap password hashing: production's PBKDF2 costs about 2 s a login on these machines,
    which the suite would pay for every user it logs in. Hashing itself is Django's, tested."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def session_saved_every_request(settings):
    """Every page saves the session, so a page's number of queries does not depend on how long
    ago the previous one was (tests/congress/test_logins.py checks the once-a-minute default)."""
    settings.SESSION_REFRESH_SECONDS = 0


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: a rolled-back test's keys (primary keys reused on
    SQLite) must not answer for the next one."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploads and archived PDFs of a test go to its own folder, never to the project's media."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def run_jobs(db, monkeypatch):
    """Run the queued jobs as production does: django-tasks-db's worker loop, in batch mode
    (until the queue is empty). The worker drops stale connections between tasks, which would
    end the test's transaction, so that one call is stubbed here."""
    from django_tasks_db.management.commands import db_worker

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)

    def run():
        db_worker.Worker(
            queue_names=["default"],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id="test-worker",
            excluded_queue_names=[],
        ).run()

    return run


@pytest.fixture
def secretary(db):
    return UserFactory(role=Role.SECRETARY, name="秘书甲")


@pytest.fixture
def presidium_user(db):
    return UserFactory(role=Role.PRESIDIUM)


@pytest.fixture
def deputy_user(db):
    return UserFactory(role=Role.DEPUTY)


@pytest.fixture
def unit_user(db):
    return UserFactory(role=Role.UNIT_OFFICER)


@pytest.fixture
def election_user(db):
    return UserFactory(role=Role.ELECTION_STAFF)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in the test thread; the ORM calls the tests
    # make beside it are ordinary synchronous ones.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    yield page
    context.close()
