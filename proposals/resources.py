"""Spreadsheet resources of the proposals app: handling units and the 办理情况汇总表.

- units 承办单位: 名称, 类型 (乡镇站所 / 村 / 县直部门), 联系人, 电话. A row updates the unit
  with the same 名称.
- proposals 议案建议: 编号, 类型 (议案 / 建议), 标题, 内容, 领衔代表, 附议代表 (names separated by
  、), 提出日期, 会议 (第十八届第八次会议, 十八届八次, 第18届第8次会议, 第8次会议, or 闭会期间), 类别
  (城乡建设、交通、教育、医疗卫生、农业农村、社会保障、生态环境、社会治理、其他), 主办单位,
  协办单位 (、), 交办日期, 答复期限, 答复日期, 答复类别 (A/B/C/D), 代表评价 (满意 / 基本满意 /
  不满意 / 未评价) and, optionally, 办理状态 (the export writes it last).

The proposals file brings an office's past years in. Each new row is registered through the
same services as an item entered by hand, in order — drafted, registered with the file's 编号
(later registrations continue after the highest number), assigned on 交办日期 with 答复期限,
replied on 答复日期, evaluated (or lapsed, 未评价), closed — by the person importing, so it gets
the same states and events. 办理状态 picks the ending the other columns leave open (a motion
列入议程 / 不予立案, an item 已撤回 or 不作为建议处理, a reply closed by the secretary 已办结) and
must agree with them. Items are matched by 类型 + 会议 (or the year of 提出日期 between
sessions) + 编号: a row identical to the recorded item changes nothing (so re-importing an
export changes nothing); a row that differs is refused — recorded items are changed on the
portal, where each step is an event. One step forward is the exception: a motion imported
under review (审查中) takes its session's decision from a row giving 办理状态 列入议程 or 不予立案,
recorded as the presidium's review (motion_review).

Names are read as offices write them and each reading is reported: units by NameIndex
(镇财政所, 青山镇财政所 → 财政所), sessions with or without the township's name and
人民代表大会 (青山镇第十七届人民代表大会第七次会议 → 第十七届第七次会议), or without the term
(第7次会议: the term in force on 提出日期).

The export lists every registered item, in number order: sessions first (by term and session),
then between sessions by year; motions before suggestions.
"""

import re
from types import SimpleNamespace

from django.core.exceptions import NON_FIELD_ERRORS
from django.db.models import Case, F, IntegerField, Prefetch, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields

from congress.models import Session, Term
from congress.selectors import township_name
from congress.spreadsheets import (
    LIST_JOINER,
    ChoiceWidget,
    DateWidget,
    NameIndex,
    SpreadsheetResource,
    TextWidget,
    add_error,
    format_date,
    name_key,
    parse_ordinal,
    split_list,
)
from congress.text import FULL_WIDTH_DIGITS, chinese_number
from deputies.resources import NamesMixin, _text
from proposals import deadlines, services
from proposals.models import (
    Assignment,
    HandlingUnit,
    Kind,
    Proposal,
    Reply,
    ReplyCategory,
    State,
    Topic,
    UnitKind,
    Verdict,
)

