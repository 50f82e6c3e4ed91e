"""One spreadsheet interface for every app: import and export of Excel (.xlsx) and CSV files.

Each app's AppConfig may carry `resources = {"name": "dotted.path.ResourceClass"}`; the classes
are django-import-export ModelResources built on `SpreadsheetResource` below. This module
gathers them from the app registry (so the congress app imports no app above it), reads a file
into a tablib Dataset, runs the import in one transaction (optionally as a dry run) and turns
every problem into a Chinese message "第N行 「列名」：原因", N being the row as Excel shows it
(the header is row 1, the first record row 2).

Column headers and choice labels are the file format that offices type, so they are written in
Chinese in the resources (like the role names); the reasons of errors are translated text.

An import writes everything or nothing: one invalid row rolls the whole file back, and every
bad row is reported. Rows identical to the database are reported as unchanged and not saved
(no history entry), so re-importing an exported file changes nothing.
"""

import codecs
import csv
import io
import re
import uuid
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

import tablib
from django.apps import apps
from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import resources, widgets
from import_export.results import RowResult
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from python_calamine import CalamineWorkbook, SheetTypeEnum

from congress.selectors import township_name
from congress.services import record_save
from congress.text import FULL_WIDTH_DIGITS, parse_chinese_number

EXCEL_SUFFIXES = (".xlsx",)
CSV_SUFFIXES = (".csv",)
SUFFIXES = EXCEL_SUFFIXES + CSV_SUFFIXES
# Rows above the header that a file may carry (a title such as 青山镇人大代表名册).
HEADER_SEARCH_ROWS = 10
# Excel's own limit for a cell; a longer one was not typed by an office.
MAX_CELL_CHARS = 32_767
# The columns of old Excel (.xls); every import has a few dozen at most.
MAX_COLUMNS = 256
# What an .xlsx (a zip) may unpack to: a small file must not unpack to gigabytes.
MAX_UNZIPPED_BYTES = 200 * 2**20
# Separators between several names or labels in one cell: 张三、李四 (also ，, ; and /).
LIST_SEPARATORS = re.compile(r"[、,，;；/／\n]+")
LIST_JOINER = "、"


class SpreadsheetError(Exception):
    """A file that cannot be imported at all (unreadable, wrong type, unknown resource)."""


class UnknownResource(SpreadsheetError):
    def __init__(self, name):
        self.name = name
        super().__init__(
            _("Unknown data type “%(name)s”. Known: %(known)s.")
            % {"name": name, "known": ", ".join(registry())}
        )


# The registry


def registry():
    """name → resource class, from every app's AppConfig.resources, in app order."""
    found = {}
    for config in apps.get_app_configs():
        for name, path in getattr(config, "resources", {}).items():
            found[name] = import_string(path)
    return found


def resource_class(name):
    try:
        return registry()[name]
    except KeyError:
        raise UnknownResource(name) from None


def may_import(user, cls):
    opts = cls._meta.model._meta
    return user.has_perms(
        [f"{opts.app_label}.add_{opts.model_name}", f"{opts.app_label}.change_{opts.model_name}"]
    )


def may_export(user, cls):
    opts = cls._meta.model._meta
    return user.has_perm(f"{opts.app_label}.view_{opts.model_name}")


# Widgets: cell value ↔ Python value. Errors are ValueErrors carrying a Chinese reason.


def is_blank(value):
    return value is None or (isinstance(value, str) and not value.strip())


