"""Spreadsheet resources of the elections app: districts and the voter roll.

Both belong to one election: `import_data ... --election NAME` (or the election's own import
page) names it; without it the most recent election (by election day) is used.

- districts: 名称, 编码, 范围, 人口, 应选名额. A row updates the district with the same 编码.
- voters: 姓名, 公民身份号码, 民族, 住址, 选区 (its name or code), optional 性别 and 出生日期 (which
  must agree with the ID number). A whole township's roll (tens of thousands of rows) is
  imported, so this resource does not go row by row through django-import-export: it checks
  every row in one pass in Python against the ID numbers already registered in the election
  (fetched once) and writes with bulk_create in batches inside one transaction. Any bad row
  means nothing is written, and every bad row is reported with its column and reason.
"""

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields

from congress import idnumbers
from congress.services import record_save
from congress.spreadsheets import (
    ChoiceWidget,
    DateWidget,
    IntegerWidget,
    Problem,
    SpreadsheetResource,
    TextWidget,
    _is_blank,
    _number_text,
    parse_date,
)
from deputies.models import Gender
from elections import rules
from elections.models import District, Election, Voter

PROGRESS_EVERY = 10_000
BATCH_SIZE = 5_000


def election_named(name):
    """The election named `name`, or the latest one when no name is given; ValueError (Chinese)
    when there is none."""
    elections = Election.objects.all()
    election = elections.filter(name=name).first() if name else elections.first()
    if election is None:
        if name:
            raise ValueError(_("There is no election named %(name)s.") % {"name": name})
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
    return "" if _is_blank(value) else _number_text(value).strip()


