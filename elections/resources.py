"""Spreadsheet resources of the elections app: districts and the voter roll.

Both belong to one election: `import_data ... --election NAME` (or the election's own import
page) names it; without it the most recent election (by election day) is used.

- districts: 名称, 编码, 范围, 人口, 应选名额. A row updates the district with the same 编码.
- voters: 姓名, 公民身份号码, 民族, 住址, 选区 (its name, number or code), optional 性别 and
  出生日期 (which must agree with the ID number). A whole township's roll (tens of thousands of
  rows) is imported, so this resource does not go row by row through django-import-export: it
  checks every row in one pass in Python, with the rules of a registration (services.voter_check)
  and against the registrations of the election (fetched once), and services.roll_import_write
  writes the new voters with their roll changes in batches inside one transaction. Any bad row
  means nothing is written, and every bad row is reported with its column and reason. People
  already on the roll of the same district with the same details are counted as unchanged, so
  a complete roll can be imported again with additions.
"""

import re
from operator import itemgetter

from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields

from congress import idnumbers
from congress.services import record_save
from congress.spreadsheets import (
    LIST_JOINER,
    ChoiceWidget,
    DateWidget,
    IntegerWidget,
    NameIndex,
    Problem,
    SpreadsheetResource,
    TextWidget,
    is_blank,
    name_key,
    number_text,
    parse_date,
    parse_ordinal,
)
from deputies.models import Gender
from deputies.resources import GENDER_ALIASES
from elections import services
from elections.models import District, Election, Voter

PROGRESS_EVERY = 10_000


def election_named(name):
    """The election named `name`, or the latest one when no name is given; ValueError (Chinese)
    when there is none, naming the elections there are."""
    elections = Election.objects.all()
    name = (name or "").strip()
    election = elections.filter(name=name).first() if name else elections.first()
    if election is None:
        names = LIST_JOINER.join(f"“{e.name}”" for e in elections)
        if name and names:
            raise ValueError(
                _("There is no election named “%(name)s”. The elections are: %(names)s.")
                % {"name": name, "names": names}
            )
        raise ValueError(_("Create the election first."))
    return election


class ElectionMixin:
    def __init__(self, actor=None, election=None, progress=None, **kwargs):
        super().__init__(actor=actor, **kwargs)
        self.election_arg = election
        self.progress = progress
        self._election = None

    @property
    def election(self):
        if self._election is None:
            if isinstance(self.election_arg, Election):
                self._election = self.election_arg
            elif isinstance(self.election_arg, int):  # a job names it by its key
                self._election = Election.objects.get(pk=self.election_arg)
            else:
                self._election = election_named(self.election_arg)
        return self._election


class DistrictResource(ElectionMixin, SpreadsheetResource):
    """选区: 名称, 编码, 范围, 人口, 应选名额 (1 to 3)."""

    help_text = gettext_lazy(
        "A row updates the district with the same code. 应选名额: 1 to 3 deputies. "
        "范围: the villages or units the district covers."
    )
    name = fields.Field(attribute="name", column_name="名称", widget=TextWidget())
    code = fields.Field(attribute="code", column_name="编码", widget=TextWidget())
    area = fields.Field(attribute="area", column_name="范围", widget=TextWidget())
    population = fields.Field(
        attribute="population", column_name="人口", widget=IntegerWidget(empty=None)
    )
    seats = fields.Field(
        attribute="seats", column_name="应选名额", widget=IntegerWidget(empty=None)
    )

    optional_columns = ("范围",)

    class Meta:
        model = District
        fields = ("name", "code", "area", "population", "seats")

    def get_queryset(self):
        try:
            election = self.election
        except ValueError:
            return District.objects.none()
        return District.objects.filter(election=election).order_by("code")

    def lookup(self, row):
        code = TextWidget().clean(row.get("编码"))
        return District.objects.filter(election=self.election, code=code).first()

    def import_extras(self, instance, row, errors, sheet_row):
        instance.election = self.election
        if instance.code:
            self.claim(
                ("district", instance.code),
                sheet_row,
                errors,
                "code",
                _("This district also appears in row %(row)s."),
            )

    def save_record(self, instance, is_create):
        record_save(actor=self.actor, record=instance)


