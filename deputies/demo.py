"""Demo data of the deputies app, called by `seed_demo` after the congress app's demo data.

A roster of 52 township deputies in office (a few also county deputies, one provincial) and
two who left, five groups, two liaison stations, a year of activities with attendance, voter
contacts, a few petitions and the attendance at the sessions already held. The demo deputy
account is linked to one deputy with a full record.

Idempotent: records are matched by natural keys (names, topics, contents); dates follow
today, so a later run moves them along without adding rows. Attributes come from a seeded
random generator, so every run gives the same township.
"""

import random
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from congress.models import PresidiumMember, Session
from congress.roles import Role
from deputies.models import (
    Activity,
    ActivityKind,
    AttendanceStatus,
    Deputy,
    DeputyGroup,
    DeputyStatus,
    Education,
    Gender,
    GroupMembership,
    Level,
    LiaisonStation,
    Occupation,
    Organiser,
    Party,
    Petition,
    Seat,
    SessionAttendance,
    VoterContact,
)
from deputies.selectors import in_office_on
from deputies.services import activity_save, session_attendance_set

IN_OFFICE = 52
DISTRICTS = 22
DEMO_DEPUTY_INDEX = 3  # in the first group, resident at the first station
COUNTY_DEPUTIES = (0, 1, 12, 30)
PROVINCIAL_DEPUTY = 1

GROUPS = [
    ("第一代表小组", "青山社区、镇直单位"),
    ("第二代表小组", "河东村、河西村"),
    ("第三代表小组", "石桥村、柳塘村、双井村"),
    ("第四代表小组", "新田村、高岭村、枫林村"),
    ("第五代表小组", "龙潭村、上坪村、下坪村"),
]
GROUP_VILLAGES = [
    ["青山社区"],
    ["河东村", "河西村"],
    ["石桥村", "柳塘村", "双井村"],
    ["新田村", "高岭村", "枫林村"],
    ["龙潭村", "上坪村", "下坪村"],
]
STATIONS = [
    # name, kind, address, phone, reception days, groups whose deputies are resident
    (
        "青山镇人大代表联络站",
        LiaisonStation.Kind.STATION,
        "青山镇人民路18号镇便民服务中心二楼",
        "0855-3712345",
        "10,20",
        (0, 1),
    ),
    (
        "河东村人大代表联络点",
        LiaisonStation.Kind.POINT,
        "青山镇河东村村民委员会一楼",
        "0855-3716688",
        "5,15,25",
        (2,),
    ),
]
MINORITIES = ["苗族", "侗族", "土家族", "布依族"]
DUTY_POSTS = ["环境治理岗", "乡村振兴岗", "民生保障岗", "安全生产岗", "基层治理岗", "产业发展岗"]
WORKPLACES = {
    Occupation.FARMER: ["{village}村民", "{village}种植大户", "{village}养殖户"],
    Occupation.WORKER: ["云溪县水泥厂工人", "青山镇自来水厂职工", "云溪县电力公司青山供电所职工"],
    Occupation.PROFESSIONAL: ["青山镇中心小学教师", "青山镇卫生院医生", "青山镇农业服务中心农艺师"],
    Occupation.CADRE: ["{village}党支部书记", "{village}村民委员会主任", "青山镇人民政府干部"],
    Occupation.BUSINESS: [
        "青山茶叶专业合作社理事长",
        "青山竹木制品有限公司总经理",
        "河东农家乐负责人",
    ],
    Occupation.OTHER: ["个体工商户", "退休教师"],
}

