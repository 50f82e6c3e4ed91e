"""Every agenda page: who may open it, what it shows, and no server error from bad input."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assembly import services
from assembly.models import AgendaDocument, AgendaItem, ItemKind, Vote
from congress.models import TownshipProfile
from deputies.models import Deputy
from elections import congress_services
from elections.models import Contest, Office
from tests.assembly.helpers import held_session, item, office, roster
from tests.factories import DeputyFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
# The moment of the votes posted: the session's first morning.
AT = {"held_on": "2025-01-16", "held_time": "09:30"}


@pytest.fixture
def world(secretary):
    session = held_session(total=52, present=45)
    roster(session)  # 52 township deputies hold a seat
    resolution = item(secretary, session)
    document = services.agenda_document_add(
        actor=secretary, item=resolution, file=SimpleUploadedFile("决议草案.pdf", PDF)
    )
    return session, resolution, document


def urls(session, resolution, document):
    return {
        "my_agendas": reverse("my_agendas"),
        "session_agenda": reverse("session_agenda", args=[session.pk]),
        "agenda_item": reverse("agenda_item", args=[resolution.pk]),
        "agenda_document": reverse("agenda_document", args=[document.pk]),
        "agenda_item_create": reverse("agenda_item_create", args=[session.pk]),
        "agenda_item_edit": reverse("agenda_item_edit", args=[resolution.pk]),
        "agenda_document_add": reverse("agenda_document_add", args=[resolution.pk]),
        "agenda_vote": reverse("agenda_vote", args=[resolution.pk]),
        "agenda_vote_names": reverse("agenda_vote_names", args=[resolution.pk]),
    }


READ = {"session_agenda", "agenda_item", "agenda_document"}
WRITE = {
    "agenda_item_create",
    "agenda_item_edit",
    "agenda_document_add",
    "agenda_vote",
    "agenda_vote_names",
}


def test_the_secretary_opens_every_page(client, secretary, world):
    client.force_login(secretary)
    for name, url in urls(*world).items():
        assert client.get(url).status_code == 200, name


def test_the_presidium_reads_but_does_not_edit(client, presidium_user, world):
    client.force_login(presidium_user)
    pages = urls(*world)
    for name in READ:
        assert client.get(pages[name]).status_code == 200, name
    for name in WRITE:
        assert client.get(pages[name]).status_code == 403, name
    page = client.get(pages["session_agenda"]).content.decode()
    assert "登记表决结果" not in page and "增加议程事项" not in page


@pytest.mark.parametrize("role", ["unit_user", "election_user"])
def test_other_roles_are_refused(client, request, role, world):
    client.force_login(request.getfixturevalue(role))
    for name, url in urls(*world).items():
        assert client.get(url).status_code in (403, 404), name


def test_anonymous_goes_to_the_login_page(client, world):
    for name, url in urls(*world).items():
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], name


def test_a_deputy_reads_the_agenda_of_their_term_only(client, deputy_user, world):
    session, resolution, document = world
    DeputyFactory(user=deputy_user)
    client.force_login(deputy_user)
    pages = urls(*world)
    assert (
        f'href="{session.get_absolute_url()}"'
        not in client.get(pages["my_agendas"]).content.decode()
    )
    assert str(session) in client.get(pages["my_agendas"]).content.decode()
    for name in READ:
        assert client.get(pages[name]).status_code == 200, name
    for name in WRITE:
        assert client.get(pages[name]).status_code == 403, name
    deputy_user.deputy.seats.update(term_number=17)
    for name in READ:
        assert client.get(pages[name]).status_code == 404, name


def test_the_session_page_links_the_agenda_for_staff(client, secretary, world):
    session = world[0]
    client.force_login(secretary)
    page = client.get(session.get_absolute_url()).content.decode()
    assert reverse("session_agenda", args=[session.pk]) in page and "议程和表决" in page


def test_recording_a_vote_shows_adopted_with_the_figures(client, secretary, world):
    session, resolution, _document = world
    client.force_login(secretary)
    response = client.post(
        reverse("agenda_vote", args=[resolution.pk]),
        {**AT, "present": "45", "yes": "43", "no": "1", "abstain": "1", "not_voting": ""},
        follow=True,
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "应到52人，实到45人，赞成43票，反对1票，弃权1票，<strong>通过</strong>" in page
    agenda = client.get(reverse("session_agenda", args=[session.pk])).content.decode()
    assert "通过" in agenda


def test_the_outcome_is_never_a_field(client, secretary, world):
    _session, resolution, _document = world
    client.force_login(secretary)
    client.post(
        reverse("agenda_vote", args=[resolution.pk]),
        {**AT, "present": "45", "yes": "20", "no": "25", "abstain": "0", "adopted": "on"},
    )
    assert Vote.objects.get().adopted is False
    client.post(
        reverse("agenda_item_edit", args=[resolution.pk]),
        {"kind": "resolution", "title": resolution.title, "outcome": "adopted"},
    )
    assert AgendaItem.objects.get().outcome == "not_adopted"


@pytest.mark.parametrize(
    "data,words",
    [
        ({"present": "45", "yes": "40", "no": "1", "abstain": "1"}, "与出席代表45人不符"),
        ({"present": "30", "yes": "30", "no": "0", "abstain": "0"}, "不足三分之二"),
        ({"present": "-1", "yes": "x", "no": "", "abstain": "1e9"}, "请"),
        ({"present": "99999999999999999999", "yes": "0", "no": "0", "abstain": "0"}, "请"),
    ],
)
def test_refused_votes_explain_themselves(client, secretary, world, data, words):
    client.force_login(secretary)
    response = client.post(reverse("agenda_vote", args=[world[1].pk]), {**AT, **data})
    assert response.status_code == 200
    assert words in response.content.decode()
    assert not Vote.objects.exists()


def test_a_vote_by_name(client, secretary):
    deputies = DeputyFactory.create_batch(3)  # the whole roster
    small = item(secretary, held_session(total=3, present=3))
    client.force_login(secretary)
    page = client.get(reverse("agenda_vote_names", args=[small.pk])).content.decode()
    assert all(d.name in page for d in deputies)
    garbage = {f"deputy_{d.pk}": "maybe\x00" for d in deputies}
    refused = client.post(reverse("agenda_vote_names", args=[small.pk]), {**AT, **garbage})
    assert refused.status_code in (200, 400)
    assert not Vote.objects.filter(item=small).exists()
    marks = {f"deputy_{d.pk}": c for d, c in zip(deputies, ["yes", "yes", "no"], strict=True)}
    response = client.post(
        reverse("agenda_vote_names", args=[small.pk]), {**AT, **marks}, follow=True
    )
    assert "应到3人，实到3人，赞成2票，反对1票，弃权0票" in response.content.decode()
    vote = Vote.objects.get(item=small)
    assert (vote.adopted, vote.by_name, vote.casts.count()) == (True, True, 3)


def test_add_edit_and_move_items(client, secretary, world):
    session, resolution, _document = world
    client.force_login(secretary)
    response = client.post(
        reverse("agenda_item_create", args=[session.pk]),
        {"kind": "report", "title": "听取和审议镇人民政府工作报告", "notes": ""},
    )
    assert response.status_code == 302
    report = AgendaItem.objects.get(kind=ItemKind.REPORT)
    client.post(reverse("agenda_item_move", args=[report.pk]), {"direction": "up"})
    titles = list(
        AgendaItem.objects.filter(session=session)
        .order_by("position")
        .values_list("title", flat=True)
    )
    assert titles == ["听取和审议镇人民政府工作报告", resolution.title]
    assert (
        client.post(reverse("agenda_item_move", args=[report.pk]), {"direction": "x"}).status_code
        == 302
    )
    assert client.get(reverse("agenda_item_move", args=[report.pk])).status_code == 405
    bad = client.post(
        reverse("agenda_item_create", args=[session.pk]),
        {"kind": "resignation", "title": "接受辞职", "office": ""},
    )
    assert bad.status_code == 200 and "请选择辞职或被罢免人员所任职务" in bad.content.decode()
    motion = client.post(
        reverse("agenda_item_create", args=[session.pk]), {"kind": "motion", "title": "议案"}
    )
    assert motion.status_code == 200 and "请选择议案" in motion.content.decode()


def test_uploads_are_checked_by_content(client, secretary, world):
    _session, resolution, _document = world
    client.force_login(secretary)
    url = reverse("agenda_document_add", args=[resolution.pk])
    fake = SimpleUploadedFile("报告.pdf", b"<html><script>alert(1)</script></html>")
    response = client.post(url, {"file": fake, "title": "报告"})
    assert response.status_code == 200 and AgendaDocument.objects.count() == 1
    real = SimpleUploadedFile("政府工作报告.pdf", PDF)
    assert client.post(url, {"file": real, "title": ""}).status_code == 302
    document = AgendaDocument.objects.latest("pk")
    download = client.get(reverse("agenda_document", args=[document.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_missing_objects_are_404(client, secretary):
    client.force_login(secretary)
    for name in (
        "session_agenda",
        "agenda_item",
        "agenda_document",
        "agenda_item_edit",
        "agenda_vote",
    ):
        assert client.get(reverse(name, args=[987654])).status_code == 404, name


def test_an_election_item_has_no_vote_form(client, secretary, world):
    election = item(secretary, world[0], kind=ItemKind.ELECTION, title="补选副镇长")
    client.force_login(secretary)
    for name in ("agenda_vote", "agenda_vote_names"):
        response = client.post(reverse(name, args=[election.pk]), {"present": "45"})
        assert response.status_code == 302 and response["Location"] == election.get_absolute_url()
    assert not Vote.objects.exists()


def test_a_resignation_chooses_among_the_offices_still_held(client, secretary, world):
    session = world[0]
    TownshipProfile.objects.create(pk=1, name="青山镇", county="云溪县")
    held = office(session.term, name="李明")
    gone = office(session.term, name="钱七")
    gone.end_date, gone.end_reason = date(2024, 6, 1), Office.EndReason.DIED
    gone.save()
    client.force_login(secretary)
    url = reverse("agenda_item_create", args=[session.pk])
    form = client.get(url).content.decode()
    assert "李明（副镇长）" in form and "钱七" not in form
    refused = client.post(url, {"kind": "recall", "title": "罢免", "office": str(gone.pk)})
    assert refused.status_code == 200 and not AgendaItem.objects.filter(kind="recall").exists()
    saved = client.post(url, {"kind": "resignation", "title": "接受李明辞职", "office": held.pk})
    assert saved.status_code == 302
    resignation = AgendaItem.objects.get(kind="resignation")
    assert (resignation.office, resignation.person_name) == (held, "李明")
    client.post(
        reverse("agenda_vote", args=[resignation.pk]),
        {**AT, "present": "45", "yes": "27", "no": "18", "abstain": "0"},
    )
    held.refresh_from_db()
    assert held.end_reason == Office.EndReason.RESIGNED
    page = client.get(resignation.get_absolute_url()).content.decode()
    assert "副镇长" in page and "已于2025年1月16日终止（辞职获接受）" in page


def _elect_deputy_head(secretary, session):
    """王芳 elected deputy head on 16 January 2025 with 30 of the 52 deputies' votes."""
    congress_services.election_rules_save(
        actor=secretary,
        session=session,
        adopted_on=session.start_date,
        posts={"deputy_head": (1, 1)},
    )
    contest = Contest.objects.get(session=session)
    congress_services.nomination_add(
        actor=secretary, contest=contest, source="presidium", name="王芳"
    )
    congress_services.nomination_add(
        actor=secretary,
        contest=contest,
        source="deputies",
        name="白雪",
        sponsors=list(Deputy.objects.order_by("pk")[:10]),  # of the 52 on the roster
    )
    congress_services.nominations_close(actor=secretary, contest=contest)
    wang, bai = contest.nominations.order_by("position")
    congress_services.round_record(
        actor=secretary,
        contest=contest,
        held_on=session.start_date,
        ballots_issued=45,
        ballots_returned=45,
        void_ballots=0,
        tallies={wang: (30, 10, 5), bai: (12, 30, 3)},
    )


