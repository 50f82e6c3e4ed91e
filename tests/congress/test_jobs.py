"""The job runner: a job is a row any app server reads and a task the worker runs; failures
are recorded in Chinese, daily jobs queue their next run, and nobody reads another's job."""

import logging
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from congress.jobs import daily_schedule, job_running, job_start
from congress.models import Job
from congress.roles import Role
from proposals.jobs import daily_reminders
from tests.factories import UserFactory

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
