"""Spreadsheet resources of the congress body: the township profile, terms, sessions and
presidium meetings.

Columns (the header row of the file; every column is required unless said otherwise):
- township 乡镇概况: 乡镇名称, 所属县(市、区), and optionally 常住人口, 户数, 村(社区) (several
  names separated by 、 or one per line). One row: it creates or updates the single profile.
- terms 届次: 届次, 开始日期, 结束日期 (结束日期 empty for the term in force).
- sessions 人代会: 届次, 次数, 类型 (例会 / 换届后首次会议 / 临时会议; 换届后首次 and 临时 are
  accepted too; empty means 例会), 开始日期, 结束日期.
- meetings 主席团会议: 届次, 次数, 日期, 议题 (one item per line).

届次 and 次数 accept 18, 第18届 or 第十八届. A row updates the record with the same term (and
number); columns not in the file (place, attendance, members present …) are kept.
The term must exist before its sessions and meetings are imported.
"""

import re

from django.core.exceptions import NON_FIELD_ERRORS
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields, widgets

from congress.models import PresidiumMeeting, Session, Term, TownshipProfile
from congress.services import meeting_save, township_profile_save
from congress.spreadsheets import (
    LIST_JOINER,
    ChoiceWidget,
    DateWidget,
    IntegerWidget,
    OrdinalWidget,
    SpreadsheetResource,
    TextWidget,
    parse_ordinal,
    split_list,
)


class TermWidget(widgets.Widget):
    """A term named by its number: 18, 第18届, 第十八届."""

    def clean(self, value, row=None, **kwargs):
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        number = parse_ordinal(value)
        term = Term.objects.filter(number=number).first()
        if term is None:
            raise ValueError(
                _("There is no term %(number)s; import or record the term first.")
                % {"number": number}
            )
        return term

    def render(self, value, obj=None, **kwargs):
        return value.number if value else ""


class CountWidget(IntegerWidget):
    """A count as statistics tables write it: 12,345 or 12345人 (the unit and separators go)."""

    def __init__(self, unit, **kwargs):
        self.unit = unit
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, str):
            value = re.sub(r"[,，\s]", "", value).removesuffix(self.unit)
        return super().clean(value, row, **kwargs)


class NameListWidget(widgets.Widget):
    """Names stored one per line, written in a cell as 东村、西村 or one per line."""

    def clean(self, value, row=None, **kwargs):
        return "\n".join(split_list(value))

    def render(self, value, obj=None, **kwargs):
        return LIST_JOINER.join(line.strip() for line in (value or "").splitlines() if line.strip())


def _ordinal_or_none(value):
    try:
        return parse_ordinal(value) if value not in (None, "") else None
    except ValueError:
        return None


class TownshipResource(SpreadsheetResource):
    help_text = gettext_lazy(
        "One row: it creates or updates the township profile, which heads the work summaries. "
        "村(社区): several names separated by 、 or one per line."
    )
    name = fields.Field(attribute="name", column_name="乡镇名称", widget=TextWidget())
    county = fields.Field(attribute="county", column_name="所属县(市、区)", widget=TextWidget())
    population = fields.Field(
        attribute="population", column_name="常住人口", widget=CountWidget("人")
    )
    households = fields.Field(attribute="households", column_name="户数", widget=CountWidget("户"))
    villages = fields.Field(attribute="villages", column_name="村(社区)", widget=NameListWidget())
    optional_columns = ("常住人口", "户数", "村(社区)")
    # Offices type brackets full-width as often as not.
    column_aliases = {
        "乡镇名称": ("乡（镇）名称", "乡(镇)名称", "乡镇"),
        "所属县(市、区)": ("所属县（市、区）", "所属县", "县(市、区)", "县（市、区）", "县"),
        "村(社区)": ("村（社区）", "村(社区)名称", "村（社区）名称", "行政村"),
    }

    class Meta:
        model = TownshipProfile
        fields = ("name", "county", "population", "households", "villages")

    def get_queryset(self):
        return TownshipProfile.objects.filter(pk=1)

    def lookup(self, row):
        return TownshipProfile.objects.filter(pk=1).first()

    def import_extras(self, instance, row, errors, sheet_row):
        self.claim(
            "profile",
            sheet_row,
            errors,
            NON_FIELD_ERRORS,
            _("The township profile is a single row, given in row %(row)s; remove the other rows."),
        )

    def save_record(self, instance, is_create):
        township_profile_save(actor=self.actor, profile=instance)