# Activities: (days ago, kind, topic, place, organiser, participants, extra fields).
# Participants: "all" (every deputy in office), ("group", i), ("station", i), ("sample", n).
ACTIVITIES = [
    (
        350,
        ActivityKind.TRAINING,
        "学习宪法和代表法专题培训",
        "镇政府三楼会议室",
        "presidium",
        "all",
        {"training_hours": 4},
    ),
    (
        340,
        ActivityKind.RECEPTION,
        "联络站接待选民日：听取对镇村道路建设的意见",
        "青山镇人大代表联络站",
        ("station", 0),
        ("station", 0),
        {"voters_received": 14},
    ),
    (
        330,
        ActivityKind.INSPECTION,
        "视察农村人居环境整治工作",
        "河东村、河西村",
        "presidium",
        ("sample", 12),
        {"issues_found": 6, "issues_rectified": 5},
    ),
    (
        318,
        ActivityKind.HOME_VISIT,
        "入户走访收集民情民意",
        "石桥村",
        ("group", 2),
        ("group", 2),
        {"voters_received": 32},
    ),
    (
        305,
        ActivityKind.INVESTIGATION,
        "调研茶叶产业发展情况",
        "新田村、高岭村",
        "presidium",
        ("sample", 9),
        {"issues_found": 4, "issues_rectified": 2},
    ),
    (
        292,
        ActivityKind.REPORT_BACK,
        "代表向选民述职（第一、二选区）",
        "青山社区居委会",
        ("group", 0),
        ("sample_group", 0, 4),
        {"satisfaction": Decimal("96.5"), "other_attendees": 58},
    ),
    (
        280,
        ActivityKind.RECEPTION,
        "联络点接待选民日：收集农业生产中的困难",
        "河东村人大代表联络点",
        ("station", 1),
        ("station", 1),
        {"voters_received": 9},
    ),
    (
        268,
        ActivityKind.ENFORCEMENT_CHECK,
        "《中华人民共和国食品安全法》执法检查",
        "青山镇集贸市场",
        "presidium",
        ("sample", 10),
        {"issues_found": 5, "issues_rectified": 5},
    ),
    (
        255,
        ActivityKind.FORUM,
        "代表座谈会：听取镇政府半年工作通报",
        "镇政府三楼会议室",
        "presidium",
        ("sample", 20),
        {},
    ),
    (
        240,
        ActivityKind.EVALUATION,
        "评议镇民政办工作",
        "镇政府三楼会议室",
        "presidium",
        ("sample", 15),
        {"satisfaction": Decimal("91.2")},
    ),
    (
        226,
        ActivityKind.RECEPTION,
        "联络站接待选民日：听取对农村医疗保障的意见",
        "青山镇人大代表联络站",
        ("station", 0),
        ("station", 0),
        {"voters_received": 11},
    ),
    (
        212,
        ActivityKind.PUBLICITY,
        "宪法宣传进村入户",
        "龙潭村",
        ("group", 4),
        ("group", 4),
        {"other_attendees": 120},
    ),
    (
        198,
        ActivityKind.TRAINING,
        "学习监督法和预算审查监督培训",
        "镇文化活动中心",
        "presidium",
        "all",
        {"training_hours": 3},
    ),
    (
        185,
        ActivityKind.INSPECTION,
        "视察乡村道路建设和养护",
        "石桥村、柳塘村",
        ("group", 2),
        ("group", 2),
        {"issues_found": 3, "issues_rectified": 2},
    ),
    (
        172,
        ActivityKind.HEARING,
        "就农村饮水安全开展专题询问",
        "镇政府三楼会议室",
        "presidium",
        ("sample", 14),
        {"issues_found": 2, "issues_rectified": 1},
    ),
    (
        160,
        ActivityKind.PETITION_RECEPTION,
        "代表参与信访接待",
        "镇信访接待室",
        "presidium",
        ("sample", 4),
        {"voters_received": 6},
    ),
    (148, ActivityKind.PAIRING, "结对帮扶困难户", "高岭村", ("group", 3), ("group", 3), {}),
    (
        136,
        ActivityKind.RECEPTION,
        "联络点接待选民日：收集河东片区饮水问题",
        "河东村人大代表联络点",
        ("station", 1),
        ("station", 1),
        {"voters_received": 12},
    ),
    (
        122,
        ActivityKind.INSPECTION,
        "视察镇卫生院和村卫生室建设",
        "青山镇卫生院",
        "presidium",
        ("sample_with_demo", 11),
        {"issues_found": 4, "issues_rectified": 3},
    ),
    (
        110,
        ActivityKind.SITTING_IN,
        "列席镇党委扩大会议",
        "镇政府三楼会议室",
        "presidium",
        ("sample", 5),
        {},
    ),
    (
        98,
        ActivityKind.HOME_VISIT,
        "走访选民听取意见建议",
        "青山社区",
        ("group", 0),
        ("group", 0),
        {"voters_received": 26},
    ),
    (
        86,
        ActivityKind.TRAINING,
        "乡村振兴政策专题学习",
        "镇文化活动中心",
        "presidium",
        "all",
        {"training_hours": 3},
    ),
    (
        75,
        ActivityKind.RECEPTION,
        "联络站接待选民日：听取对安全生产工作的意见",
        "青山镇人大代表联络站",
        ("station", 0),
        ("station", 0),
        {"voters_received": 16},
    ),
    (
        63,
        ActivityKind.INVESTIGATION,
        "调研农村养老服务情况",
        "双井村、柳塘村",
        "presidium",
        ("sample", 8),
        {"issues_found": 3, "issues_rectified": 1},
    ),
    (
        52,
        ActivityKind.REPORT_BACK,
        "代表向选民述职（第十至十二选区）",
        "石桥村村委会",
        ("group", 2),
        ("sample_group", 2, 3),
        {"satisfaction": Decimal("94.0"), "other_attendees": 46},
    ),
    (
        41,
        ActivityKind.INSPECTION,
        "视察森林防火工作",
        "枫林村、上坪村",
        "presidium",
        ("sample_with_demo", 10),
        {"issues_found": 5, "issues_rectified": 3},
    ),
    (
        30,
        ActivityKind.ENFORCEMENT_CHECK,
        "《中华人民共和国安全生产法》执法检查",
        "青山竹木制品有限公司",
        "presidium",
        ("sample", 9),
        {"issues_found": 7, "issues_rectified": 4},
    ),
    (
        22,
        ActivityKind.FORUM,
        "代表小组座谈：讨论年度建议",
        "河西村村委会",
        ("group", 1),
        ("group", 1),
        {},
    ),
    (
        16,
        ActivityKind.RECEPTION,
        "联络点接待选民日：收集年度建议线索",
        "河东村人大代表联络点",
        ("station", 1),
        ("station", 1),
        {"voters_received": 8},
    ),
    (
        9,
        ActivityKind.INSPECTION,
        "视察民生实事项目推进情况",
        "青山社区、河东村",
        ("group", 0),
        ("group", 0),
        {"issues_found": 3, "issues_rectified": 1},
    ),
]
MULTI_DAY = {"调研茶叶产业发展情况", "调研农村养老服务情况"}

