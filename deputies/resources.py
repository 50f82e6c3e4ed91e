"""Spreadsheet resources of the deputies app: groups, stations, the roster and activities.

The columns are the headers a township office uses. Choice columns hold the Chinese labels the
portal shows (性别 男/女, 政治面貌 中共党员/民主党派/群众, …); several names or labels in one
cell are separated by 、 (，, ; and / are accepted too). Dates may be written 2024-03-05,
2024/3/5 or 2024年3月5日, or be Excel date cells. Deputies are named by their name; when two
deputies share a name, write the birth date after it: 张三(1975-06-01).

Import order for a new township: groups (without 组长), deputies, groups again (with 组长),
stations, activities.
"""

import re
from collections import defaultdict
from contextlib import contextmanager
from contextvars import ContextVar
from types import SimpleNamespace

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields, widgets

from congress import idnumbers
from congress.selectors import current_term, township_name
from congress.spreadsheets import (
    LIST_JOINER,
    ChoiceWidget,
    DateWidget,
    IntegerWidget,
    NameIndex,
    SpreadsheetResource,
    TextWidget,
    add_error,
    format_date,
    name_key,
    parse_date,
    split_list,
)
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
    Seat,
)
from deputies.selectors import with_current_group
from deputies.services import (
    activity_save,
    deputy_id_export_record,
    deputy_save,
    station_save,
)

NAME_WITH_BIRTH = re.compile(r"^(?P<name>.+?)\s*[(（]\s*(?P<birth>[^()（）]+?)\s*[)）]$")


class DeputyNames:
    """Deputies found by the name an office writes: 张三, or 张三(1975-06-01) when two
    deputies share the name."""

    def __init__(self):
        self.by_name = defaultdict(list)
        for deputy in Deputy.objects.only("pk", "name", "birth_date"):
            self.by_name[deputy.name].append(deputy)

    def find(self, text):
        """The deputy named `text`; ValueError with a Chinese reason when none or several."""
        name, birth = text.strip(), None
        match = NAME_WITH_BIRTH.match(name)
        if match:
            try:
                birth = parse_date(match["birth"])
                name = match["name"].strip()
            except ValueError:
                pass
        found = self.by_name.get(name, [])
        if birth:
            found = [d for d in found if d.birth_date == birth]
        if not found:
            raise ValueError(_("There is no deputy named %(name)s.") % {"name": text})
        if len(found) > 1:
            raise ValueError(
                _(
                    "Several deputies are named %(name)s; add the birth date to tell them "
                    "apart, e.g. %(example)s."
                )
                % {"name": name, "example": f"{name}({format_date(found[0].birth_date)})"}
            )
        return found[0]

    def find_all(self, value):
        """The deputies a cell lists; ValueError listing every name that fails."""
        deputies, reasons = [], []
        for text in split_list(value):
            try:
                deputy = self.find(text)
            except ValueError as error:
                reasons.append(str(error).rstrip("。."))
                continue
            if deputy not in deputies:
                deputies.append(deputy)
        if reasons:
            raise ValueError("；".join(reasons) + "。")
        return deputies

    def label(self, deputy):
        if len(self.by_name.get(deputy.name, ())) > 1:
            return f"{deputy.name}({format_date(deputy.birth_date)})"
        return deputy.name

    def labels(self, deputies):
        return LIST_JOINER.join(self.label(d) for d in deputies)


class NamesMixin:
    """Resources naming deputies in cells share one DeputyNames per import or export."""

    _names = None

    @property
    def names(self):
        if self._names is None:
            self._names = DeputyNames()
        return self._names

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        self._names = None

    def before_export(self, queryset, **kwargs):
        super().before_export(queryset, **kwargs)
        self._names = None


def _text(row, column):
    value = row.get(column)
    return "" if value is None else str(value).strip()


# Groups


