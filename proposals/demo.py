"""Demo data of the proposals app, called by `seed_demo` after the deputies' demo data.

Twelve handling units (township offices, two villages, two county departments; the demo unit
account is an officer of 民政办) and a year of items: about sixty suggestions and six motions
in every state — drafts, submitted, under review, on the agenda, not accepted, converted,
awaiting assignment, assigned (some overdue, some due within days), returned, replied A/B/C/D,
re-handled, closed (满意, 基本满意, 未评价, by the secretary), withdrawn, declined — led by the
demo deputies (the demo deputy account's deputy leads several and co-signs others), with
follow-up milestones on B items and a few published.

Every item is built through proposals.services with its dates given explicitly (days before
today), so its states, numbers, assignments, replies and evaluations are those of items handled
on the portal. The services stamp events and notifications with the current time; the demo
moves each step's events and notifications to the day the step is dated, so timelines read as
a year of work (the only write here outside the services).

Idempotent: units are matched by name and items by title; an item already there is left as it
is, so a second run adds nothing.
"""

import random
from datetime import datetime, time, timedelta

from django.db.models import Max
from django.utils import timezone

from congress.models import Session
from congress.roles import Role
from deputies.models import Deputy, DeputyStatus
from proposals import services
from proposals.models import (
    Event,
    HandlingUnit,
    Kind,
    Notification,
    Proposal,
    Reply,
    Topic,
    UnitKind,
    Verdict,
)

T = UnitKind.TOWNSHIP_OFFICE
UNITS = [
    # name, kind, contact person, phone
    ("党政办", T, "陈晓燕", "0855-3712001"),
    ("民政办", T, "", "0855-3712002"),
    ("司法所", T, "刘建国", "0855-3712003"),
    ("国土所", T, "王志强", "0855-3712004"),
    ("农业服务中心", T, "杨春梅", "0855-3712005"),
    ("镇卫生院", T, "吴海燕", "0855-3712006"),
    ("中心学校", T, "潘文华", "0855-3712007"),
    ("派出所", T, "龙国庆", "0855-3712110"),
    ("河东村村民委员会", UnitKind.VILLAGE, "张德明", "13908551234"),
    ("石桥村村民委员会", UnitKind.VILLAGE, "石光荣", "13908552345"),
    ("云溪县交通运输局", UnitKind.COUNTY_DEPARTMENT, "罗明", "0855-3820101"),
    ("云溪县水务局", UnitKind.COUNTY_DEPARTMENT, "姚丽", "0855-3820202"),
]
OFFICER_UNIT = "民政办"

