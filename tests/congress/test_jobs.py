"""The job runner: a job is a row any app server reads and a task the worker runs; failures
are recorded in Chinese, daily jobs queue their next run, and nobody reads another's job."""

import logging
import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from congress import jobs
from congress.jobs import Progress, daily_schedule, job_running, job_start, stale_jobs_fail
from congress.models import Job
from congress.roles import Role
from proposals.jobs import daily_reminders
from tests.factories import UserFactory
from tests.proposals.test_races import shared_database  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db


@task()
def refused(job_id):
    with job_running(job_id):
        raise ValidationError(["第3行「选区」：没有这个选区。", "第4行「姓名」：缺少姓名。"])


@task()
def crashes(job_id):
    with job_running(job_id):
        raise KeyError("stored")


@task()
def counts(job_id):
    with job_running(job_id) as job:
        job.summary = "数完了"


def start(actor, body):
    return job_start(actor=actor, kind="test", title="测试任务", task=body, next_url="/elections/")


def test_a_job_waits_in_the_database_until_a_worker_runs_it(secretary, run_jobs):
    job = start(secretary, counts)
    queued = DBTaskResult.objects.get(task_path__endswith="counts")
    assert queued.status == "READY" and queued.args_kwargs["args"] == [job.pk]
    job.refresh_from_db()
    assert job.state == Job.State.QUEUED and job.started_at is None
    run_jobs()
    job.refresh_from_db()
    assert (job.state, job.summary) == (Job.State.DONE, "数完了")
    assert job.started_at <= job.finished_at
    assert DBTaskResult.objects.get(pk=queued.pk).status == "SUCCESSFUL"


def test_a_rolled_back_request_leaves_neither_job_nor_task(secretary):
    with pytest.raises(RuntimeError), transaction.atomic():
        start(secretary, counts)
        raise RuntimeError
    assert not Job.objects.exists()
    assert not DBTaskResult.objects.filter(task_path__endswith="counts").exists()


def test_a_refusal_shows_its_reasons_and_an_error_a_chinese_message(
    client, secretary, run_jobs, caplog
):
    refusal, crash = start(secretary, refused), start(secretary, crashes)
    with caplog.at_level(logging.ERROR, logger="congress.jobs"):
        run_jobs()
    refusal.refresh_from_db()
    crash.refresh_from_db()
    assert refusal.state == crash.state == Job.State.FAILED
    assert refusal.problems == ["第3行「选区」：没有这个选区。", "第4行「姓名」：缺少姓名。"]
    assert crash.problems == ["因意外错误，工作已中止；详情见服务器日志。"]
    assert "KeyError" in caplog.text  # the operator's log keeps the traceback
    client.force_login(secretary)
    page = client.get(crash.get_absolute_url()).content.decode()
    assert "任务未完成" in page and "详情见服务器日志" in page and 'href="/elections/"' in page


def test_the_progress_part_polls_until_the_job_is_finished(client, secretary, run_jobs):
    job = start(secretary, counts)
    client.force_login(secretary)
    part = client.get(job.get_absolute_url(), headers={"HX-Request": "true"}).content.decode()
    assert "hx-trigger" in part and "<html" not in part
    Job.objects.filter(pk=job.pk).update(
        state=Job.State.RUNNING, phase="已检查1000行", done=1000, total=4000
    )
    part = client.get(job.get_absolute_url(), headers={"HX-Request": "true"}).content.decode()
    assert "已检查1000行" in part and 'value="25"' in part
    run_jobs()
    part = client.get(job.get_absolute_url(), headers={"HX-Request": "true"}).content.decode()
    assert "hx-trigger" not in part and "数完了" in part


def test_jobs_are_read_by_their_starter_and_the_secretary_only(client, election_user, run_jobs):
    job = start(election_user, counts)
    other = UserFactory(role=Role.ELECTION_STAFF)
    secretary = UserFactory(role=Role.SECRETARY)
    for user, status in [(election_user, 200), (secretary, 200), (other, 403)]:
        client.force_login(user)
        assert client.get(job.get_absolute_url()).status_code == status
        listed = "测试任务" in client.get(reverse("job_list")).content.decode()
        assert listed == (status == 200)
    client.logout()
    assert client.get(job.get_absolute_url()).status_code == 302
    client.force_login(election_user)
    assert client.get(reverse("job_file", args=[job.pk])).status_code == 404  # made no file
    assert client.get(reverse("job_detail", args=[job.pk + 99])).status_code == 404


def test_daily_jobs_are_queued_for_the_next_morning_once(db):
    DBTaskResult.objects.all().delete()  # migrate queued the chain; start afresh
    daily_schedule(daily_reminders)
    daily_schedule(daily_reminders)
    (queued,) = DBTaskResult.objects.filter(task_path=daily_reminders.module_path)
    at = timezone.localtime(queued.run_after)
    assert (at.hour, at.minute) == (6, 0)
    assert timezone.now() < queued.run_after <= timezone.now() + timedelta(days=1)


