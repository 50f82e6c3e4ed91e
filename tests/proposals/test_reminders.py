"""The daily reminder job: services.reminders_send and `python manage.py send_reminders`."""

from datetime import date
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from congress.roles import Role
from proposals import services
from proposals.models import Notification, State, Verdict
from tests.factories import ProposalFactory, UnitFactory, UserFactory
from tests.proposals.helpers import assigned, closed, replied

pytestmark = pytest.mark.django_db

TODAY = date(2025, 6, 3)


@pytest.fixture
def world(secretary):
    """Reply deadlines are three months after assignment; TODAY is 2025-06-03.

    overdue   due 06-02 (assigned 03-02), lead 甲, co-unit 乙 (opinion due 04-02, none sent)
    due_14    due 06-17, 14 days ahead: due soon
    due_15    due 06-18, 15 days ahead: not yet
    due_today due 06-03: due soon, not overdue
    lapses    replied 05-03: 05-03 + 30 days < 06-03 → closed as 未评价
    open      replied 05-04: window still open
    finished  overdue date but closed: no reminder
    orphan    overdue, its unit has no officer account: counted only
    """
    officer = UserFactory(role=Role.UNIT_OFFICER, email="jia@example.com")
    officer_without_email = UserFactory(role=Role.UNIT_OFFICER, email="")
    co_officer = UserFactory(role=Role.UNIT_OFFICER, email="yi@example.com")
    jia = UnitFactory(name="甲单位", officers=[officer, officer_without_email])
    yi = UnitFactory(name="乙单位", officers=[co_officer])
    mailed_secretary = UserFactory(role=Role.SECRETARY, email="mishu@example.com")

    def item(assigned_on, unit=jia, **kwargs):
        return assigned(ProposalFactory(), secretary, unit, assigned_date=assigned_on, **kwargs)

    items = {
        "overdue": item(date(2025, 3, 2), co_units=[yi]),
        "due_14": item(date(2025, 3, 17)),
        "due_15": item(date(2025, 3, 18)),
        "due_today": item(date(2025, 3, 3)),
        "lapses": replied(item(date(2025, 3, 3)), secretary, day=date(2025, 5, 3)),
        "open": replied(item(date(2025, 3, 3)), secretary, day=date(2025, 5, 4)),
        "orphan": item(date(2025, 3, 1), unit=UnitFactory()),
    }
    items["finished"] = closed(
        replied(item(date(2025, 2, 1)), secretary, day=date(2025, 4, 1)), secretary
    )
    mail.outbox.clear()
    return {
        "items": items,
        "officer": officer,
        "officer_without_email": officer_without_email,
        "co_officer": co_officer,
        "secretary": secretary,
        "mailed_secretary": mailed_secretary,
    }


def reminders(user):
    return {(n.proposal_id, n.message) for n in user.notifications.exclude(key="")}


def test_reminders_go_to_the_units_and_the_secretaries_once_a_day(
    world, django_capture_on_commit_callbacks
):
    items, officer = world["items"], world["officer"]
    with django_capture_on_commit_callbacks(execute=True):
        counts = services.reminders_send(TODAY)
    assert counts == {
        "lapsed": 1,
        "overdue": 2,  # overdue, orphan
        "due_soon": 2,  # due_14, due_today
        "co_overdue": 1,
        "notifications": 3 + 3 + 1 + 2,  # two officers of 甲, 乙's officer, two secretaries
    }
    label = {name: item.label for name, item in items.items()}
    expected = {
        (items["overdue"].pk, f"已逾期：{label['overdue']}的答复期限为2025年6月2日。"),
        (items["due_14"].pk, f"即将到期：{label['due_14']}须在2025年6月17日前答复。"),
        (items["due_today"].pk, f"即将到期：{label['due_today']}须在2025年6月3日前答复。"),
    }
    assert reminders(officer) == expected
    assert reminders(world["officer_without_email"]) == expected
    assert reminders(world["co_officer"]) == {
        (
            items["overdue"].pk,
            f"协办意见逾期：{label['overdue']}的协办意见应于2025年4月2日前送主办单位。",
        )
    }
    summary = (
        None,
        "2025-06-03提醒：逾期未答复2件，14日内到期2件，协办意见逾期1件，评价期满按未评价办结1件。",
    )
    assert reminders(world["secretary"]) == reminders(world["mailed_secretary"]) == {summary}
    # The lapsed window closed the item, recorded as not evaluated.
    items["lapses"].refresh_from_db()
    assert items["lapses"].state == State.CLOSED
    assert items["lapses"].evaluations.get().verdict == Verdict.NONE
    items["open"].refresh_from_db()
    assert items["open"].state == State.REPLIED
    # Email to those with an address: 甲's officer 3, 乙's officer 1, one secretary 1.
    sent = sorted((m.to[0], m.body) for m in mail.outbox)
    assert [to for to, _ in sent] == ["jia@example.com"] * 3 + [
        "mishu@example.com",
        "yi@example.com",
    ]
    assert sent[3][1] == summary[1]
    assert {m.subject for m in mail.outbox} == {"乡镇人大工作平台"}

    # Run again the same day: nothing new, no email.
    notifications = Notification.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        again = services.reminders_send(TODAY)
    assert again["notifications"] == 0 and again["lapsed"] == 0
    assert Notification.objects.count() == notifications
    assert len(mail.outbox) == 5

    # The next day the reminders come again (due_15 is now 14 days ahead).
    with django_capture_on_commit_callbacks(execute=True):
        services.reminders_send(date(2025, 6, 4))
    # overdue, due_14, due_15 and due_today (now overdue) again, with the new day's keys
    assert officer.notifications.exclude(key="").count() == 3 + 4
    assert officer.notifications.filter(key__endswith=":2025-06-04").count() == 4
    assert len(mail.outbox) == 5 + 4 + 1 + 1


def test_a_quiet_day_sends_nothing(secretary, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        counts = services.reminders_send(TODAY)
    assert counts == {
        "lapsed": 0,
        "overdue": 0,
        "due_soon": 0,
        "co_overdue": 0,
        "notifications": 0,
    }
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_a_co_opinion_sent_stops_its_reminder(world):
    overdue = world["items"]["overdue"]
    co = overdue.assignments.get(role="co")
    services.co_opinion_submit(actor=world["co_officer"], assignment=co, text="同意")
    counts = services.reminders_send(TODAY)
    assert counts["co_overdue"] == 0
    assert reminders(world["co_officer"]) == set()


def test_the_command_prints_the_counts_and_repeats_nothing(world):
    out = StringIO()
    call_command("send_reminders", "--date", "2025-06-03", stdout=out)
    assert out.getvalue().strip() == (
        "评价期满按未评价办结：1件；逾期：2件；即将到期：2件；协办意见逾期：1件；发出通知：9条。"
    )
    out = StringIO()
    call_command("send_reminders", "--date", "2025-06-03", stdout=out)
    assert "发出通知：0条" in out.getvalue()
    with pytest.raises(CommandError, match="日期格式应为YYYY-MM-DD"):
        call_command("send_reminders", "--date", "6/3/2025")