# Issues raised in two villages each: (topic, issue, lead unit, co-handling unit or None).
ISSUES = [
    (Topic.TRANSPORT, "硬化通组道路", "云溪县交通运输局", None),
    (Topic.SOCIAL_SECURITY, "提高高龄津贴发放效率", "民政办", None),
    (Topic.AGRICULTURE, "修缮灌溉水渠", "农业服务中心", "云溪县水务局"),
    (Topic.HEALTH, "配齐村卫生室常用药品", "镇卫生院", None),
    (Topic.GOVERNANCE, "增设治安监控探头", "派出所", None),
    (Topic.EDUCATION, "改善学校食堂条件", "中心学校", None),
    (Topic.ENVIRONMENT, "整治河道垃圾", "党政办", "{village}"),
    (Topic.URBAN_RURAL, "规范农村建房审批", "国土所", None),
    (Topic.SOCIAL_SECURITY, "规范低保评定程序", "民政办", "{village}"),
    (Topic.TRANSPORT, "开通农村客运班车", "云溪县交通运输局", "党政办"),
    (Topic.GOVERNANCE, "加强矛盾纠纷调解", "司法所", "{village}"),
    (Topic.AGRICULTURE, "扶持茶叶产业发展", "农业服务中心", None),
    (Topic.HEALTH, "开展老年人免费体检", "镇卫生院", "民政办"),
    (Topic.URBAN_RURAL, "改造老旧供水管网", "云溪县水务局", None),
    (Topic.SOCIAL_SECURITY, "建设农村互助幸福院", "民政办", "国土所"),
    (Topic.EDUCATION, "加强留守儿童关爱", "中心学校", "民政办"),
    (Topic.ENVIRONMENT, "规范畜禽养殖污染治理", "农业服务中心", None),
    (Topic.TRANSPORT, "增设道路安全护栏", "云溪县交通运输局", None),
    (Topic.GOVERNANCE, "整治电动车违规充电", "派出所", "{village}"),
    (Topic.OTHER, "完善便民服务中心窗口设置", "党政办", None),
    (Topic.AGRICULTURE, "推广稻渔综合种养", "农业服务中心", None),
    (Topic.SOCIAL_SECURITY, "解决困难群众医保缴费问题", "民政办", "镇卫生院"),
    (Topic.URBAN_RURAL, "建设村级文化广场", "国土所", "{village}"),
    (Topic.HEALTH, "增派家庭医生签约服务", "镇卫生院", None),
    (Topic.ENVIRONMENT, "建设生活污水处理设施", "云溪县水务局", "党政办"),
    (Topic.GOVERNANCE, "规范村务公开", "党政办", "{village}"),
    (Topic.EDUCATION, "增设校车接送点", "中心学校", "云溪县交通运输局"),
    (Topic.OTHER, "增设快递服务点", "党政办", None),
    (Topic.TRANSPORT, "修复水毁便桥", "云溪县交通运输局", "{village}"),
    (Topic.SOCIAL_SECURITY, "加强残疾人就业帮扶", "民政办", None),
]
VILLAGES = ["河东村", "石桥村"]
VILLAGE_UNITS = {"河东村": "河东村村民委员会", "石桥村": "石桥村村民委员会"}

MOTIONS = [
    # title, topic, outcome
    ("关于加强饮用水源保护的议案", Topic.ENVIRONMENT, "put_on_agenda"),
    ("关于制定集镇规划建设管理办法的议案", Topic.URBAN_RURAL, "put_on_agenda"),
    ("关于设立乡村振兴产业发展基金的议案", Topic.AGRICULTURE, "not_accept"),
    ("关于加快集镇污水管网建设的议案", Topic.ENVIRONMENT, "convert_closed"),
    ("关于加强农村道路交通安全管理的议案", Topic.TRANSPORT, "convert_replied"),
    ("关于推进农村人居环境整治的议案", Topic.ENVIRONMENT, "review"),
    # On the first session's agenda beside the first motion; the session votes it down
    # (assembly.demo), so the demo has a motion adopted, one not adopted and one still waiting.
    ("关于设立村级公益事业专项资金的议案", Topic.AGRICULTURE, "put_on_agenda"),
]

# How many suggestions end in each state, in the order they are dealt out.
PLAN = [
    ("satisfied", 15),
    ("basically", 8),
    ("lapsed", 4),
    ("closed_by_secretary", 1),
    ("closed_after_rehandling", 2),
    ("rehandling", 2),
    ("rehandling_overdue", 1),
    ("replied", 4),
    ("assigned", 4),
    ("overdue", 2),
    ("due_soon", 2),
    ("returned", 1),
    ("awaiting", 3),
    ("submitted", 2),
    ("draft", 2),
    ("withdrawn", 2),
    ("declined", 2),
]
# States whose first item is led by the demo unit (so the unit officer's inbox has each tab).
OFFICER_STATES = {
    "returned",
    "assigned",
    "due_soon",
    "overdue",
    "replied",
    "rehandling",
    "satisfied",
}
REPLY_TEXT = {
    "A": "经研究，该问题已列入本年度实施计划并已完成，群众反映良好。",
    "B": "该问题已列入明年项目计划，正在争取上级资金，将分步实施。",
    "C": "受资金和政策条件限制，目前暂不具备实施条件，已留作今后工作参考。",
    "D": "经核实，相关情况已向代表当面作了说明解释。",
}


