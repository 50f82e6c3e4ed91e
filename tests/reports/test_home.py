"""The home page as a task list per role: the unit officer's 待签收 / 办理中 / 已逾期 / 待答复,
the deputy's 待评价, drafts, replies, next reception day and duty checklist, the election
staff's timeline with its next legal step, what waits for the chair, the secretary's 待办 above
the dashboard; each role's block for a user with several roles; a constant number of queries."""

import re
from collections import Counter
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from congress.roles import Role
from proposals import services
from proposals.models import Assignment, Proposal, State, Verdict
from reports import services as report_services
from tests.factories import (
    DeputyFactory,
    DutyRequirementFactory,
    ElectionFactory,
    ProposalFactory,
    StationFactory,
    UnitFactory,
    UserFactory,
    VoterContactFactory,
)
from tests.proposals import helpers

pytestmark = pytest.mark.django_db


def home(client, user):
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode()


def task_list(page, key):
    """(count shown, [titles in order]) of the task list `key`."""
    start = page.index(f'data-tasks="{key}"')
    block = page[start : page.index("</section>", start)]
    count = int(re.search(r"data-count>(\d+)<", block).group(1))
    block = block[: block.index("</ul>")] if "</ul>" in block else ""
    titles = re.findall(
        r'<a href="[^"]+">(?:<span class="item-label">[^<]*</span> )?([^<]+)</a>', block
    )
    return count, titles


def queries(client, user):
    client.force_login(user)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("home")).status_code == 200
    return len(captured)


# The unit officer


@pytest.fixture
def officer():
    return UserFactory(role=Role.UNIT_OFFICER)


@pytest.fixture
def unit(officer):
    return UnitFactory(name="镇交通办", officers=[officer])


def unit_items(secretary, unit, suffix=""):
    """One item in each of the unit's situations, by hand:
    新交办 (assigned 5 days ago, not acknowledged), 更早交办 (10 days ago, not acknowledged),
    已签收 (acknowledged, due in three months), 已逾期 (acknowledged, due 10 days ago),
    协办已回复 (co-unit, opinion sent), 答复完毕 (replied: no longer the unit's work)."""
    today = timezone.localdate()
    other = UnitFactory()

    def item(title, days_ago, **kwargs):
        return helpers.assigned(
            ProposalFactory(title=title + suffix),
            secretary,
            kwargs.pop("lead", unit),
            assigned_date=today - timedelta(days=days_ago),
            **kwargs,
        )

    item("新交办", 5)
    item("更早交办", 10)
    helpers.acknowledged(item("已签收", 1))
    late = helpers.acknowledged(item("已逾期", 100))
    late.deadline = today - timedelta(days=10)  # as a spreadsheet brought it
    late.save(update_fields=["deadline"])
    co = item("协办已回复", 3, lead=other, co_units=[unit])
    helpers.co_opinion(co, unit)
    helpers.replied(helpers.acknowledged(item("答复完毕", 20)))


def test_the_unit_officer_sees_the_four_lists_with_counts_oldest_first(
    client, secretary, unit, officer
):
    unit_items(secretary, unit)
    page = home(client, officer)
    assert task_list(page, "to_acknowledge") == (2, ["更早交办", "新交办"])
    # In hand: acknowledged ones and the co-unit's (it sent its opinion), by deadline.
    count, titles = task_list(page, "in_hand")
    assert count == 3 and titles[0] == "已逾期"
    assert set(titles) == {"已逾期", "已签收", "协办已回复"}
    assert task_list(page, "overdue") == (1, ["已逾期"])
    # To reply: every open lead item, the earliest deadline first; not the co-unit's sent one.
    count, titles = task_list(page, "to_answer")
    assert count == 4 and titles[0] == "已逾期"
    assert set(titles) == {"已逾期", "已签收", "新交办", "更早交办"}
    assert "协办已回复" not in titles and "答复完毕" not in page
    # Neither the dashboard nor another role's block.
    assert "办结率" not in page and 'id="home-deputy"' not in page


def test_the_unit_lists_link_to_the_item_and_show_all_when_longer(client, secretary, unit, officer):
    for n in range(7):
        helpers.assigned(ProposalFactory(title=f"待签收{n}"), secretary, unit)
    page = home(client, officer)
    count, titles = task_list(page, "to_acknowledge")
    assert count == 7 and len(titles) == 5
    first = Assignment.objects.filter(role="lead").order_by("assigned_date", "pk").first()
    assert reverse("proposal_detail", args=[first.proposal_id]) in page
    assert "全部7件" in page


# The deputy


