"""Steps taken at the same moment (issue 11, "No HTTP 500"): every recorded step locks its item
and checks its precondition inside the lock, so a second tab, a double click or three
co-signers at once give one record each and a Chinese refusal, never an IntegrityError or
"database is locked".

The stale-object tests load the objects before either call, as two open pages do; they run on
any database. The thread tests race real connections: on PostgreSQL against the test database,
on SQLite against a file copy of it (the in-memory test database is one shared cache, whose
table locks fail at once instead of waiting), opened with the project's settings (IMMEDIATE
transactions and a busy timeout), as under `make run`."""

import sqlite3
import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import OperationalError, connection, connections
from django.test import Client
from django.urls import reverse

from congress.roles import Role
from proposals import services
from proposals.models import Assignment, Evaluation, Proposal, State, Verdict
from tests.factories import ProposalFactory, UnitFactory, UserFactory
from tests.form_token import form_token
from tests.proposals.helpers import (
    assigned,
    deputy_with_user,
    lead_assignment,
    officer_of,
    replied,
)

ALREADY_EVALUATED = "该代表已评价过这次答复。"
BUSY = "他人正在同时修改该件。请刷新页面后重试。"


def replied_with_co_signers(count=3):
    """A replied suggestion with `count` co-signers who have accounts."""
    secretary = UserFactory(role=Role.SECRETARY)
    co_signers = [deputy_with_user() for _ in range(count)]
    item = assigned(ProposalFactory(co_signers=co_signers), secretary, UnitFactory())
    return replied(item, secretary), co_signers


def fresh(model, pk):
    return model.objects.get(pk=pk)


# Two open pages: objects loaded before either call


@pytest.mark.django_db
def test_acknowledging_from_two_tabs_records_one_step():
    item = assigned(ProposalFactory(), UserFactory(role=Role.SECRETARY), UnitFactory())
    officer = officer_of(item)
    pk, version = lead_assignment(item).pk, item.version
    first_tab, second_tab = fresh(Assignment, pk), fresh(Assignment, pk)
    services.assignment_acknowledge(actor=officer, assignment=first_tab)
    services.assignment_acknowledge(actor=officer, assignment=second_tab)
    item.refresh_from_db()
    assert item.events.filter(action="acknowledge").count() == 1
    assert item.version == version + 1
    assert second_tab.acknowledged_at == fresh(Assignment, pk).acknowledged_at


@pytest.mark.django_db
def test_a_co_unit_returning_from_two_tabs_records_one_return():
    secretary = UserFactory(role=Role.SECRETARY)
    co_unit = UnitFactory(officers=[UserFactory(role=Role.UNIT_OFFICER)])
    item = assigned(ProposalFactory(), secretary, UnitFactory(), co_units=[co_unit])
    officer = co_unit.officers.get()
    pk = item.assignments.get(unit=co_unit).pk
    first_tab, second_tab = fresh(Assignment, pk), fresh(Assignment, pk)
    services.assignment_return(
        actor=officer, assignment=first_tab, reason="不属于本单位", day=first_tab.assigned_date
    )
    with pytest.raises(PermissionDenied):  # the assignment has ended meanwhile
        services.assignment_return(
            actor=officer, assignment=second_tab, reason="不属于本单位", day=first_tab.assigned_date
        )
    with pytest.raises(PermissionDenied):
        services.co_opinion_submit(actor=officer, assignment=second_tab, text="同意")
    assert item.events.filter(action="return_co").count() == 1
    assert not item.assignments.get(pk=pk).opinions.exists()