class Steps:
    """Runs the services and dates their events and notifications to the step's day."""

    def __init__(self, today):
        self.today = today
        self.event = Event.objects.aggregate(m=Max("pk"))["m"] or 0
        self.notice = Notification.objects.aggregate(m=Max("pk"))["m"] or 0

    def on(self, days_ago):
        day = self.today - timedelta(days=max(days_ago, 0))
        return day

    def stamp(self, day):
        at = timezone.make_aware(datetime.combine(day, time(10, 0)))
        Event.objects.filter(pk__gt=self.event).update(at=at)
        read = at if day < self.today - timedelta(days=14) else None
        Notification.objects.filter(pk__gt=self.notice).update(created_at=at, read_at=read)
        self.event = Event.objects.aggregate(m=Max("pk"))["m"] or self.event
        self.notice = Notification.objects.aggregate(m=Max("pk"))["m"] or self.notice


def seed(*, term, accounts, names):
    """Units and a year of motions and suggestions in every state (see the module docstring)."""
    today = timezone.localdate()
    units = {}
    for name, kind, contact, phone in UNITS:
        unit, _ = HandlingUnit.objects.update_or_create(
            name=name,
            defaults={
                "kind": kind,
                "contact_person": contact or accounts[Role.UNIT_OFFICER].name,
                "phone": phone,
                "active": True,
            },
        )
        units[name] = unit
    units[OFFICER_UNIT].officers.add(accounts[Role.UNIT_OFFICER])

    deputies = list(Deputy.objects.filter(status=DeputyStatus.IN_OFFICE).order_by("pk"))
    demo_deputy = Deputy.objects.filter(user=accounts[Role.DEPUTY]).first() or deputies[0]
    known = set(Proposal.objects.values_list("title", flat=True))
    # The sessions of the past year (the term's first session, years ago, elected its leaders).
    sessions = list(
        Session.objects.filter(
            term=term,
            start_date__lte=today - timedelta(days=30),
            start_date__gt=today - timedelta(days=365),
        ).order_by("start_date")
    )
    builder = Builder(today, accounts, units, deputies, demo_deputy, sessions)

    for index, (title, topic, outcome) in enumerate(MOTIONS):
        if title not in known and sessions:
            builder.motion(index, title, topic, outcome)

    specs = [(state, i) for state, count in PLAN for i in range(count)]
    items = [(village, issue) for issue in ISSUES for village in VILLAGES]
    for number, ((state, i), (village, (topic, issue, lead, co))) in enumerate(
        zip(specs, items, strict=False)
    ):
        title = f"关于{village}{issue}的建议"
        if title in known:
            continue
        lead_unit = units[OFFICER_UNIT if state in OFFICER_STATES and i == 0 else lead]
        co_unit = units[VILLAGE_UNITS[village] if co == "{village}" else co] if co else None
        builder.suggestion(number, title, topic, village, issue, state, i, lead_unit, co_unit)


