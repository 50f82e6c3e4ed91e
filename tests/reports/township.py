"""A small township whose 2024 figures are counted by hand (EXPECTED_2024), with data just
outside the year that must not count: the data set of the reports tests."""

from datetime import date

from congress.models import TownshipProfile
from deputies.models import ActivityKind, DeputyStatus, Gender, Party
from proposals.models import Verdict
from tests.factories import (
    ActivityFactory,
    AttendanceFactory,
    DeputyFactory,
    GroupFactory,
    MeetingFactory,
    ProposalFactory,
    SessionFactory,
    StationFactory,
    TermFactory,
    UnitFactory,
)
from tests.proposals import helpers

# Every figure of the key-figures table for 2024, counted from the data below.
EXPECTED_2024 = {
    "代表总数": "5",  # six township deputies, one resigned in March 2024
    "代表小组": "2",
    "代表联络站(点)": "1",
    "召开人代会": "2",  # the 2023 session does not count
    "召开主席团会议": "3",
    "收到议案": "1",
    "收到建议": "3",
    "其中闭会期间建议": "3",
    "已交办": "2",
    "已答复": "2",
    "已办结": "1",
    "办结率": "50.0",
    "按期答复率": "100.0",
    "满意率": "100.0",
    "组织视察": "2",
    "组织调研": "1",
    "执法检查": "0",
    "代表培训": "1",
    "参加活动代表": "7",  # 3 + 2 at the inspections (one absent), 2 at the report-back
    "接待选民": "12",
    "代表述职": "2",
}
# A name with a character of CJK Extension B (U+20BB7), which must print, not become a box.
RARE_NAME = "\U00020bb7明"


def build(secretary):
    """Make the township's data; returns its deputies, unit and closed suggestion."""
    TownshipProfile.objects.create(pk=1, name="青山镇", county="云溪县", population=30000)
    term = TermFactory()
    SessionFactory(
        term=term,
        start_date=date(2024, 1, 10),
        end_date=date(2024, 1, 11),
        reports_heard="政府工作报告\n财政预算报告",
    )
    SessionFactory(term=term, start_date=date(2024, 7, 5), end_date=date(2024, 7, 5))
    SessionFactory(term=term, start_date=date(2023, 12, 20), end_date=date(2023, 12, 21))
    for day in (date(2024, 3, 1), date(2024, 6, 1), date(2024, 9, 1)):
        MeetingFactory(term=term, date=day)
    MeetingFactory(term=term, date=date(2025, 1, 5))
    groups = [GroupFactory(), GroupFactory()]
    StationFactory()
    deputies = [
        DeputyFactory(name=RARE_NAME, gender=Gender.FEMALE, group=groups[0]),
        DeputyFactory(gender=Gender.FEMALE, ethnicity="苗族", group=groups[0]),
        DeputyFactory(party=Party.MASSES, group=groups[1]),
        DeputyFactory(group=groups[1]),
        DeputyFactory(),
    ]
    DeputyFactory(status=DeputyStatus.RESIGNED, status_date=date(2024, 3, 1))
    DeputyFactory(levels=["county"])  # a county deputy only: not a township deputy

    def activity(kind, day, present=(), absent=(), **kwargs):
        item = ActivityFactory(kind=kind, start_date=day, **kwargs)
        for deputy in present:
            AttendanceFactory(activity=item, deputy=deputy)
        for deputy in absent:
            AttendanceFactory(activity=item, deputy=deputy, status="absent")
        return item

    activity(ActivityKind.INSPECTION, date(2024, 4, 1), deputies[:3])
    activity(ActivityKind.INSPECTION, date(2024, 5, 1), deputies[3:], absent=deputies[:1])
    activity(ActivityKind.INSPECTION, date(2023, 5, 1), deputies)
    activity(ActivityKind.INVESTIGATION, date(2024, 6, 1))
    activity(ActivityKind.TRAINING, date(2024, 2, 1), training_hours=3.5)
    activity(ActivityKind.RECEPTION, date(2024, 8, 10), voters_received=12)
    activity(ActivityKind.REPORT_BACK, date(2024, 11, 1), deputies[1:3])

    unit = UnitFactory(name="民政办")
    closed = ProposalFactory(lead_deputy=deputies[2], title="关于修缮河东村道的建议")
    helpers.assigned(closed, secretary, unit, assigned_date=date(2024, 3, 5))
    helpers.replied(closed, category="A", day=date(2024, 4, 1))
    helpers.evaluated(closed, verdict=Verdict.SATISFIED, day=date(2024, 4, 10))  # closes it
    replied = ProposalFactory(lead_deputy=deputies[3])
    helpers.assigned(replied, secretary, unit, assigned_date=date(2024, 5, 5))
    helpers.replied(replied, category="B", day=date(2024, 6, 1))
    waiting = ProposalFactory(lead_deputy=deputies[4])
    helpers.registered(waiting, secretary, submitted_date=date(2024, 9, 9))
    motion = helpers.motion(lead_deputy=deputies[0], co_signers=deputies[1:])
    helpers.registered(motion, secretary, submitted_date=date(2024, 10, 10))
    old = ProposalFactory(lead_deputy=deputies[0])
    helpers.registered(old, secretary, submitted_date=date(2023, 6, 1))
    return {"deputies": deputies, "unit": unit, "closed": closed}
