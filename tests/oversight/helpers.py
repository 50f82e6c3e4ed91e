"""A year of livelihood projects for the oversight tests: a held session of 50 deputies (45
present), its roster of 50 township deputies holding a seat (all deputies are counted from the
roster at each vote), and candidate projects entered through the services."""

from datetime import date

from congress.roles import Role
from oversight import services
from oversight.models import Project, ProjectYear
from tests.assembly.helpers import VOTED_AT, roster
from tests.factories import SessionFactory, UnitFactory, UserFactory


def project_year(
    secretary, *, titles=("道路硬化", "饮水工程", "敬老院改造"), to_choose=2, unit=None
):
    session = SessionFactory(
        start_date=date(2025, 1, 16),
        end_date=date(2025, 1, 17),
        deputies_total=50,
        deputies_present=45,
        deputies_on_leave=3,
        deputies_absent=2,
    )
    roster(session, exact=False)
    year = services.project_year_save(
        actor=secretary, year=ProjectYear(year=2025, session=session, to_choose=to_choose)
    )
    unit = unit or UnitFactory(officers=[UserFactory(role=Role.UNIT_OFFICER)])
    projects = [
        services.project_save(
            actor=secretary,
            project=Project(year=year, title=title, lead_unit=unit, content="内容"),
            milestones=[("开工", date(2025, 4, 1)), ("完工", date(2025, 10, 1))],
        )
        for title in titles
    ]
    return year, projects


def vote(
    secretary,
    year,
    votes,
    *,
    issued=45,
    returned=45,
    void=0,
    held_on=date(2025, 1, 17),
    held_time=VOTED_AT,
):
    return services.project_vote_record(
        actor=secretary,
        year=year,
        held_on=held_on,
        held_time=held_time,
        ballots_issued=issued,
        ballots_returned=returned,
        void_ballots=void,
        votes=votes,
    )
