"""Reads about deputies: composition at a date, activity figures, reception days, duty
minimums and the performance record."""

from datetime import date

import pytest
from django.urls import reverse

from deputies import selectors
from deputies.models import (
    ActivityKind,
    AttendanceStatus,
    DeputyStatus,
    DutyRequirement,
    Education,
    Gender,
    Level,
    Occupation,
    Party,
)
from tests.factories import (
    ActivityFactory,
    AttendanceFactory,
    DeputyFactory,
    DutyRequirementFactory,
    SessionAttendanceFactory,
    SessionFactory,
    StationFactory,
    TermFactory,
    VoterContactFactory,
)

pytestmark = pytest.mark.django_db

DAY = date(2025, 6, 30)


def band(index):
    return str(selectors.AGE_BANDS[index][1])


# Composition at a date


def test_composition_counts_each_attribute_of_the_deputies_in_office_on_the_day():
    DeputyFactory(
        gender=Gender.MALE,
        party=Party.CPC,
        education=Education.BACHELOR,
        occupation=Occupation.WORKER,
        birth_date=date(1995, 1, 1),  # 30
    )
    DeputyFactory(
        gender=Gender.FEMALE,
        party=Party.MASSES,
        ethnicity="苗族",
        education=Education.JUNIOR_OR_BELOW,
        occupation=Occupation.FARMER,
        birth_date=date(1989, 6, 30),  # 36 on the day itself
    )
    DeputyFactory(
        gender=Gender.FEMALE,
        party=Party.DEMOCRATIC,
        education=Education.POSTGRADUATE,
        occupation=Occupation.PROFESSIONAL,
        birth_date=date(1960, 7, 1),  # 64
        # Left after the day: still counted on it.
        status=DeputyStatus.RESIGNED,
        status_date=date(2025, 12, 1),
    )
    # Left before the day, and on the day itself: not counted.
    DeputyFactory(status=DeputyStatus.DECEASED, status_date=date(2025, 1, 5))
    DeputyFactory(status=DeputyStatus.RECALLED, status_date=DAY)
    # A county deputy only: not in the township composition.
    DeputyFactory(levels=[Level.COUNTY], gender=Gender.FEMALE)

    result = selectors.composition(DAY)

    assert result.total == 3
    assert result.gender == {Gender.MALE: 1, Gender.FEMALE: 2}
    assert result.party == {Party.CPC: 1, Party.MASSES: 1, Party.DEMOCRATIC: 1}
    assert result.minority == 1
    assert result.education == {
        Education.BACHELOR: 1,
        Education.JUNIOR_OR_BELOW: 1,
        Education.POSTGRADUATE: 1,
    }
    assert result.occupation == {
        Occupation.WORKER: 1,
        Occupation.FARMER: 1,
        Occupation.PROFESSIONAL: 1,
    }
    assert result.age == {band(0): 1, band(1): 1, band(3): 1}
    assert selectors.composition(DAY, level=Level.COUNTY).total == 1


def test_a_birthday_on_the_day_moves_the_deputy_into_the_next_age_band():
    DeputyFactory(birth_date=date(1989, 6, 30))
    assert selectors.composition(date(2025, 6, 29)).age == {band(0): 1}
    assert selectors.composition(DAY).age == {band(1): 1}


def test_a_deputy_who_left_counts_until_the_day_before_leaving():
    DeputyFactory(status=DeputyStatus.RESIGNED, status_date=DAY)
    assert selectors.deputies_in_office_count(date(2025, 6, 29)) == 1
    assert selectors.deputies_in_office_count(DAY) == 0


def test_a_person_with_two_levels_is_one_person_holding_two_seats():
    DeputyFactory(levels=[Level.TOWNSHIP, Level.COUNTY])
    DeputyFactory()
    assert selectors.persons_and_seats(DAY) == {"persons": 2, "seats": 3}
    assert selectors.deputies_in_office_count(DAY) == 2
    assert selectors.deputies_in_office_count(DAY, level=Level.COUNTY) == 1


