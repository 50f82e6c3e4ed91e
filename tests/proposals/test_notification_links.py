"""A notification's link never leads to a 404 (issue 27): when its item is no longer the
reader's, the page says where it went, in Chinese."""

import pytest
from django.urls import reverse

from congress.roles import Role
from proposals import services
from proposals.models import Notification
from tests.factories import ProposalFactory, UnitFactory, UserFactory
from tests.proposals import helpers

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer():
    return UserFactory(role=Role.UNIT_OFFICER)


@pytest.fixture
def unit(officer):
    return UnitFactory(name="镇交通办", officers=[officer])


def _open_assignment_notice(client, officer, item):
    """The officer follows the link of the notification that assigned `item` to them."""
    notification = Notification.objects.filter(user=officer, proposal=item).earliest("pk")
    client.force_login(officer)
    return client.get(reverse("notification_open", args=[notification.pk]))


def test_the_link_leads_to_the_item_while_it_is_the_readers(client, secretary, unit, officer):
    item = helpers.assigned(ProposalFactory(), secretary, unit)
    response = _open_assignment_notice(client, officer, item)
    assert response.status_code == 302 and response.url == item.get_absolute_url()
    list_page = client.get(reverse("notification_list")).content.decode()
    notification = Notification.objects.filter(user=officer, proposal=item).earliest("pk")
    assert reverse("notification_open", args=[notification.pk]) in list_page


def test_a_returned_item_says_it_went_back_to_the_secretary(client, secretary, unit, officer):
    item = helpers.returned(helpers.assigned(ProposalFactory(title="修缮村道"), secretary, unit))
    response = _open_assignment_notice(client, officer, item)
    page = response.content.decode()
    assert response.status_code == 200
    assert f"{item.label}“修缮村道”已退回主席团秘书，等待重新交办。" in page


def test_a_reassigned_item_names_the_unit_now_handling_it(client, secretary, unit, officer):
    item = helpers.returned(helpers.assigned(ProposalFactory(title="修缮村道"), secretary, unit))
    helpers.assigned(item, secretary, UnitFactory(name="镇农业农村办"))
    response = _open_assignment_notice(client, officer, item)
    assert response.status_code == 200
    assert "“修缮村道”已改由镇农业农村办办理。" in response.content.decode()


def test_a_withdrawn_item_says_it_needs_no_more_handling(client, secretary, unit, officer):
    item = helpers.returned(helpers.assigned(ProposalFactory(title="修缮村道"), secretary, unit))
    services.proposal_withdraw(
        actor=secretary, proposal=item, version=item.version, reason="书面撤回"
    )
    response = _open_assignment_notice(client, officer, item)
    assert response.status_code == 200
    assert "“修缮村道”已由代表撤回，无需再办理。" in response.content.decode()


def test_another_users_notification_is_not_found(client, secretary, unit, officer):
    item = helpers.assigned(ProposalFactory(), secretary, unit)
    notification = Notification.objects.filter(user=officer, proposal=item).earliest("pk")
    client.force_login(UserFactory(role=Role.UNIT_OFFICER))
    assert client.get(reverse("notification_open", args=[notification.pk])).status_code == 404
