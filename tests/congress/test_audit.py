"""The audit trail: who changed which field of which record from what to what, on the back
office's history page and on each record's own page (修改记录), never breaking a page."""

from datetime import date
from decimal import Decimal

import pytest
from auditlog.models import LogEntry as AuditEntry
from auditlog.registry import auditlog
from django.contrib.admin.models import CHANGE
from django.contrib.admin.models import LogEntry as AdminLogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import override

from congress import selectors, services
from congress.audit import acting_as
from congress.models import Session, Term, TownshipProfile
from congress.roles import Role
from deputies.models import ActivityAttachment, GroupMembership, Seat
from elections import services as election_services
from elections.models import (
    CandidateVotes,
    CongressPost,
    Contest,
    DistrictResult,
    ElectionRules,
    Nomination,
    Objection,
    Office,
    Proxy,
    Round,
    RoundTally,
)
from proposals.models import (
    Assignment,
    Attachment,
    CoOpinion,
    Evaluation,
    Milestone,
    Reply,
    State,
)
from reports.models import ArchivedVersion, Report, Section
from tests.factories import (
    ActivityFactory,
    AttendanceFactory,
    CandidateFactory,
    DeputyFactory,
    DistrictFactory,
    DutyRequirementFactory,
    ElectionFactory,
    GroupFactory,
    MeetingFactory,
    MemberFactory,
    PetitionFactory,
    ProposalFactory,
    SessionAttendanceFactory,
    SessionFactory,
    StationFactory,
    TermFactory,
    UnitFactory,
    UserFactory,
    VoterContactFactory,
    VoterFactory,
    resident_id_number,
)

pytestmark = pytest.mark.django_db


def submitted(**fields):
    """A submitted suggestion: a deputy's draft is theirs alone, not the office's nor the admin's."""
    return ProposalFactory(state=State.SUBMITTED, submitted_date=date(2025, 3, 1), **fields)


def _assignment():
    return Assignment.objects.create(
        proposal=ProposalFactory(),
        unit=UnitFactory(),
        role="lead",
        assigned_date=date(2025, 3, 1),
        deadline=date(2025, 6, 1),
    )


def _reply(**fields):
    assignment = _assignment()
    return Reply.objects.create(
        proposal=assignment.proposal,
        unit=assignment.unit,
        text="已安排施工。",
        category="A",
        contact_person="李主任",
        phone="0571-1234567",
        date=date(2025, 5, 1),
        **fields,
    )


def _report():
    return Report.objects.create(
        kind="annual",
        year=2024,
        period_start=date(2024, 1, 1),
        period_end=date(2024, 12, 31),
        title="2024年工作总结",
        signature="主席团",
        document_date=date(2025, 1, 10),
        figures_taken_at=timezone.now(),
        created_by=UserFactory(),
    )


def _result():
    return DistrictResult.objects.create(
        district=DistrictFactory(),
        registered=1000,
        voted=900,
        ballots_issued=900,
        ballots_returned=900,
        valid_ballots=890,
        void_ballots=10,
    )


def _contest():
    return Contest.objects.create(
        session=SessionFactory(), post=CongressPost.DEPUTY_HEAD, seats=2, margin=1
    )


def _nomination(contest=None):
    return Nomination.objects.create(
        contest=contest or _contest(),
        name="王五",
        source=Nomination.Source.PRESIDIUM,
        nominated_on=date(2026, 1, 5),
    )


def _round():
    return Round.objects.create(
        contest=_contest(),
        number=1,
        kind=Round.Kind.FORMAL,
        held_on=date(2026, 1, 6),
        seats=2,
        deputies_total=52,
        ballots_issued=50,
        ballots_returned=50,
    )


def _tally():
    round_ = _round()
    return RoundTally.objects.create(
        round=round_, nomination=_nomination(round_.contest), votes_for=30
    )


def _proxy():
    grantor = VoterFactory()
    return Proxy.objects.create(
        grantor=grantor,
        holder=VoterFactory(district=grantor.district),
        authorised_on=date(2026, 11, 1),
    )