class TermResource(SpreadsheetResource):
    help_text = gettext_lazy(
        "A row updates the term with the same number. Leave 结束日期 empty for the term in force."
    )
    number = fields.Field(attribute="number", column_name="届次", widget=OrdinalWidget())
    start_date = fields.Field(attribute="start_date", column_name="开始日期", widget=DateWidget())
    end_date = fields.Field(attribute="end_date", column_name="结束日期", widget=DateWidget())

    class Meta:
        model = Term
        fields = ("number", "start_date", "end_date")

    def get_queryset(self):
        return Term.objects.order_by("number")

    def lookup(self, row):
        number = _ordinal_or_none(row.get("届次"))
        return Term.objects.filter(number=number).first() if number else None

    def import_extras(self, instance, row, errors, sheet_row):
        if instance.number:
            self.claim(
                instance.number,
                sheet_row,
                errors,
                "number",
                _("This term also appears in row %(row)s."),
            )


class SessionResource(SpreadsheetResource):
    help_text = gettext_lazy(
        "A row updates the session with the same term and number. 类型: 例会, 换届后首次会议 or "
        "临时会议 (empty means 例会). The term must be recorded first."
    )
    term = fields.Field(attribute="term", column_name="届次", widget=TermWidget())
    number = fields.Field(attribute="number", column_name="次数", widget=OrdinalWidget())
    kind = fields.Field(
        attribute="kind",
        column_name="类型",
        widget=ChoiceWidget(
            Session.Kind,
            aliases={
                "换届后首次": Session.Kind.FIRST,
                "首次会议": Session.Kind.FIRST,
                "临时": Session.Kind.EXTRAORDINARY,
                "例行会议": Session.Kind.REGULAR,
            },
        ),
        default=Session.Kind.REGULAR,
    )
    start_date = fields.Field(attribute="start_date", column_name="开始日期", widget=DateWidget())
    end_date = fields.Field(attribute="end_date", column_name="结束日期", widget=DateWidget())

    class Meta:
        model = Session
        fields = ("term", "number", "kind", "start_date", "end_date")

    def get_queryset(self):
        return Session.objects.select_related("term").order_by("term__number", "number")

    def lookup(self, row):
        term, number = _ordinal_or_none(row.get("届次")), _ordinal_or_none(row.get("次数"))
        if not (term and number):
            return None
        return Session.objects.filter(term__number=term, number=number).first()

    def import_extras(self, instance, row, errors, sheet_row):
        if instance.term_id and instance.number:
            self.claim(
                (instance.term_id, instance.number),
                sheet_row,
                errors,
                "number",
                _("This session also appears in row %(row)s."),
            )


class MeetingResource(SpreadsheetResource):
    help_text = gettext_lazy(
        "A row updates the presidium meeting with the same term and number. 议题: one item per "
        "line. The members present recorded on the portal are kept."
    )
    term = fields.Field(attribute="term", column_name="届次", widget=TermWidget())
    number = fields.Field(attribute="number", column_name="次数", widget=OrdinalWidget())
    date = fields.Field(attribute="date", column_name="日期", widget=DateWidget())
    agenda = fields.Field(attribute="agenda", column_name="议题", widget=TextWidget())

    class Meta:
        model = PresidiumMeeting
        fields = ("term", "number", "date", "agenda")

    def get_queryset(self):
        return PresidiumMeeting.objects.select_related("term").order_by("term__number", "number")

    def lookup(self, row):
        term, number = _ordinal_or_none(row.get("届次")), _ordinal_or_none(row.get("次数"))
        if not (term and number):
            return None
        return PresidiumMeeting.objects.filter(term__number=term, number=number).first()

    def import_extras(self, instance, row, errors, sheet_row):
        if instance.term_id and instance.number:
            self.claim(
                (instance.term_id, instance.number),
                sheet_row,
                errors,
                "number",
                _("This presidium meeting also appears in row %(row)s."),
            )

    def save_record(self, instance, is_create):
        # The members present are not in the file: an update keeps them.
        attendees = [] if is_create else list(instance.attendees.all())
        meeting_save(actor=self.actor, meeting=instance, attendees=attendees)