def number_text(value):
    """Excel keeps numbers typed into text columns as numbers: 13912345678.0 → "13912345678"."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


class TextWidget(widgets.Widget):
    """Text, trimmed; empty stays empty (never None, as the models store "")."""

    def clean(self, value, row=None, **kwargs):
        if is_blank(value):
            return ""
        if isinstance(value, datetime | date):
            return value.strftime("%Y-%m-%d")
        return number_text(value).strip()

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class IntegerWidget(widgets.Widget):
    """A whole number of zero or more; empty gives `empty` (0 for counts, None for numbers)."""

    def __init__(self, empty=0, **kwargs):
        self.empty = empty
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        if is_blank(value):
            return self.empty
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, int) and not isinstance(value, bool):
            number = value
        else:
            text = str(value).strip().translate(FULL_WIDTH_DIGITS)
            text = text.removesuffix("人次").removesuffix("项").removesuffix("次").strip()
            try:
                number = int(Decimal(text))
                if Decimal(text) != number:
                    raise InvalidOperation
            except (InvalidOperation, ValueError):
                raise ValueError(
                    _("“%(value)s” is not a whole number.") % {"value": value}
                ) from None
        if number < 0:
            raise ValueError(_("The number cannot be negative."))
        return number

    def render(self, value, obj=None, **kwargs):
        return value


DATE_PATTERNS = (
    re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)


def parse_date(value):
    """A date from a cell: an Excel date, 2024-03-05, 2024/3/5, 2024.3.5, 2024年3月5日 or
    20240305. Raises ValueError with a Chinese reason."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = number_text(value).strip().translate(FULL_WIDTH_DIGITS)
    # Excel's text export of a date cell may carry a midnight time: 2024-03-05 00:00:00.
    text = re.sub(r"\s+0{1,2}:00(:00)?$", "", text)
    for pattern in DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            try:
                return date(*(int(part) for part in match.groups()))
            except ValueError:
                break
    raise ValueError(
        _("“%(value)s” is not a date; write it as 2024-03-05, 2024/3/5 or 2024年3月5日.")
        % {"value": value}
    )


def format_date(value):
    return value.strftime("%Y-%m-%d") if value else ""


class DateWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        if is_blank(value):
            return None
        return parse_date(value)

    def render(self, value, obj=None, **kwargs):
        return format_date(value)


class ChoiceWidget(widgets.Widget):
    """A TextChoices value written as its Chinese label (男, 中共党员, 例会 …).

    `aliases` maps other spellings offices use to values (e.g. 临时 for 临时会议)."""

    def __init__(self, choices, aliases=None, **kwargs):
        self.choices = choices
        self.aliases = aliases or {}
        super().__init__(**kwargs)

    def labels(self):
        # The file format is Chinese whatever the language of the person importing.
        with translation.override("zh-hans"):
            return {str(label): value for value, label in self.choices.choices}

    def clean(self, value, row=None, **kwargs):
        if is_blank(value):
            return ""
        text = str(value).strip()
        labels = self.labels()
        if text in labels:
            return labels[text]
        if text in self.aliases:
            return self.aliases[text]
        if text in self.choices.values:
            return text
        raise ValueError(
            _("“%(value)s” is not one of the allowed values: %(allowed)s.")
            % {"value": text, "allowed": LIST_JOINER.join(labels)}
        )

    def render(self, value, obj=None, **kwargs):
        if not value:
            return ""
        with translation.override("zh-hans"):
            return str(self.choices(value).label)