# Every audited model: a record, a field changed to a new value, and that field's old and new
# values as a reader sees them (written out by hand).
RECORDS = {
    "congress.user": (lambda: UserFactory(phone=""), "phone", "13800000000", "—", "13800000000"),
    "congress.townshipprofile": (
        lambda: TownshipProfile.objects.create(
            pk=1, name="青山镇", county="云溪县", population=30000
        ),
        "population",
        32000,
        "30000",
        "32000",
    ),
    "congress.term": (
        lambda: TermFactory(end_date=None),
        "end_date",
        date(2026, 12, 27),
        "—",
        "2026年12月27日",
    ),
    "congress.session": (
        lambda: SessionFactory(place="镇政府会议室"),
        "place",
        "镇大礼堂",
        "镇政府会议室",
        "镇大礼堂",
    ),
    "congress.presidiummember": (
        lambda: MemberFactory(full_time=False),
        "full_time",
        True,
        "否",
        "是",
    ),
    "congress.presidiummeeting": (
        lambda: MeetingFactory(place="三楼会议室"),
        "place",
        "二楼会议室",
        "三楼会议室",
        "二楼会议室",
    ),
    "deputies.deputy": (
        lambda: DeputyFactory(phone="13900000001"),
        "phone",
        "13900000002",
        "13900000001",
        "13900000002",
    ),
    "deputies.seat": (
        lambda: Seat.objects.create(deputy=DeputyFactory(), level="county", term_number=17),
        "term_number",
        18,
        "17",
        "18",
    ),
    "deputies.deputygroup": (
        lambda: GroupFactory(area="河东片"),
        "area",
        "河西片",
        "河东片",
        "河西片",
    ),
    "deputies.groupmembership": (
        lambda: GroupMembership.objects.create(
            deputy=DeputyFactory(), group=GroupFactory(), start_date=date(2024, 1, 1)
        ),
        "end_date",
        date(2025, 3, 1),
        "—",
        "2025年3月1日",
    ),
    "deputies.liaisonstation": (
        lambda: StationFactory(address="镇政府一楼"),
        "address",
        "镇政府二楼",
        "镇政府一楼",
        "镇政府二楼",
    ),
    "deputies.activity": (
        lambda: ActivityFactory(place="河东村委会"),
        "place",
        "河西村委会",
        "河东村委会",
        "河西村委会",
    ),
    "deputies.attendance": (
        lambda: AttendanceFactory(status="present"),
        "status",
        "leave",
        "出席",
        "请假",
    ),
    "deputies.sessionattendance": (
        lambda: SessionAttendanceFactory(status="present"),
        "status",
        "leave",
        "出席",
        "请假",
    ),
    "deputies.activityattachment": (
        lambda: ActivityAttachment.objects.create(
            activity=ActivityFactory(), file="deputies/activities/a.pdf", title="签到表"
        ),
        "title",
        "现场照片",
        "签到表",
        "现场照片",
    ),
    "deputies.votercontact": (lambda: VoterContactFactory(people=3), "people", 5, "3", "5"),
    "deputies.petition": (lambda: PetitionFactory(outcome=""), "outcome", "已解决", "—", "已解决"),
    "deputies.dutyrequirement": (lambda: DutyRequirementFactory(minimum=2), "minimum", 4, "2", "4"),
    "proposals.handlingunit": (
        lambda: UnitFactory(phone="0571-0000001"),
        "phone",
        "0571-0000002",
        "0571-0000001",
        "0571-0000002",
    ),
    "proposals.proposal": (
        lambda: submitted(topic="transport"),
        "broad",
        True,
        "否",
        "是",
    ),
    "proposals.attachment": (
        lambda: Attachment.objects.create(
            proposal=submitted(), file="proposals/attachments/a.pdf", title="照片"
        ),
        "title",
        "现场照片",
        "照片",
        "现场照片",
    ),
    "proposals.assignment": (
        _assignment,
        "deadline",
        date(2025, 6, 30),
        "2025年6月1日",
        "2025年6月30日",
    ),
    "proposals.reply": (_reply, "number", "交函〔2025〕1号", "—", "交函〔2025〕1号"),
    "proposals.coopinion": (
        lambda: CoOpinion.objects.create(
            assignment=_assignment(), text="同意", date=date(2025, 4, 1)
        ),
        "text",
        "同意主办单位意见",
        "同意",
        "同意主办单位意见",
    ),
    "proposals.evaluation": (
        lambda: Evaluation.objects.create(
            proposal=(reply := _reply()).proposal,
            reply=reply,
            deputy=reply.proposal.lead_deputy,
            verdict="unsatisfied",
            date=date(2025, 5, 10),
        ),
        "verdict",
        "satisfied",
        "不满意",
        "满意",
    ),
    "proposals.milestone": (
        lambda: Milestone.objects.create(
            proposal=ProposalFactory(), date=date(2025, 4, 1), note="已立项"
        ),
        "note",
        "已开工",
        "已立项",
        "已开工",
    ),
    "elections.election": (
        lambda: ElectionFactory(population=30000),
        "population",
        31000,
        "30000",
        "31000",
    ),
    "elections.district": (
        lambda: DistrictFactory(polling_stations=""),
        "polling_stations",
        "河东村委会",
        "—",
        "河东村委会",
    ),
    "elections.voter": (
        lambda: VoterFactory(address="河东村1组1号"),
        "address",
        "河西村2组5号",
        "河东村1组1号",
        "河西村2组5号",
    ),
    "elections.objection": (
        lambda: Objection.objects.create(
            election=ElectionFactory(),
            objector="王某",
            content="漏登一人",
            received_date=date(2026, 10, 28),
        ),
        "decision",
        "予以补登",
        "—",
        "予以补登",
    ),
    "elections.proxy": (
        _proxy,
        "authorised_on",
        date(2026, 11, 2),
        "2026年11月1日",
        "2026年11月2日",
    ),
    "elections.candidate": (
        lambda: CandidateFactory(workplace="河东村党支部书记"),
        "workplace",
        "河东村村委会主任",
        "河东村党支部书记",
        "河东村村委会主任",
    ),
    "elections.districtresult": (_result, "registered", 1001, "1000", "1001"),
    "elections.electionrules": (
        lambda: ElectionRules.objects.create(
            session=SessionFactory(), adopted_on=date(2026, 1, 5), note="差额一人"
        ),
        "note",
        "差额二人",
        "差额一人",
        "差额二人",
    ),
    "elections.contest": (_contest, "seats", 3, "2", "3"),
    "elections.nomination": (_nomination, "name", "王六", "王五", "王六"),
    "elections.round": (_round, "ballots_returned", 49, "50", "49"),
    "elections.roundtally": (_tally, "votes_for", 31, "30", "31"),
    "elections.office": (
        lambda: Office.objects.create(
            post=CongressPost.DEPUTY_HEAD,
            term=TermFactory(),
            name="王五",
            start_date=date(2026, 1, 6),
        ),
        "name",
        "赵七",
        "王五",
        "赵七",
    ),
    "elections.candidatevotes": (
        lambda: CandidateVotes.objects.create(
            result=_result(), candidate=CandidateFactory(), votes=500
        ),
        "votes",
        501,
        "500",
        "501",
    ),
    "reports.report": (_report, "signature", "青山镇人大主席团", "主席团", "青山镇人大主席团"),
    "reports.section": (
        lambda: Section.objects.create(
            report=_report(), key="intro", position=0, heading="一、概况", text="原文"
        ),
        "text",
        "改后的正文",
        "原文",
        "改后的正文",
    ),
    "reports.archivedversion": (
        lambda: ArchivedVersion.objects.create(
            report=_report(),
            version=1,
            file="reports/a.pdf",
            sha256="a" * 64,
            size=100,
            archived_by=UserFactory(),
        ),
        "size",
        200,
        "100",
        "200",
    ),
}
OUR_APPS = {"congress", "deputies", "proposals", "elections", "reports"}