# Activities in a period

START, END = date(2025, 1, 1), date(2025, 6, 30)


def test_activity_counts_by_kind_within_the_period_only():
    ActivityFactory(kind=ActivityKind.INSPECTION, start_date=START)
    ActivityFactory(kind=ActivityKind.INSPECTION, start_date=END)
    ActivityFactory(kind=ActivityKind.TRAINING, start_date=date(2025, 3, 1))
    ActivityFactory(kind=ActivityKind.INSPECTION, start_date=date(2024, 12, 31))
    ActivityFactory(kind=ActivityKind.TRAINING, start_date=date(2025, 7, 1))

    counts = selectors.activity_counts(START, END)

    assert counts[ActivityKind.INSPECTION] == 2
    assert counts[ActivityKind.TRAINING] == 1
    assert counts[ActivityKind.REPORT_BACK] == 0
    assert set(counts) == set(ActivityKind.values)


def test_participant_person_times_count_each_presence_in_the_period():
    a, b = DeputyFactory(), DeputyFactory()
    inside = ActivityFactory(start_date=date(2025, 2, 1))
    training = ActivityFactory(kind=ActivityKind.TRAINING, start_date=date(2025, 3, 1))
    outside = ActivityFactory(start_date=date(2025, 8, 1))
    AttendanceFactory(activity=inside, deputy=a)
    AttendanceFactory(activity=inside, deputy=b, status=AttendanceStatus.LEAVE)
    AttendanceFactory(activity=training, deputy=a)
    AttendanceFactory(activity=training, deputy=b)
    AttendanceFactory(activity=outside, deputy=a)

    assert selectors.participant_person_times(START, END) == 3
    assert selectors.participant_person_times(START, END, kinds=[ActivityKind.TRAINING]) == 2


def test_voters_received_sum_the_receptions_in_the_period():
    ActivityFactory(kind=ActivityKind.RECEPTION, start_date=date(2025, 1, 10), voters_received=12)
    ActivityFactory(kind=ActivityKind.RECEPTION, start_date=END, voters_received=8)
    ActivityFactory(kind=ActivityKind.RECEPTION, start_date=date(2025, 7, 10), voters_received=50)
    ActivityFactory(kind=ActivityKind.HOME_VISIT, start_date=date(2025, 2, 1), voters_received=30)

    assert selectors.voters_received(START, END) == 20
    assert selectors.voters_received(date(2026, 1, 1), date(2026, 12, 31)) == 0


def test_report_backs_count_each_deputy_once_in_the_period():
    a, b, c = DeputyFactory(), DeputyFactory(), DeputyFactory()
    first = ActivityFactory(kind=ActivityKind.REPORT_BACK, start_date=date(2025, 2, 1))
    second = ActivityFactory(kind=ActivityKind.REPORT_BACK, start_date=date(2025, 5, 1))
    later = ActivityFactory(kind=ActivityKind.REPORT_BACK, start_date=date(2025, 9, 1))
    AttendanceFactory(activity=first, deputy=a)
    AttendanceFactory(activity=second, deputy=a)
    AttendanceFactory(activity=second, deputy=b, status=AttendanceStatus.ABSENT)
    AttendanceFactory(activity=later, deputy=c)

    assert selectors.report_backs(START, END) == 1
    assert selectors.report_backs(START, date(2025, 12, 31)) == 2


# Reception days