CONTACT_ISSUES = [
    ("组里的机耕道雨天泥泞，希望硬化", "已向镇交通运输办反映，列入明年计划"),
    ("村里饮用水管老化，夏季经常停水", "联系镇水务站现场查看，已安排维修"),
    ("希望增加镇到村的公交班次", "向镇政府反映，正在协调客运公司"),
    ("老人看病报销手续复杂", "向镇卫生院了解政策，已向群众解释"),
    ("茶叶收购价格偏低，希望引进加工企业", "整理成建议，拟在人代会上提出"),
    ("路灯损坏多处，夜间出行不便", "已转村委会，路灯已修复"),
    ("垃圾清运不及时", "与镇环卫站沟通，已增加清运频次"),
    ("留守儿童放学后无人看管", "建议村里办四点半课堂，正在筹备"),
    ("河道淤积，汛期有隐患", "向镇水利站反映，已列入清淤计划"),
    ("低保评定不够公开", "向镇民政办反映，已张榜公示"),
    ("小学门口交通秩序乱", "联系派出所在上下学时段安排执勤"),
    ("希望开展农业技术培训", "与镇农业服务中心联系，已安排培训"),
]
PETITIONS = [
    (
        "letter",
        "河东村村民王某",
        "反映宅基地界址纠纷，请求调处",
        "转镇司法所调解",
        "双方达成调解协议",
        True,
    ),
    (
        "visit",
        "石桥村村民赵某等3人",
        "反映修路占用承包地补偿未到位",
        "转镇国土所核实",
        "补偿款已发放",
        True,
    ),
    ("forwarded", "龙潭村村民", "反映山塘渗漏影响灌溉", "转镇水利站", "", False),
    (
        "online",
        "青山社区居民",
        "反映农贸市场周边噪音扰民",
        "转镇综合执法队",
        "已规范经营时间",
        True,
    ),
    ("letter", "高岭村村民李某", "反映养老保险缴费年限计算有误", "转县社保局", "", False),
]


