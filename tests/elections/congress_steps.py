"""Browser steps the congress-election tests share: on a session's elections page, the
secretary elects a deputy township head through a preliminary vote (three nominees for two
places, then the formal vote), checking the printed ballot on the way; and reading a PDF the
page offers as a reader would."""

from deputies.models import Deputy
from elections import congress_services as services
from elections.models import Contest
from tests.factories import DeputyFactory
from tests.pdf_utils import pdf_text


def download_pdf_text(page, url, tmp_path):
    """Download `url` as the browser would save it, and return the PDF's text."""
    with page.expect_download() as download_info:
        page.evaluate(
            "url => { const a = document.createElement('a'); a.href = url; a.download = 'b.pdf';"
            " document.body.appendChild(a); a.click(); a.remove(); }",
            url,
        )
    with open(download_info.value.path(), "rb") as pdf:
        return pdf_text(pdf.read(), tmp_path)


def elect_deputy_head_with_preliminary_vote(page, live_server, secretary, session, tmp_path):
    """From the session's elections page: election rules (one deputy head, margin one), three
    nominees (王芳 by the presidium on the page, 马强 and 白雪 by ten deputies each), a
    preliminary vote fixing the formal list (王芳 40, 白雪 30, 马强 12), the ballot printed
    in that order, and the formal vote electing 王芳 with 33 of 45 ballots (50 deputies on the
    roster need 26). Returns the contest."""
    # Twenty deputies of the roster sign (created where the roster has fewer): all deputies
    # are the roster's, so the steps add none to a roster that has them.
    sponsors = list(Deputy.objects.order_by("pk")[:20])
    sponsors += DeputyFactory.create_batch(20 - len(sponsors))
    page.get_by_role("link", name="录入选举办法").click()
    page.get_by_label("副镇长：应选名额").fill("1")
    page.get_by_label("副镇长：差额数").fill("1")
    page.get_by_role("button", name="保存").click()
    page.get_by_role("link", name="副镇长").click()

    # The presidium nominates one; two more are nominated by deputies jointly (ten each).
    page.get_by_label("主席团", exact=True).check()
    page.get_by_role("radio", name="填写姓名").check()
    page.get_by_label("姓名", exact=True).fill("王芳")
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
        page.get_by_label(f"{name} · 赞成").fill(votes)
    page.get_by_role("button", name="保存并计算结果").click()
    assert page.get_by_text("第1次投票结果已登记。").is_visible()

    ballot = download_pdf_text(
        page, f"{live_server.url}/congress-elections/{contest.pk}/ballot.pdf", tmp_path
    )
    assert "副镇长选举票" in ballot
    # The preliminary votes decide who stands (马强 is out); the ballot lists them by surname
    # strokes, the election rules' default: 王 4 before 白 5 (here also the votes' order).
    assert ballot.index("王芳") < ballot.index("白雪") and "马强" not in ballot

    page.get_by_role("link", name="登记计票结果").click()
    page.get_by_label("收回选票数").fill("45")
    for name, (yes, no, abstain) in [("王芳", ("33", "8", "4")), ("白雪", ("10", "30", "5"))]:
        page.get_by_label(f"{name} · 赞成").fill(yes)
        page.get_by_label(f"{name} · 反对").fill(no)
        page.get_by_label(f"{name} · 弃权").fill(abstain)
    page.get_by_role("button", name="保存并计算结果").click()
    assert page.get_by_text("第2次投票结果已登记。").is_visible()
    return contest