# The labels of the county's forms. They are the file format, so they are fixed here rather
# than taken from the portal's translations.
UNIT_KIND_LABELS = {
    UnitKind.TOWNSHIP_OFFICE: "乡镇站所",
    UnitKind.VILLAGE: "村",
    UnitKind.COUNTY_DEPARTMENT: "县直部门",
}
KIND_LABELS = {Kind.MOTION: "议案", Kind.SUGGESTION: "建议"}
TOPIC_LABELS = {
    Topic.URBAN_RURAL: "城乡建设",
    Topic.TRANSPORT: "交通",
    Topic.EDUCATION: "教育",
    Topic.HEALTH: "医疗卫生",
    Topic.AGRICULTURE: "农业农村",
    Topic.SOCIAL_SECURITY: "社会保障",
    Topic.ENVIRONMENT: "生态环境",
    Topic.GOVERNANCE: "社会治理",
    Topic.OTHER: "其他",
}
CATEGORY_LABELS = {c: c.value for c in ReplyCategory}
VERDICT_LABELS = {
    Verdict.SATISFIED: "满意",
    Verdict.BASICALLY: "基本满意",
    Verdict.UNSATISFIED: "不满意",
    Verdict.NONE: "未评价",
}
STATE_LABELS = {
    State.DRAFT: "草稿",
    State.SUBMITTED: "已提交",
    State.UNDER_REVIEW: "审查中",
    State.ON_AGENDA: "列入议程",
    State.ADOPTED: "通过",
    State.NOT_ADOPTED: "未通过",
    State.NOT_ACCEPTED: "不予立案",
    State.AWAITING_ASSIGNMENT: "待交办",
    State.ASSIGNED: "已交办",
    State.REPLIED: "已答复",
    State.REHANDLING: "重新办理",
    State.CLOSED: "已办结",
    State.WITHDRAWN: "已撤回",
    State.DECLINED: "不作为建议处理",
}
BETWEEN_SESSIONS = "闭会期间"
# The presidium's decisions on a motion that 办理状态 can record (motion_review's decisions).
REVIEW_DECISIONS = {State.ON_AGENDA: "put_on_agenda", State.NOT_ACCEPTED: "not_accept"}
# A session as written once the township's name, spaces and 人民代表大会/人大 are taken out
# (name_key): 第十八届第八次会议, 十八届八次, 18届8次会议, or without the term 第8次会议, 八次会议.
SESSION_CELL = re.compile(r"^(?:第?(?P<term>[^届第]+?)届)?第?(?P<session>[^次第届]+?)次(?:会议)?$")
# 编号: 12, 第12号, 建议第12号, 议案第3号, 建议1, 闭会建议1, or a label the portal prints
# (第十八届第八次会议建议第1号, 2025年闭会期间建议第3号): the number is what ends the cell.
NUMBER_CELL = re.compile(
    r"^(?:.*?(?:会议|闭会期间|闭会))?(?:议案|建议)?(?P<number>第?[0-9零〇一二两三四五六七八九十百千]+号?)$"
)


class LabelWidget(ChoiceWidget):
    """A choice written with the fixed label of the county's forms (乡镇站所, 议案, 满意 …)."""

    def __init__(self, choices, fixed, aliases=None, **kwargs):
        self.fixed = fixed
        super().__init__(choices, aliases=aliases, **kwargs)

    def labels(self):
        return {label: value for value, label in self.fixed.items()}

    def clean(self, value, row=None, **kwargs):
        # The labels the portal shows (乡镇机关站所, 审议中 …) are understood too.
        portal = ChoiceWidget.labels(self)
        text = "" if value is None else str(value).strip()
        if text in portal and text not in self.labels():
            return portal[text]
        return super().clean(value, row, **kwargs)

    def render(self, value, obj=None, **kwargs):
        return self.fixed.get(value, "") if value else ""


def session_label(session):
    """第十八届第八次会议, as the county's forms write it; 闭会期间 for no session."""
    if session is None:
        return BETWEEN_SESSIONS
    return f"第{chinese_number(session.term.number)}届第{chinese_number(session.number)}次会议"


# Units


