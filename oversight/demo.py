"""Demo data of the oversight app, called by `seed_demo` after the apps it builds on: this
year's livelihood projects (eight candidates voted on at the year's first session, a tie at
the boundary re-voted, five chosen with milestones, progress reports, an inspection, a problem
rectified, two completed, the year-end ratings), an evaluation of three offices (the demo
officer's among them) and the report-back ratings of four deputies (the demo deputy's among
them). Everything goes through oversight.services, as the secretary and the unit's officer.

Idempotent: a year, a plan or a rating already seeded is left as it is."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from congress.models import Session
from congress.roles import Role
from deputies.models import Activity, ActivityKind, AttendanceStatus, Deputy, DeputyStatus
from deputies.services import activity_save
from oversight import services
from oversight.models import (
    EvaluationPlan,
    Project,
    ProjectYear,
    ReportBackRating,
)
from proposals.models import HandlingUnit

TO_CHOOSE = 5
# title, lead office, budget (10,000 yuan), content, votes in the first vote
CANDIDATES = [
    (
        "河东村至石桥村道路硬化",
        "国土所",
        "320",
        "硬化道路4.2公里，拓宽至5米，完善排水和安保设施。",
        44,
    ),
    ("镇区农贸市场提质改造", "党政办", "180", "改造农贸市场棚顶、排水和摊位，规范周边停车。", 42),
    ("农村饮水安全巩固提升", "农业服务中心", "260", "新建蓄水池3座，更换老旧管网8公里。", 38),
    ("敬老院适老化改造", "民政办", "95", "改造无障碍设施和助浴间，增设应急呼叫系统。", 33),
    ("中心学校食堂改扩建", "中心学校", "150", "扩建学生食堂300平方米，更新厨房设备。", 29),
    ("镇卫生院远程诊疗室建设", "镇卫生院", "60", "建设远程诊疗室，与县医院开展远程会诊。", 29),
    ("村级文化广场照明", "党政办", "40", "为6个村文化广场安装太阳能路灯。", 10),
    ("集镇污水管网延伸", "国土所", "410", "延伸污水管网2.5公里，接入镇污水处理站。", 5),
]
# The re-vote between the two tied at the boundary.
TIE_VOTES = {"中心学校食堂改扩建": 30, "镇卫生院远程诊疗室建设": 17}
VOTE_TIME, TIE_VOTE_TIME = time(9, 0), time(10, 0)
MILESTONES = [("完成立项和设计", 40), ("开工建设", 90), ("完工验收", 300)]
COMPLETED = ("敬老院适老化改造", "镇区农贸市场提质改造")
OFFICES = ("民政办", "国土所", "司法所")
ITEMS = ["依法行政", "服务质量", "办事效率", "廉洁自律"]
# office: (ballots, satisfied, basically, unsatisfied, item scores)
RESULTS = {
    "民政办": (46, 31, 12, 3, ["22.5", "21.0", "20.5", "23.0"]),
    "国土所": (46, 18, 13, 15, ["18.0", "17.5", "16.0", "20.5"]),
    "司法所": (46, 35, 9, 2, ["23.0", "22.5", "22.0", "23.5"]),
}
REPORT_BACK_TOPIC = "代表向选民述职（第四、五选区）"
# voters' ballots (satisfied, basically, unsatisfied), self-assessment, presidium's assessment
RATINGS = [((52, 6, 2), "92", "90"), ((47, 10, 3), "90", "88"), ((55, 4, 1), "95", "93")]


def seed(*, term, accounts, names):
    today = timezone.localdate()
    secretary = accounts[Role.SECRETARY]
    officer = accounts[Role.UNIT_OFFICER]
    units = {u.name: u for u in HandlingUnit.objects.all()}
    if not units:
        return
    _projects(term, secretary, officer, units, today)
    _evaluation(secretary, officer, units, today)
    _ratings(secretary, accounts[Role.DEPUTY], today)


def _projects(term, secretary, officer, units, today):
    year_number = today.year
    session = (
        Session.objects.filter(term=term, start_date__year=year_number)
        .order_by("start_date")
        .first()
    )
    if session is None or ProjectYear.objects.filter(year=year_number).exists():
        return
    year = services.project_year_save(
        actor=secretary,
        year=ProjectYear(
            year=year_number,
            session=session,
            to_choose=TO_CHOOSE,
            note="镇人民政府提出候选项目8个，由代表大会票决5个。",
        ),
    )
    projects = {}
    for title, unit, budget, content, _votes in CANDIDATES:
        milestones = [
            (label, session.start_date + timedelta(days=days)) for label, days in MILESTONES
        ]
        projects[title] = services.project_save(
            actor=secretary,
            project=Project(
                year=year,
                title=title,
                content=content,
                budget=Decimal(budget),
                lead_unit=units.get(unit) or next(iter(units.values())),
            ),
            milestones=milestones,
        )
    # The vote on the session's last morning, the re-vote an hour later.
    if session.deputies_present is None or timezone.now() < timezone.make_aware(
        datetime.combine(session.end_date, TIE_VOTE_TIME)
    ):
        return  # the session has not voted yet
    present = session.deputies_present
    services.project_vote_record(
        actor=secretary,
        year=year,
        held_on=session.end_date,
        held_time=VOTE_TIME,
        ballots_issued=present,
        ballots_returned=present,
        void_ballots=1,
        votes={projects[t]: v for t, *_rest, v in CANDIDATES},
    )
    services.project_vote_record(
        actor=secretary,
        year=year,
        held_on=session.end_date,
        held_time=TIE_VOTE_TIME,
        ballots_issued=present,
        ballots_returned=present,
        void_ballots=0,
        votes={projects[t]: v for t, v in TIE_VOTES.items()},
    )
    chosen = list(Project.objects.filter(year=year, chosen=True).select_related("lead_unit"))
    for project in chosen:
        reporter = officer if project.lead_unit.officers.filter(pk=officer.pk).exists() else None
        for milestone in project.milestones.all():
            reached = milestone.due_date <= today and (
                project.title in COMPLETED or milestone.due_date < today - timedelta(days=120)
            )
            if milestone.due_date > today and project.title not in COMPLETED:
                continue
            services.progress_report_submit(
                actor=reporter or secretary,
                project=project,
                date=min(milestone.due_date, today),
                text=f"{milestone.title}：按计划推进。"
                if reached
                else f"{milestone.title}进行中。",
                milestone=milestone,
                progress=100 if reached or project.title in COMPLETED else 60,
            )
        if project.title in COMPLETED:
            services.project_complete(
                actor=secretary,
                project=project,
                completed_on=min(today, session.start_date + timedelta(days=300)),
            )
    inspected = chosen[0]
    deputies = list(_in_office()[:9])
    inspection = services.project_inspect(
        actor=secretary,
        project=inspected,
        start_date=min(today, session.start_date + timedelta(days=150)),
        place="河东村、石桥村",
        findings="路基施工进度滞后，部分路段排水沟未同步施工。",
        deputies=deputies,
    )
    problem = services.problem_raise(
        actor=secretary,
        project=inspected,
        activity=inspection.activity,
        description="部分路段排水沟未与路基同步施工。",
        raised_on=inspection.activity.start_date,
        deadline=inspection.activity.start_date + timedelta(days=30),
    )
    services.problem_rectify(
        actor=secretary,
        problem=problem,
        rectified_on=inspection.activity.start_date + timedelta(days=21),
        rectification="施工单位已增派人员，排水沟与路基同步完成。",
    )
    held_on = max(session.end_date, today - timedelta(days=2))
    for offset, project in enumerate(chosen):
        services.project_rate(
            actor=secretary,
            project=project,
            held_on=held_on,
            ballots=46,
            satisfied=30 + offset,
            basically=12 - offset,
            unsatisfied=4 - min(offset, 3),
        )


def _in_office():
    return Deputy.objects.filter(status=DeputyStatus.IN_OFFICE).order_by("pk")


def _evaluation(secretary, officer, units, today):
    title = f"{today.year}年度镇直站所工作评议"
    if EvaluationPlan.objects.filter(year=today.year, title=title).exists():
        return
    plan = services.evaluation_plan_save(
        actor=secretary,
        plan=EvaluationPlan(
            year=today.year,
            title=title,
            note="评议民政办、国土所、司法所三个站所，代表测评与问卷评分相结合。",
        ),
    )
    items = [
        services.evaluation_item_add(actor=secretary, plan=plan, text=text, max_score=25)
        for text in ITEMS
    ]
    rated_on = max(date(today.year, 1, 1), today - timedelta(days=30))
    for name in OFFICES:
        unit = units.get(name)
        if unit is None:
            continue
        office = services.evaluation_office_add(actor=secretary, plan=plan, unit=unit)
        ballots, satisfied, basically, unsatisfied, scores = RESULTS[name]
        services.evaluation_result_record(
            actor=secretary,
            office=office,
            rated_on=rated_on,
            ballots=ballots,
            satisfied=satisfied,
            basically=basically,
            unsatisfied=unsatisfied,
            scores={item: Decimal(s) for item, s in zip(items, scores, strict=True)},
            summary="代表普遍认可该单位工作，同时指出了需要改进的问题。",
        )
        problem = services.problem_raise(
            actor=secretary,
            office=office,
            description=f"{name}：群众办事需多次跑腿，办事指南公开不到位。",
            raised_on=rated_on,
            deadline=rated_on + timedelta(days=60),
        )
        if name == "司法所":
            services.problem_rectify(
                actor=secretary,
                problem=problem,
                rectified_on=rated_on + timedelta(days=20),
                rectification="已在便民服务大厅公开办事指南，推行一次性告知。",
            )


def _ratings(secretary, deputy_user, today):
    if Activity.objects.filter(kind=ActivityKind.REPORT_BACK, topic=REPORT_BACK_TOPIC).exists():
        return
    demo = Deputy.objects.filter(user=deputy_user).first()
    others = [d for d in _in_office()[10:13] if d != demo]
    reporters = ([demo] if demo else []) + others
    day = max(date(today.year, 1, 1), today - timedelta(days=45))
    activity = activity_save(
        actor=secretary,
        activity=Activity(
            kind=ActivityKind.REPORT_BACK,
            topic=REPORT_BACK_TOPIC,
            start_date=day,
            place="河西村村委会",
            other_attendees=64,
        ),
        attendance={d: AttendanceStatus.PRESENT for d in reporters},
    )
    services.rating_weights_save(
        actor=secretary, year=day.year, self_weight=20, voters_weight=50, presidium_weight=30
    )
    for deputy, ((satisfied, basically, unsatisfied), own, presidium) in zip(
        reporters, RATINGS + RATINGS, strict=False
    ):
        services.report_back_rating_save(
            actor=secretary,
            rating=ReportBackRating(
                activity=activity,
                deputy=deputy,
                ballots=satisfied + basically + unsatisfied,
                satisfied=satisfied,
                basically=basically,
                unsatisfied=unsatisfied,
                comments="述职内容实在，希望继续关注村道维护和饮水问题。",
                self_score=Decimal(own),
                presidium_score=Decimal(presidium),
            ),
        )