def parse_ordinal(value):
    """A positive whole number written 18, 第18届, 第十八届 or 第二次 → 18, 18, 18, 2."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    else:
        text = str(value).strip().translate(FULL_WIDTH_DIGITS)
        text = re.sub(r"^第", "", text)
        text = re.sub(r"(届|次会议|次|号)$", "", text).strip()
        number = int(text) if text.isdigit() else parse_chinese_number(text)
        if number is None:
            raise ValueError(_("“%(value)s” is not a number.") % {"value": value})
    if number < 1:
        raise ValueError(_("The number must be 1 or more."))
    return number


class OrdinalWidget(widgets.Widget):
    """A term, session or meeting number: 18, 第18届 or 第十八届."""

    def clean(self, value, row=None, **kwargs):
        if is_blank(value):
            return None
        return parse_ordinal(value)

    def render(self, value, obj=None, **kwargs):
        return value


def split_list(value):
    """The items of a cell listing several: "张三、李四" → ["张三", "李四"]."""
    if is_blank(value):
        return []
    return [part.strip() for part in LIST_SEPARATORS.split(str(value)) if part.strip()]


# Names as offices write them


# Column headers offices write for the portal's columns. A resource's own `column_aliases`
# add to these; a variant is only read as the column when the file has no column of that name.
COLUMN_ALIASES = {
    "公民身份号码": ("身份证号码", "身份证号", "公民身份证号", "公民身份证号码", "身份证"),
    "出生日期": ("出生年月日", "生日"),
    "姓名": ("名字",),
}


def _plain(text):
    """A name without spaces, with half-width digits and brackets: the form names compare in."""
    text = str(text).translate(FULL_WIDTH_DIGITS).replace("（", "(").replace("）", ")")
    return re.sub(r"\s+", "", text)


def name_key(text, township=""):
    """What identifies a body's name whatever way an office writes it: 青山镇人大主席团,
    镇人大主席团 and 主席团 all give 主席团; 青山镇第一代表小组 and 第一小组 give 第一小组."""
    key = _plain(text)
    if township:
        stem = re.sub(r"(乡|镇|街道)$", "", township)
        for prefix in (township, stem):
            if prefix and key.startswith(prefix) and len(key) > len(prefix):
                key = key[len(prefix) :]
                break
    key = re.sub(r"^(本|乡|镇)(?=.)", "", key)
    for word in ("人民代表大会", "人大", "代表"):
        shorter = key.replace(word, "")
        key = shorter or key
    return key


class NameIndex:
    """Records found by the name an office writes, exactly or by `name_key`.

    `find(text)` gives the record or None, and a `matched` text when the name was read as
    another ("镇人大主席团" read as "主席团"); ValueError when it fits several records."""

    def __init__(self, records, township=None):
        self.township = township_name() if township is None else township
        self.exact = dict(records)
        self.by_key = {}
        for name in self.exact:
            self.by_key.setdefault(name_key(name, self.township), []).append(name)

    def names(self):
        return list(self.exact)

    def find(self, text):
        """(record, the recorded name) or (None, None)."""
        text = str(text).strip()
        if text in self.exact:
            return self.exact[text], text
        names = self.by_key.get(name_key(text, self.township), [])
        if len(names) > 1:
            raise ValueError(
                _("“%(value)s” could mean any of %(names)s; write the full name.")
                % {"value": text, "names": LIST_JOINER.join(names)}
            )
        if names:
            return self.exact[names[0]], names[0]
        return None, None


# Resources


def add_error(errors, key, message):
    errors.setdefault(key, []).append(ValidationError(message))


class SpreadsheetResource(resources.ModelResource):
    """Base of every spreadsheet resource.

    Subclasses declare their columns as Fields (column_name in Chinese) and may override:
    - `optional_columns`: columns a file may leave out (every other column is required);
    - `lookup(row)`: the existing record a row updates, or None for a new one;
    - `import_extras(instance, row, errors, sheet_row)`: parse columns that are not plain
      model attributes (attribute=None), keep the result on the instance, add errors;
    - `extras_changed(instance)`: whether those columns differ from the database;
    - `save_record(instance, is_create)`: the service that writes the row."""

    optional_columns = ()
    # Other headers offices write for a column: {"公民身份号码": ("身份证号码", …)}.
    column_aliases = {}
    # What the import page says about the columns and how rows are matched (translated text).
    help_text = ""

    class Meta:
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        use_transactions = True
        skip_html_diff = True
        store_instance = True

    def __init__(self, actor=None, **kwargs):
        super().__init__(**kwargs)
        self.actor = actor
        self.sheet_rows = []
        self.seen = {}
        self.matches = {}

    # Columns

    @classmethod
    def columns(cls):
        return [cls.fields[name].column_name for name in cls._meta.fields]

    @classmethod
    def header_aliases(cls):
        """Header variant → the column it stands for."""
        columns = cls.columns()
        aliases = {}
        for column in columns:
            variants = COLUMN_ALIASES.get(column, ()) + tuple(cls.column_aliases.get(column, ()))
            for variant in variants:
                if variant not in columns:
                    aliases.setdefault(variant, column)
        return aliases

    @classmethod
    def required_columns(cls):
        return [c for c in cls.columns() if c not in cls.optional_columns]

    def column_for(self, key):
        """The column an error key (a resource field, a model attribute) belongs to."""
        if key == NON_FIELD_ERRORS:
            return None
        for name, resource_field in self.fields.items():
            if key in (name, resource_field.attribute):
                return resource_field.column_name
        try:
            return str(self._meta.model._meta.get_field(key).verbose_name)
        except FieldDoesNotExist:
            return key

    def sheet_row(self, row_number):
        """The row number a person sees in Excel for the n-th record of the dataset."""
        if self.sheet_rows and 0 < row_number <= len(self.sheet_rows):
            return self.sheet_rows[row_number - 1]
        return row_number + 1

    def claim(self, key, row_number, errors, error_key, message):
        """Report a record appearing twice in one file, on the later row naming the earlier."""
        earlier = self.seen.setdefault(key, row_number)
        if earlier != row_number:
            add_error(errors, error_key, message % {"row": earlier})

    def note_match(self, column, written, matched, sheet_row):
        """Remember that a cell's name was read as a recorded one, for the report."""
        if str(written).strip() != str(matched):
            self.matches.setdefault((column, str(written).strip(), str(matched)), []).append(
                sheet_row
            )

    def match_notes(self):
        notes = []
        for (column, written, matched), rows in self.matches.items():
            shown = "、".join(str(r) for r in rows[:5]) + ("…" if len(rows) > 5 else "")
            notes.append(
                _("“%(column)s”: “%(written)s” was read as “%(matched)s” (rows %(rows)s).")
                % {"column": column, "written": written, "matched": matched, "rows": shown}
            )
        return notes

    # Hooks for subclasses

    def lookup(self, row):
        return None

    def import_extras(self, instance, row, errors, sheet_row):
        pass

    def extras_changed(self, instance):
        return False

    def save_record(self, instance, is_create):
        record_save(actor=self.actor, record=instance)

    # django-import-export's pipeline

    def before_import(self, dataset, **kwargs):
        self.seen = {}
        self.matches = {}

    def get_instance(self, instance_loader, row):
        return self.lookup(row)

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        self.import_extras(instance, row, errors, self.sheet_row(kwargs.get("row_number", 0)))
        if errors:
            raise ValidationError(errors)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if original is None or original.pk is None:
            return False
        if not super().skip_row(instance, original, row, import_validation_errors):
            return False
        return not self.extras_changed(instance)

    def do_instance_save(self, instance, is_create):
        self.save_record(instance, is_create)

    def clean_cell(self, name, row, errors):
        """Clean one column through its widget, recording a failure under `name`."""
        column = self.fields[name].column_name
        if column not in row:
            return None
        try:
            return self.fields[name].clean(row)
        except ValueError as error:
            add_error(errors, name, str(error))
            return None