class GroupResource(NamesMixin, SpreadsheetResource):
    """代表小组: 名称, 联系区域, 组长 (a deputy's name; empty for none). A row updates the group
    with the same 名称. 联系区域 and 组长 may be left out of the file."""

    help_text = gettext_lazy(
        "A row updates the group with the same name. 组长: a deputy's name (import the roster "
        "first)."
    )
    name = fields.Field(attribute="name", column_name="名称", widget=TextWidget())
    area = fields.Field(attribute="area", column_name="联系区域", widget=TextWidget())
    leader = fields.Field(column_name="组长")

    optional_columns = ("联系区域", "组长")

    class Meta:
        model = DeputyGroup
        fields = ("name", "area", "leader")

    def get_queryset(self):
        return DeputyGroup.objects.select_related("leader").order_by("name")

    def dehydrate_leader(self, group):
        return self.names.label(group.leader) if group.leader else ""

    def lookup(self, row):
        return DeputyGroup.objects.filter(name=_text(row, "名称")).first()

    def import_extras(self, instance, row, errors, sheet_row):
        if instance.name:
            self.claim(
                ("group", instance.name),
                sheet_row,
                errors,
                "name",
                _("This group also appears in row %(row)s."),
            )
        instance.sheet_changed = False
        if "组长" not in row:
            return
        leader = None
        if _text(row, "组长"):
            try:
                leader = self.names.find(_text(row, "组长"))
            except ValueError as error:
                add_error(errors, "leader", str(error))
                return
        instance.sheet_changed = instance.leader_id != (leader.pk if leader else None)
        instance.leader = leader

    def extras_changed(self, instance):
        return instance.sheet_changed


# Stations


class ReceptionDaysWidget(widgets.Widget):
    """Days of the month: "10、20", "每月10日、20日" or "10,20" → stored as "10,20"."""

    def clean(self, value, row=None, **kwargs):
        if value is None or not str(value).strip():
            return ""
        text = str(value).strip()
        if isinstance(value, float) and value.is_integer():
            text = str(int(value))
        text = re.sub(r"^每月|号|日", " ", text)
        parts = [p for p in re.split(r"[、,，;；\s]+", text) if p]
        if not all(p.isdigit() and 1 <= int(p) <= 31 for p in parts):
            raise ValueError(
                _("“%(value)s” is not a list of days of the month such as 10、20.")
                % {"value": value}
            )
        return ",".join(str(d) for d in sorted({int(p) for p in parts}))

    def render(self, value, obj=None, **kwargs):
        return value or ""


class StationResource(NamesMixin, SpreadsheetResource):
    """代表联络站(点): 名称, 类型 (代表联络站 / 代表联络点 / 代表之家; empty means 代表联络站),
    地址, 联系电话, 接待日 (days of the month, e.g. 10、20), 进站代表 (names separated by 、).
    A row updates the station with the same 名称."""

    help_text = gettext_lazy(
        "A row updates the station with the same name. 接待日: days of the month such as 10、20. "
        "进站代表: deputies' names separated by 、."
    )
    name = fields.Field(attribute="name", column_name="名称", widget=TextWidget())
    kind = fields.Field(
        attribute="kind",
        column_name="类型",
        widget=ChoiceWidget(
            LiaisonStation.Kind,
            aliases={
                "联络站": LiaisonStation.Kind.STATION,
                "人大代表联络站": LiaisonStation.Kind.STATION,
                "联络点": LiaisonStation.Kind.POINT,
                "人大代表联络点": LiaisonStation.Kind.POINT,
            },
        ),
        default=LiaisonStation.Kind.STATION,
    )
    address = fields.Field(attribute="address", column_name="地址", widget=TextWidget())
    phone = fields.Field(attribute="phone", column_name="联系电话", widget=TextWidget())
    reception_days = fields.Field(
        attribute="reception_days", column_name="接待日", widget=ReceptionDaysWidget()
    )
    residents = fields.Field(column_name="进站代表")

    optional_columns = ("类型", "联系电话", "接待日", "进站代表")

    class Meta:
        model = LiaisonStation
        fields = ("name", "kind", "address", "phone", "reception_days", "residents")

    def get_queryset(self):
        return LiaisonStation.objects.prefetch_related("resident_deputies").order_by("name")

    def dehydrate_reception_days(self, station):
        return LIST_JOINER.join(str(d) for d in station.reception_day_numbers)

    def dehydrate_residents(self, station):
        deputies = sorted(station.resident_deputies.all(), key=lambda d: (d.stroke_key, d.pk))
        return self.names.labels(deputies)

    def lookup(self, row):
        return LiaisonStation.objects.filter(name=_text(row, "名称")).first()

    def import_extras(self, instance, row, errors, sheet_row):
        if instance.name:
            self.claim(
                ("station", instance.name),
                sheet_row,
                errors,
                "name",
                _("This station also appears in row %(row)s."),
            )
        instance.sheet_residents = None
        if "进站代表" not in row:
            return
        try:
            instance.sheet_residents = self.names.find_all(row["进站代表"])
        except ValueError as error:
            add_error(errors, "residents", str(error))

    def extras_changed(self, instance):
        if instance.sheet_residents is None:
            return False
        current = set(instance.resident_deputies.values_list("pk", flat=True))
        return current != {d.pk for d in instance.sheet_residents}

    def save_record(self, instance, is_create):
        residents = instance.sheet_residents
        if residents is None:  # no 进站代表 column: the stationed deputies stay
            residents = list(instance.resident_deputies.all()) if instance.pk else []
        station_save(actor=self.actor, station=instance, residents=residents)