def test_the_deputy_sees_evaluations_drafts_replies_reception_and_duties(client, secretary):
    today = timezone.localdate()
    deputy = helpers.deputy_with_user()
    unit = UnitFactory()
    to_evaluate = helpers.replied(
        helpers.assigned(ProposalFactory(lead_deputy=deputy, title="待我评价"), secretary, unit)
    )
    cosigned = helpers.replied(
        helpers.assigned(ProposalFactory(co_signers=[deputy], title="附议待评价"), secretary, unit)
    )
    helpers.evaluated(
        helpers.replied(
            helpers.assigned(ProposalFactory(lead_deputy=deputy, title="已评价"), secretary, unit)
        ),
        Verdict.SATISFIED,
    )
    ProposalFactory(lead_deputy=deputy, title="我的草稿")
    ProposalFactory(title="别人的草稿")
    station = StationFactory(name="河东联络站", reception_days=str(today.day), notice_days=3)
    station.resident_deputies.add(deputy)
    DutyRequirementFactory(name="每年至少联系选民两次", metric="voter_contacts", minimum=2)
    VoterContactFactory(deputy=deputy, date=today)

    page = home(client, deputy.user)
    count, titles = task_list(page, "to_evaluate")
    assert count == 2 and set(titles) == {"待我评价", "附议待评价"}
    assert task_list(page, "drafts") == (1, ["我的草稿"])
    count, titles = task_list(page, "replies")
    assert count == 3 and set(titles) == {"待我评价", "附议待评价", "已评价"}
    # 待评价 opens the evaluation form itself; 收到的答复 the item.
    start = page.index('data-tasks="to_evaluate"')
    evaluate = page[start : page.index("</section>", start)]
    assert reverse("proposal_evaluate", args=[to_evaluate.pk]) in evaluate
    assert reverse("proposal_evaluate", args=[cosigned.pk]) in evaluate
    assert reverse("proposal_detail", args=[to_evaluate.pk]) in page
    # The reception day is today (the station's day of the month), announced 3 days before.
    receptions = page[page.index('id="home-receptions"') :]
    assert "河东联络站" in receptions
    assert f"{today.year}年{today.month}月{today.day}日" in receptions
    announced = today - timedelta(days=3)
    assert f"{announced.year}年{announced.month}月{announced.day}日公告" in receptions
    duties = page[page.index('id="home-duties"') :]
    assert "每年至少联系选民两次" in duties and "本年已完成1次" in duties
    assert "进行中" in duties  # 1 of 2 while the year runs


def test_the_evaluated_reply_leaves_the_deputys_list(client, secretary):
    deputy = helpers.deputy_with_user()
    item = helpers.replied(
        helpers.assigned(ProposalFactory(lead_deputy=deputy), secretary, UnitFactory())
    )
    assert task_list(home(client, deputy.user), "to_evaluate")[0] == 1
    helpers.evaluated(item, Verdict.BASICALLY)
    assert task_list(home(client, deputy.user), "to_evaluate")[0] == 0


def test_a_deputy_account_without_a_deputy_record_is_told_so(client):
    page = home(client, UserFactory(role=Role.DEPUTY))
    assert "尚未与代表名册中的代表关联" in page


# Election staff


def test_election_staff_see_the_current_election_and_its_next_legal_step(client):
    today = timezone.localdate()
    ElectionFactory(name="上届选举", election_day=today - timedelta(days=5 * 365))
    ElectionFactory(name="本届选举", election_day=today + timedelta(days=30))
    page = home(client, UserFactory(role=Role.ELECTION_STAFF))
    block = page[page.index('id="home-election"') :]
    assert "本届选举" in block and "上届选举" not in block
    # The roll is published at least 20 days before election day: 10 days from today.
    roll = today + timedelta(days=10)
    next_step = block[block.index('id="next-step"') :]
    next_step = next_step[: next_step.index("</p>")]
    assert "下一法定步骤：公布选民名单" in next_step
    assert f"{roll.year}年{roll.month}月{roll.day}日" in next_step


def test_after_the_last_election_every_step_is_done(client):
    today = timezone.localdate()
    day = today - timedelta(days=40)
    ElectionFactory(
        election_day=day,
        roll_published_on=day - timedelta(days=20),
        initial_candidates_published_on=day - timedelta(days=15),
        formal_candidates_published_on=day - timedelta(days=7),
    )
    page = home(client, UserFactory(role=Role.ELECTION_STAFF))
    # No results entered: election day is the step still open, and late.
    assert "下一法定步骤：选举日" in page


# The presidium


def test_the_chair_sees_motions_to_review_and_summaries_to_approve(client, secretary, chair):
    helpers.motion_in_state(State.UNDER_REVIEW, secretary=secretary, title="关于修建文化广场的议案")
    helpers.motion_in_state(State.ON_AGENDA, secretary=secretary, title="已列入议程的议案")
    report = report_services.report_create(
        actor=secretary, kind="annual", year=timezone.localdate().year
    )
    page = home(client, chair)
    assert task_list(page, "motions") == (1, ["关于修建文化广场的议案"])
    count, titles = task_list(page, "summaries")
    assert count == 1 and titles == [report.title]
    assert "<h3>待审定的工作总结" in page
    assert reverse("report_edit", args=[report.pk]) in page
    # The dashboard's figures follow.
    assert "办结率" in page


