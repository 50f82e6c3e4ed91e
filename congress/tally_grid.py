"""The tally grid (issue 27): a vote's count sheet on one page, one row per candidate (or
project) and one number cell per column (for, against, abstain …), typed row by row and saved
once. The grid form lays its count fields out in rows and names each by row and column
("第3行 张三 · 反对"), so an error summary and the cell's own message say where a refused
figure is; templates/includes/tally_grid.html draws it. Shared by the congress's elections and
the votes on livelihood projects."""

from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext as _

MAX_VOTES = 100000


class CountInput(forms.TextInput):
    """A compact cell for a count: the phone's number pad (inputmode), no spinner a mouse wheel
    could turn."""

    def __init__(self, attrs=None):
        super().__init__(
            {"inputmode": "numeric", "pattern": "[0-9]*", "autocomplete": "off", **(attrs or {})}
        )


def count_field(label="", **kwargs):
    return forms.IntegerField(
        label=label, min_value=0, max_value=MAX_VOTES, widget=CountInput(), **kwargs
    )


@dataclass
class GridRow:
    number: int
    name: str
    name_field: object  # the bound name field of a row typed in (另选他人), else None
    cells: list  # per column: the bound count field, or None where the row has no such count


class TallyGridForm(forms.Form):
    """A form whose counts form a grid: `grid_columns` [(column, label)]; add_row() places a
    row's count fields (created by the subclass) in their columns and labels them by row."""

    grid_columns = ()
    # The vote's own figures (ballots issued, returned …), drawn in one line above the grid.
    figure_fields = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._rows = []  # (key, number, name, name field, {column: field name})

    def add_row(self, key, name, cells, *, name_field=None):
        number = len(self._rows) + 1
        labels = dict(self.grid_columns)
        for column, field_name in cells.items():
            self._label(field_name, number, name, labels[column])
        if name_field:
            self._label(name_field, number, name, _("name"))
        self._rows.append((key, number, name, name_field, cells))

    def _label(self, field_name, number, name, column):
        """The cell's name, in the error summary and for a screen reader (a cell has no
        label of its own beside it: its row and column headers show it)."""
        field = self.fields[field_name]
        field.label = _("Row %(n)s %(name)s · %(column)s") % {
            "n": number,
            "name": name,
            "column": column,
        }
        field.widget.attrs["aria-label"] = field.label

    def grid(self):
        columns = [column for column, _label in self.grid_columns]
        return [
            GridRow(
                number=number,
                name=name,
                name_field=self[name_field] if name_field else None,
                cells=[self[cells[c]] if c in cells else None for c in columns],
            )
            for _key, number, name, name_field, cells in self._rows
        ]

    def figures(self):
        return [self[name] for name in self.figure_fields]

    def add_problems(self, problems):
        """Each problem of the rules, (row: a row's key or None, column or None, message), on
        the cell it is about: a row's problem as a whole on its name (a row typed in) or its
        last cell (where the count that balances the row goes), the vote's own on its figure,
        the rest above the grid."""
        rows = {key: (name_field, cells) for key, _n, _name, name_field, cells in self._rows}
        for row, column, message in problems:
            field = column if column in self.figure_fields else None
            if row in rows:
                name_field, cells = rows[row]
                field = cells.get(column) or name_field or list(cells.values())[-1]
            self.add_error(field, message)
