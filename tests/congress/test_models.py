"""Sessions: quorum, numbering and attendance rules, with their Chinese messages."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from congress.models import PresidiumMeeting, Session, Term
from congress.text import chinese_number
from tests.factories import MeetingFactory, SessionFactory, TermFactory


@pytest.mark.parametrize(
    ("total", "present", "met", "required"),
    [
        (45, 30, True, 30),  # exactly two thirds
        (45, 29, False, 30),  # one short
        (52, 35, True, 35),  # 52 * 2/3 = 34.67, so 35 are needed
        (52, 34, False, 35),
        (160, 107, True, 107),
        (160, 106, False, 107),
    ],
)
def test_quorum_is_two_thirds_of_the_deputies(total, present, met, required):
    session = Session(deputies_total=total, deputies_present=present)
    assert session.quorum_met is met
    assert session.quorum_required == required


def test_quorum_is_unknown_before_attendance_is_recorded():
    session = Session()
    assert session.quorum_met is None
    assert session.quorum_required is None


@pytest.mark.parametrize(
    ("n", "text"),
    [
        (1, "一"),
        (10, "十"),
        (17, "十七"),
        (20, "二十"),
        (21, "二十一"),
        (105, "一百零五"),
        (110, "一百一十"),
        (9999, "九千九百九十九"),
        (10000, "10000"),  # refused by the models' validators; shown back, never an error
    ],
)
def test_chinese_numerals(n, text):
    assert chinese_number(n) == text


def test_session_name_is_the_official_one(db):
    session = SessionFactory(term=TermFactory(number=18), number=7)
    assert str(session) == "第十八届人民代表大会第七次会议"


def test_session_number_is_unique_within_a_term(db):
    first = SessionFactory(number=3)
    duplicate = Session(
        term=first.term, number=3, start_date=first.start_date, end_date=first.end_date
    )
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert "本届已有相同会次的人代会" in str(error.value)
    other_term = Term.objects.create(number=17, start_date="2016-12-20", end_date="2021-12-27")
    Session(term=other_term, number=3, start_date="2017-01-10", end_date="2017-01-11").full_clean()


def test_attendance_must_add_up(db):
    session = SessionFactory.build(
        term=TermFactory(),
        deputies_total=50,
        deputies_present=40,
        deputies_on_leave=3,
        deputies_absent=2,
    )
    with pytest.raises(ValidationError) as error:
        session.full_clean()
    assert "应到代表人数须等于实到、请假、缺席人数之和" in str(error.value)


def test_attendance_is_all_or_nothing(db):
    session = SessionFactory.build(
        term=TermFactory(),
        deputies_total=50,
        deputies_present=None,
        deputies_on_leave=None,
        deputies_absent=None,
    )
    with pytest.raises(ValidationError):
        session.full_clean()
    session.deputies_total = None
    session.full_clean()


def test_database_refuses_attendance_that_does_not_add_up(db):
    with pytest.raises(IntegrityError):
        SessionFactory(
            deputies_total=50, deputies_present=49, deputies_on_leave=0, deputies_absent=0
        )


def test_session_cannot_end_before_it_starts(db):
    session = SessionFactory.build(
        term=TermFactory(), start_date="2025-01-16", end_date="2025-01-15"
    )
    with pytest.raises(ValidationError) as error:
        session.full_clean()
    assert "结束日期不能早于开始日期" in str(error.value)


def test_meeting_number_is_unique_within_a_term(db):
    meeting = MeetingFactory(number=5)
    with pytest.raises(ValidationError) as error:
        PresidiumMeeting(term=meeting.term, number=5, date="2025-06-01", agenda="x").full_clean()
    assert "本届已有相同次数的主席团会议" in str(error.value)


def test_township_profile_is_a_single_row(db):
    from congress.models import TownshipProfile

    TownshipProfile.objects.create(pk=1, name="青山镇", county="云溪县")
    with pytest.raises(IntegrityError):
        TownshipProfile.objects.create(pk=2, name="另一个镇", county="云溪县")