class Builder:
    def __init__(self, today, accounts, units, deputies, demo_deputy, sessions):
        self.today = today
        self.secretary = accounts[Role.SECRETARY]
        self.officer = accounts[Role.UNIT_OFFICER]
        self.units = units
        self.deputies = deputies
        self.demo_deputy = demo_deputy
        self.sessions = sessions
        self.steps = Steps(today)
        self.random = random.Random(2024)

    # People

    def actor_for(self, deputy):
        return deputy.user if deputy.user_id else self.secretary

    def signers(self, number, lead, count):
        others = [d for d in self.deputies if d != lead and d != self.demo_deputy]
        chosen = self.random.sample(others, count)
        if number % 6 == 1 and lead != self.demo_deputy:
            chosen[:1] = [self.demo_deputy]
        return chosen

    def lead_for(self, number):
        if number % 5 == 0:
            return self.demo_deputy
        return self.random.choice([d for d in self.deputies if d != self.demo_deputy])

    def session_for(self, day):
        """The session an item submitted on `day` belongs to: one begun up to 45 days before."""
        for session in reversed(self.sessions):
            if session.start_date <= day <= session.start_date + timedelta(days=45):
                return session
        return None

    # Steps

    def day(self, days_ago):
        return self.steps.on(days_ago)

    def draft(self, *, kind, title, content, topic, lead, co_signers, session, day):
        item = Proposal(
            kind=kind, title=title, content=content, topic=topic, session=session, lead_deputy=lead
        )
        services.proposal_draft(actor=self.actor_for(lead), proposal=item, co_signers=co_signers)
        self.steps.stamp(day)
        return item

    def submit_and_register(self, item, day, register=True):
        services.proposal_submit(
            actor=self.actor_for(item.lead_deputy), proposal=item, version=item.version, day=day
        )
        self.steps.stamp(day)
        if register:
            services.proposal_register(
                actor=self.secretary, proposal=item, version=item.version, submitted_date=day
            )
            self.steps.stamp(min(day + timedelta(days=1), self.today))

    def assign(self, item, days_ago, lead_unit, co_unit=None, broad=False):
        day = self.day(days_ago)
        services.proposal_assign(
            actor=self.secretary,
            proposal=item,
            version=item.version,
            lead_unit=lead_unit,
            co_units=[co_unit] if co_unit else [],
            assigned_date=day,
            broad=broad,
        )
        self.steps.stamp(day)
        for assignment in item.assignments.filter(active=True).select_related("unit"):
            if assignment.unit.officers.filter(pk=self.officer.pk).exists() and days_ago > 1:
                ack = day + timedelta(days=1)
                services.assignment_acknowledge(
                    actor=self.officer,
                    assignment=assignment,
                    at=timezone.make_aware(datetime.combine(ack, time(9, 0))),
                )
                self.steps.stamp(ack)
                if assignment.role == assignment.Role.CO and days_ago > 12:
                    services.co_opinion_submit(
                        actor=self.officer,
                        assignment=assignment,
                        text="我办同意主办单位的办理意见，将配合做好相关工作。",
                        day=day + timedelta(days=10),
                    )
                    self.steps.stamp(day + timedelta(days=10))

    def reply(self, item, days_ago, category, round_note=""):
        day = self.day(days_ago)
        lead = item.assignments.get(active=True, role="lead")
        officer = lead.unit.officers.filter(pk=self.officer.pk).exists()
        services.reply_submit(
            actor=self.officer if officer else self.secretary,
            proposal=item,
            version=item.version,
            reply=Reply(
                number=f"{lead.unit.name[:2]}复〔{day.year}〕{item.pk}号",
                text=REPLY_TEXT[category] + round_note,
                category=category,
                contact_person=lead.unit.contact_person,
                phone=lead.unit.phone,
                date=day,
            ),
        )
        self.steps.stamp(day)

    def evaluate(self, item, days_ago, verdict, comment=""):
        day = self.day(days_ago)
        if verdict == Verdict.UNSATISFIED and not comment:
            comment = "答复未说明具体实施时间，群众仍有意见，请进一步落实。"
        services.evaluation_submit(
            actor=self.actor_for(item.lead_deputy),
            proposal=item,
            deputy=item.lead_deputy,
            verdict=verdict,
            comment=comment,
            day=day,
        )
        self.steps.stamp(day)
        cosigner = item.co_signers.first()
        if cosigner and verdict != Verdict.UNSATISFIED:
            services.evaluation_submit(
                actor=self.actor_for(cosigner),
                proposal=item,
                deputy=cosigner,
                verdict=Verdict.SATISFIED,
                day=day,
            )
            self.steps.stamp(day)

    def milestones(self, item, reply_ago):
        notes = ["项目已完成立项，正在开展前期勘察设计。", "施工单位已进场，工程完成约一半。"]
        for offset, note in zip((20, 60), notes, strict=True):
            if reply_ago - offset > 0:
                day = self.day(reply_ago - offset)
                services.milestone_add(
                    actor=self.secretary, proposal=item, date=day, note=note, done=False
                )
                self.steps.stamp(day)

    def publish(self, item):
        services.proposal_publish(actor=self.secretary, proposal=item, version=item.version)

    # Motions

    def motion(self, index, title, topic, outcome):
        session = self.sessions[-1] if outcome in ("review", "put_on_agenda") else self.sessions[0]
        if index in (0, 6):
            session = self.sessions[0]
        day = session.start_date
        lead = self.demo_deputy if index in (0, 3) else self.deputies[(index * 7 + 2) % 40]
        co_signers = self.signers(index + 1, lead, 5)
        item = self.draft(
            kind=Kind.MOTION,
            title=title,
            content=f"{title[2:-3]}，事关全镇群众切身利益。建议镇人民政府制定具体实施方案，"
            "明确责任单位和完成时限，并向镇人民代表大会报告落实情况。",
            topic=topic,
            lead=lead,
            co_signers=co_signers,
            session=session,
            day=day,
        )
        self.submit_and_register(item, day)
        if outcome == "review":
            return
        review_day = session.end_date or day
        decision = outcome if outcome in ("put_on_agenda", "not_accept") else "convert"
        reason = {
            "not_accept": "所提事项属于县级事权，不属于本级人民代表大会职权范围，已转交有关部门研究。",
            "convert": "内容具体、针对性强，作为代表建议交有关单位办理。",
        }.get(decision, "")
        # The presidium decides; the secretary records its decision (the review is hers).
        services.motion_review(
            actor=self.secretary,
            proposal=item,
            version=item.version,
            decision=decision,
            reason=reason,
        )
        self.steps.stamp(review_day)
        if decision == "put_on_agenda":
            if index == 0:
                self.publish(item)
            return
        if decision != "convert":
            return
        days_ago = (self.today - review_day).days - 10
        lead_unit = self.units["云溪县水务局" if topic == Topic.ENVIRONMENT else "云溪县交通运输局"]
        self.assign(item, days_ago, lead_unit, self.units["党政办"], broad=True)
        category = "A" if outcome == "convert_closed" else "B"
        self.reply(item, days_ago - 60, category)
        self.evaluate(
            item, days_ago - 70, Verdict.SATISFIED if category == "A" else Verdict.BASICALLY
        )
        if category == "B":
            self.milestones(item, days_ago - 60)

    # Suggestions

    def suggestion(self, number, title, topic, village, issue, state, i, lead_unit, co_unit):
        # Days ago of submission, assignment, reply, evaluation, per final state.
        timing = {
            "draft": (2 + i, None, None, None),
            "submitted": (2 + i, None, None, None),
            "awaiting": (5 + 3 * i, None, None, None),
            "returned": (30, 20, None, None),
            "declined": (60 + 40 * i, None, None, None),
            "withdrawn": (90 + 50 * i, None, None, None),
            "assigned": (40 + 6 * i, 32 + 6 * i, None, None),
            "overdue": (150 + 10 * i, 120 + 10 * i, None, None),
            "due_soon": (95 + 3 * i, 85 + 3 * i, None, None),
            "replied": (80 + 8 * i, 70 + 8 * i, 5 + 3 * i, None),
            "rehandling": (120 + 15 * i, 110 + 15 * i, 30 + 5 * i, 25 + 5 * i),
            "rehandling_overdue": (160, 150, 70, 60),
            "satisfied": (335 - 15 * i, 323 - 15 * i, None, None),
            "basically": (300 - 17 * i, 288 - 17 * i, 238 - 17 * i, 228 - 17 * i),
            "lapsed": (250 - 15 * i, 240 - 15 * i, 180 - 15 * i, None),
            "closed_by_secretary": (200, 190, 120, 100),
            "closed_after_rehandling": (280 - 20 * i, 270 - 20 * i, 220 - 20 * i, 210 - 20 * i),
        }
        s_ago, a_ago, r_ago, e_ago = timing[state]
        if state == "satisfied":
            # Mostly answered within the three months; a few late.
            r_ago = a_ago - (110 if i in (3, 10) else 35 + 7 * (i % 5))
            e_ago = r_ago - 8
        submitted = self.day(s_ago)
        session = self.session_for(submitted) if state not in ("draft", "submitted") else None
        if session:
            submitted = session.start_date
        lead = self.lead_for(number)
        item = self.draft(
            kind=Kind.SUGGESTION,
            title=title,
            content=f"{village}群众反映，{issue.removesuffix('问题')}方面存在困难，影响生产生活。"
            f"建议有关单位深入{village}调查研究，尽快{issue}，切实解决群众的急难愁盼问题。",
            topic=topic,
            lead=lead,
            co_signers=self.signers(number, lead, number % 4),
            session=session,
            day=max(submitted - timedelta(days=2), self.today - timedelta(days=365)),
        )
        if state == "draft":
            return
        self.submit_and_register(item, submitted, register=state != "submitted")
        if state == "submitted":
            return
        if state == "withdrawn":
            services.proposal_withdraw(
                actor=self.actor_for(lead),
                proposal=item,
                version=item.version,
                reason="问题已由村委会协调解决，申请撤回。",
            )
            self.steps.stamp(submitted + timedelta(days=5))
            return
        if state == "declined":
            services.proposal_decline(
                actor=self.secretary,
                proposal=item,
                version=item.version,
                reason="所提事项属于个人家庭纠纷，不作为代表建议处理，已转司法所调解。",
            )
            self.steps.stamp(submitted + timedelta(days=3))
            return
        if state == "awaiting":
            return
        self.assign(item, a_ago, lead_unit, co_unit, broad=state == "basically" and i == 0)
        if state == "returned":
            lead_assignment = item.assignments.get(active=True, role="lead")
            day = lead_assignment.assigned_date + timedelta(days=2)
            services.assignment_return(
                actor=self.officer,
                assignment=lead_assignment,
                reason="该事项属于县级部门职责，不属于我办职能范围，申请退回重新交办。",
                day=day,
            )
            self.steps.stamp(day)
            return
        if r_ago is None and state in ("assigned", "overdue", "due_soon"):
            return
        category = self.category(state, i)
        self.reply(item, r_ago, category)
        if state == "replied":
            return
        if state == "lapsed":
            day = self.day(r_ago) + timedelta(days=31)
            services.evaluation_lapse(proposal=item, day=day)
            self.steps.stamp(day)
            return
        if state == "closed_by_secretary":
            services.proposal_close(
                actor=self.secretary,
                proposal=item,
                version=item.version,
                note="代表外出务工无法评价，经电话联系表示认可办理结果，予以办结。",
            )
            self.steps.stamp(self.day(e_ago))
            return
        if state in ("rehandling", "rehandling_overdue", "closed_after_rehandling"):
            self.evaluate(item, e_ago, Verdict.UNSATISFIED)
            if state != "closed_after_rehandling":
                return
            self.reply(item, e_ago - 20, "A", "经重新办理，已落实到位。")
            self.evaluate(item, e_ago - 27, Verdict.SATISFIED)
            return
        verdict = Verdict.SATISFIED if state == "satisfied" else Verdict.BASICALLY
        self.evaluate(item, e_ago, verdict)
        if category == "B":
            self.milestones(item, r_ago)
        if state == "satisfied" and i % 4 == 0:
            self.publish(item)

    @staticmethod
    def category(state, i):
        if state == "replied":
            return "ABCD"[i]
        if state == "satisfied":
            return "B" if i % 5 == 2 else "A"
        if state == "basically":
            return "BBCDBACB"[i]
        if state == "lapsed":
            return "CABD"[i]
        if state in ("rehandling", "rehandling_overdue", "closed_after_rehandling"):
            return "C" if i else "B"
        return "A"