# Deputies


class IdNumberWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        if value is None or (isinstance(value, str) and not value.strip()):
            return ""
        if isinstance(value, int | float):
            raise ValueError(
                _(
                    "The ID number was stored as a number, which loses digits; format the "
                    "column as text and type the number again."
                )
            )
        try:
            return idnumbers.check(str(value))
        except ValidationError as error:
            raise ValueError("；".join(error.messages)) from None

    def render(self, value, obj=None, **kwargs):
        return value or ""


# (actor, term, what) of the full-number export running now (DeputyResource.full_export);
# None: exports carry masked numbers.
_full_export = ContextVar("deputies_full_export", default=None)

# 性别 as offices write it besides 男/女 (the voter roll reads it the same way).
GENDER_ALIASES = {
    "男性": Gender.MALE,
    "男士": Gender.MALE,
    "女性": Gender.FEMALE,
    "女士": Gender.FEMALE,
}
STATUS_CELL = re.compile(r"^(?P<label>[^()（）]+?)\s*(?:[(（]\s*(?P<date>[^()（）]*?)\s*[)）])?$")
LEVEL_ALIASES = {
    "乡": Level.TOWNSHIP,
    "镇": Level.TOWNSHIP,
    "乡级": Level.TOWNSHIP,
    "镇级": Level.TOWNSHIP,
    "县级": Level.COUNTY,
    "区": Level.COUNTY,
    "县区": Level.COUNTY,
    "市级": Level.CITY,
    "省级": Level.PROVINCE,
    "全国人大": Level.NATIONAL,
}