def changed_record(label, actor=None):
    """A record of `label`, then one field changed by a plain save as `actor`."""
    build, field, value, old, new = RECORDS[label]
    record = build()
    setattr(record, field, value)
    with acting_as(actor):
        record.save()
    with override("zh-hans"):
        name = str(record._meta.get_field(field).verbose_name)
    return record, name, old, new


def test_every_audited_model_of_the_portal_is_covered_here():
    audited = {m._meta.label_lower for m in auditlog.get_models() if m._meta.app_label in OUR_APPS}
    assert audited == set(RECORDS)


@pytest.mark.parametrize("label", sorted(RECORDS))
def test_the_admin_history_page_shows_the_change(client, label):
    record, name, old, new = changed_record(label)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    opts = record._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[record.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert escape(f"{name}：{old} → {new}") in response.content.decode()
    change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk])
    assert client.get(change).status_code == 200


def test_an_old_admin_log_entry_without_fields_no_longer_breaks_the_history_page(client):
    session = SessionFactory()
    AdminLogEntry.objects.create(
        user=UserFactory(),
        content_type=ContentType.objects.get_for_model(Session),
        object_id=str(session.pk),
        object_repr=str(session),
        action_flag=CHANGE,
        change_message='[{"changed": {}}]',
    )
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = client.get(reverse("admin:congress_session_history", args=[session.pk]))
    assert response.status_code == 200
    assert "已修改（未记录修改了哪些字段）" in response.content.decode()