class UnitResource(SpreadsheetResource):
    """承办单位: 名称, 类型, 联系人, 电话. Officer accounts are linked on the portal."""

    help_text = gettext_lazy(
        "A row updates the unit with the same name. 类型: 乡镇站所, 村 or 县直部门. Officer "
        "accounts are linked on the portal."
    )
    name = fields.Field(attribute="name", column_name="名称", widget=TextWidget())
    kind = fields.Field(
        attribute="kind",
        column_name="类型",
        widget=LabelWidget(
            UnitKind,
            UNIT_KIND_LABELS,
            aliases={
                "乡镇站所办": UnitKind.TOWNSHIP_OFFICE,
                "镇直单位": UnitKind.TOWNSHIP_OFFICE,
                "乡直单位": UnitKind.TOWNSHIP_OFFICE,
                "社区": UnitKind.VILLAGE,
                "村(社区)": UnitKind.VILLAGE,
                "村（社区）": UnitKind.VILLAGE,
                "村委会": UnitKind.VILLAGE,
                "县级部门": UnitKind.COUNTY_DEPARTMENT,
                "县直单位": UnitKind.COUNTY_DEPARTMENT,
            },
        ),
    )
    contact_person = fields.Field(
        attribute="contact_person", column_name="联系人", widget=TextWidget()
    )
    phone = fields.Field(attribute="phone", column_name="电话", widget=TextWidget())

    optional_columns = ("联系人", "电话")

    class Meta:
        model = HandlingUnit
        fields = ("name", "kind", "contact_person", "phone")

    def get_queryset(self):
        order = Case(
            *[When(kind=kind, then=Value(i)) for i, kind in enumerate(UNIT_KIND_LABELS)],
            output_field=IntegerField(),
        )
        return HandlingUnit.objects.order_by(order, "name")

    def lookup(self, row):
        return HandlingUnit.objects.filter(name=_text(row, "名称")).first()

    def import_extras(self, instance, row, errors, sheet_row):
        if instance.name:
            self.claim(
                ("unit", instance.name),
                sheet_row,
                errors,
                "name",
                _("This unit also appears in row %(row)s."),
            )


# Motions and suggestions


class NumberWidget(TextWidget):
    """编号: 12, 第12号, 建议第12号 or 议案第3号 (and the other forms of NUMBER_CELL)."""

    def clean(self, value, row=None, **kwargs):
        text = super().clean(value, row, **kwargs)
        if not text:
            return None
        match = NUMBER_CELL.match(re.sub(r"\s+", "", text.translate(FULL_WIDTH_DIGITS)))
        if match is None:
            raise ValueError(
                _("“%(value)s” is not a number; write it as 12, 第12号, 建议第12号 or 议案第3号.")
                % {"value": text}
            )
        return parse_ordinal(match["number"])

    def render(self, value, obj=None, **kwargs):
        return value


def _latest_reply(item):
    replies = sorted(item.replies.all(), key=lambda r: r.round)
    return replies[-1] if replies else None


def item_facts(item):
    """What a row of the 汇总表 says about a recorded item (prefetched as in the export)."""
    active = [a for a in item.assignments.all() if a.active]
    lead = next((a for a in active if a.role == Assignment.Role.LEAD), None)
    reply = _latest_reply(item)
    verdict = ""
    if reply is not None:
        verdicts = [
            e.verdict for e in reply.evaluations.all() if e.deputy_id == item.lead_deputy_id
        ]
        verdict = verdicts[-1] if verdicts else ""
    return SimpleNamespace(
        kind=item.kind,
        number=item.number,
        title=item.title,
        content=item.content,
        lead_deputy=item.lead_deputy,
        co_signers=list(item.co_signers.all()),
        submitted_date=item.submitted_date,
        session=item.session,
        topic=item.topic,
        lead_unit=lead.unit if lead else None,
        co_units=[a.unit for a in active if a.role == Assignment.Role.CO],
        assigned_date=lead.assigned_date if lead else None,
        deadline=item.deadline if lead else None,
        reply_date=reply.date if reply else None,
        category=reply.category if reply else "",
        verdict=verdict,
        state=item.state,
    )


def export_queryset():
    return (
        Proposal.objects.filter(number__isnull=False)
        .select_related("session__term", "lead_deputy")
        .prefetch_related(
            "co_signers",
            Prefetch(
                "assignments",
                queryset=Assignment.objects.filter(active=True).select_related("unit"),
            ),
            Prefetch("replies", queryset=Reply.objects.prefetch_related("evaluations")),
        )
        .order_by(
            F("session__term__number").asc(nulls_last=True),
            F("session__number").asc(nulls_last=True),
            "number_year",
            "kind",
            "number",
        )
    )


