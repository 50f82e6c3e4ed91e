"""In the browser: the secretary records the election of a deputy township head with a
preliminary vote, prints the ballot and the announcement, and the new deputy head appears in
the leaders' roster."""

from datetime import date

import pytest

from congress.models import TownshipProfile
from congress.roles import Role
from elections import congress_services as services
from elections.models import Contest
from tests.browser import log_in
from tests.factories import DeputyFactory, SessionFactory, UserFactory
from tests.pdf_utils import pdf_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DAY = date(2025, 1, 16)


def test_secretary_records_a_deputy_head_election_with_a_preliminary_vote(
    page, live_server, tmp_path
):
    secretary = UserFactory(username="mishu", role=Role.SECRETARY)
    TownshipProfile.objects.create(pk=1, name="青山镇", county="云溪县")
    session = SessionFactory(start_date=DAY, end_date=DAY)  # 50 deputies, 45 present
    sponsors = [DeputyFactory() for _ in range(20)]

    log_in(page, live_server, "mishu")
    page.goto(f"{live_server.url}/sessions/{session.pk}/")
    page.get_by_role("link", name="大会选举").click()
    page.get_by_role("link", name="录入选举办法").click()
    page.get_by_label("副镇长：应选名额").fill("1")
    page.get_by_label("副镇长：差额数").fill("1")
    page.get_by_role("button", name="保存").click()
    page.get_by_role("link", name="副镇长").click()

    # The presidium nominates one; two more are nominated by deputies jointly (ten each).
    page.get_by_label("主席团", exact=True).check()
    page.get_by_label("姓名").fill("王芳")
    page.get_by_role("button", name="提名", exact=True).click()
    assert page.get_by_text("已提名。").is_visible()
    contest = Contest.objects.get(session=session)
    for name, group in [("马强", sponsors[:10]), ("白雪", sponsors[10:])]:
        services.nomination_add(
            actor=secretary, contest=contest, source="deputies", name=name, sponsors=group
        )
    page.reload()
    page.get_by_role("button", name="提名截止").click()
    assert page.get_by_text("进行预选").first.is_visible()

    # The preliminary vote: 3 nominees for 2 places; the votes fix the formal list.
    page.get_by_role("link", name="登记计票结果").click()
    page.get_by_label("收回选票数").fill("45")
    for name, votes in [("马强", "12"), ("王芳", "40"), ("白雪", "30")]:
        page.get_by_label(f"{name}：赞成").fill(votes)
    page.get_by_role("button", name="保存并计算结果").click()
    assert page.get_by_text("第1次投票结果已登记。").is_visible()

    with page.expect_download() as download_info:
        page.evaluate(
            "url => { const a = document.createElement('a'); a.href = url; a.download = 'b.pdf';"
            " document.body.appendChild(a); a.click(); }",
            f"{live_server.url}/congress-elections/{contest.pk}/ballot.pdf",
        )
    ballot = pdf_text(open(download_info.value.path(), "rb").read(), tmp_path)
    assert "副镇长选举票" in ballot
    # The formal list follows the preliminary votes: 王芳 (40) before 白雪 (30); 马强 is out.
    assert ballot.index("王芳") < ballot.index("白雪") and "马强" not in ballot

    page.get_by_role("link", name="登记计票结果").click()
    page.get_by_label("收回选票数").fill("45")
    for name, (yes, no, abstain) in [("王芳", ("33", "8", "4")), ("白雪", ("10", "30", "5"))]:
        page.get_by_label(f"{name}：赞成").fill(yes)
        page.get_by_label(f"{name}：反对").fill(no)
        page.get_by_label(f"{name}：弃权").fill(abstain)
    page.get_by_role("button", name="保存并计算结果").click()
    assert page.get_by_text("第2次投票结果已登记。").is_visible()

    response = page.request.get(
        f"{live_server.url}/sessions/{session.pk}/elections/announcement.pdf"
    )
    announcement = "".join(pdf_text(response.body(), tmp_path).split())
    assert "于2025年1月16日选举王芳为青山镇人民政府副镇长" in announcement

    page.goto(f"{live_server.url}/leaders/")
    roster = page.locator("main").inner_text()
    assert "副镇长" in roster and "王芳" in roster and "2025年1月16日" in roster
