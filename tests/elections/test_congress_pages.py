"""The pages of the congress's elections: who may see and change what, no server error from
bad input, and the PDFs read as a reader would (extracted text, embedded CJK fonts)."""

from datetime import date, time

import pytest
from django.urls import reverse

from congress.models import Session, TownshipProfile
from deputies.models import Deputy
from elections import congress_services as services
from elections.models import Contest, Office, Round
from tests.factories import DeputyFactory, SessionFactory
from tests.pdf_utils import pdf_fonts, pdf_text

pytestmark = pytest.mark.django_db

DAY = date(2025, 1, 16)


@pytest.fixture
def contest(secretary):
    TownshipProfile.objects.create(pk=1, name="青山镇", county="云溪县")
    # The term's first session; 50 deputies hold a seat (26 votes elect), 45 present.
    session = SessionFactory(start_date=DAY, end_date=DAY, kind=Session.Kind.FIRST)
    services.election_rules_save(
        actor=secretary, session=session, adopted_on=DAY, posts={"deputy_head": (1, 1)}
    )
    contest = Contest.objects.get()
    sponsors = DeputyFactory.create_batch(50)[:10]
    # Surname strokes: 马 3, 王 4, 白 5 (the order of the ballot and the lists).
    services.nomination_add(actor=secretary, contest=contest, source="presidium", name="王芳")
    services.nomination_add(
        actor=secretary, contest=contest, source="deputies", name="白雪", sponsors=sponsors
    )
    return contest