def test_an_election_item_links_the_elections_and_names_who_was_elected(
    client, secretary, deputy_user, world
):
    session = world[0]
    TownshipProfile.objects.create(pk=1, name="青山镇", county="云溪县")
    election = item(secretary, session, kind=ItemKind.ELECTION, title="选举副镇长")
    elections_url = reverse("congress_elections", args=[session.pk])
    client.force_login(secretary)
    before = client.get(election.get_absolute_url()).content.decode()
    assert elections_url in before and "尚无当选人员" in before
    _elect_deputy_head(secretary, session)
    for url in (election.get_absolute_url(), reverse("session_agenda", args=[session.pk])):
        page = client.get(url).content.decode()
        assert elections_url in page and "副镇长 王芳" in page and "白雪" not in page
    # A deputy reads who was elected, without the link to the secretary's election pages.
    DeputyFactory(user=deputy_user)
    client.force_login(deputy_user)
    page = client.get(election.get_absolute_url()).content.decode()
    assert "副镇长 王芳" in page and elections_url not in page


def test_a_deputys_resignation_through_the_pages(client, secretary, world):
    """52 on the roster: the item names the deputy, 27 votes for at 10:00 end the seat; the
    agenda then shows 51 after the session, the deputy's page the moment the seat ended."""
    session, _resolution, _document = world
    zhang = Deputy.objects.order_by("pk").first()
    client.force_login(secretary)
    url = reverse("agenda_item_create", args=[session.pk])
    refused = client.post(url, {"kind": "seat_resignation", "title": "接受辞职"})
    assert "请选择提出辞职的代表" in refused.content.decode()
    client.post(url, {"kind": "seat_resignation", "title": "接受辞职", "deputy": zhang.pk})
    resignation = AgendaItem.objects.get(kind="seat_resignation")
    assert resignation.person_name == zhang.name
    client.post(
        reverse("agenda_vote", args=[resignation.pk]),
        {"held_on": "2025-01-16", "held_time": "10:00", "present": "45", "yes": "27", "no": "18"}
        | {"abstain": "0"},
    )
    zhang.refresh_from_db()
    assert (zhang.status, str(zhang.status_time)) == ("resigned", "10:00:00")
    agenda = client.get(reverse("session_agenda", args=[session.pk])).content.decode()
    assert "开幕时在任52名" in agenda and "闭幕时在任51名" in agenda
    profile = client.get(reverse("deputy_detail", args=[zhang.pk])).content.decode()
    assert "2025年1月16日 10:00" in profile
    page = client.get(resignation.get_absolute_url()).content.decode()
    assert "代表资格已于2025年1月16日终止" in page


def test_a_recall_through_the_pages_names_its_proposers(client, secretary, world):
    """52 on the roster: ten deputies jointly are short of one fifth (11); eleven may."""
    session, _resolution, _document = world
    held = office(session.term)
    signers = [str(pk) for pk in Deputy.objects.order_by("pk").values_list("pk", flat=True)[:11]]
    client.force_login(secretary)
    url = reverse("agenda_item_create", args=[session.pk])
    data = {"kind": "recall", "title": "罢免", "office": held.pk, "proposed_by": "deputies"}
    refused = client.post(url, {**data, "sponsors": signers[:10]})
    assert "至少11名代表联名" in refused.content.decode()
    assert not AgendaItem.objects.filter(kind="recall").exists()
    client.post(url, {**data, "sponsors": signers})
    recall = AgendaItem.objects.get(kind="recall")
    page = client.get(recall.get_absolute_url()).content.decode()
    assert "代表联名" in page and "共 11 名代表" in page
