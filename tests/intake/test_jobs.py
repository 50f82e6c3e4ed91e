"""The daily work: reminders of unanswered opinions (after commit only) and the removal of
personal data past the retention period; the sheet of codes as a job."""

import io
from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from PIL import Image

from congress.jobs import job_start
from congress.models import Job
from intake import jobs, services
from intake.models import AttemptKey, Opinion, Status
from proposals.models import Notification
from tests.intake.conftest import submit

pytestmark = pytest.mark.django_db


def _with_mail(world):
    for user in (world.user_a, world.secretary):
        user.email = f"{user.username}@example.test"
        user.save()


def test_an_opinion_unanswered_for_seven_days_reminds_its_owner(
    world, settings, django_capture_on_commit_callbacks
):
    settings.INTAKE_ANSWER_DAYS = 7
    _with_mail(world)
    now = timezone.now()
    submit(world.code_a, now=now - timedelta(days=6, hours=23))  # not yet
    with django_capture_on_commit_callbacks(execute=True):
        assert services.reminders_send(now=now) == 0
    assert not mail.outbox
    submit(world.code_a, address="10.0.0.2", now=now - timedelta(days=7))  # exactly seven
    with django_capture_on_commit_callbacks(execute=True):
        assert services.reminders_send(now=now) == 1
    assert [m.to for m in mail.outbox] == [[world.user_a.email]]
    assert "1条群众意见已超过7天未答复" in Notification.objects.get(user=world.user_a).message
    # Once a day: the same day's run again sends nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        services.reminders_send(now=now)
    assert len(mail.outbox) == 1


def test_a_stations_late_opinion_reminds_the_secretary(world, django_capture_on_commit_callbacks):
    _with_mail(world)
    now = timezone.now()
    submit(world.code_station, now=now - timedelta(days=8))
    with django_capture_on_commit_callbacks(execute=True):
        services.reminders_send(now=now)
    assert [m.to for m in mail.outbox] == [[world.secretary.email]]


def test_a_rolled_back_reminder_sends_nothing(world, django_capture_on_commit_callbacks):
    _with_mail(world)
    now = timezone.now()
    submit(world.code_a, now=now - timedelta(days=9))
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                services.reminders_send(now=now)
                raise RuntimeError("the step fails after the reminders")
        except RuntimeError:
            pass
    assert callbacks == [] and mail.outbox == []
    assert not Notification.objects.exists()


def test_personal_data_is_removed_three_years_after_handling(
    world, settings, django_capture_on_commit_callbacks
):
    settings.INTAKE_RETENTION_YEARS = 3
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, "PNG")
    photo = SimpleUploadedFile("x.png", buffer.getvalue(), content_type="image/png")
    old = services.opinion_submit(
        code=world.code_a,
        address="10.0.0.9",
        data={
            "topic": "other",
            "text": "河东村的路灯坏了很久了。",
            "name": "张大爷",
            "phone": "13812345678",
        },
        photo=photo,
    )
    recent = submit(world.code_a, address="10.0.0.10")
    new = submit(world.code_a, address="10.0.0.11")
    for opinion in (old, recent):
        services.opinion_answer(actor=world.user_a, opinion=opinion, answer="已安排处理。")
    now = timezone.now().replace(month=6, day=30)
    three_years_ago = now.replace(year=now.year - 3)
    Opinion.objects.filter(pk=old.pk).update(handled_at=three_years_ago - timedelta(days=1))
    Opinion.objects.filter(pk=recent.pk).update(handled_at=three_years_ago + timedelta(days=1))
    stored = Opinion.objects.get(pk=old.pk).photo
    assert stored.storage.exists(stored.name)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.opinions_anonymise(now=now) == 1
    old.refresh_from_db()
    assert (old.name, old.phone, old.photo.name) == ("", "", "")
    assert old.anonymised_at is not None and old.text  # the opinion itself stays
    assert not stored.storage.exists(stored.name)
    recent.refresh_from_db()
    new.refresh_from_db()
    assert recent.phone == new.phone == "13812345678"
    assert new.status == Status.NEW
    # Run again: nothing more.
    assert services.opinions_anonymise(now=now) == 0


def test_old_rate_limit_rows_are_cleared(world):
    now = timezone.now()
    submit(world.code_a, now=now - timedelta(days=2))
    submit(world.code_a, address="10.0.0.2", now=now)
    assert services.attempts_purge(now=now) == 2  # the address and the code row of the old one
    # The old address's lock row goes with its last attempt; the code is still counting.
    assert sorted(AttemptKey.objects.values_list("scope", flat=True)) == ["address", "code"]


def test_the_sheet_of_codes_is_made_by_a_job(world, run_jobs, tmp_path):
    from tests.pdf_utils import pdf_text

    job = job_start(
        actor=world.secretary,
        kind="intake_codes_sheet",
        title="代表码汇总表",
        task=jobs.codes_sheet,
        params={"base_url": "http://portal.test/"},
    )
    run_jobs()
    job.refresh_from_db()
    assert job.state == Job.State.DONE, job.problems
    text = pdf_text(job.file.read(), tmp_path)
    for name in ("王建国", "李秀英", "赵明"):
        assert name in text
    assert "代表码汇总" in text


def test_the_daily_job_runs_the_days_work_and_queues_the_next(world, run_jobs):
    from django_tasks_db.models import DBTaskResult

    submit(world.code_a, now=timezone.now() - timedelta(days=8))
    jobs.daily_opinions.enqueue()
    run_jobs()
    job = Job.objects.get(kind="daily")
    assert job.state == Job.State.DONE
    assert "提醒办理超期群众意见：1人" in job.summary
    assert Notification.objects.filter(user=world.user_a).count() == 1
    assert DBTaskResult.objects.filter(
        task_path=jobs.daily_opinions.module_path, status="READY"
    ).exists()