def test_a_superuser_cannot_rewrite_an_evaluation_in_the_back_office(client):
    build = RECORDS["proposals.evaluation"][0]
    evaluation = build()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    url = reverse("admin:proposals_evaluation_change", args=[evaluation.pk])
    assert client.get(url).status_code == 200  # viewing stays
    response = client.post(
        url,
        {
            "proposal": evaluation.proposal_id,
            "reply": evaluation.reply_id,
            "deputy": evaluation.deputy_id,
            "verdict": "satisfied",
            "comment": "",
            "date": "2025-05-10",
        },
    )
    assert response.status_code == 403
    evaluation.refresh_from_db()
    assert evaluation.verdict == "unsatisfied"


# The record pages: (url name, audited model, the role that may edit it).
PAGES = [
    ("session_detail", "congress.session", Role.SECRETARY),
    ("meeting_detail", "congress.presidiummeeting", Role.SECRETARY),
    ("deputy_detail", "deputies.deputy", Role.SECRETARY),
    ("group_detail", "deputies.deputygroup", Role.SECRETARY),
    ("station_detail", "deputies.liaisonstation", Role.SECRETARY),
    ("activity_detail", "deputies.activity", Role.SECRETARY),
    ("petition_detail", "deputies.petition", Role.SECRETARY),
    ("contact_detail", "deputies.votercontact", Role.SECRETARY),
    ("proposal_detail", "proposals.proposal", Role.SECRETARY),
    ("election_detail", "elections.election", Role.ELECTION_STAFF),
    ("district_edit", "elections.district", Role.ELECTION_STAFF),
    ("voter_detail", "elections.voter", Role.ELECTION_STAFF),
    ("report_edit", "reports.report", Role.SECRETARY),
]