def test_migrate_starts_the_daily_chains(db):
    paths = set(DBTaskResult.objects.filter(status="READY").values_list("task_path", flat=True))
    assert {"proposals.jobs.daily_reminders", "congress.jobs.import_uploads_purge_daily"} <= paths


def test_the_daily_reminders_run_as_a_job_and_queue_tomorrow(secretary, run_jobs):
    DBTaskResult.objects.all().delete()
    daily_reminders.enqueue()
    run_jobs()
    job = Job.objects.get(kind="daily")
    assert job.state == Job.State.DONE and job.started_by is None
    assert job.summary.startswith("评价期满按未评价办结：0件")
    nxt = DBTaskResult.objects.get(status="READY", task_path=daily_reminders.module_path)
    assert nxt.run_after > timezone.now()


# A worker that died

INTERRUPTED_IMPORT = (
    "导入已中断：后台处理程序在完成前停止了，没有写入任何数据。请重新上传文件，再次导入。"
)


def running_import(secretary, *, silent_for, name):
    """A job whose row says an import is running, last heard of `silent_for` ago, with its
    upload (full ID numbers) in storage."""
    stored = default_storage.save(f"imports/{secretary.pk}/{name}.csv", ContentFile(b"x"))
    heard = timezone.now() - silent_for
    return Job.objects.create(
        kind="import_voters",
        title="导入选民名单",
        started_by=secretary,
        state=Job.State.RUNNING,
        started_at=heard - timedelta(minutes=30),
        heartbeat_at=heard,
        params={"resource": "voters", "stored": stored, "filename": "名单.csv", "options": {}},
    )


@pytest.mark.parametrize("page", ["detail", "part", "list"])
def test_a_job_whose_worker_died_is_failed_when_a_job_page_is_read_and_its_upload_removed(
    client, secretary, settings, django_capture_on_commit_callbacks, page
):
    settings.JOB_STALE_MINUTES = 10
    dead = running_import(secretary, silent_for=timedelta(minutes=11), name="dead")
    alive = running_import(secretary, silent_for=timedelta(minutes=1), name="alive")
    client.force_login(secretary)
    url, headers = {
        "detail": (dead.get_absolute_url(), {}),
        "part": (dead.get_absolute_url(), {"HX-Request": "true"}),
        "list": (reverse("job_list"), {}),
    }[page]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(url, headers=headers)
    dead.refresh_from_db()
    assert (dead.state, dead.problems) == (Job.State.FAILED, [INTERRUPTED_IMPORT])
    assert dead.finished_at is not None
    assert not default_storage.exists(dead.params["stored"])
    if page != "list":
        assert INTERRUPTED_IMPORT in response.content.decode()
    alive.refresh_from_db()
    assert alive.state == Job.State.RUNNING and alive.problems == []
    assert default_storage.exists(alive.params["stored"])


def test_other_jobs_whose_worker_died_say_so_in_their_own_words(secretary, settings):
    settings.JOB_STALE_MINUTES = 10
    silent = timezone.now() - timedelta(minutes=11)
    daily = Job.objects.create(kind="daily", title="每日提醒", state="running", heartbeat_at=silent)
    cards = Job.objects.create(
        kind="voter_cards",
        title="选民证",
        started_by=secretary,
        state="running",
        heartbeat_at=silent,
    )
    assert stale_jobs_fail() == 2
    daily.refresh_from_db()
    cards.refresh_from_db()
    assert daily.problems == [
        "每日工作已中断：后台处理程序在完成前停止了。下次每日运行时会再次执行。"
    ]
    assert cards.problems == [
        "任务已中断：后台处理程序在完成前停止了。请回到发起任务的页面重新开始。"
    ]
    assert stale_jobs_fail() == 0


def test_progress_is_a_sign_of_life(secretary):
    job = running_import(secretary, silent_for=timedelta(minutes=11), name="roll")
    Progress(job, {"checked": "已检查%(done)s行，共%(total)s行"})("checked", 10000, 80000)
    job.refresh_from_db()
    assert job.heartbeat_at > timezone.now() - timedelta(seconds=5)
    assert job.phase == "已检查10000行，共80000行"


@task()
def beats(job_id):
    with job_running(job_id) as job:
        time.sleep(0.5)  # reports no progress
        heard = Job.objects.get(pk=job.pk).heartbeat_at - job.started_at
        job.summary = str(heard.total_seconds())


@pytest.mark.usefixtures("shared_database")
def test_a_running_job_beats_while_it_works_without_progress(settings, monkeypatch):
    """The row is touched from its own connection, so a long step without progress (a PDF, a
    transaction being written) does not look like a dead worker."""
    settings.JOB_STALE_MINUTES = 1
    monkeypatch.setattr(jobs, "BEATS_PER_LIMIT", 600)  # every 0.1 s
    job = Job.objects.create(kind="test", title="测试任务")
    beats.call(job.pk)
    job.refresh_from_db()
    assert job.state == Job.State.DONE
    assert float(job.summary) >= 0.3  # heard of well after its start, while it slept