# Reading files


def _cell(value):
    if isinstance(value, str):
        value = value.strip()
    return value


# OWASP's rule against CSV injection: a spreadsheet reads a cell beginning with one of these as
# a formula (=HYPERLINK(...) in a title, say). Every file the portal writes defuses them here.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_value(value):
    """A value for a CSV the portal writes: text a spreadsheet would take for a formula gets a
    leading apostrophe, which the import takes off again (`_csv_cell`)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _csv_cell(value):
    value = _cell(value)
    if isinstance(value, str) and value[:1] == "'" and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


def xlsx_values(sheet, values):
    """A row for `sheet.append`: text stays text. openpyxl stores a string beginning with "="
    as a formula, so such a string goes in a cell typed as text (Excel shows it, runs nothing)."""
    row = []
    for value in values:
        if isinstance(value, str) and value.startswith("="):
            value = WriteOnlyCell(sheet, value=value)
            value.data_type = "s"
        row.append(value)
    return row


# calamine lays a sheet out as a grid from A1 to its last cell (32 bytes a cell), so a few cells
# scattered far apart would take gigabytes (and a failed allocation ends the process). Past
# this many cells, or with cells whose place is not written, openpyxl (streaming) reads it.
MAX_GRID_CELLS = 8_000_000
# In a worksheet's XML: a cell whose reference is not its first attribute, a prefixed cell tag
# (<x:c>, which some writers use), and the column and row of a cell's reference <c r="B12">.
UNPLACED_CELL = re.compile(rb'<c(?:[/>]|\s(?!r="[A-Z]))')
PREFIXED_CELL = re.compile(rb":c[\s/>]")
CELL_COLUMN = re.compile(rb'<c r="([A-Z]{1,3})')
CELL_ROW = re.compile(rb'<c r="[A-Z]{1,3}([0-9]+)')


def _column_number(letters):
    return sum((letter - 64) * 26**place for place, letter in enumerate(reversed(letters)))


def _grid_fits(archive):
    """Whether the cells of every part of the workbook (the sheet calamine reads is among
    them) carry their references and span at most MAX_GRID_CELLS from A1."""
    for info in archive.infolist():
        xml = archive.read(info)
        if UNPLACED_CELL.search(xml) or PREFIXED_CELL.search(xml):
            return False
        columns = set(CELL_COLUMN.findall(xml))
        if not columns:
            continue
        most_rows = MAX_GRID_CELLS // max(map(_column_number, columns))
        # No row number as long as `most_rows` means fewer rows; else they are counted.
        longest = re.compile(rb'<c r="[A-Z]{1,3}[0-9]{%d}' % len(str(most_rows)))
        if longest.search(xml) and max(map(int, set(CELL_ROW.findall(xml)))) > most_rows:
            return False
    return True


def _calamine_value(value):
    """A cell as openpyxl reads it: empty is None, a whole number an int (calamine reads
    every number as a float); dates are date or datetime."""
    if value == "":
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _calamine_rows(data):
    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    try:
        first = next(
            index
            for index, sheet in enumerate(book.sheets_metadata)
            if sheet.typ == SheetTypeEnum.WorkSheet
        )
        # From A1, as Excel numbers rows and columns (not from the first cell written).
        rows = book.get_sheet_by_index(first).to_python(skip_empty_area=False)
    finally:
        book.close()
    for index, row in enumerate(rows):  # in place: one row list at a time is copied
        rows[index] = [
            (value.strip() if value else None) if type(value) is str else _calamine_value(value)
            for value in row
        ]
    return rows


def _openpyxl_rows(data):
    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        sheet = book.worksheets[0]
        # The dimension a file declares is not trusted: rows come as long as their cells.
        sheet.reset_dimensions()
        return [[_cell(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        book.close()


def _xlsx_rows(data):
    """The rows of the first sheet, read by python-calamine (several times faster than
    openpyxl), or by openpyxl when calamine's grid would not fit (`_grid_fits`)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_UNZIPPED_BYTES:
                raise SpreadsheetError(
                    _("The workbook unpacks to more than %(mb)s MB; split it into smaller files.")
                    % {"mb": MAX_UNZIPPED_BYTES // 2**20}
                )
            read = _calamine_rows if _grid_fits(archive) else _openpyxl_rows
        return read(data)
    except SpreadsheetError:
        raise
    # A damaged workbook fails anywhere in the reading (zip, XML, the reader), in many kinds.
    except Exception as error:
        raise SpreadsheetError(
            _("The file cannot be read as an Excel workbook (.xlsx).")
        ) from error


def _csv_rows(data):
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise SpreadsheetError(
            _("The CSV file is UTF-16 text; save it as CSV in UTF-8 or GB18030 and try again.")
        )
    # Excel saves CSV in the system code page (GB18030 on Chinese Windows) or UTF-8.
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError as error:
            raise SpreadsheetError(_("The CSV file is neither UTF-8 nor GB18030 text.")) from error
    if "\x00" in text:  # PostgreSQL stores no NUL in text; a clerk never means one
        raise SpreadsheetError(_("The CSV file holds NUL characters; it is not plain text."))
    reader = csv.reader(io.StringIO(text, newline=""))
    # Only a file with an apostrophe can hold a defused formula (`csv_value`).
    clean = _csv_cell if "'" in text else str.strip
    try:
        return [list(map(clean, row)) for row in reader]
    except csv.Error as error:  # e.g. a cell longer than the csv module's limit
        raise SpreadsheetError(
            _("Row %(row)s of the CSV file cannot be read: a cell is too long or malformed.")
            % {"row": reader.line_num}
        ) from error


def _check_size(rows):
    """Refuse what no office's list holds: an over-long cell, a NUL, too many columns. Each row
    is checked whole (the longest cell, NUL anywhere in its text): a voter roll has 100,000."""
    for number, row in enumerate(rows, 1):
        if len(row) > MAX_COLUMNS:
            width = len(row)
            while width and is_blank(row[width - 1]):
                width -= 1
            if width > MAX_COLUMNS:
                raise SpreadsheetError(
                    _("Row %(row)s has more than %(limit)s columns; an import file has far fewer.")
                    % {"row": number, "limit": MAX_COLUMNS}
                )
        texts = [value for value in row if isinstance(value, str)] or [""]
        if max(map(len, texts)) > MAX_CELL_CHARS:
            raise SpreadsheetError(
                _("Row %(row)s holds a cell of more than %(limit)s characters.")
                % {"row": number, "limit": MAX_CELL_CHARS}
            )
        if "\x00" in "".join(texts):
            raise SpreadsheetError(
                _("Row %(row)s holds a NUL character; it is not plain text.") % {"row": number}
            )


def _read_rows(data: bytes, filename: str):
    name = filename.lower()
    if name.endswith(EXCEL_SUFFIXES):
        rows = _xlsx_rows(data)
    elif name.endswith(CSV_SUFFIXES):
        rows = _csv_rows(data)
    elif name.endswith(".xls"):
        raise SpreadsheetError(
            _("Old Excel files (.xls) cannot be read; save the file as .xlsx and try again.")
        )
    else:
        raise SpreadsheetError(_("Only .xlsx and .csv files can be imported."))
    _check_size(rows)
    return rows


@dataclass
class Table:
    """The records of a file below its header row, as lists in the order of `headers`: what a
    resource's `import_fast` reads (a tablib Dataset of a whole voter roll costs more to build
    than checking it)."""

    headers: list
    records: list

    def __iter__(self):
        return iter(self.records)

    def __len__(self):
        return len(self.records)


def read_table(data: bytes, filename: str, cls):
    """The file as a Table with the resource's headers, the Excel row number of each
    record, and notes on headers read as another column (身份证号码 as 公民身份号码). The header
    row is the first row (of the first ten) naming a known column, so a title row above it is
    allowed; empty rows are left out."""
    rows = _read_rows(data, filename)
    aliases = cls.header_aliases()
    known = set(cls.columns()) | set(aliases)
    header_index = None
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if any(isinstance(v, str) and v in known for v in row):
            header_index = index
            break
    if header_index is None:
        raise SpreadsheetError(
            _("No header row found: the first row must name the columns: %(columns)s.")
            % {"columns": LIST_JOINER.join(cls.columns())}
        )
    headers = ["" if v is None else str(v).strip() for v in rows[header_index]]
    # Unnamed columns beyond the last header (Excel's formatted but empty cells) are dropped.
    while headers and not headers[-1]:
        headers.pop()
    notes = []
    for index, header in enumerate(headers):
        column = aliases.get(header)
        if column and column not in headers:
            headers[index] = column
            notes.append(
                _("The column “%(header)s” was read as “%(column)s”.")
                % {"header": header, "column": column}
            )
    width = len(headers)
    records = []
    sheet_rows = []
    for index, row in enumerate(rows[header_index + 1 :], start=header_index + 2):
        values = row if len(row) == width else (list(row) + [None] * width)[:width]
        # The readers strip text, so an empty cell is None or "".
        if values.count(None) + values.count("") == width:
            continue
        records.append(values)
        sheet_rows.append(index)
    duplicates = sorted({h for h in headers if h and headers.count(h) > 1})
    if duplicates:
        raise SpreadsheetError(
            _("Columns appear twice: %(columns)s.") % {"columns": LIST_JOINER.join(duplicates)}
        )
    return Table([h or f"#{i}" for i, h in enumerate(headers, 1)], records), sheet_rows, notes


# Importing


@dataclass
class Problem:
    """One reason an import cannot go ahead: a row (as Excel numbers it), a column, a reason."""

    reason: str
    row: int | None = None
    column: str | None = None

    def __str__(self):
        if self.row and self.column:
            return _("Row %(row)s “%(column)s”: %(reason)s") % {
                "row": self.row,
                "column": self.column,
                "reason": self.reason,
            }
        if self.row:
            return _("Row %(row)s: %(reason)s") % {"row": self.row, "reason": self.reason}
        return self.reason


@dataclass
class RowChange:
    row: int
    action: str  # "new" or "update"
    label: str


@dataclass
class ImportReport:
    resource: str
    dry_run: bool
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list = field(default_factory=list)
    changes: list = field(default_factory=list)
    # How the file was read where it differs from its words: headers and names taken as others.
    notes: list = field(default_factory=list)

    @property
    def ok(self):
        return not self.errors

    @property
    def total(self):
        return self.new + self.updated + self.unchanged


def _reason_text(messages):
    return "；".join(str(m).rstrip("。.") for m in messages) + "。"


# What a large import (`import_fast`) reports to its `progress(phase, done, total)` callback.
PROGRESS_PHASES = {
    "checked": gettext_lazy("%(done)s of %(total)s rows checked"),
    "saving": gettext_lazy("Writing %(total)s rows in one transaction…"),
    "saved": gettext_lazy("%(done)s of %(total)s rows saved"),
}


def import_file(
    name, data: bytes, filename: str, *, actor, dry_run=False, **options
) -> ImportReport:
    """Import a file into resource `name` in one transaction: all rows or none.

    A dry run goes through every step, saves included, and rolls back. `options` (such as the
    election of a voter roll) go to the resource; a resource with `import_fast` (large files)
    checks and writes the rows itself instead of django-import-export's row-by-row pipeline."""
    cls = resource_class(name)
    report = ImportReport(resource=name, dry_run=dry_run)
    try:
        table, sheet_rows, report.notes = read_table(data, filename, cls)
    except SpreadsheetError as error:
        report.errors.append(Problem(str(error)))
        return report
    missing = [c for c in cls.required_columns() if c not in table.headers]
    for column in missing:
        report.errors.append(
            Problem(
                _("The file has no column “%(column)s”. The header row must name: %(columns)s.")
                % {"column": column, "columns": LIST_JOINER.join(cls.columns())}
            )
        )
    if missing:
        return report
    if not table.records:
        report.errors.append(Problem(_("The file holds no rows to import.")))
        return report

    resource = cls(actor=actor, **options)
    resource.sheet_rows = sheet_rows
    if hasattr(resource, "import_fast"):
        report = resource.import_fast(table, report, dry_run=dry_run)
        report.notes += resource.match_notes()
        return report
    result = resource.import_data(
        tablib.Dataset(*table.records, headers=table.headers),
        dry_run=dry_run,
        use_transactions=True,
        rollback_on_validation_errors=True,
        raise_errors=False,
    )
    for error in result.base_errors:
        report.errors.append(Problem(str(error.error)))
    for invalid in result.invalid_rows:
        sheet_row = resource.sheet_row(invalid.number)
        for key, messages in invalid.error_dict.items():
            report.errors.append(
                Problem(_reason_text(messages), sheet_row, resource.column_for(key))
            )
    for error_row in result.error_rows:
        for error in error_row.errors:
            report.errors.append(
                Problem(_reason_text([error.error]), resource.sheet_row(error_row.number))
            )
    report.errors.sort(key=lambda p: (p.row or 0,))
    report.notes += resource.match_notes()
    totals = result.totals
    report.new = totals[RowResult.IMPORT_TYPE_NEW]
    report.updated = totals[RowResult.IMPORT_TYPE_UPDATE]
    report.unchanged = totals[RowResult.IMPORT_TYPE_SKIP]
    for number, row_result in enumerate(result.rows, 1):
        if row_result.import_type in (RowResult.IMPORT_TYPE_NEW, RowResult.IMPORT_TYPE_UPDATE):
            report.changes.append(
                RowChange(
                    resource.sheet_row(number), row_result.import_type, row_result.object_repr
                )
            )
    return report


# Exporting


def export_dataset(name):
    return resource_class(name)().export()


def export_file(name, filename: str) -> bytes:
    """The resource's records as .xlsx (or CSV, by the file name), with the import headers."""
    dataset = export_dataset(name)
    if filename.lower().endswith(CSV_SUFFIXES):
        safe = tablib.Dataset(
            *[[csv_value(v) for v in row] for row in dataset], headers=dataset.headers
        )
        # With a BOM, so Excel on Chinese Windows opens it as UTF-8.
        return safe.export("csv").encode("utf-8-sig")
    return xlsx(dataset, resource_class(name))


def xlsx(dataset, cls):
    book = Workbook()
    sheet = book.active
    sheet.title = str(cls._meta.model._meta.verbose_name_plural)[:31]
    sheet.append(dataset.headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in dataset:
        sheet.append(xlsx_values(sheet, row))
    # Text columns stay text when the office types into them (ID and phone numbers keep every
    # digit and leading zeros).
    for index, header in enumerate(dataset.headers, 1):
        letter = get_column_letter(index)
        values = [str(v) for v in dataset.get_col(index - 1) if v is not None]
        width = max([len(header) * 2] + [len(v.encode("gbk", "replace")) for v in values])
        sheet.column_dimensions[letter].width = min(max(width + 2, 8), 60)
        if all(not isinstance(v, int) for v in dataset.get_col(index - 1)):
            for cell in sheet[letter]:
                cell.number_format = "@"
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def export_filename(name, suffix=".xlsx"):
    return f"{name}-{timezone.localdate():%Y%m%d}{suffix}"


def row_count(data, filename):
    """About how many rows a file holds below its header, without reading them: the lines of
    a CSV, the dimension an .xlsx declares for its first sheet."""
    if filename.lower().endswith(".xlsx"):
        try:
            lines = load_workbook(io.BytesIO(data), read_only=True).active.max_row or 0
        # A damaged workbook fails anywhere in the reading (zip, XML, openpyxl), in many kinds;
        # the import's own reading (_xlsx_rows) says what is wrong.
        except Exception:
            lines = 0
    else:
        lines = data.count(b"\n") + (0 if data.endswith(b"\n") else 1)
    return max(lines - 1, 0)


def upload_name(user, suffix):
    """A fresh storage name for an uploaded file waiting for confirmation."""
    return f"imports/{user.pk}/{uuid.uuid4().hex}{suffix}"


def upload_name_valid(user, name):
    return bool(re.fullmatch(rf"imports/{user.pk}/[0-9a-f]{{32}}\.(xlsx|csv)", name or ""))
