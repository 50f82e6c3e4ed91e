"""Demo data of the voters' opinions: a code for every deputy in office and every station, and
a dozen opinions in every state, most of them sent to the demo deputy's code; one became a
suggestion that the unit has replied to. Idempotent: opinions already seeded are kept."""

from datetime import timedelta

from django.utils import timezone

from congress.roles import Role
from deputies.models import Deputy, DeputyStatus, LiaisonStation
from intake import services
from intake.models import Code, Opinion, OpinionEvent
from proposals import services as proposal_services
from proposals.models import HandlingUnit, Reply

# Tracking codes of the demo opinions (letters of the tracking alphabet only).
PREFIX = "QSDEMZ"
ALPHABET = "ABCDEFGHJKMN"

# (days ago, owner: "deputy" (the demo deputy) / "station" / "other", topic, village, text,
#  name, phone, outcome)
OPINIONS = [
    (
        1,
        "deputy",
        "transport",
        "河东村",
        "河东村到镇上的班车下午四点以后就没有了，学生放学回家很不方便，希望能增加一班。",
        "张大爷",
        "13812345601",
        "new",
    ),
    (
        2,
        "deputy",
        "environment",
        "河西村",
        "河西村垃圾收集点三天才清运一次，夏天气味很大，希望增加清运次数。",
        "",
        "",
        "new",
    ),
    (
        10,
        "deputy",
        "health",
        "河东村",
        "村卫生室的医生每周只来两天，老人看病要跑到镇上，希望增加坐诊天数。",
        "李阿姨",
        "13912345602",
        "new",
    ),
    (
        3,
        "station",
        "governance",
        "青山社区",
        "买我们的产品 www.example.com 优惠多多",
        "",
        "",
        "queue",
    ),
    (
        20,
        "deputy",
        "urban_rural",
        "河东村",
        "河东村三组路灯坏了两个多月了，晚上出行不安全。",
        "王师傅",
        "13712345603",
        "answered",
    ),
    (
        25,
        "station",
        "social_security",
        "石桥村",
        "想咨询今年城乡居民医保的缴费时间和标准。",
        "赵女士",
        "13612345604",
        "answered_rated",
    ),
    (
        30,
        "deputy",
        "agriculture",
        "河西村",
        "今年的水稻种植补贴什么时候发放？村里很多人在问。",
        "陈大哥",
        "13512345605",
        "contact",
    ),
    (
        35,
        "other",
        "education",
        "柳塘村",
        "柳塘小学门口没有减速带，接送孩子时车速很快，很危险。",
        "",
        "",
        "contact",
    ),
    (
        40,
        "station",
        "governance",
        "石桥村",
        "邻居长期占用公共通道堆放杂物，多次协商无果。",
        "周先生",
        "13412345606",
        "petition",
    ),
    (
        50,
        "deputy",
        "transport",
        "河东村",
        "河东村通往集镇的道路坑洼严重，雨天积水，希望尽快修缮。",
        "吴大姐",
        "13312345607",
        "suggestion_replied",
    ),
    (
        6,
        "deputy",
        "environment",
        "河西村",
        "河西村的小河沟里有人倾倒建筑垃圾，希望能管一管。",
        "",
        "",
        "suggestion_draft",
    ),
    (15, "station", "other", "", "aaaaaaaaaaaaaaaaaaaa", "", "", "spam"),
]


def seed(*, term, accounts, names):
    secretary = accounts[Role.SECRETARY]
    services.codes_ensure_all(actor=secretary)
    if Opinion.objects.filter(tracking_code__startswith=PREFIX).exists():
        return
    demo = Deputy.objects.filter(user=accounts[Role.DEPUTY]).first()
    deputies = list(Deputy.objects.filter(status=DeputyStatus.IN_OFFICE).order_by("pk"))
    other = next(d for d in deputies if d != demo)
    station = LiaisonStation.objects.order_by("pk").first()
    now = timezone.now()
    for index, (days, owner, topic, village, text, name, phone, outcome) in enumerate(OPINIONS):
        if owner == "station" and station:
            code = Code.objects.get(station=station, active=True)
        else:
            code = Code.objects.get(
                deputy=demo if owner == "deputy" and demo else other, active=True
            )
        opinion = services.opinion_submit(
            code=code,
            address=f"192.0.2.{index + 1}",
            data={"topic": topic, "text": text, "village": village, "name": name, "phone": phone},
            now=now - timedelta(days=days),
        )
        Opinion.objects.filter(pk=opinion.pk).update(tracking_code=f"{PREFIX}{ALPHABET[index]}A")
        OpinionEvent.objects.filter(opinion=opinion).update(at=now - timedelta(days=days))
        opinion.refresh_from_db()
        _handle(opinion, outcome, secretary, accounts, days)


def _handler(opinion, secretary):
    if opinion.deputy_id and opinion.deputy.user_id:
        return opinion.deputy.user
    return secretary


def _handle(opinion, outcome, secretary, accounts, days):
    actor = _handler(opinion, secretary)
    if outcome == "queue":
        return
    if outcome.startswith("answered"):
        services.opinion_answer(
            actor=actor,
            opinion=opinion,
            answer="已向镇相关部门了解，答复如下：已安排专人处理，预计两周内完成，感谢您的反映。",
        )
        if outcome == "answered_rated":
            services.opinion_rate(opinion=opinion, satisfied=True)
    elif outcome == "contact":
        services.opinion_to_contact(
            actor=actor,
            opinion=opinion,
            action_taken="已电话联系群众，解释了相关政策，并将情况反映给镇相关部门。",
        )
    elif outcome == "petition":
        services.opinion_to_petition(
            actor=actor, opinion=opinion, answer="已转镇信访办按程序处理，请留意后续通知。"
        )
    elif outcome == "spam":
        services.opinion_mark_spam(actor=secretary, opinion=opinion, note="无实际内容")
    elif outcome.startswith("suggestion"):
        opinion = services.opinion_to_suggestion(
            actor=actor, opinion=opinion, title=f"关于{opinion.text[:12]}的建议"
        )
        if outcome == "suggestion_replied":
            _replied(opinion.proposal, actor, secretary, accounts)


def _replied(item, deputy_user, secretary, accounts):
    """The suggestion submitted, registered, assigned to the officer's unit and replied to."""
    proposal_services.proposal_submit(actor=deputy_user, proposal=item, version=item.version)
    item.refresh_from_db()
    proposal_services.proposal_register(actor=secretary, proposal=item, version=item.version)
    item.refresh_from_db()
    officer = accounts[Role.UNIT_OFFICER]
    unit = HandlingUnit.objects.filter(officers=officer).first() or HandlingUnit.objects.first()
    proposal_services.proposal_assign(
        actor=secretary, proposal=item, version=item.version, lead_unit=unit
    )
    item.refresh_from_db()
    proposal_services.reply_submit(
        actor=secretary,
        proposal=item,
        version=item.version,
        reply=Reply(
            text="该路段已列入今年村道维修计划，预计下月开工，工期约一个月。联系电话0571-1234567。",
            category="B",
            contact_person="王科长",
            phone="0571-1234567",
        ),
    )