def seed(*, term, accounts, names):
    """Grow the demo roster: deputies, groups, stations, a year of activities and contacts."""
    rng = random.Random(2021)
    today = timezone.localdate()
    secretary = accounts[Role.SECRETARY]

    deputies = _deputies(rng, term, accounts[Role.DEPUTY], names, today)
    in_office = deputies[:IN_OFFICE]
    groups = _groups(term, in_office, deputies[IN_OFFICE:], today)
    members = [[d for k, d in enumerate(in_office) if _group_index(k) == g] for g in range(5)]
    stations = _stations(members)
    demo = in_office[DEMO_DEPUTY_INDEX]
    _activities(rng, secretary, in_office, groups, stations, members, demo, today)
    _contacts(rng, secretary, in_office, demo, today)
    _petitions(in_office, today)
    _session_attendance(secretary, term, in_office, demo, today)


def _group_index(k):
    return k * len(GROUPS) // IN_OFFICE


def _deputies(rng, term, demo_user, names, today):
    # The congress's chair and vice-chairs are deputies (the session elected them from among
    # the deputies): the first deputies carry their names.
    leaders = list(
        PresidiumMember.objects.filter(
            term=term,
            end_date__isnull=True,
            role__in=(PresidiumMember.Role.CHAIR, PresidiumMember.Role.VICE_CHAIR),
        )
        .order_by("pk")
        .values_list("name", flat=True)
    )
    deputies = []
    for k in range(IN_OFFICE + 2):
        in_office = k < IN_OFFICE
        group = _group_index(min(k, IN_OFFICE - 1))
        village = rng.choice(GROUP_VILLAGES[group])
        gender = Gender.FEMALE if rng.random() < 0.27 else Gender.MALE
        birth = date(1962, 1, 1) + timedelta(days=rng.randrange(0, 365 * 36))
        occupation = rng.choices(list(WORKPLACES), weights=[35, 10, 15, 20, 15, 5], k=1)[0]
        party = rng.choices([Party.CPC, Party.DEMOCRATIC, Party.MASSES], weights=[66, 5, 29], k=1)[
            0
        ]
        education = rng.choices(Education.values, weights=[3, 14, 24, 15, 20, 24], k=1)[0]
        ethnicity = rng.choice(MINORITIES) if rng.random() < 0.15 else "汉族"
        phone = f"1{rng.choice('3589')}{rng.randrange(10**9):09d}"
        workplace = rng.choice(WORKPLACES[occupation]).format(village=village)
        duty_post = rng.choice(DUTY_POSTS) if rng.random() < 0.5 else ""
        with_id = rng.random() < 0.8
        name = names()
        if k == DEMO_DEPUTY_INDEX:
            name = demo_user.name or name
        elif k < len(leaders):
            name = leaders[k]
        defaults = {
            "gender": gender,
            "ethnicity": ethnicity,
            "birth_date": birth,
            "id_number": _id_number(k, birth, gender) if with_id else "",
            "party": party,
            "education": education,
            "occupation": occupation,
            "workplace": workplace,
            "phone": phone,
            "district": f"第{k * DISTRICTS // IN_OFFICE + 1}选区" if in_office else "第5选区",
            "duty_post": duty_post,
            "status": DeputyStatus.IN_OFFICE,
            "status_date": None,
            "user": demo_user if k == DEMO_DEPUTY_INDEX else None,
        }
        if not in_office:
            defaults["status"] = (DeputyStatus.RESIGNED, DeputyStatus.DECEASED)[k - IN_OFFICE]
            defaults["status_date"] = today - timedelta(days=420 + 60 * (k - IN_OFFICE))
        deputy, _ = Deputy.objects.update_or_create(name=name, defaults=defaults)
        Seat.objects.get_or_create(deputy=deputy, level=Level.TOWNSHIP, term_number=term.number)
        if k in COUNTY_DEPUTIES:
            Seat.objects.get_or_create(deputy=deputy, level=Level.COUNTY, term_number=None)
        if k == PROVINCIAL_DEPUTY:
            Seat.objects.get_or_create(deputy=deputy, level=Level.PROVINCE, term_number=None)
        deputies.append(deputy)
    return deputies