def _text(value):
    if type(value) is str:  # nearly every cell
        return value.strip()
    return "" if value is None else number_text(value).strip()


# Excel shows an ID number it stored as a number as 3.30106E+17, and a CSV it saves keeps that.
EXCEL_NUMBER_TEXT = re.compile(r"\d+(\.\d+)?[eE]\+?\d+")
# The districts a refusal lists (a township has a few dozen at most).
DISTRICTS_LISTED = 40


def _excel_number(value):
    if type(value) is str:  # nearly every cell; the pattern needs an E
        return ("E" in value or "e" in value) and bool(EXCEL_NUMBER_TEXT.fullmatch(value.strip()))
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float):
        return True
    return isinstance(value, str) and bool(EXCEL_NUMBER_TEXT.fullmatch(value.strip()))


# A cell Excel stored as a number has lost digits (a number keeps 15), and the digits left may
# still pass the check digit by chance, so it is refused with a reason that says how to fix the
# file.
EXCEL_NUMBER_REASON = gettext_lazy(
    "The ID number was stored as a number, which loses digits; format the column as text and "
    "type the number again."
)


class DistrictNames:
    """The districts of an election found by what a roll writes in 选区: the name, the code
    (also without the leading zeros Excel drops), the name with the township's name in front,
    or the district's number: 第9选区, 九选区 and 9 all find 第九选区. Each text is looked up once."""

    def __init__(self, election, districts):
        self.election = election
        self.districts = list(districts)
        self.index = NameIndex({d.name: d for d in self.districts})
        self.codes = {d.code: d for d in self.districts}
        self.by_number = {}
        for district in self.districts:
            for number in {self._number(district.name), self._code_number(district.code)}:
                if number:
                    self.by_number.setdefault(number, set()).add(district)
        self.found = {}

    def _number(self, text):
        key = name_key(text, self.index.township).removesuffix("选区")
        try:
            return parse_ordinal(key)
        except ValueError:
            return None

    @staticmethod
    def _code_number(code):
        return int(code) if code.isascii() and code.isdigit() and int(code) else None

    def find(self, text):
        """The district `text` names; ValueError with the Chinese reason when none or several."""
        if text not in self.found:
            try:
                self.found[text] = self._find(text)
            except ValueError as error:
                self.found[text] = error
        found = self.found[text]
        if isinstance(found, ValueError):
            raise found
        return found

    def _find(self, text):
        if text in self.index.exact:
            return self.index.exact[text]
        if text in self.codes:
            return self.codes[text]
        district, _recorded = self.index.find(text)
        if district is not None:
            return district
        candidates = sorted(self.by_number.get(self._number(text), ()), key=lambda d: d.code)
        if len(candidates) == 1:
            return candidates[0]
        if candidates:
            raise ValueError(
                _("“%(value)s” could mean any of %(names)s; write the full name.")
                % {"value": text, "names": LIST_JOINER.join(d.name for d in candidates)}
            )
        shown = [f"{d.name}（{d.code}）" for d in self.districts[:DISTRICTS_LISTED]]
        if len(self.districts) > DISTRICTS_LISTED:
            shown.append("…")
        raise ValueError(
            _("%(election)s has no district “%(name)s”. Its districts: %(districts)s.")
            % {
                "election": self.election.name,
                "name": text,
                "districts": LIST_JOINER.join(shown) or _("none yet"),
            }
        )


