from datetime import date

import pytest
from auditlog.models import LogEntry as AuditEntry
from django.core.exceptions import ValidationError

from congress import services
from congress.models import PresidiumMeeting, Session, TownshipProfile
from tests.factories import MemberFactory, SessionFactory, TermFactory


@pytest.mark.django_db
def test_record_save_validates_and_leaves_a_trace(secretary):
    term = TermFactory()
    session = Session(term=term, number=1, start_date=date(2025, 1, 16), end_date=date(2025, 1, 17))
    services.record_save(actor=secretary, record=session)
    session.place = "镇政府会议室"
    services.record_save(actor=secretary, record=session)
    entries = AuditEntry.objects.get_for_object(session).order_by("pk")
    assert [(e.actor, e.action) for e in entries] == [
        (secretary, AuditEntry.Action.CREATE),
        (secretary, AuditEntry.Action.UPDATE),
    ]
    assert entries[1].changes_dict == {"place": ["", "镇政府会议室"]}


@pytest.mark.django_db
def test_record_save_refuses_invalid_records_and_writes_nothing(secretary):
    first = SessionFactory(number=1)
    duplicate = Session(
        term=first.term, number=1, start_date=date(2025, 7, 1), end_date=date(2025, 7, 1)
    )
    with pytest.raises(ValidationError):
        services.record_save(actor=secretary, record=duplicate)
    assert Session.objects.count() == 1
    assert not AuditEntry.objects.filter(actor=secretary).exists()


@pytest.mark.django_db
def test_meeting_attendees_must_serve_on_that_terms_presidium(secretary):
    term = TermFactory()
    serving = MemberFactory(term=term)
    retired = MemberFactory(term=term, name="王某", end_date=date(2023, 1, 1))
    other_term = MemberFactory(
        term=TermFactory(number=17, start_date=date(2016, 12, 20)), name="李某"
    )
    meeting = PresidiumMeeting(term=term, number=1, date=date(2025, 3, 1), agenda="议题")
    with pytest.raises(ValidationError) as error:
        services.meeting_save(
            actor=secretary, meeting=meeting, attendees=[serving, retired, other_term]
        )
    assert "王某、李某在会议当日不是本届主席团成员" in str(error.value)
    assert not PresidiumMeeting.objects.exists()

    services.meeting_save(actor=secretary, meeting=meeting, attendees=[serving])
    assert list(meeting.attendees.all()) == [serving]


@pytest.mark.django_db
def test_township_profile_is_always_row_one(secretary):
    services.township_profile_save(
        actor=secretary, profile=TownshipProfile(name="青山镇", county="云溪县")
    )
    services.township_profile_save(
        actor=secretary, profile=TownshipProfile(name="青山镇", county="云溪县", population=32000)
    )
    assert list(TownshipProfile.objects.values_list("pk", "population")) == [(1, 32000)]
    # The second form's fresh instance edits row 1: the trail holds that edit, not a creation.
    entries = AuditEntry.objects.get_for_object(TownshipProfile(pk=1)).order_by("pk")
    assert [e.action for e in entries] == [AuditEntry.Action.CREATE, AuditEntry.Action.UPDATE]
    assert entries[1].changes_dict == {"population": ["0", "32000"]}