def _id_number(k, birth, gender):
    """A well-formed GB 11643 number (county code 522631), unique per demo deputy."""
    sequence = 100 + 2 * k + (1 if gender == Gender.MALE else 0)
    body = f"522631{birth:%Y%m%d}{sequence:03d}"
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    check = "10X98765432"[sum(int(c) * w for c, w in zip(body, weights, strict=True)) % 11]
    return body + check


def _groups(term, in_office, left, today):
    liaisons = list(
        PresidiumMember.objects.filter(term=term, end_date__isnull=True)
        .exclude(role=PresidiumMember.Role.SECRETARY)
        .order_by("pk")
    )
    groups = []
    for g, (name, area) in enumerate(GROUPS):
        members = [d for k, d in enumerate(in_office) if _group_index(k) == g]
        group, _ = DeputyGroup.objects.update_or_create(
            name=name,
            defaults={
                "area": area,
                "leader": members[0],
                "liaison": liaisons[(g + 1) % len(liaisons)] if liaisons else None,
            },
        )
        for deputy in members:
            current = deputy.memberships.filter(end_date__isnull=True).first()
            if current is None or current.group_id != group.pk:
                if current is not None:
                    current.end_date = max(today, current.start_date)
                    current.save(update_fields=["end_date"])
                GroupMembership.objects.create(
                    deputy=deputy, group=group, start_date=term.start_date
                )
        groups.append(group)
    # Those who left were in the last group until they left.
    for deputy in left:
        if not deputy.memberships.exists():
            GroupMembership.objects.create(
                deputy=deputy,
                group=groups[-1],
                start_date=term.start_date,
                end_date=max(deputy.status_date, term.start_date),
            )
    return groups


def _stations(members):
    stations = []
    for name, kind, address, phone, days, resident_groups in STATIONS:
        station, _ = LiaisonStation.objects.update_or_create(
            name=name,
            defaults={
                "kind": kind,
                "address": address,
                "phone": phone,
                "reception_days": days,
                "notice_days": 3,
            },
        )
        station.demo_residents = [d for g in resident_groups for d in members[g][:6]]
        station.resident_deputies.set(station.demo_residents)
        stations.append(station)
    return stations


def _activities(rng, secretary, in_office, groups, stations, members, demo, today):
    for days_ago, kind, topic, place, organiser, participants, extra in ACTIVITIES:
        start = today - timedelta(days=days_ago)
        end = start + timedelta(days=1) if topic in MULTI_DAY else None
        existing = Activity.objects.filter(topic=topic, kind=kind, place=place).first()
        if existing is not None:
            # Keep the demo year current: move the dates, keep the attendance recorded.
            Activity.objects.filter(pk=existing.pk).update(start_date=start, end_date=end)
            _attendance(rng, participants, in_office, stations, members, demo)  # same draws
            continue
        activity = Activity(kind=kind, topic=topic, start_date=start, end_date=end, place=place)
        if organiser == "presidium":
            activity.organiser = Organiser.PRESIDIUM
        elif organiser[0] == "group":
            activity.organiser, activity.group = Organiser.GROUP, groups[organiser[1]]
        else:
            activity.organiser, activity.station = Organiser.STATION, stations[organiser[1]]
        for field, value in extra.items():
            setattr(activity, field, value)
        if activity.issues_found:
            activity.findings = (
                f"发现问题{activity.issues_found}项，已督促整改到位{activity.issues_rectified}项，"
                "其余问题已交有关部门限期整改。"
            )
        attendance = _attendance(rng, participants, in_office, stations, members, demo)
        activity_save(actor=secretary, activity=activity, attendance=attendance)