class ProposalResource(NamesMixin, SpreadsheetResource):
    help_text = gettext_lazy(
        "Brings past years in: each new row is registered, assigned, replied and evaluated "
        "through the portal's own steps, with the file's numbers and dates. Rows are matched "
        "by 类型, 会议 (or the year of 提出日期 between sessions) and 编号; a row identical to "
        "the recorded item changes nothing, a row that differs is refused, except 办理状态 "
        "列入议程 or 不予立案 given to a motion under review. 会议: 第十八届第八次会议 (or "
        "第八次会议, of the term in force on 提出日期) or 闭会期间. Names and units in one cell "
        "are separated by 、."
    )
    number = fields.Field(column_name="编号", widget=NumberWidget())
    kind = fields.Field(
        column_name="类型",
        widget=LabelWidget(Kind, KIND_LABELS, aliases={"建议、批评和意见": Kind.SUGGESTION}),
    )
    title = fields.Field(column_name="标题", widget=TextWidget())
    content = fields.Field(column_name="内容", widget=TextWidget())
    lead_deputy = fields.Field(column_name="领衔代表", widget=TextWidget())
    co_signers = fields.Field(column_name="附议代表", widget=TextWidget())
    submitted_date = fields.Field(column_name="提出日期", widget=DateWidget())
    session = fields.Field(column_name="会议", widget=TextWidget())
    topic = fields.Field(column_name="类别", widget=LabelWidget(Topic, TOPIC_LABELS))
    lead_unit = fields.Field(column_name="主办单位", widget=TextWidget())
    co_units = fields.Field(column_name="协办单位", widget=TextWidget())
    assigned_date = fields.Field(column_name="交办日期", widget=DateWidget())
    deadline = fields.Field(column_name="答复期限", widget=DateWidget())
    reply_date = fields.Field(column_name="答复日期", widget=DateWidget())
    category = fields.Field(
        column_name="答复类别",
        widget=LabelWidget(
            ReplyCategory,
            CATEGORY_LABELS,
            aliases={f"{c}类": c for c in CATEGORY_LABELS} | {c.lower(): c for c in "ABCD"},
        ),
    )
    verdict = fields.Field(column_name="代表评价", widget=LabelWidget(Verdict, VERDICT_LABELS))
    state = fields.Field(column_name="办理状态", widget=LabelWidget(State, STATE_LABELS))

    optional_columns = ("办理状态",)

    class Meta:
        model = Proposal
        fields = (
            "number",
            "kind",
            "title",
            "content",
            "lead_deputy",
            "co_signers",
            "submitted_date",
            "session",
            "topic",
            "lead_unit",
            "co_units",
            "assigned_date",
            "deadline",
            "reply_date",
            "category",
            "verdict",
            "state",
        )

    # Rendering (the export, and the comparison of a row with the recorded item)

    def render(self, facts):
        """column → text, as the export writes it."""
        deputies = sorted(facts.co_signers, key=lambda d: (d.stroke_key, d.pk))
        units = sorted(facts.co_units, key=lambda u: u.name)
        return {
            "编号": facts.number,
            "类型": KIND_LABELS.get(facts.kind, ""),
            "标题": facts.title,
            "内容": facts.content,
            "领衔代表": self.names.label(facts.lead_deputy) if facts.lead_deputy else "",
            "附议代表": self.names.labels(deputies),
            "提出日期": format_date(facts.submitted_date),
            "会议": session_label(facts.session),
            "类别": TOPIC_LABELS.get(facts.topic, ""),
            "主办单位": facts.lead_unit.name if facts.lead_unit else "",
            "协办单位": LIST_JOINER.join(u.name for u in units),
            "交办日期": format_date(facts.assigned_date),
            "答复期限": format_date(facts.deadline),
            "答复日期": format_date(facts.reply_date),
            "答复类别": CATEGORY_LABELS.get(facts.category, ""),
            "代表评价": VERDICT_LABELS.get(facts.verdict, ""),
            "办理状态": STATE_LABELS.get(facts.state, ""),
        }

    def get_queryset(self):
        return export_queryset()

    def before_export(self, queryset, **kwargs):
        super().before_export(queryset, **kwargs)
        self._rendered = {}

    def _cell(self, item, column):
        rendered = getattr(self, "_rendered", None)
        if rendered is None:
            rendered = self._rendered = {}
        if item.pk not in rendered:
            rendered.clear()
            rendered[item.pk] = self.render(item_facts(item))
        return rendered[item.pk][column]

    def export_field(self, field, instance, **kwargs):
        return self._cell(instance, field.column_name)

    # Import

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        self.township = township_name()
        self.units = NameIndex({u.name: u for u in HandlingUnit.objects.all()}, self.township)
        self.sessions = {
            (s.term.number, s.number): s for s in Session.objects.select_related("term")
        }
        self.terms = list(Term.objects.order_by("-start_date"))

    def term_on(self, day):
        """The term in force on `day`, or None."""
        for term in self.terms:
            if term.start_date <= day and (term.end_date is None or term.end_date >= day):
                return term
        return None

    def parse_session(self, value, day):
        """The session a cell names (第十八届第八次会议, 十八届八次, 青山镇第十八届人民代表大会
        第八次会议, or 第8次会议 of the term in force on `day`, the submission date); None for
        闭会期间. ValueError otherwise."""
        text = "" if value is None else str(value).strip()
        if not text:
            raise ValueError(_("Write the session, such as 第十八届第八次会议, or 闭会期间."))
        if text.endswith(BETWEEN_SESSIONS) or text == "闭会":
            return None
        match = SESSION_CELL.match(name_key(text, self.township))
        if not match:
            raise ValueError(
                _("“%(value)s” is not a session; write it as 第十八届第八次会议, or 闭会期间.")
                % {"value": text}
            )
        number = parse_ordinal(match["session"])
        if match["term"]:
            term = parse_ordinal(match["term"])
        elif day is None:
            raise ValueError(
                _("“%(value)s” does not say the term; write it as 第十八届第八次会议.")
                % {"value": text}
            )
        else:
            in_force = self.term_on(day)
            if in_force is None:
                raise ValueError(
                    _(
                        "No term was in force on %(date)s (提出日期); write the term, such as "
                        "第十八届第八次会议."
                    )
                    % {"date": format_date(day)}
                )
            term = in_force.number
        session = self.sessions.get((term, number))
        if session is None:
            recorded = [
                session_label(s) for (t, _n), s in sorted(self.sessions.items()) if t == term
            ]
            raise ValueError(
                _("The term %(term)s has no session %(number)s; record the session first.")
                % {"term": term, "number": number}
                + _("Sessions recorded: %(sessions)s.")
                % {"sessions": LIST_JOINER.join(recorded) or "—"}
            )
        return session

    def _key(self, row):
        """(kind, session, year, number) of a row, or None when a part cannot be read."""
        try:
            kind = self.fields["kind"].clean(row)
            number = self.fields["number"].clean(row)
            day = self.fields["submitted_date"].clean(row)
            session = self.parse_session(row.get("会议"), day)
        except (ValueError, KeyError):
            return None
        if not (kind and number) or (session is None and day is None):
            return None
        return kind, session, None if session else day.year, number

    def lookup(self, row):
        key = self._key(row)
        if key is None:
            return None
        kind, session, year, number = key
        items = Proposal.objects.filter(session=session)
        if session is None:
            items = items.filter(number_year=year)
        found = items.filter(kind=kind, number=number).first()
        if found is None and kind == Kind.MOTION:
            # A motion handled as a suggestion keeps its motion number.
            found = items.filter(kind=Kind.SUGGESTION, motion_number=number).first()
        return found

    def import_extras(self, instance, row, errors, sheet_row):
        sheet = self._parse(row, errors, sheet_row)
        instance.sheet = sheet
        instance.sheet_changed = False
        if sheet.kind and sheet.number and "session" not in errors and sheet.submitted_date:
            self.claim(
                (
                    "proposal",
                    sheet.kind,
                    sheet.session.pk if sheet.session else sheet.submitted_date.year,
                    sheet.number,
                ),
                sheet_row,
                errors,
                "number",
                _("The same number of the same session (or year) is also in row %(row)s."),
            )
        if instance.pk:
            self._compare(instance, row, sheet, errors)
            return
        # A new item: what the model checks (the rest is checked above).
        for name in ("kind", "title", "content", "topic", "session"):
            setattr(instance, name, getattr(sheet, name) or getattr(instance, name))
        if sheet.lead_deputy:
            instance.lead_deputy = sheet.lead_deputy
        instance.created_by = self.actor
        instance.sheet_changed = True

    def _parse(self, row, errors, sheet_row):
        sheet = SimpleNamespace()
        for name in self._meta.fields:
            setattr(sheet, name, None)
        for name in ("number", "kind", "title", "content", "submitted_date", "topic"):
            setattr(sheet, name, self.clean_cell(name, row, errors))
        for name in ("assigned_date", "deadline", "reply_date", "category", "verdict"):
            setattr(sheet, name, self.clean_cell(name, row, errors))
        sheet.state = self.clean_cell("state", row, errors) if "办理状态" in row else ""
        required = {
            "number": "编号",
            "kind": "类型",
            "title": "标题",
            "submitted_date": "提出日期",
            "topic": "类别",
        }
        for name, column in required.items():
            if name not in errors and not getattr(sheet, name):
                add_error(errors, name, _("“%(column)s” is empty.") % {"column": column})
        sheet.content = sheet.content or sheet.title

        try:
            sheet.session = self.parse_session(row.get("会议"), sheet.submitted_date)
        except ValueError as error:
            add_error(errors, "session", str(error))
        else:
            self.note_match("会议", row.get("会议"), session_label(sheet.session), sheet_row)
        lead = _text(row, "领衔代表")
        if not lead:
            add_error(errors, "lead_deputy", _("“%(column)s” is empty.") % {"column": "领衔代表"})
        else:
            try:
                sheet.lead_deputy = self.names.find(lead)
            except ValueError as error:
                add_error(errors, "lead_deputy", str(error))
        try:
            sheet.co_signers = [
                d for d in self.names.find_all(row.get("附议代表")) if d != sheet.lead_deputy
            ]
        except ValueError as error:
            add_error(errors, "co_signers", str(error))
            sheet.co_signers = []
        sheet.lead_unit = self._unit(_text(row, "主办单位"), "lead_unit", errors, sheet_row)
        sheet.co_units = [
            unit
            for name in split_list(row.get("协办单位"))
            if (unit := self._unit(name, "co_units", errors, sheet_row)) and unit != sheet.lead_unit
        ]
        self._check(sheet, errors)
        return sheet

    def _unit(self, name, key, errors, sheet_row):
        """The unit an office names (镇财政所 and 青山镇财政所 find 财政所), or None."""
        if not name:
            return None
        try:
            unit, recorded = self.units.find(name)
        except ValueError as error:
            add_error(errors, key, str(error))
            return None
        if unit is None:
            add_error(
                errors,
                key,
                _(
                    "There is no handling unit named %(name)s; import or record the units "
                    "first. Units: %(units)s."
                )
                % {"name": name, "units": LIST_JOINER.join(sorted(self.units.names())) or "—"},
            )
            return None
        self.note_match(self.fields[key].column_name, name, recorded, sheet_row)
        return unit

    def _check(self, sheet, errors):
        """The rules between columns: what the item's history can have been."""
        motion = sheet.kind == Kind.MOTION
        if motion and "session" not in errors and sheet.session is None:
            add_error(
                errors,
                "session",
                _("Motions are made during a session; items between sessions are suggestions."),
            )
        if motion and 1 + len(sheet.co_signers) < services.MOTION_MIN_DEPUTIES:
            add_error(
                errors,
                "co_signers",
                _("A motion needs at least %(count)s deputies jointly (the lead deputy included).")
                % {"count": services.MOTION_MIN_DEPUTIES},
            )
        assigned = sheet.assigned_date or sheet.lead_unit or sheet.co_units or sheet.deadline
        if motion and assigned:
            add_error(
                errors,
                "assigned_date",
                _(
                    "Motions are not assigned to units; list a motion handled as a suggestion "
                    "as 建议 with its suggestion number."
                ),
            )
            return
        if sheet.assigned_date and not sheet.lead_unit and "lead_unit" not in errors:
            add_error(errors, "lead_unit", _("An assigned item needs its lead unit."))
        if (sheet.lead_unit or sheet.co_units or sheet.deadline) and not sheet.assigned_date:
            if "assigned_date" not in errors:
                add_error(
                    errors, "assigned_date", _("Give the date the item was assigned to the units.")
                )
        if sheet.reply_date and not sheet.assigned_date and "assigned_date" not in errors:
            add_error(
                errors,
                "reply_date",
                _("A reply needs the item's assignment: fill in 交办日期 and 主办单位."),
            )
        if sheet.reply_date and not sheet.category and "category" not in errors:
            add_error(errors, "category", _("Give the category of the reply (A, B, C or D)."))
        if sheet.category and not sheet.reply_date and "reply_date" not in errors:
            add_error(errors, "reply_date", _("Give the date of the reply."))
        if sheet.verdict and not sheet.reply_date and "reply_date" not in errors:
            add_error(errors, "verdict", _("An evaluation needs a reply: fill in 答复日期."))
        order = (
            ("submitted_date", "assigned_date", _("The item is assigned before it was made.")),
            ("assigned_date", "deadline", _("The deadline is before the date of assignment.")),
            ("assigned_date", "reply_date", _("The reply is dated before the assignment.")),
        )
        for earlier, later, message in order:
            first, then = getattr(sheet, earlier), getattr(sheet, later)
            if first and then and then < first:
                add_error(errors, later, message)
        if sheet.state and "state" not in errors:
            allowed = self.allowed_states(sheet)
            if sheet.state not in allowed:
                add_error(
                    errors,
                    "state",
                    _("With these columns the state can only be %(states)s.")
                    % {"states": LIST_JOINER.join(STATE_LABELS[s] for s in allowed)},
                )

    @staticmethod
    def allowed_states(sheet):
        """The states a row's history can end in; the first is taken when 办理状态 is empty."""
        if sheet.kind == Kind.MOTION:
            return [State.UNDER_REVIEW, State.ON_AGENDA, State.NOT_ACCEPTED, State.WITHDRAWN]
        if not sheet.assigned_date:
            return [State.AWAITING_ASSIGNMENT, State.WITHDRAWN, State.DECLINED]
        if not sheet.reply_date:
            return [State.ASSIGNED]
        if not sheet.verdict:
            return [State.REPLIED, State.CLOSED]
        if sheet.verdict == Verdict.UNSATISFIED:
            return [State.REHANDLING, State.CLOSED]
        return [State.CLOSED]

    def _compare(self, item, row, sheet, errors):
        """A row matching a recorded item must say the same about it."""
        if errors:
            return
        recorded = self.render(item_facts(item))
        given = self.render(sheet)
        # An empty 答复期限 means the deadline by the rule; an empty 办理状态, whatever it is.
        columns = [c for c in recorded if c in row and c not in ("答复期限", "办理状态")]
        columns += [
            c for c, given in (("答复期限", sheet.deadline), ("办理状态", sheet.state)) if given
        ]
        differ = [c for c in columns if str(recorded[c]) != str(given[c])]
        if differ == ["办理状态"] and self.reviewable(item, sheet.state):
            # The session's decision on a motion imported under review: the one step forward
            # an import records on an existing item.
            item.sheet_review, item.sheet_changed = REVIEW_DECISIONS[sheet.state], True
            return
        if differ:
            add_error(
                errors,
                NON_FIELD_ERRORS,
                _(
                    "%(label)s is already recorded, with another %(columns)s. The import does "
                    "not change recorded items; change it on the portal."
                )
                % {"label": item.label, "columns": LIST_JOINER.join(differ)},
            )

    @staticmethod
    def reviewable(item, state):
        """Whether a row may give the recorded `item` the state `state`: a motion under review
        taking its session's decision."""
        return (
            item.kind == Kind.MOTION
            and item.state == State.UNDER_REVIEW
            and state in REVIEW_DECISIONS
        )

    def extras_changed(self, instance):
        return instance.sheet_changed

    def save_record(self, instance, is_create):
        # History is not news: replaying it puts nothing in inboxes and mails nobody.
        with services.notifications_muted():
            if is_create:
                self._replay(instance)
            else:
                services.motion_review(
                    actor=self.actor,
                    proposal=instance,
                    version=instance.version,
                    decision=instance.sheet_review,
                    reason=_("As recorded in the imported spreadsheet."),
                )

    def _replay(self, instance):
        """The row's history through the services, in the order it happened."""
        sheet, actor = instance.sheet, self.actor
        state = sheet.state or self.allowed_states(sheet)[0]
        note = _("As recorded in the imported spreadsheet.")
        instance.broad = bool(
            sheet.deadline
            and sheet.deadline > deadlines.reply_deadline(sheet.assigned_date, broad=False)
        )
        services.proposal_draft(actor=actor, proposal=instance, co_signers=sheet.co_signers)
        services.proposal_register(
            actor=actor,
            proposal=instance,
            version=instance.version,
            submitted_date=sheet.submitted_date,
            number=sheet.number,
        )
        if state == State.WITHDRAWN:
            services.proposal_withdraw(
                actor=actor, proposal=instance, version=instance.version, reason=note
            )
        elif state == State.DECLINED:
            services.proposal_decline(
                actor=actor, proposal=instance, version=instance.version, reason=note
            )
        elif state in REVIEW_DECISIONS:
            services.motion_review(
                actor=actor,
                proposal=instance,
                version=instance.version,
                decision=REVIEW_DECISIONS[state],
                reason=note,
            )
        if sheet.assigned_date:
            services.proposal_assign(
                actor=actor,
                proposal=instance,
                version=instance.version,
                lead_unit=sheet.lead_unit,
                co_units=sheet.co_units,
                assigned_date=sheet.assigned_date,
                broad=instance.broad,
                deadline=sheet.deadline,
            )
        if sheet.reply_date:
            unit = sheet.lead_unit
            services.reply_submit(
                actor=actor,
                proposal=instance,
                version=instance.version,
                reply=Reply(
                    text=_("Reply letter brought from the imported spreadsheet (kept on paper)."),
                    category=sheet.category,
                    contact_person=unit.contact_person or "—",
                    phone=unit.phone or "—",
                    date=sheet.reply_date,
                ),
            )
        if sheet.verdict == Verdict.NONE:
            lapsed = deadlines.evaluation_deadline(sheet.reply_date)
            services.evaluation_lapse(proposal=instance, day=min(lapsed, timezone.localdate()))
        elif sheet.verdict:
            services.evaluation_submit(
                actor=actor,
                proposal=instance,
                deputy=sheet.lead_deputy,
                verdict=sheet.verdict,
                comment=note if sheet.verdict == Verdict.UNSATISFIED else "",
                day=sheet.reply_date,
            )
        if state == State.CLOSED and instance.state != State.CLOSED:
            services.proposal_close(
                actor=actor, proposal=instance, version=instance.version, note=note
            )
