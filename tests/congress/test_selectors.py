from datetime import date

import pytest
from django.utils import timezone

from congress import selectors
from tests.factories import MeetingFactory, SessionFactory, TermFactory


@pytest.mark.django_db
class TestYearSessionsStatus:
    def test_no_session_is_below_the_legal_minimum(self):
        status = selectors.year_sessions_status(2024)
        assert status.level == "error"
        assert "法律规定每年至少举行一次" in status.message

    def test_one_session_is_legal_but_below_the_usual_two(self):
        SessionFactory(start_date=date(2024, 1, 10), end_date=date(2024, 1, 11))
        status = selectors.year_sessions_status(2024)
        assert (status.level, status.held, status.scheduled) == ("warning", 1, 0)
        assert "一般每年举行两次" in status.message

    def test_two_sessions_are_fine(self):
        SessionFactory(start_date=date(2024, 1, 10), end_date=date(2024, 1, 11))
        SessionFactory(start_date=date(2024, 7, 10), end_date=date(2024, 7, 10))
        SessionFactory(start_date=date(2023, 7, 10), end_date=date(2023, 7, 10))
        status = selectors.year_sessions_status(2024)
        assert (status.level, status.held, status.scheduled) == ("ok", 2, 0)

    def test_a_future_session_counts_as_scheduled(self):
        next_year = timezone.localdate().year + 1
        SessionFactory(
            start_date=date(next_year, 3, 1),
            end_date=date(next_year, 3, 2),
            deputies_total=None,
            deputies_present=None,
            deputies_on_leave=None,
            deputies_absent=None,
        )
        status = selectors.year_sessions_status(next_year)
        assert (status.level, status.held, status.scheduled) == ("warning", 0, 1)


@pytest.mark.django_db
def test_current_term_is_the_one_in_force():
    TermFactory(number=17, start_date=date(2016, 12, 20))
    eighteenth = TermFactory(number=18, start_date=date(2021, 12, 28))
    assert selectors.current_term() == eighteenth
    assert selectors.current_term(date(2018, 5, 1)).number == 17


@pytest.mark.django_db
def test_next_number_follows_the_highest_in_the_term():
    term = TermFactory()
    assert selectors.next_number(term.presidium_meetings.all()) == 1
    MeetingFactory(term=term, number=1)
    MeetingFactory(term=term, number=4)
    MeetingFactory(term=TermFactory(number=17, start_date=date(2016, 12, 20)), number=9)
    assert selectors.next_number(term.presidium_meetings.all()) == 5