class DeputyResource(SpreadsheetResource):
    """代表名册: 姓名, 性别, 民族, 出生日期, 公民身份号码, 政治面貌, 文化程度, 职业类别,
    工作单位及职务, 手机号码, 代表层级, 选区, 代表小组, 状态.

    - A row updates the deputy with the same 公民身份号码 when it is given, else the one with
      the same 姓名 and 出生日期 (and no ID number recorded); otherwise it adds a deputy.
    - 公民身份号码 is optional (the column may be left out); when given it is checked (GB 11643)
      and an empty 出生日期 or 性别 is taken from it; a different one is an error. Exports show
      it masked (4101**********123X); a masked number read back keeps the number recorded.
      Full numbers only in a full export (full_export), which is logged.
    - 代表层级: the levels of the seats held in the current township term, several separated
      by 、, e.g. 乡镇、县. Seats of other terms are kept as history.
    - 代表小组: the name of an existing group, as an office writes it (青山镇第一代表小组 and
      第一小组 find 第一代表小组; the reading is reported); empty takes the deputy out of
      their group. History is kept: a deputy joining a group joins on 入组日期, else at the
      start of the current term (a roster brought in for a past term counts its groups from
      then); a move to another group closes the old membership on 入组日期, else today (also
      when 入组日期 still shows the old group's date, as in an edited export).
    - 入组日期 (optional, exported last): the day the deputy joined their group. Given with
      the recorded group it corrects the start of the membership.
    - 状态: 在任, or the status with its date in brackets: 辞职(2024-05-01), 去世(2025年1月3日).
      The date goes into the same cell so the columns stay the fourteen an office uses.
      An empty cell means 在任.
    - 民族, 工作单位及职务, 手机号码, 代表层级, 选区, 代表小组, 状态 and 入组日期 may be left
      out of the file; an update then keeps what is recorded.
    - 性别 is 男 or 女; 男性/男士 and 女性/女士 are read the same."""

    help_text = gettext_lazy(
        "A row updates the deputy with the same ID number, else the one with the same name and "
        "birth date. 代表层级: the levels held in the current term, separated by 、, e.g. 乡镇、县. "
        "代表小组: an existing group's name. 状态: 在任, or the status with its date, e.g. "
        "辞职(2024-05-01). 入组日期: when the deputy joined the group (empty: the start of the "
        "current term for a deputy new to a group, today for a change of group)."
    )
    name = fields.Field(attribute="name", column_name="姓名", widget=TextWidget())
    gender = fields.Field(
        attribute="gender",
        column_name="性别",
        widget=ChoiceWidget(Gender, aliases=GENDER_ALIASES),
    )
    ethnicity = fields.Field(attribute="ethnicity", column_name="民族", widget=TextWidget())
    birth_date = fields.Field(attribute="birth_date", column_name="出生日期", widget=DateWidget())
    id_number = fields.Field(
        attribute="id_number", column_name="公民身份号码", widget=IdNumberWidget()
    )
    party = fields.Field(
        attribute="party",
        column_name="政治面貌",
        widget=ChoiceWidget(Party, aliases={"党员": Party.CPC, "共产党员": Party.CPC}),
    )
    education = fields.Field(
        attribute="education",
        column_name="文化程度",
        widget=ChoiceWidget(
            Education,
            aliases={
                "硕士": Education.POSTGRADUATE,
                "博士": Education.POSTGRADUATE,
                "大学本科": Education.BACHELOR,
                "大学": Education.BACHELOR,
                "大学专科": Education.COLLEGE,
                "专科": Education.COLLEGE,
                "中技": Education.SECONDARY_VOCATIONAL,
                "职高": Education.SECONDARY_VOCATIONAL,
                "初中": Education.JUNIOR_OR_BELOW,
                "小学": Education.JUNIOR_OR_BELOW,
            },
        ),
    )
    occupation = fields.Field(
        attribute="occupation", column_name="职业类别", widget=ChoiceWidget(Occupation)
    )
    workplace = fields.Field(
        attribute="workplace", column_name="工作单位及职务", widget=TextWidget()
    )
    phone = fields.Field(attribute="phone", column_name="手机号码", widget=TextWidget())
    levels = fields.Field(column_name="代表层级")
    district = fields.Field(attribute="district", column_name="选区", widget=TextWidget())
    group = fields.Field(column_name="代表小组")
    status = fields.Field(column_name="状态")
    joined = fields.Field(column_name="入组日期", widget=DateWidget())

    optional_columns = (
        "民族",
        "公民身份号码",
        "工作单位及职务",
        "手机号码",
        "代表层级",
        "选区",
        "代表小组",
        "状态",
        "入组日期",
    )

    level_widget = ChoiceWidget(Level, aliases=LEVEL_ALIASES)
    status_widget = ChoiceWidget(DeputyStatus)
    # The export page's full-number export (?full=1) needs this permission, which no role
    # holds: an administrator grants it to a person on purpose.
    full_export_permission = "deputies.export_full_id_number"

    class Meta:
        model = Deputy
        fields = (
            "name",
            "gender",
            "ethnicity",
            "birth_date",
            "id_number",
            "party",
            "education",
            "occupation",
            "workplace",
            "phone",
            "levels",
            "district",
            "group",
            "status",
            "joined",
        )

    _term = ...

    @property
    def term(self):
        """The current township term: 代表层级 is about its seats, and a deputy joins a group
        from its start unless 入组日期 says otherwise."""
        if self._term is ...:
            self._term = current_term()
        return self._term

    @property
    def term_number(self):
        return self.term.number if self.term else None

    # Export

    @classmethod
    @contextmanager
    def full_export(cls, *, actor, what):
        """Exports made inside carry full ID numbers, and each is logged (who, when, `what`,
        rows) against the current term. ValidationError (Chinese) without a current term."""
        term = current_term()
        if term is None:
            raise ValidationError(
                _("Set up the current term first: exports of full ID numbers are logged with it.")
            )
        token = _full_export.set((actor, term, what))
        try:
            yield
        finally:
            _full_export.reset(token)

    def dehydrate_id_number(self, deputy):
        return deputy.id_number if _full_export.get() else idnumbers.mask(deputy.id_number)

    def after_export(self, queryset, dataset, **kwargs):
        full = _full_export.get()
        if full:
            actor, term, what = full
            deputy_id_export_record(actor=actor, term=term, what=what, rows=len(dataset))

    def get_queryset(self):
        return with_current_group(Deputy.objects.order_by("stroke_key", "birth_date", "pk"))

    def dehydrate_levels(self, deputy):
        order = list(Level.values)
        # Seats of the current term, and higher-level seats recorded without their term.
        levels = sorted(
            {s.level for s in deputy.seat_list if s.term_number in (self.term_number, None)},
            key=order.index,
        )
        return LIST_JOINER.join(self.level_widget.render(level) for level in levels)

    def dehydrate_group(self, deputy):
        memberships = deputy.current_memberships
        return memberships[0].group.name if memberships else ""

    def dehydrate_joined(self, deputy):
        memberships = deputy.current_memberships
        return format_date(memberships[0].start_date) if memberships else ""

    def dehydrate_status(self, deputy):
        label = self.status_widget.render(deputy.status)
        if deputy.status_date:
            return f"{label}({format_date(deputy.status_date)})"
        return label

    # Import

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        self.people = defaultdict(list)
        self.groups = NameIndex({g.name: g for g in DeputyGroup.objects.all()})

    def lookup(self, row):
        cell = row.get("公民身份号码")
        masked = idnumbers.normalise(cell) if idnumbers.is_masked(cell) else ""
        try:
            id_number = "" if masked else IdNumberWidget().clean(cell)
        except ValueError:
            id_number = ""
        if id_number:
            deputy = Deputy.objects.filter(id_number=id_number).first()
            if deputy:
                return deputy
        try:
            birth = parse_date(row.get("出生日期")) if row.get("出生日期") else None
        except ValueError:
            birth = None
        if birth is None and id_number:
            birth = idnumbers.decode(id_number).birth_date
        name = _text(row, "姓名")
        if not (name and birth):
            return None
        same = Deputy.objects.filter(name=name, birth_date=birth)
        if masked:
            # A masked export read back: the deputy whose recorded number it masks.
            candidates = [d for d in same if idnumbers.mask(d.id_number) == masked][:2]
        else:
            candidates = list(same.filter(id_number="")[:2])
        if len(candidates) > 1:
            raise ValidationError(
                {
                    "name": _(
                        "Several deputies without an ID number have this name and birth date; "
                        "add the ID number to tell them apart."
                    )
                }
            )
        return candidates[0] if candidates else None

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        cell = row.get(field.column_name)
        if field.attribute == "id_number" and idnumbers.is_masked(cell):
            # A masked number stands for the one recorded, which it keeps; it cannot set one.
            if idnumbers.mask(instance.id_number) != idnumbers.normalise(cell):
                raise ValueError(
                    _(
                        "A masked ID number only keeps the number recorded for this deputy; "
                        "type the full number, or leave the cell empty."
                    )
                )
            return
        super().import_field(field, instance, row, is_m2m, **kwargs)

    def import_extras(self, instance, row, errors, sheet_row):
        self._check_id_number(instance, errors)
        self._check_duplicates(instance, errors, sheet_row)
        changed = False
        instance.undated_levels = set()
        if instance.pk:
            seats = Seat.objects.filter(deputy=instance)
            current_levels = set(
                seats.filter(term_number=self.term_number).values_list("level", flat=True)
            )
            # Higher-level seats recorded without their term count as held now.
            instance.undated_levels = set(
                seats.filter(term_number__isnull=True).values_list("level", flat=True)
            )
            current_levels |= instance.undated_levels
            membership = GroupMembership.objects.filter(
                deputy=instance, end_date__isnull=True
            ).first()
            current_group = membership.group if membership else None
        else:
            current_levels, current_group, membership = set(), None, None

        levels = current_levels
        if "代表层级" in row:
            levels, reasons = [], []
            for label in split_list(row["代表层级"]):
                try:
                    levels.append(self.level_widget.clean(label))
                except ValueError as error:
                    reasons.append(str(error))
            if reasons:
                add_error(errors, "levels", "".join(reasons))
            levels = set(levels)
            changed |= levels != current_levels
        instance.sheet_levels = levels

        group = current_group
        if "代表小组" in row:
            group = self._group(_text(row, "代表小组"), errors, sheet_row)
            changed |= group != current_group
        instance.sheet_group = group
        instance.sheet_joined = self._joined(instance, row, membership, errors)
        changed |= instance.sheet_joined.redate

        if "状态" in row:
            status, status_date = self._status(row["状态"], errors)
            if status is not None:
                changed |= (status, status_date) != (instance.status, instance.status_date)
                instance.status, instance.status_date = status, status_date
        instance.sheet_changed = changed

    def _group(self, name, errors, sheet_row):
        if not name:
            return None
        try:
            group, recorded = self.groups.find(name)
        except ValueError as error:
            add_error(errors, "group", str(error))
            return None
        if group is None:
            add_error(
                errors,
                "group",
                _("There is no deputy group named %(name)s. Groups: %(groups)s.")
                % {"name": name, "groups": LIST_JOINER.join(sorted(self.groups.names())) or "—"},
            )
            return None
        self.note_match("代表小组", name, recorded, sheet_row)
        return group

    def _joined(self, instance, row, membership, errors):
        """From when the row's group holds: (day, redate). A deputy joining a group joins on
        入组日期, else at the start of the current term (a roster brought in for a past term);
        a move to another group happens on 入组日期, else today. 入组日期 with the recorded
        group corrects the start of the membership (redate). No membership starts before the
        deputy's previous one ended."""
        today = timezone.localdate()
        given = self.clean_cell("joined", row, errors)
        group = instance.sheet_group
        result = SimpleNamespace(day=today, redate=False)
        if "group" in errors or "joined" in errors:
            return result
        if given is None:
            if membership is None and group is not None and self.term:
                result.day = min(self.term.start_date, today)
                left = self._left(instance)
                result.day = max(result.day, left) if left else result.day
            return result
        if membership is not None and given == membership.start_date:
            # The date of the recorded membership, as an export writes it: a change of group
            # in an edited export happens today; the same group stays as it is.
            return result
        if group is None:
            add_error(errors, "joined", _("入组日期 needs the group the deputy joined (代表小组)."))
        elif given > today:
            add_error(errors, "joined", _("入组日期 cannot be in the future."))
        elif membership is not None and membership.group != group:
            if given < membership.start_date:
                add_error(
                    errors,
                    "joined",
                    _(
                        "The deputy has been in %(group)s since %(date)s; 入组日期 cannot be earlier."
                    )
                    % {"group": membership.group.name, "date": format_date(membership.start_date)},
                )
            result.day = given
        else:
            left = self._left(instance)
            if left and given < left:
                add_error(
                    errors,
                    "joined",
                    _("The deputy was in a group until %(date)s; 入组日期 cannot be earlier.")
                    % {"date": format_date(left)},
                )
            result.day, result.redate = given, membership is not None
        return result

    @staticmethod
    def _left(instance):
        """The day the deputy's last ended membership ended, or None."""
        if instance.pk is None:
            return None
        return (
            GroupMembership.objects.filter(deputy=instance, end_date__isnull=False)
            .order_by("-end_date")
            .values_list("end_date", flat=True)
            .first()
        )

    def _check_id_number(self, instance, errors):
        """Birth date and gender agree with the ID number, or are taken from it."""
        if not instance.id_number or "id_number" in errors:
            return
        birth, gender = idnumbers.decode(instance.id_number)
        if instance.birth_date is None and "birth_date" not in errors:
            instance.birth_date = birth
        elif instance.birth_date and instance.birth_date != birth:
            add_error(
                errors,
                "birth_date",
                _("The birth date differs from the one in the ID number (%(date)s).")
                % {"date": format_date(birth)},
            )
        if not instance.gender and "gender" not in errors:
            instance.gender = gender
        elif instance.gender and instance.gender != gender:
            add_error(
                errors,
                "gender",
                _("The gender differs from the one the ID number gives (%(gender)s).")
                % {"gender": ChoiceWidget(Gender).render(gender)},
            )

    def _check_duplicates(self, instance, errors, sheet_row):
        """The same person twice in one file: same ID number, or same name and birth date
        (unless both rows give different ID numbers)."""
        message = _("The same person as in row %(row)s.")
        if instance.id_number and "id_number" not in errors:
            earlier = self.seen.setdefault(("id", instance.id_number), sheet_row)
            if earlier != sheet_row:
                add_error(errors, "id_number", message % {"row": earlier})
                return
        if not (instance.name and instance.birth_date):
            return
        people = self.people[(instance.name, instance.birth_date)]
        for earlier, id_number in people:
            if not (id_number and instance.id_number and id_number != instance.id_number):
                add_error(errors, "name", message % {"row": earlier})
                break
        people.append((sheet_row, instance.id_number))

    def _status(self, value, errors):
        text = "" if value is None else str(value).strip()
        if not text:
            return DeputyStatus.IN_OFFICE, None
        match = STATUS_CELL.match(text)
        try:
            if not match:
                raise ValueError(
                    _("“%(value)s” is not a status.") % {"value": text}
                    + _("Write 在任, or the status with its date: 辞职(2024-05-01).")
                )
            status = self.status_widget.clean(match["label"])
            day = parse_date(match["date"]) if match["date"] else None
        except ValueError as error:
            add_error(errors, "status", str(error))
            return None, None
        if status == DeputyStatus.IN_OFFICE and day:
            add_error(errors, "status", _("A deputy in office has no status date; write 在任."))
            return None, None
        if status != DeputyStatus.IN_OFFICE and not day:
            add_error(
                errors,
                "status",
                _("%(status)s needs its date, e.g. %(status)s(2024-05-01).")
                % {"status": match["label"]},
            )
            return None, None
        return status, day

    def extras_changed(self, instance):
        return instance.sheet_changed

    def save_record(self, instance, is_create):
        undated = instance.undated_levels if self.term_number is not None else set()
        deputy_save(
            actor=self.actor,
            deputy=instance,
            levels=instance.sheet_levels - undated,
            group=instance.sheet_group,
            term_number=self.term_number,
            day=instance.sheet_joined.day,
            redate_group=instance.sheet_joined.redate,
        )
        # A level struck from 代表层级 also ends a seat recorded without its term.
        if undated - instance.sheet_levels:
            Seat.objects.filter(
                deputy=instance, term_number__isnull=True, level__in=undated - instance.sheet_levels
            ).delete()