@pytest.mark.parametrize(
    ("days", "today", "expected"),
    [
        ("10,20", date(2025, 1, 15), [date(2025, 1, 20), date(2025, 2, 10)]),
        ("10,20", date(2025, 1, 10), [date(2025, 1, 10), date(2025, 1, 20)]),
        # The 31st: February and April have none.
        ("31", date(2025, 1, 31), [date(2025, 1, 31), date(2025, 3, 31)]),
        ("30,31", date(2024, 2, 1), [date(2024, 3, 30), date(2024, 3, 31)]),
        ("29", date(2025, 2, 1), [date(2025, 3, 29), date(2025, 4, 29)]),
        # December to January of the next year.
        ("5,25", date(2025, 12, 26), [date(2026, 1, 5), date(2026, 1, 25)]),
        ("5，15, 25", date(2025, 12, 20), [date(2025, 12, 25), date(2026, 1, 5)]),
        # Numbers that are no day of any month are ignored (and do not loop forever).
        ("0,45", date(2025, 1, 1), []),
        ("", date(2025, 1, 1), []),
    ],
)
def test_next_reception_days(days, today, expected):
    station = StationFactory.build(reception_days=days)
    assert selectors.next_reception_days(station, today, 2) == expected


def test_stations_carry_their_next_days_with_the_announcement_date():
    StationFactory(reception_days="10,20", notice_days=3)
    (station,) = selectors.stations_with_next_days(date(2025, 12, 15))
    assert station.next_days == [
        (date(2025, 12, 20), date(2025, 12, 17)),
        (date(2026, 1, 10), date(2026, 1, 7)),
    ]


# Duty minimums


@pytest.fixture
def no_default_requirements(db):
    DutyRequirement.objects.all().delete()


def check_of(deputy, year, today):
    (check,) = selectors.duty_compliance(deputy, year, today)
    return check


@pytest.mark.usefixtures("no_default_requirements")
def test_a_yearly_minimum_is_pending_during_the_year_met_when_done_and_missed_after():
    deputy = DeputyFactory()
    DutyRequirementFactory(metric="voter_contacts", period="year")

    assert check_of(deputy, 2025, date(2025, 6, 1)).status == "pending"
    assert check_of(deputy, 2024, date(2025, 6, 1)).status == "missed"
    VoterContactFactory(deputy=deputy, date=date(2025, 3, 1))
    VoterContactFactory(deputy=deputy, date=date(2025, 4, 1))
    check = check_of(deputy, 2025, date(2025, 6, 1))
    assert (check.status, check.done, check.periods_met) == ("met", 2, 1)
    # Another deputy's contacts do not count.
    assert check_of(DeputyFactory(), 2025, date(2025, 6, 1)).status == "pending"
    # A year not begun is pending, not met.
    assert check_of(deputy, 2026, date(2025, 6, 1)).status == "pending"


@pytest.mark.usefixtures("no_default_requirements")
def test_a_half_yearly_minimum_checks_each_half_begun():
    deputy = DeputyFactory()
    DutyRequirementFactory(metric="activity:training", period="half", minimum=1)
    training = ActivityFactory(kind=ActivityKind.TRAINING, start_date=date(2025, 3, 1))
    AttendanceFactory(activity=training, deputy=deputy)
    # An inspection, and a training on leave, do not count as training.
    AttendanceFactory(activity=ActivityFactory(start_date=date(2025, 8, 1)), deputy=deputy)
    AttendanceFactory(
        activity=ActivityFactory(kind=ActivityKind.TRAINING, start_date=date(2025, 8, 2)),
        deputy=deputy,
        status=AttendanceStatus.LEAVE,
    )

    check = check_of(deputy, 2025, date(2025, 5, 1))
    assert (check.status, check.periods_met, check.periods_begun) == ("met", 1, 1)
    check = check_of(deputy, 2025, date(2025, 9, 1))
    assert (check.status, check.periods_met, check.periods_running) == ("pending", 1, 1)
    check = check_of(deputy, 2025, date(2026, 1, 10))
    assert (check.status, check.periods_met, check.periods_missed) == ("missed", 1, 1)