def fetch(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def urls(contest):
    session = contest.session_id
    return [
        reverse("congress_elections", args=[session]),
        reverse("congress_election_rules", args=[session]),
        reverse("contest_detail", args=[contest.pk]),
        reverse("leaders"),
    ]


@pytest.mark.parametrize(
    "role_fixture, read, write",
    [
        ("secretary", True, True),
        ("presidium_user", True, False),
        ("deputy_user", False, False),
        ("unit_user", False, False),
        ("election_user", False, False),
    ],
)
def test_roles(client, request, contest, role_fixture, read, write):
    client.force_login(request.getfixturevalue(role_fixture))
    for url in [urls(contest)[0], urls(contest)[2], urls(contest)[3]]:
        assert client.get(url).status_code == (200 if read else 403), url
    rules_page = client.get(urls(contest)[1])
    assert rules_page.status_code == (200 if write else 403)
    response = client.post(reverse("nominations_close", args=[contest.pk]))
    assert response.status_code == (302 if write else 403)


def test_anonymous_users_go_to_the_login_page(client, contest):
    for url in urls(contest):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_the_session_page_links_to_the_elections(client, secretary, contest):
    client.force_login(secretary)
    page = client.get(reverse("session_detail", args=[contest.session_id])).content.decode()
    assert reverse("congress_elections", args=[contest.session_id]) in page
    assert "大会选举" in page


def test_bad_input_is_refused_in_chinese_not_a_500(client, secretary, contest):
    client.force_login(secretary)
    # A margin of 4 for deputy heads: the law allows 1 to 3.
    response = client.post(
        reverse("congress_election_rules", args=[contest.session_id]),
        {
            "adopted_on": "2025-01-16",
            "kind": "election",
            "ballot_order": "strokes",
            "seats_deputy_head": "2",
            "margin_deputy_head": "4",
        }
        | {f"seats_{p}": "0" for p in ["chair", "vice_chair", "head", "presidium_member"]}
        | {f"margin_{p}": "0" for p in ["chair", "vice_chair", "head", "presidium_member"]},
    )
    assert response.status_code == 200
    assert "一至三人" in response.content.decode()
    # Garbage in the nomination form and the vote form.
    response = client.post(reverse("nomination_create", args=[contest.pk]), {"source": "x"})
    assert response.status_code == 200
    response = client.post(reverse("nomination_create", args=[contest.pk]), {"source": "presidium"})
    assert "主席团已提名" in response.content.decode() or "请选择" in response.content.decode()
    assert client.post(reverse("nominations_close", args=[contest.pk])).status_code == 302
    form = client.get(reverse("round_create", args=[contest.pk]))
    assert form.status_code == 200
    response = client.post(
        reverse("round_create", args=[contest.pk]),
        {"held_on": "not a date", "ballots_issued": "-1", "ballots_returned": "abc"},
    )
    assert response.status_code == 200
    assert not Round.objects.exists()
    assert client.get(reverse("contest_detail", args=[999999])).status_code == 404
    assert client.get(reverse("round_tally", args=[999999])).status_code == 404


def test_vote_recorded_through_the_page_and_the_documents(client, secretary, contest, tmp_path):
    client.force_login(secretary)
    client.post(reverse("nominations_close", args=[contest.pk]))
    ballot = fetch(client.get(reverse("contest_ballot", args=[contest.pk])))
    text = pdf_text(ballot, tmp_path)
    assert "副镇长选举票" in text
    assert text.index("王芳") < text.index("白雪")  # surname strokes: 王 4, 白 5
    assert "另选他人" in text
    assert "CID" in pdf_fonts(ballot, tmp_path) or "yes" in pdf_fonts(ballot, tmp_path)
    # 50 deputies: 26 needed. 王芳 30 for, 白雪 12; each row makes the 45 valid ballots.
    nominations = {n.name: n for n in contest.nominations.all()}
    response = client.post(
        reverse("round_create", args=[contest.pk]),
        {
            "held_on": "2025-01-16",
            "held_time": "09:00",
            "ballots_issued": "45",
            "ballots_returned": "45",
            "void_ballots": "0",
            f"for_{nominations['王芳'].pk}": "30",
            f"against_{nominations['王芳'].pk}": "10",
            f"abstain_{nominations['王芳'].pk}": "5",
            f"for_{nominations['白雪'].pk}": "12",
            f"against_{nominations['白雪'].pk}": "30",
            f"abstain_{nominations['白雪'].pk}": "3",
        },
    )
    assert response.status_code == 302
    assert Office.objects.get().name == "王芳"
    announcement = pdf_text(
        fetch(client.get(reverse("congress_announcement", args=[contest.session_id]))), tmp_path
    )
    flat = "".join(announcement.split())
    assert "于2025年1月16日选举王芳为青山镇人民政府副镇长" in flat
    assert "主席团" in flat and "公告" in flat
    tally = pdf_text(
        fetch(client.get(reverse("round_tally", args=[Round.objects.get().pk]))), tmp_path
    )
    assert "26" in tally and "王芳" in tally
    roster = client.get(reverse("leaders")).content.decode()
    assert "王芳" in roster and "副镇长" in roster


def test_a_preliminary_result_shows_only_the_votes_for_and_each_vote_its_time(
    client, secretary, contest, tmp_path
):
    # A third nominee for one seat with a margin of one: a preliminary vote for two places.
    services.nomination_add(
        actor=secretary,
        contest=contest,
        source="deputies",
        name="马强",
        sponsors=list(Deputy.objects.order_by("pk")[10:20]),
    )
    services.nominations_close(actor=secretary, contest=contest)
    client.force_login(secretary)
    nominations = {n.name: n for n in contest.nominations.all()}
    response = client.post(
        reverse("round_create", args=[contest.pk]),
        {
            "held_on": "2025-01-16",
            "held_time": "10:30",
            "ballots_issued": "45",
            "ballots_returned": "45",
            "void_ballots": "0",
        }
        | {
            f"for_{nominations[name].pk}": votes
            for name, votes in [("王芳", "40"), ("白雪", "30"), ("马强", "12")]
        },
    )
    assert response.status_code == 302
    held = Round.objects.get()
    assert (held.kind, held.held_time) == ("preliminary", time(10, 30))
    page = client.get(reverse("contest_detail", args=[contest.pk])).content.decode()
    round_html = page[page.index('<article class="round">') : page.index("</article>")]
    assert "10:30" in round_html and "40" in round_html
    assert "反对" not in round_html and "弃权" not in round_html
    tally = pdf_text(fetch(client.get(reverse("round_tally", args=[held.pk]))), tmp_path)
    flat = "".join(tally.split())
    assert "投票时间：10:30" in flat and "王芳40" in flat
    assert "反对" not in flat and "弃权" not in flat