# Activities


DATE_RANGE = re.compile(r"\s*(?:至|到|~|～|—+|－)\s*")


class ActivityResource(NamesMixin, SpreadsheetResource):
    """代表活动: 日期 (one day, or a range: 2024-03-05至2024-03-07), 类型 (视察, 调研, 执法检查 …,
    the labels the portal shows), 主题, 地点, 组织者 (主席团 — also 镇人大主席团, 青山镇人大主席团,
    镇人民代表大会主席团 … — or the name of a deputy group or liaison station as an office writes
    it, 青山镇第一代表小组 for 第一代表小组; each reading is reported), 参加代表 (names separated by 、; they are recorded as present),
    其他参加人次, 接待选民人次 (voters received at a reception or home visit), 发现问题, 整改到位
    (numbers; empty means 0).

    A row updates the activity with the same 日期 (first day), 类型 and 主题. Deputies recorded
    on leave or absent stay so unless the row lists them as taking part. 地点, 组织者,
    其他参加人次, 接待选民人次, 发现问题 and 整改到位 may be left out of the file."""

    help_text = gettext_lazy(
        "A row updates the activity with the same date, kind and topic. 日期: a day, or a range "
        "such as 2024-03-05至2024-03-07. 组织者: 主席团, or the name of a group or station. "
        "参加代表: deputies' names separated by 、."
    )
    date = fields.Field(column_name="日期")
    kind = fields.Field(
        attribute="kind",
        column_name="类型",
        widget=ChoiceWidget(
            ActivityKind,
            aliases={
                "集中学习": ActivityKind.TRAINING,
                "学习培训": ActivityKind.TRAINING,
                "代表述职": ActivityKind.REPORT_BACK,
                "走访": ActivityKind.HOME_VISIT,
            },
        ),
    )
    topic = fields.Field(attribute="topic", column_name="主题", widget=TextWidget())
    place = fields.Field(attribute="place", column_name="地点", widget=TextWidget())
    organiser = fields.Field(column_name="组织者")
    participants = fields.Field(column_name="参加代表")
    other_attendees = fields.Field(
        attribute="other_attendees", column_name="其他参加人次", widget=IntegerWidget()
    )
    # The summaries' 接待选民 N 人次 comes from here: a figure the portal prints is importable.
    voters_received = fields.Field(
        attribute="voters_received", column_name="接待选民人次", widget=IntegerWidget()
    )
    issues_found = fields.Field(
        attribute="issues_found", column_name="发现问题", widget=IntegerWidget()
    )
    issues_rectified = fields.Field(
        attribute="issues_rectified", column_name="整改到位", widget=IntegerWidget()
    )

    optional_columns = ("地点", "组织者", "其他参加人次", "接待选民人次", "发现问题", "整改到位")
    kind_widget = kind.widget

    class Meta:
        model = Activity
        fields = (
            "date",
            "kind",
            "topic",
            "place",
            "organiser",
            "participants",
            "other_attendees",
            "voters_received",
            "issues_found",
            "issues_rectified",
        )

    def get_queryset(self):
        return (
            Activity.objects.select_related("group", "station")
            .prefetch_related("attendances__deputy")
            .order_by("start_date", "pk")
        )

    def dehydrate_date(self, activity):
        if activity.end_date and activity.end_date != activity.start_date:
            return f"{format_date(activity.start_date)}至{format_date(activity.end_date)}"
        return format_date(activity.start_date)

    def dehydrate_organiser(self, activity):
        if activity.organiser == Organiser.GROUP and activity.group:
            return activity.group.name
        if activity.organiser == Organiser.STATION and activity.station:
            return activity.station.name
        return ChoiceWidget(Organiser).render(Organiser.PRESIDIUM)

    def dehydrate_participants(self, activity):
        present = [
            a.deputy for a in activity.attendances.all() if a.status == AttendanceStatus.PRESENT
        ]
        return self.names.labels(sorted(present, key=lambda d: (d.stroke_key, d.pk)))

    # Import

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        self.township = township_name()
        self.groups = NameIndex({g.name: g for g in DeputyGroup.objects.all()}, self.township)
        self.stations = NameIndex({s.name: s for s in LiaisonStation.objects.all()}, self.township)

    @staticmethod
    def parse_dates(value):
        """(first day, last day or None) from 2024-03-05 or 2024-03-05至2024-03-07."""
        if value is None or (isinstance(value, str) and not value.strip()):
            raise ValueError(_("The date is missing."))
        if isinstance(value, str):
            parts = DATE_RANGE.split(value.strip(), maxsplit=1)
            if len(parts) == 2:
                start, end = parse_date(parts[0]), parse_date(parts[1])
                return start, (end if end != start else None)
        return parse_date(value), None

    def lookup(self, row):
        try:
            start, _end = self.parse_dates(row.get("日期"))
            kind = self.kind_widget.clean(row.get("类型"))
        except ValueError:
            return None
        matches = list(
            Activity.objects.filter(start_date=start, kind=kind, topic=_text(row, "主题"))[:2]
        )
        if len(matches) > 1:
            raise ValidationError(
                {
                    "topic": _(
                        "Several recorded activities have this date, kind and topic; give "
                        "them different topics first."
                    )
                }
            )
        return matches[0] if matches else None

    def import_extras(self, instance, row, errors, sheet_row):
        changed = False
        try:
            start, end = self.parse_dates(row.get("日期"))
        except ValueError as error:
            add_error(errors, "date", str(error))
        else:
            changed |= (start, end) != (instance.start_date, instance.end_date)
            instance.start_date, instance.end_date = start, end
            if instance.kind and instance.topic:
                self.claim(
                    ("activity", start, instance.kind, instance.topic),
                    sheet_row,
                    errors,
                    "topic",
                    _("This activity also appears in row %(row)s."),
                )

        if "组织者" in row:
            organiser = self._organiser(_text(row, "组织者"), errors, sheet_row)
            if organiser:
                changed |= organiser != (instance.organiser, instance.group, instance.station)
                instance.organiser, instance.group, instance.station = organiser

        instance.sheet_present = []
        try:
            instance.sheet_present = self.names.find_all(row.get("参加代表"))
        except ValueError as error:
            add_error(errors, "participants", str(error))
        if instance.pk:
            present = {
                a.deputy_id
                for a in instance.attendances.all()
                if a.status == AttendanceStatus.PRESENT
            }
            changed |= present != {d.pk for d in instance.sheet_present}
        instance.sheet_changed = changed

    def _organiser(self, name, errors, sheet_row):
        """(organiser, group, station) from 主席团 (镇人大主席团, 青山镇人大主席团 …) or the name
        of a group or station as an office writes it; None after an error."""
        presidium = ChoiceWidget(Organiser).render(Organiser.PRESIDIUM)
        if not name:
            return Organiser.PRESIDIUM, None, None
        if name_key(name, self.township) == name_key(presidium):
            self.note_match("组织者", name, presidium, sheet_row)
            return Organiser.PRESIDIUM, None, None
        try:
            group, recorded = self.groups.find(name)
            if group is None:
                station, recorded = self.stations.find(name)
        except ValueError as error:
            add_error(errors, "organiser", str(error))
            return None
        if group is None and station is None:
            add_error(
                errors,
                "organiser",
                _(
                    "“%(value)s” is neither %(presidium)s nor the name of a deputy group or "
                    "station. Groups: %(groups)s. Stations: %(stations)s."
                )
                % {
                    "value": name,
                    "presidium": presidium,
                    "groups": LIST_JOINER.join(sorted(self.groups.names())) or "—",
                    "stations": LIST_JOINER.join(sorted(self.stations.names())) or "—",
                },
            )
            return None
        self.note_match("组织者", name, recorded, sheet_row)
        if group is not None:
            return Organiser.GROUP, group, None
        return Organiser.STATION, None, station

    def extras_changed(self, instance):
        return instance.sheet_changed

    def save_record(self, instance, is_create):
        attendance = {}
        if not is_create:
            # Leave and absence recorded on the portal stay unless the row lists the deputy.
            for record in instance.attendances.select_related("deputy"):
                if record.status != AttendanceStatus.PRESENT:
                    attendance[record.deputy] = record.status
        for deputy in instance.sheet_present:
            attendance.pop(deputy, None)
            attendance[deputy] = AttendanceStatus.PRESENT
        activity_save(actor=self.actor, activity=instance, attendance=attendance)