@pytest.mark.usefixtures("no_default_requirements")
def test_a_monthly_minimum_is_missed_when_a_past_month_fell_short():
    deputy = DeputyFactory()
    DutyRequirementFactory(metric="voter_contacts", period="month", minimum=1)
    VoterContactFactory(deputy=deputy, date=date(2025, 1, 31))
    VoterContactFactory(deputy=deputy, date=date(2025, 2, 1))

    check = check_of(deputy, 2025, date(2025, 3, 15))
    assert (check.status, check.periods_met, check.periods_running) == ("pending", 2, 1)
    VoterContactFactory(deputy=deputy, date=date(2025, 3, 2))
    assert check_of(deputy, 2025, date(2025, 3, 15)).status == "met"
    check = check_of(deputy, 2025, date(2025, 5, 1))  # April passed without a contact
    assert (check.status, check.periods_met, check.periods_missed) == ("missed", 3, 1)


@pytest.mark.usefixtures("no_default_requirements")
def test_sessions_count_only_when_present_and_inactive_requirements_are_ignored():
    deputy = DeputyFactory()
    DutyRequirementFactory(metric="sessions", minimum=2)
    DutyRequirementFactory(metric="voter_contacts", active=False)
    term = TermFactory()
    SessionAttendanceFactory(deputy=deputy, session=SessionFactory(term=term, number=1))
    SessionAttendanceFactory(
        deputy=deputy,
        session=SessionFactory(
            term=term, number=2, start_date=date(2025, 7, 1), end_date=date(2025, 7, 2)
        ),
        status=AttendanceStatus.LEAVE,
    )
    check = check_of(deputy, 2025, date(2025, 12, 31))
    assert (check.requirement.metric, check.done, check.status) == ("sessions", 1, "pending")


def test_the_default_requirements_come_with_the_migrations():
    metrics = set(DutyRequirement.objects.values_list("metric", flat=True))
    assert {"sessions", "voter_contacts", "activity:reception", "activity:training"} <= metrics
    assert metrics <= set(selectors.duty_metrics())


# The performance record


def test_the_performance_record_holds_the_deputys_work_of_the_year_newest_first():
    deputy, other = DeputyFactory(), DeputyFactory()
    session = SessionFactory(start_date=date(2025, 1, 16), end_date=date(2025, 1, 17))
    SessionAttendanceFactory(deputy=deputy, session=session)
    on_leave = SessionFactory(
        term=session.term, start_date=date(2025, 7, 1), end_date=date(2025, 7, 1)
    )
    SessionAttendanceFactory(deputy=deputy, session=on_leave, status=AttendanceStatus.LEAVE)
    inspection = ActivityFactory(topic="视察村道", start_date=date(2025, 5, 10), place="河东村")
    training = ActivityFactory(
        kind=ActivityKind.TRAINING, topic="代表法培训", start_date=date(2025, 3, 2)
    )
    report = ActivityFactory(
        kind=ActivityKind.REPORT_BACK, topic="向选民述职", start_date=date(2025, 11, 20)
    )
    last_year = ActivityFactory(topic="去年的视察", start_date=date(2024, 12, 30))
    for activity in (inspection, training, report, last_year):
        AttendanceFactory(activity=activity, deputy=deputy)
    AttendanceFactory(activity=ActivityFactory(topic="别人的调研"), deputy=other)
    contact = VoterContactFactory(deputy=deputy, date=date(2025, 6, 5), voters="石桥村村民")
    VoterContactFactory(deputy=other, date=date(2025, 6, 6), voters="别人联系的选民")

    entries = selectors.performance_record(deputy, 2025)

    assert [(e.day, e.category, e.title) for e in entries] == [
        (date(2025, 11, 20), "report_back", "向选民述职"),
        (date(2025, 6, 5), "voter_contact", "石桥村村民"),
        (date(2025, 5, 10), "activity", "视察村道"),
        (date(2025, 3, 2), "training", "代表法培训"),
        (date(2025, 1, 16), "session", str(session)),
    ]
    assert entries[1].url == reverse("contact_detail", args=[contact.pk])
    assert entries[2].url == reverse("activity_detail", args=[inspection.pk])
    assert entries[2].detail == "视察 · 河东村"
    assert selectors.record_summary(entries) == {
        "report_back": 1,
        "voter_contact": 1,
        "activity": 1,
        "training": 1,
        "session": 1,
    }