def _attendance(rng, participants, in_office, stations, members, demo):
    """Deputy → status for an activity's participants (the draws are the same every run)."""
    if participants == "all":
        chosen = list(in_office)
    elif participants[0] == "group":
        chosen = list(members[participants[1]])
    elif participants[0] == "station":
        chosen = list(stations[participants[1]].demo_residents)
    elif participants[0] == "sample_group":
        chosen = rng.sample(members[participants[1]], participants[2])
        if participants[1] == 0 and demo not in chosen:
            chosen[0] = demo  # the demo deputy reports to voters once a year
    else:
        chosen = rng.sample(in_office, participants[1])
        if participants[0] == "sample_with_demo" and demo not in chosen:
            chosen[0] = demo
    attendance = {}
    for deputy in chosen:
        roll = rng.random()
        if deputy == demo or roll >= 0.12:
            attendance[deputy] = AttendanceStatus.PRESENT
        else:
            attendance[deputy] = AttendanceStatus.LEAVE if roll < 0.09 else AttendanceStatus.ABSENT
    return attendance


def _contacts(rng, secretary, in_office, demo, today):
    """About 80 voter contacts: the demo deputy's nearly every month, the rest spread out."""
    wanted = []
    skipped_month = (today.replace(day=1) - timedelta(days=70)).replace(day=1)
    for months_ago in range(12):
        first = _months_back(today, months_ago)
        if first == skipped_month:
            continue  # the demo deputy missed one month: the checklist shows it
        day = min(first + timedelta(days=7), today)
        wanted.append((demo, day))
    others = [d for d in in_office if d != demo]
    for _ in range(69):
        wanted.append((rng.choice(others), today - timedelta(days=rng.randrange(1, 360))))
    villages = {d.pk: GROUP_VILLAGES[_group_index(k)] for k, d in enumerate(in_office)}
    seen = set()
    for n, (deputy, day) in enumerate(wanted):
        issue, action = CONTACT_ISSUES[(n * 7) % len(CONTACT_ISSUES)]
        village = villages[deputy.pk][n % len(villages[deputy.pk])]
        voters = f"{village}{n % 9 + 1}组村民{rng.choice('王李张刘陈杨赵周吴')}某等"
        if (deputy.pk, voters, issue) in seen:
            continue
        seen.add((deputy.pk, voters, issue))
        VoterContact.objects.update_or_create(
            deputy=deputy,
            voters=voters,
            issues_raised=issue,
            defaults={
                "date": day,
                "method": (
                    VoterContact.Method.VISIT,
                    VoterContact.Method.PHONE,
                    VoterContact.Method.RECEPTION,
                    VoterContact.Method.MEETING,
                )[n % 4],
                "people": 1 + (n * 5) % 7,
                "action_taken": action,
                "created_by": secretary,
            },
        )


def _months_back(today, months):
    month = today.month - months
    year = today.year + (month - 1) // 12
    return date(year, (month - 1) % 12 + 1, 1)


def _petitions(in_office, today):
    for n, (source, petitioner, content, handling, outcome, closed) in enumerate(PETITIONS):
        received = today - timedelta(days=300 - 55 * n)
        Petition.objects.update_or_create(
            petitioner=petitioner,
            content=content,
            defaults={
                "received_date": received,
                "source": source,
                "deputy": in_office[n * 9] if source == "forwarded" or n % 2 else None,
                "handling": handling,
                "outcome": outcome,
                "status": Petition.Status.CLOSED if closed else Petition.Status.OPEN,
                "closed_date": received + timedelta(days=20) if closed else None,
            },
        )


def _session_attendance(secretary, term, in_office, demo, today):
    """Attendance at the sessions already held, with the session counts kept in step."""
    others = [d for d in in_office if d != demo]
    for n, session in enumerate(
        Session.objects.filter(term=term, start_date__lte=today).order_by("start_date")
    ):
        on_leave = set(others[3 + n :: 17][:3])
        absent = set(others[11 + n :: 23][:2])
        attendance = {
            d: AttendanceStatus.LEAVE
            if d in on_leave
            else AttendanceStatus.ABSENT
            if d in absent
            else AttendanceStatus.PRESENT
            # Everyone holding a seat at the opening, also those who left since: the
            # session's total is the roster's (实有代表数).
            for d in Deputy.objects.filter(
                in_office_on(session.start_date), seats__level=Level.TOWNSHIP
            ).distinct()
        }
        recorded = dict(
            SessionAttendance.objects.filter(session=session).values_list("deputy_id", "status")
        )
        if recorded != {d.pk: status for d, status in attendance.items()}:
            session_attendance_set(actor=secretary, session=session, attendance=attendance)
