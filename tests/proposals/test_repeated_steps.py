"""A step sent again once taken (issue 25: a double click or a second tab on 签收, 答复, 评价,
提交 got a 403 page): the item's page says the step was done, by whom and when. A step the
user has no part for, or one never taken, is still refused."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from congress.roles import Role
from proposals.models import Evaluation, Reply, State
from tests.factories import ProposalFactory, UnitFactory, UserFactory
from tests.proposals.helpers import (
    acknowledged,
    assigned,
    deputy_with_user,
    lead_assignment,
    officer_of,
    replied,
    submitted,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = f"{TODAY.year}年{TODAY.month}月{TODAY.day}日"


def note(response):
    """The note on the page a repeated step leads to."""
    assert response.status_code == 200
    found = re.search(r"“[^”]+”已由[^<]+完成。", response.content.decode())
    assert found, "no note of the step taken"
    return found[0]


@pytest.fixture
def deputy():
    return deputy_with_user(name="张三")


def test_submitting_twice_shows_the_item_with_who_submitted_it_and_when(client, deputy):
    item = ProposalFactory(lead_deputy=deputy)
    client.force_login(deputy.user)
    url = reverse("proposal_submit", args=[item.pk])
    data = {"version": item.version}
    assert client.post(url, data).url == reverse("my_proposals")
    response = client.post(url, data, follow=True)
    assert response.redirect_chain == [(item.get_absolute_url(), 302)]
    assert note(response).startswith(f"“提交”已由{deputy.user}于{DAY} ")
    item.refresh_from_db()
    assert item.state == State.SUBMITTED and item.events.filter(action="submit").count() == 1
    # The draft's page left open in another tab: its edit page says so too.
    response = client.get(reverse("my_proposal_edit", args=[item.pk]), follow=True)
    assert note(response).startswith("“提交”已由")


def test_withdrawing_twice_shows_the_item(client, deputy):
    item = submitted(ProposalFactory(lead_deputy=deputy))
    client.force_login(deputy.user)
    url = reverse("proposal_withdraw", args=[item.pk])
    client.post(url, {"version": item.version, "reason": "已解决"})
    response = client.post(url, {"version": item.version, "reason": "已解决"}, follow=True)
    assert note(response).startswith(f"“撤回”已由{deputy.user}于{DAY}")
    assert item.events.filter(action="withdraw").count() == 1


def test_evaluating_twice_shows_the_item_with_the_first_evaluation_s_day(client, deputy, secretary):
    item = replied(assigned(ProposalFactory(lead_deputy=deputy), secretary, UnitFactory()))
    client.force_login(deputy.user)
    url = reverse("proposal_evaluate", args=[item.pk])
    assert client.post(url, {"verdict": "satisfied"}).status_code == 302
    response = client.post(url, {"verdict": "unsatisfied", "comment": "不行"}, follow=True)
    assert note(response) == f"“评价答复”已由张三于{DAY}完成。"
    assert Evaluation.objects.get().verdict == "satisfied"
    item.refresh_from_db()
    assert item.state == State.CLOSED


def test_acknowledging_twice_shows_the_item_with_the_unit_and_time(client, secretary):
    unit = UnitFactory(name="交通办", officers=[UserFactory(role=Role.UNIT_OFFICER)])
    item = assigned(ProposalFactory(), secretary, unit)
    client.force_login(officer_of(item))
    url = reverse("assignment_acknowledge", args=[lead_assignment(item).pk])
    client.post(url)
    response = client.post(url, follow=True)
    assert response.redirect_chain == [(item.get_absolute_url(), 302)]
    assert note(response).startswith(f"“签收”已由交通办于{DAY} ")
    assert item.events.filter(action="acknowledge").count() == 1


def test_replying_twice_shows_the_item_and_keeps_one_reply(client, secretary):
    item = acknowledged(assigned(ProposalFactory(), secretary, UnitFactory()))
    officer = officer_of(item)
    client.force_login(officer)
    url = reverse("proposal_reply", args=[item.pk])
    data = {
        "version": item.version,
        "number": "镇交办〔2025〕1号",
        "category": "A",
        "text": "已安排修缮。",
        "contact_person": "王五",
        "phone": "13900000000",
        "date": TODAY.isoformat(),
    }
    secretary_reply = {**data}  # the secretary enters it from the paper letter: no PDF asked
    client.force_login(secretary)
    assert client.post(url, secretary_reply).status_code == 302
    response = client.post(url, secretary_reply, follow=True)
    assert note(response).startswith(f"“答复”已由{secretary}于{DAY} ")
    client.force_login(officer)  # the unit's officer, from a page opened before
    assert note(client.get(url, follow=True)).startswith(f"“答复”已由{secretary}")
    assert Reply.objects.count() == 1


def test_returning_twice_goes_to_the_inbox_saying_when(client, secretary):
    unit = UnitFactory(name="民政办", officers=[UserFactory(role=Role.UNIT_OFFICER)])
    item = assigned(ProposalFactory(), secretary, unit)
    client.force_login(officer_of(item))
    url = reverse("assignment_return", args=[lead_assignment(item).pk])
    client.post(url, {"reason": "不属于本单位职责"})
    response = client.post(url, {"reason": "不属于本单位职责"}, follow=True)
    assert response.redirect_chain == [(reverse("unit_inbox"), 302)]
    assert note(response) == f"“退回”已由民政办于{DAY}完成。"
    assert item.events.filter(action="return").count() == 1


def test_a_step_never_taken_or_not_the_user_s_is_still_refused(client, deputy, secretary):
    co_unit = UnitFactory(officers=[UserFactory(role=Role.UNIT_OFFICER)])
    item = assigned(ProposalFactory(lead_deputy=deputy), secretary, UnitFactory(), [co_unit])
    client.force_login(deputy.user)
    # Assigned: too late to withdraw, nothing to evaluate yet; neither was ever done.
    for name in ("proposal_withdraw", "proposal_evaluate"):
        assert client.get(reverse(name, args=[item.pk])).status_code == 403, name
    item = replied(item)
    client.force_login(co_unit.officers.get())  # a co-unit never replies
    assert client.get(reverse("proposal_reply", args=[item.pk])).status_code == 403
    co_signer = deputy_with_user()
    item.co_signers.add(co_signer)
    client.force_login(co_signer.user)  # may evaluate, has not: the page opens
    assert client.get(reverse("proposal_evaluate", args=[item.pk])).status_code == 200