@pytest.mark.parametrize(("url_name", "label", "role"), PAGES)
def test_the_record_page_shows_its_change_history_to_who_may_edit_it(client, url_name, label, role):
    editor = UserFactory(role=role, name="经办人甲")
    record, name, old, new = changed_record(label, actor=editor)
    client.force_login(editor)
    response = client.get(reverse(url_name, args=[record.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "修改记录" in page
    assert f"{escape(name)}：</span>{escape(old)} → {escape(new)}" in page
    assert "经办人甲" in page


def test_readers_who_may_not_edit_do_not_see_the_history(client, presidium_user):
    record, *_ = changed_record("deputies.deputy")
    client.force_login(presidium_user)  # reads the roster, edits nothing
    response = client.get(reverse("deputy_detail", args=[record.pk]))
    assert response.status_code == 200
    assert "修改记录" not in response.content.decode()


def test_a_deputy_does_not_see_the_history_of_their_own_suggestion(client, deputy_user):
    proposal, *_ = changed_record("proposals.proposal")
    proposal.lead_deputy.user = deputy_user
    proposal.lead_deputy.save()
    client.force_login(deputy_user)
    response = client.get(reverse("proposal_detail", args=[proposal.pk]))
    assert response.status_code == 200
    assert proposal.title in response.content.decode()
    assert "修改记录" not in response.content.decode()


def test_changes_for_reads_relations_and_masks_id_numbers(election_user):
    voter = VoterFactory(born=date(1980, 5, 17), sex="F")
    old_id = voter.id_number
    other = DistrictFactory(election=voter.election, name="第九选区")
    new_id = resident_id_number(date(1980, 5, 17), 999, "F")
    election_services.roll_change(
        actor=election_user,
        voter=voter,
        reason="correction",
        fields={"district": other, "id_number": new_id},
    )
    change, created = selectors.changes_for(voter)
    assert (change.actor, change.action, created.action) == (
        str(election_user),
        "update",
        "create",
    )
    with override("zh-hans"):
        rows = {row.field: (row.old, row.new) for row in change.fields}
        assert rows["选区"] == (voter.district.name, "第九选区")
        assert rows["公民身份号码"] == (
            old_id[:4] + "*" * 13 + old_id[-1:],
            new_id[:4] + "*" * 13 + new_id[-1:],
        )


def test_a_rolled_back_service_writes_no_audit_row(election_user):
    objection = RECORDS["elections.objection"][0]()
    before = AuditEntry.objects.count()
    with pytest.raises(ValidationError):
        # Upheld with a roll change but naming no voter: refused after the objection was saved.
        election_services.objection_decide(
            actor=election_user,
            objection=objection,
            upheld=True,
            decision="予以补登",
            reason="correction",
        )
    assert AuditEntry.objects.count() == before
    objection.refresh_from_db()
    assert objection.decided_date is None


def test_the_actor_is_the_one_given_to_the_service_whoever_else_is_acting(secretary):
    other = UserFactory(name="乙")
    term = TermFactory(end_date=None)
    with acting_as(other):
        term.end_date = date(2026, 12, 27)
        services.record_save(actor=secretary, record=term)
        term.start_date = date(2021, 12, 29)
        term.save()  # after the service: the outer actor again
    entries = AuditEntry.objects.get_for_object(term).filter(action=AuditEntry.Action.UPDATE)
    assert [(e.actor, list(e.changes_dict)) for e in entries.order_by("pk")] == [
        (secretary, ["end_date"]),
        (other, ["start_date"]),
    ]


def test_an_import_command_records_the_user_it_was_given(tmp_path):
    clerk = UserFactory(username="clerk", name="录入员")
    path = tmp_path / "terms.csv"
    path.write_text("届次,开始日期,结束日期\n第十八届,2021-12-28,\n", encoding="utf-8")
    call_command("import_data", "terms", str(path), "--user", "clerk")
    term = Term.objects.get(number=18)
    entry = AuditEntry.objects.get_for_object(term).get()
    assert (entry.actor, entry.action) == (clerk, AuditEntry.Action.CREATE)


def test_decimal_and_boolean_values_read_as_a_page_writes_them():
    activity = ActivityFactory(training_hours=None)
    activity.training_hours = Decimal("2.5")
    activity.save()
    (change, _created) = selectors.changes_for(activity)
    assert [(row.old, row.new) for row in change.fields] == [("—", "2.5")]


def test_the_back_office_never_shows_a_voters_full_id_number(client):
    voter, *_ = changed_record("elections.voter")
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    for view in ("change", "history"):
        page = client.get(reverse(f"admin:elections_voter_{view}", args=[voter.pk]))
        assert voter.id_number not in page.content.decode()
    page = client.get(reverse("admin:elections_voter_change", args=[voter.pk])).content.decode()
    assert voter.id_number[:4] + "*" * 13 + voter.id_number[-1:] in page


def test_every_field_the_history_can_show_has_a_chinese_name():
    """The history panel names fields by their verbose names: none may read as English."""
    english = []
    with override("zh-hans"):
        for model in auditlog.get_models():
            if model._meta.app_label not in OUR_APPS:
                continue
            excluded = auditlog.get_model_fields(model)["exclude_fields"]
            for field in model._meta.concrete_fields:
                name = str(field.verbose_name)
                # An English phrase, not a name such as SHA-256.
                if field.name not in excluded and not field.primary_key and name.islower():
                    english.append(f"{model._meta.label}.{field.name}")
    assert english == []