class VoterResource(ElectionMixin, SpreadsheetResource):
    """选民: 姓名, 公民身份号码, 民族, 住址, 选区, optional 性别 and 出生日期."""

    help_text = gettext_lazy(
        "Every row adds a voter to the roll of the election. 选区: the district's name or code. "
        "性别 and 出生日期 may be left out; given, they must agree with the ID number."
    )
    name = fields.Field(attribute="name", column_name="姓名", widget=TextWidget())
    id_number = fields.Field(attribute="id_number", column_name="公民身份号码", widget=TextWidget())
    ethnicity = fields.Field(attribute="ethnicity", column_name="民族", widget=TextWidget())
    address = fields.Field(attribute="address", column_name="住址", widget=TextWidget())
    district = fields.Field(column_name="选区")
    gender = fields.Field(attribute="gender", column_name="性别", widget=ChoiceWidget(Gender))
    birth_date = fields.Field(attribute="birth_date", column_name="出生日期", widget=DateWidget())

    optional_columns = ("性别", "出生日期")

    class Meta:
        model = Voter
        fields = ("name", "id_number", "ethnicity", "address", "district", "gender", "birth_date")

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

    def import_fast(self, dataset, report, *, dry_run=False):
        """Check every row, then write all of them in one transaction or none."""
        try:
            election = self.election
        except ValueError as error:
            report.errors.append(Problem(str(error)))
            return report
        headers = dataset.headers
        index = {column: headers.index(column) for column in self.columns() if column in headers}
        districts = {}
        for district in District.objects.filter(election=election):
            districts[district.name] = district
            districts[district.code] = district
        registered = dict(
            Voter.objects.filter(election=election).values_list("id_number", "district__name")
        )
        gender_widget = ChoiceWidget(Gender)
        seen = {}
        valid = []
        total = len(dataset)
        errors = report.errors
        col = {key: self.fields[key].column_name for key in self.fields}
        day = election.election_day
        for number, row in enumerate(dataset, 1):
            sheet_row = self.sheet_row(number)
            bad = False

            def fail(key, reason, sheet_row=sheet_row):
                nonlocal bad
                bad = True
                errors.append(Problem(reason, sheet_row, col[key]))

            name = _text(row[index["姓名"]])
            if not name:
                fail("name", _("The name is missing."))
            elif len(name) > 50:
                fail("name", _("The name is longer than 50 characters."))
            raw = _text(row[index["公民身份号码"]])
            id_number = born = gender = None
            try:
                id_number = idnumbers.check(raw)
                if not id_number:
                    fail("id_number", _("The ID number is missing."))
                    id_number = None
            except ValidationError as error:
                fail("id_number", "；".join(error.messages))
            if id_number:
                born, gender = idnumbers.decode(id_number)
                if not rules.of_voting_age(born, day):
                    fail(
                        "id_number",
                        _("Under 18 on election day (%(day)s): turns 18 on %(birthday)s.")
                        % {
                            "day": day.strftime("%Y-%m-%d"),
                            "birthday": rules.eighteenth_birthday(born).strftime("%Y-%m-%d"),
                        },
                    )
                earlier = seen.setdefault(id_number, sheet_row)
                if earlier != sheet_row:
                    fail(
                        "id_number",
                        _("The same ID number is also in row %(row)s.") % {"row": earlier},
                    )
                elif id_number in registered:
                    fail(
                        "id_number",
                        _("This person is already registered in %(district)s.")
                        % {"district": registered[id_number]},
                    )
            district_text = _text(row[index["选区"]])
            district = districts.get(district_text)
            if district is None:
                fail(
                    "district",
                    _("There is no district “%(name)s” in %(election)s.")
                    % {"name": district_text, "election": election.name}
                    if district_text
                    else _("The district is missing."),
                )
            if "性别" in index and not _is_blank(row[index["性别"]]):
                try:
                    stated = gender_widget.clean(row[index["性别"]])
                    if gender and stated != gender:
                        fail("gender", _("The gender does not agree with the ID number."))
                except ValueError as error:
                    fail("gender", str(error))
            if "出生日期" in index and not _is_blank(row[index["出生日期"]]):
                try:
                    stated = parse_date(row[index["出生日期"]])
                    if born and stated != born:
                        fail(
                            "birth_date",
                            _("The birth date does not agree with the ID number (%(date)s).")
                            % {"date": born.strftime("%Y-%m-%d")},
                        )
                except ValueError as error:
                    fail("birth_date", str(error))
            if not bad and not errors:
                ethnicity, address = _text(row[index["民族"]]), _text(row[index["住址"]])
                if len(ethnicity) > 20:
                    fail("ethnicity", _("The ethnicity is longer than 20 characters."))
                elif len(address) > 200:
                    fail("address", _("The address is longer than 200 characters."))
                else:
                    valid.append((name, id_number, born, gender, ethnicity, address, district.pk))
            if number % PROGRESS_EVERY == 0:
                self._tell("checked", number, total)
        self._tell("checked", total, total)
        if errors:
            errors.sort(key=lambda p: p.row or 0)
            return report
        # Multi-row INSERTs through the cursor: bulk_create builds a model instance and
        # compiles every value of 100,000 rows, which costs more than checking them.
        table = Voter._meta.db_table
        columns = [
            "election_id",
            "district_id",
            "name",
            "id_number",
            "birth_date",
            "gender",
            "ethnicity",
            "address",
            "on_roll",
            "stroke_key",
        ]
        quote = connection.ops.quote_name
        names = ", ".join(quote(c) for c in columns)
        one = "(" + ", ".join(["%s"] * len(columns)) + ")"
        per_statement = min(500, (connection.features.max_query_params or 5000) // len(columns))
        adapt_date = connection.ops.adapt_datefield_value
        # Other connections see nothing of the transaction until it commits, so say first that
        # the rows are being written; "saved" counts are seen by this connection only.
        self._tell("saving", 0, total)
        with transaction.atomic(), connection.cursor() as cursor:
            for start in range(0, total, BATCH_SIZE):
                end = min(start + BATCH_SIZE, len(valid))
                for first in range(start, end, per_statement):
                    chunk = valid[first : min(first + per_statement, end)]
                    params = []
                    for name, id_number, born, gender, ethnicity, address, district_id in chunk:
                        params += (
                            election.pk,
                            district_id,
                            name,
                            id_number,
                            adapt_date(born),
                            gender,
                            ethnicity,
                            address,
                            True,
                            rules.stroke_sort_key(name),
                        )
                    cursor.execute(
                        f"INSERT INTO {quote(table)} ({names}) VALUES "
                        + ", ".join([one] * len(chunk)),
                        params,
                    )
                done = min(start + BATCH_SIZE, total)
                if done % PROGRESS_EVERY == 0 or done == total:
                    self._tell("saved", done, total)
            if dry_run:
                transaction.set_rollback(True)
        report.new = len(valid)
        return report