class VoterResource(ElectionMixin, SpreadsheetResource):
    """选民: 姓名, 公民身份号码, 民族, 住址, 选区, optional 性别 and 出生日期."""

    help_text = gettext_lazy(
        "Every row adds a voter to the roll of the election. 选区: the district's name, number "
        "or code. 性别 and 出生日期 may be left out; given, they must agree with the ID number. "
        "A complete roll may be imported again with additions: people already on the roll of "
        "the same district with the same details are left unchanged."
    )
    name = fields.Field(attribute="name", column_name="姓名", widget=TextWidget())
    id_number = fields.Field(attribute="id_number", column_name="公民身份号码", widget=TextWidget())
    ethnicity = fields.Field(attribute="ethnicity", column_name="民族", widget=TextWidget())
    address = fields.Field(attribute="address", column_name="住址", widget=TextWidget())
    district = fields.Field(column_name="选区")
    gender = fields.Field(
        attribute="gender",
        column_name="性别",
        widget=ChoiceWidget(Gender, aliases=GENDER_ALIASES),
    )
    birth_date = fields.Field(attribute="birth_date", column_name="出生日期", widget=DateWidget())

    optional_columns = ("性别", "出生日期")
    column_aliases = {
        "姓名": ("选民姓名",),
        "民族": ("族别",),
        "住址": ("家庭住址", "现住址", "居住地址", "地址", "住所"),
        "选区": ("所在选区", "选区名称", "选区编码", "选区编号"),
    }

    class Meta:
        model = Voter
        fields = ("name", "id_number", "ethnicity", "address", "district", "gender", "birth_date")

    def __init__(self, *args, roll_file="", **kwargs):
        super().__init__(*args, **kwargs)
        # The name of the file imported, for the note of each roll change (an import option).
        self.roll_file = roll_file

    def get_queryset(self):
        try:
            election = self.election
        except ValueError:
            return Voter.objects.none()
        return Voter.objects.filter(election=election).select_related("district")

    def dehydrate_district(self, voter):
        return voter.district.name

    # The generic export is open to everyone who may view voters, so it carries neither full ID
    # numbers nor birth dates (which with a masked number give the number away); election staff
    # take those out through the roll spreadsheet (roll_xlsx), which logs every such export.

    def get_export_order(self):
        return tuple(name for name in super().get_export_order() if name != "birth_date")

    def dehydrate_id_number(self, voter):
        return idnumbers.mask(voter.id_number)

    def _tell(self, phase, done, total):
        if self.progress:
            self.progress(phase, done, total)

    def import_fast(self, table, report, *, dry_run=False):
        """Check every row, then write the new voters and their roll changes in one
        transaction, or nothing. Rows of people already on the roll of the same district with
        the same details count as unchanged, so a complete roll can be imported again with
        additions."""
        try:
            election = self.election
        except ValueError as error:
            report.errors.append(Problem(str(error)))
            return report
        district_names = DistrictNames(election, District.objects.filter(election=election))
        # ID number → (district, name, ethnicity, address, on the roll): one query, no per-row.
        registered = {
            number: facts
            for number, *facts in Voter.objects.filter(election=election).values_list(
                "id_number", "district_id", "name", "ethnicity", "address", "on_roll"
            )
        }
        district_name = {d.pk: d.name for d in district_names.districts}
        headers = table.headers
        index = {column: headers.index(column) for column in self.columns() if column in headers}
        # The required cells of a row in one call; the optional ones by their index or None.
        required = itemgetter(*(index[c] for c in ("姓名", "公民身份号码", "民族", "住址", "选区")))
        gender_at, born_at = index.get("性别"), index.get("出生日期")
        col = {key: self.fields[key].column_name for key in self.fields}
        gender_widget = self.fields["gender"].widget
        day = election.election_day
        seen = {}
        valid = []
        total = len(table)
        errors = report.errors
        for number, row in enumerate(table, 1):
            sheet_row = self.sheet_row(number)
            found = []

            def fail(key, reason, found=found, sheet_row=sheet_row):
                found.append(Problem(reason, sheet_row, col[key]))

            name, id_cell, ethnicity, address, district_cell = required(row)
            entry, problems = services.voter_check(
                name=_text(name),
                id_number=_text(id_cell),
                ethnicity=_text(ethnicity),
                address=_text(address),
                election_day=day,
            )
            if _excel_number(id_cell):
                problems["id_number"] = str(EXCEL_NUMBER_REASON)
                entry = entry._replace(id_number=None, birth_date=None, gender=None)
            for key, reason in problems.items():
                fail(key, reason)
            id_number, born, gender = entry.id_number, entry.birth_date, entry.gender
            district = None
            district_text = _text(district_cell)
            if not district_text:
                fail("district", _("The district is missing."))
            else:
                try:
                    district = district_names.find(district_text)
                except ValueError as error:
                    fail("district", str(error))
                else:
                    if district_text != district.name:
                        self.note_match("选区", district_text, district.name, sheet_row)
            if gender_at is not None and not is_blank(row[gender_at]):
                try:
                    stated = gender_widget.clean(row[gender_at])
                    if gender and stated != gender:
                        fail("gender", _("The gender does not agree with the ID number."))
                except ValueError as error:
                    fail("gender", str(error))
            if born_at is not None and not is_blank(row[born_at]):
                try:
                    stated = parse_date(row[born_at])
                    if born and stated != born:
                        fail(
                            "birth_date",
                            _("The birth date does not agree with the ID number (%(date)s).")
                            % {"date": date_format(born)},
                        )
                except ValueError as error:
                    fail("birth_date", str(error))
            unchanged = False
            if id_number:
                earlier = seen.setdefault(id_number, sheet_row)
                if earlier != sheet_row:
                    fail(
                        "id_number",
                        _("The same ID number is also in row %(row)s.") % {"row": earlier},
                    )
                elif id_number in registered and district is not None:
                    unchanged = self._check_registered(
                        registered[id_number],
                        district,
                        district_name,
                        entry,
                        fail,
                    )
            errors += found
            if unchanged and not found:
                report.unchanged += 1
            elif not errors:  # after the first bad row only problems are collected
                valid.append((*entry, district))
            if number % PROGRESS_EVERY == 0:
                self._tell("checked", number, total)
        self._tell("checked", total, total)
        errors.sort(key=lambda p: p.row or 0)
        if errors or not valid:
            return report
        total = len(valid)
        # Other connections see nothing of the transaction until it commits, so say first that
        # the rows are being written; "saved" counts are seen by this connection only.
        self._tell("saving", 0, total)
        with transaction.atomic():
            services.roll_import_write(
                actor=self.actor,
                election=election,
                voters=valid,
                note=" ".join(filter(None, [_("Imported voter roll"), self.roll_file])),
                saved=lambda done: self._tell("saved", done, total),
            )
            if dry_run:
                transaction.set_rollback(True)
        report.new = len(valid)
        return report

    def _check_registered(self, facts, district, district_name, entry, fail):
        """Whether a row of someone already registered in the election repeats their entry
        (unchanged); otherwise `fail` says what to do instead. A roll is changed on the
        voter's page with its legal reason, never by overwriting it from a file."""
        district_id, *recorded, on_roll = facts
        if district_id != district.pk:
            fail(
                "id_number",
                _(
                    "This person is already registered in %(district)s; to move them, record a "
                    "roll change on their page."
                )
                % {"district": district_name[district_id]},
            )
            return False
        if not on_roll:
            fail(
                "id_number",
                _(
                    "This person was struck off the roll of %(district)s; to put them back, "
                    "record a roll change on their page."
                )
                % {"district": district.name},
            )
            return False
        same = True
        for key, value in zip(("name", "ethnicity", "address"), recorded, strict=True):
            if getattr(entry, key) != value:
                same = False
                fail(
                    key,
                    _(
                        "This person is already on the roll of %(district)s with “%(value)s” "
                        "here; to change it, record a correction on their page, or write it as "
                        "on the roll."
                    )
                    % {"district": district.name, "value": value},
                )
        return same