def test_every_job_queues_the_check_a_restarted_worker_runs(secretary, run_jobs, settings):
    """A job that starts queues stale_jobs_check for when its limit will have passed; the
    worker that runs it then (the one restarted after the job's worker died) fails the silent
    jobs, and queues itself again while jobs still run."""
    settings.JOB_STALE_MINUTES = 10
    DBTaskResult.objects.all().delete()
    start(secretary, counts)
    run_jobs()
    (check,) = DBTaskResult.objects.filter(task_path=jobs.stale_jobs_check.module_path)
    assert check.status == "READY"
    expected = timezone.now() + timedelta(minutes=11)
    assert expected - timedelta(seconds=30) < check.run_after <= expected
    dead = running_import(secretary, silent_for=timedelta(minutes=11), name="dead")
    alive = running_import(secretary, silent_for=timedelta(minutes=1), name="alive")
    DBTaskResult.objects.filter(pk=check.pk).update(run_after=timezone.now())  # time passes
    run_jobs()
    dead.refresh_from_db()
    alive.refresh_from_db()
    assert (dead.state, alive.state) == (Job.State.FAILED, Job.State.RUNNING)
    assert DBTaskResult.objects.get(pk=check.pk).status == "SUCCESSFUL"
    assert DBTaskResult.objects.filter(
        task_path=jobs.stale_jobs_check.module_path, status="READY"
    ).exists()  # the live one is watched on


def test_the_next_daily_run_is_queued_before_the_days_work(secretary, run_jobs, monkeypatch):
    """A worker killed during the daily work does not end the chain."""
    DBTaskResult.objects.all().delete()
    queued_first = []

    def reminders():
        queued_first.append(
            DBTaskResult.objects.filter(
                task_path=daily_reminders.module_path, status="READY"
            ).exists()
        )
        return {"lapsed": 0, "overdue": 0, "due_soon": 0, "co_overdue": 0, "notifications": 0}

    monkeypatch.setattr("proposals.jobs.reminders_send", reminders)
    daily_reminders.enqueue()
    run_jobs()
    assert queued_first == [True]
    assert Job.objects.get(kind="daily").state == Job.State.DONE


# A real worker, really killed

ROOT = Path(__file__).resolve().parents[2]


@task()
def sleeps(job_id):
    with job_running(job_id):
        time.sleep(120)


def worker(media_root, *args):
    """`manage.py db_worker` in a process of its own, on the test's database and media."""
    params = connection.settings_dict
    if connection.vendor == "sqlite":
        url = f"sqlite:///{params['NAME']}"
    else:
        password = f":{quote(params['PASSWORD'])}" if params["PASSWORD"] else ""
        port = params["PORT"] or 5432
        url = (
            f"postgres://{quote(params['USER'])}{password}@{params['HOST']}:{port}/{params['NAME']}"
        )
    env = {**os.environ, "DATABASE_URL": url, "MEDIA_ROOT": str(media_root)}
    command = ["manage.py", "db_worker", "--no-reload", "--no-startup-delay", "--interval", "0.1"]
    return subprocess.Popen(
        [sys.executable, *command, *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def state_of(job):
    return Job.objects.values_list("state", flat=True).get(pk=job.pk)


@pytest.mark.usefixtures("shared_database")
def test_a_worker_killed_mid_import_leaves_a_failed_job_and_no_upload(media_root):
    secretary = UserFactory(role=Role.SECRETARY)
    stored = default_storage.save(f"imports/{secretary.pk}/roll.csv", ContentFile(b"x"))
    job = job_start(
        actor=secretary,
        kind="import_voters",
        title="导入选民名单",
        task=sleeps,
        params={"resource": "voters", "stored": stored, "filename": "名单.csv", "options": {}},
    )
    first = worker(media_root)
    try:
        deadline = time.monotonic() + 60
        while state_of(job) != Job.State.RUNNING:
            assert first.poll() is None, first.stderr.read().decode()
            assert time.monotonic() < deadline, "the worker never took the job"
            time.sleep(0.1)
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=30)
    assert state_of(job) == Job.State.RUNNING and default_storage.exists(stored)

    # Eleven minutes later: the worker restarted (here once, in batch mode) runs the check the
    # job queued when it started.
    Job.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - timedelta(minutes=11))
    DBTaskResult.objects.filter(task_path=jobs.stale_jobs_check.module_path).update(
        run_after=timezone.now()
    )
    restarted = worker(media_root, "--batch")
    assert restarted.wait(timeout=60) == 0, restarted.stderr.read().decode()
    job.refresh_from_db()
    assert (job.state, job.problems) == (Job.State.FAILED, [INTERRUPTED_IMPORT])
    assert not default_storage.exists(stored)