@pytest.mark.django_db
def test_an_evaluation_written_meanwhile_is_a_chinese_refusal_not_an_integrity_error(
    monkeypatch,
):
    """A row that got in between the check and the write (a step that took no lock) is
    refused in Chinese and the step leaves nothing."""
    item, (co_signer,) = replied_with_co_signers(1)
    events = item.events.count()
    transition = services._transition

    def and_meanwhile(*args, **kwargs):
        moved = transition(*args, **kwargs)
        Evaluation.objects.create(
            proposal=moved,
            reply=moved.replies.get(),
            deputy=co_signer,
            verdict=Verdict.UNSATISFIED,
            date=moved.replies.get().date,
        )
        return moved

    monkeypatch.setattr(services, "_transition", and_meanwhile)
    with pytest.raises(ValidationError) as refused:
        services.evaluation_submit(
            actor=co_signer.user, proposal=item, deputy=co_signer, verdict=Verdict.SATISFIED
        )
    assert refused.value.messages == [ALREADY_EVALUATED]
    assert not Evaluation.objects.exists() and item.events.count() == events


@pytest.mark.django_db
def test_a_lock_not_obtained_in_time_is_the_friendly_refusal_on_the_page(client, monkeypatch):
    """SQLite's busy timeout ("database is locked") or a PostgreSQL deadlock: the page says
    someone else is changing the item, in Chinese, and nothing is written."""
    secretary = UserFactory(role=Role.SECRETARY)
    item = replied(assigned(ProposalFactory(), secretary, UnitFactory()), secretary)
    version = item.version

    def locked(*args, **kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(services, "_locked", locked)
    with pytest.raises(ValidationError) as refused:
        services.proposal_close(actor=secretary, proposal=item, version=version, note="已办结")
    assert refused.value.messages == [BUSY]
    client.force_login(secretary)
    response = client.post(
        reverse("proposal_close", args=[item.pk]), {"version": version, "note": "已办结"}
    )
    assert response.status_code == 200
    assert BUSY in response.content.decode()
    item.refresh_from_db()
    assert (item.state, item.version) == (State.REPLIED, version)


# Real threads


@pytest.fixture
def shared_database(transactional_db, tmp_path):
    """A test database that several threads' connections share. SQLite's in-memory one is
    copied to a file for the test; every connection opened meanwhile (this thread's too) uses
    the file with the project's OPTIONS."""
    memory = connections["default"]
    if connection.vendor != "sqlite" or not memory.is_in_memory_db():
        yield
        return
    path = tmp_path / "race.sqlite3"
    memory.ensure_connection()
    copy = sqlite3.connect(path)
    memory.connection.backup(copy)
    copy.close()
    shared = connections.settings["default"]
    assert shared is memory.settings_dict
    name = shared["NAME"]
    shared["NAME"] = str(path)
    on_file = connections.create_connection("default")
    connections["default"] = on_file
    try:
        yield
    finally:
        on_file.close()
        shared["NAME"] = name
        connections["default"] = memory


def race(work, arguments):
    """Run work(argument) in one thread per argument, all released at once; returns the
    outcomes ("ok" or the refusal's messages) and any other exception."""
    barrier = threading.Barrier(len(arguments))
    outcomes, errors = [], []

    def run(argument):
        try:
            ready = work(argument)
            barrier.wait(timeout=30)
            ready()
            outcomes.append("ok")
        except ValidationError as refusal:
            outcomes.append(" ".join(refusal.messages))
        except Exception as error:  # IntegrityError, OperationalError: reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(a,)) for a in arguments]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=90)
    return outcomes, errors


@pytest.mark.usefixtures("shared_database")
def test_three_co_signers_evaluating_at_once_each_from_two_tabs():
    item, co_signers = replied_with_co_signers(3)
    version = item.version

    def evaluate(deputy):
        loaded = fresh(Proposal, item.pk)  # the page, opened before anyone submits
        return lambda: services.evaluation_submit(
            actor=deputy.user, proposal=loaded, deputy=deputy, verdict=Verdict.SATISFIED
        )

    outcomes, errors = race(evaluate, co_signers * 2)
    assert errors == []
    assert sorted(outcomes) == ["ok"] * 3 + [ALREADY_EVALUATED] * 3
    assert sorted(Evaluation.objects.values_list("deputy", flat=True)) == sorted(
        d.pk for d in co_signers
    )
    item.refresh_from_db()
    assert item.events.filter(action="co_evaluate").count() == 3
    assert (item.state, item.version) == (State.REPLIED, version + 3)


@pytest.mark.usefixtures("shared_database")
def test_acknowledging_from_three_tabs_at_once_records_one_step():
    item = assigned(ProposalFactory(), UserFactory(role=Role.SECRETARY), UnitFactory())
    officer = officer_of(item)
    pk, version = lead_assignment(item).pk, item.version

    def acknowledge(_tab):
        loaded = Assignment.objects.select_related("proposal").get(pk=pk)
        return lambda: services.assignment_acknowledge(actor=officer, assignment=loaded)

    outcomes, errors = race(acknowledge, range(3))
    assert errors == []
    assert outcomes == ["ok"] * 3  # acknowledging again changes nothing
    item.refresh_from_db()
    assert item.events.filter(action="acknowledge").count() == 1
    assert item.version == version + 1


@pytest.mark.usefixtures("shared_database")
def test_on_sqlite_a_writer_that_keeps_the_lock_too_long_gives_the_friendly_refusal(tmp_path):
    """The real "database is locked": another process holds the write lock past the busy
    timeout (shortened here from the settings' 30 seconds)."""
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's busy timeout; PostgreSQL waits for the row lock")
    secretary = UserFactory(role=Role.SECRETARY)
    item = replied(assigned(ProposalFactory(), secretary, UnitFactory()), secretary)
    other = sqlite3.connect(connection.settings_dict["NAME"], isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        connection.ensure_connection()
        connection.connection.execute("PRAGMA busy_timeout = 100")
        with pytest.raises(ValidationError) as refused:
            services.proposal_close(
                actor=secretary, proposal=item, version=item.version, note="已办结"
            )
        assert refused.value.messages == [BUSY]
    finally:
        other.rollback()
        other.close()
    services.proposal_close(actor=secretary, proposal=item, version=item.version, note="已办结")
    item.refresh_from_db()
    assert item.state == State.CLOSED


@pytest.mark.usefixtures("shared_database")
def test_a_new_suggestion_sent_three_times_at_once_makes_one_draft():
    """Issue 25: three taps on 保存 at once, each its own request and connection. One draft;
    the other two sendings lead to it."""
    deputy = deputy_with_user()
    url = reverse("my_proposal_create")
    setup = Client()
    setup.force_login(deputy.user)
    data = {
        "kind": "suggestion",
        "title": "关于修缮河东村道的建议",
        "content": "村道破损，建议修缮。",
        "topic": "transport",
        "session": "",
        "form_token": form_token(setup, url),
    }

    def send(_tap):
        client = Client()
        client.force_login(deputy.user)
        return lambda: answers.append(client.post(url, data))

    answers = []
    outcomes, errors = race(send, range(3))
    assert errors == [] and outcomes == ["ok"] * 3
    item = Proposal.objects.get()
    assert sorted(a.status_code for a in answers) == [302] * 3
    assert sorted(a.url for a in answers) == sorted(
        [reverse("my_proposals"), item.get_absolute_url(), item.get_absolute_url()]
    )


@pytest.mark.usefixtures("shared_database")
def test_submitting_from_two_tabs_at_once_shows_the_item_to_the_second():
    """Issue 25: whichever way the two requests interleave (the second refused as stale by the
    service, or finding the item submitted), the second tab is shown the item, not a 403 or
    a refusal."""
    deputy = deputy_with_user()
    item = ProposalFactory(lead_deputy=deputy)
    url = reverse("proposal_submit", args=[item.pk])

    def send(_tab):
        client = Client()
        client.force_login(deputy.user)
        return lambda: answers.append(client.post(url, {"version": item.version}))

    answers = []
    outcomes, errors = race(send, range(2))
    assert errors == [] and outcomes == ["ok"] * 2
    assert sorted(a.get("Location") for a in answers) == sorted(
        [reverse("my_proposals"), item.get_absolute_url()]
    )
    assert item.events.filter(action="submit").count() == 1