def test_a_presidium_member_sees_what_is_before_the_chair(client, presidium_user):
    page = home(client, presidium_user)
    assert "<h3>待主席审定的工作总结" in page and "<h3>待审定的工作总结" not in page


# The secretary


def test_the_secretary_sees_her_to_do_list_above_the_dashboard(client, secretary):
    today = timezone.localdate()
    unit = UnitFactory()
    helpers.submitted(ProposalFactory(title="待登记的建议"))
    helpers.registered(ProposalFactory(title="待交办的建议"), secretary)
    helpers.returned(helpers.assigned(ProposalFactory(title="被退回的建议"), secretary, unit))
    helpers.assigned(
        ProposalFactory(title="逾期的建议"),
        secretary,
        unit,
        assigned_date=today - timedelta(days=120),
    )
    helpers.assigned(ProposalFactory(title="按期办理的建议"), secretary, unit)
    page = home(client, secretary)
    assert task_list(page, "to_register") == (1, ["待登记的建议"])
    # A returned item waits in 被退回 only, not a second time in 待交办.
    assert task_list(page, "to_assign") == (1, ["待交办的建议"])
    assert task_list(page, "overdue") == (1, ["逾期的建议"])
    assert task_list(page, "returned") == (1, ["被退回的建议"])
    assert page.index('id="home-secretary"') < page.index('data-figure="received_suggestions"')


def test_the_secretarys_home_shows_each_item_once(client, secretary):
    """Each list once: the overdue item sits in 待办 and not again in the dashboard's overdue
    panel, a returned item in 被退回 and not again in 待交办; a chair still sees the overdue."""
    today = timezone.localdate()
    unit = UnitFactory()
    helpers.registered(ProposalFactory(), secretary)
    helpers.returned(helpers.assigned(ProposalFactory(), secretary, unit))
    late = helpers.assigned(
        ProposalFactory(), secretary, unit, assigned_date=today - timedelta(days=120)
    )
    soon = helpers.assigned(ProposalFactory(), secretary, unit)
    Proposal.objects.filter(pk=soon.pk).update(deadline=today + timedelta(days=2))
    page = home(client, secretary)
    links = Counter(re.findall(r'href="(/proposals/\d+/)"', page))
    assert len(links) == 4, links
    assert [link for link, n in links.items() if n > 1] == []
    assert 'id="overdue"' not in page and 'id="due-soon"' in page
    chair_page = home(client, UserFactory(role=Role.PRESIDIUM))
    assert reverse("proposal_detail", args=[late.pk]) in chair_page


def test_a_user_with_several_roles_sees_each_block(client, secretary, unit):
    from django.contrib.auth.models import Group

    DeputyFactory(user=secretary)
    secretary.groups.add(
        *Group.objects.filter(name__in=[Role.DEPUTY.value, Role.UNIT_OFFICER.value])
    )
    unit.officers.add(secretary)
    page = home(client, secretary)
    for block in ("home-secretary", "home-unit", "home-deputy"):
        assert f'id="{block}"' in page, block
    assert "办结率" in page


def test_a_user_without_a_role_is_told_the_account_is_set_up(client):
    page = home(client, UserFactory())
    assert "您的账号已开通" in page and "home-block" not in page


# Queries


def test_each_home_costs_the_same_queries_however_much_work_waits(
    client, secretary, chair, unit, officer
):
    deputy = helpers.deputy_with_user()
    StationFactory().resident_deputies.add(deputy)
    DutyRequirementFactory()
    ElectionFactory(election_day=timezone.localdate() + timedelta(days=30))
    staff = UserFactory(role=Role.ELECTION_STAFF)

    def add_work(n):
        unit_items(secretary, unit, suffix=str(n))
        helpers.submitted(ProposalFactory())
        helpers.motion_in_state(State.UNDER_REVIEW, secretary=secretary)
        helpers.replied(helpers.assigned(ProposalFactory(lead_deputy=deputy), secretary, unit))
        helpers.replied(
            helpers.assigned(ProposalFactory(co_signers=[deputy]), secretary, UnitFactory())
        )
        ProposalFactory(lead_deputy=deputy)
        services.notify([officer, deputy.user, secretary], "提醒")

    add_work(1)
    users = (secretary, chair, officer, deputy.user, staff)
    few = [queries(client, user) for user in users]
    for n in range(2, 5):
        add_work(n)
    assert [queries(client, user) for user in users] == few
