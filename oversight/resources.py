"""Spreadsheet resources of the oversight app (see congress.spreadsheets).

- projects 民生实事候选项目: 年度, 项目名称, 牵头单位, and optionally 项目内容, 预算(万元),
  计划节点 (planned milestones: "2025-06-30 完成设计；2025-10-31 竣工验收", separated by ；
  or one a line). A row updates the candidate of the same 年度 and 项目名称; the year must be
  set up on the portal first (its session and the number to choose), and its candidates are
  fixed once the session has voted. 牵头单位 is a handling unit's name as offices write it
  (镇财政所 → 财政所). Planned milestones are added with a new project only.
- project-votes 民生实事票决计票: 年度, 轮次, 表决日期, 发出票数, 收回票数, 无效票数, 项目名称,
  得票数 — one row per project of each vote, the ballots repeated on each row of the vote.
  A vote from the sheet is taken at 09:00 of its day (rules.DEFAULT_VOTE_TIME): all deputies
  are those holding a seat then.
  Each vote is recorded through the same service as the vote page (oversight.services.
  project_vote_record), in order of 轮次, so the same checks apply and who is chosen is
  computed; a vote already recorded with the same counts is unchanged (an export imports
  again as it is), with other counts it is refused (recorded votes are not changed).
"""

import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields

from congress.spreadsheets import (
    DateWidget,
    IntegerWidget,
    NameIndex,
    Problem,
    SpreadsheetResource,
    TextWidget,
    add_error,
    format_date,
    is_blank,
    parse_date,
    parse_ordinal,
)
from oversight import rules, selectors, services
from oversight.models import Project, ProjectYear, VoteRound, VoteTally
from proposals.models import HandlingUnit

MILESTONE_SEPARATORS = re.compile(r"[；;\n]+")
MILESTONE_JOINER = "；"


def _text(row, column):
    value = row.get(column)
    return "" if value is None else str(value).strip()


def _year(value):
    """年度: 2025 or 2025年."""
    text = str(value).strip().removesuffix("年").removesuffix("度").removesuffix("年")
    try:
        number = int(float(text))
    except ValueError:
        raise ValueError(_("“%(value)s” is not a year.") % {"value": value}) from None
    if not 2000 <= number <= 2100:
        raise ValueError(_("“%(value)s” is not a year.") % {"value": value})
    return number


def parse_milestones(value):
    """ "2025-06-30 完成设计；2025-10-31 竣工验收" → [(title, date)]; ValueError in Chinese."""
    if is_blank(value):
        return []
    rows = []
    for part in MILESTONE_SEPARATORS.split(str(value)):
        part = part.strip()
        if not part:
            continue
        date_text, _sep, title = part.partition(" ")
        if not title.strip():
            raise ValueError(
                _("“%(value)s”: write the date, a space, then the milestone.") % {"value": part}
            )
        rows.append((title.strip()[:200], parse_date(date_text)))
    return rows


class ProjectResource(SpreadsheetResource):
    help_text = gettext_lazy(
        "A row updates the candidate of the same year and title. Set up the year (its session "
        "and the number to choose) first. 牵头单位: the handling unit's name. 计划节点: "
        "“2025-06-30 完成设计；2025-10-31 竣工验收”, added with a new project only."
    )
    year = fields.Field(column_name="年度")
    title = fields.Field(attribute="title", column_name="项目名称", widget=TextWidget())
    content = fields.Field(attribute="content", column_name="项目内容", widget=TextWidget())
    budget = fields.Field(column_name="预算(万元)")
    lead_unit = fields.Field(column_name="牵头单位")
    milestones = fields.Field(column_name="计划节点")

    optional_columns = ("项目内容", "预算(万元)", "计划节点")
    column_aliases = {
        "年度": ("年份",),
        "项目名称": ("项目", "民生实事项目"),
        "项目内容": ("建设内容", "主要内容"),
        "预算(万元)": ("预算（万元）", "投资(万元)", "投资（万元）", "预算"),
        "牵头单位": ("责任单位", "牵头部门"),
        "计划节点": ("时间节点", "进度安排"),
    }

    class Meta:
        model = Project
        fields = ("year", "title", "content", "budget", "lead_unit", "milestones")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._units = None

    @property
    def units(self):
        if self._units is None:
            self._units = NameIndex((u.name, u) for u in HandlingUnit.objects.all())
        return self._units

    def get_queryset(self):
        return (
            Project.objects.select_related("year", "lead_unit")
            .prefetch_related("milestones")
            .order_by("-year__year", "position")
        )

    def dehydrate_year(self, project):
        return project.year.year

    def dehydrate_lead_unit(self, project):
        return project.lead_unit.name

    def dehydrate_budget(self, project):
        return "" if project.budget is None else str(project.budget)

    def dehydrate_milestones(self, project):
        return MILESTONE_JOINER.join(
            f"{format_date(m.due_date)} {m.title}" for m in project.milestones.all()
        )

    def lookup(self, row):
        try:
            year = _year(row.get("年度"))
        except (ValueError, TypeError):
            return None
        return Project.objects.filter(year__year=year, title=_text(row, "项目名称")).first()

    def import_extras(self, instance, row, errors, sheet_row):
        instance.sheet_changed = False
        instance.sheet_milestones = []
        budget_changed = False
        try:
            number = _year(row.get("年度"))
        except (ValueError, TypeError) as error:
            add_error(errors, "year", str(error))
        else:
            year = ProjectYear.objects.filter(year=number).first()
            if year is None:
                add_error(
                    errors,
                    "year",
                    _(
                        "The year %(year)s is not set up: record its session and the number to "
                        "choose on the portal first."
                    )
                    % {"year": number},
                )
            elif instance.year_id not in (None, year.pk):
                add_error(errors, "year", _("A project does not move to another year."))
            else:
                instance.year = year
        if instance.title:
            self.claim(
                ("project", row.get("年度"), instance.title),
                sheet_row,
                errors,
                "title",
                _("This project also appears in row %(row)s."),
            )
        budget = row.get("预算(万元)")
        if "预算(万元)" in row:
            try:
                amount = None if is_blank(budget) else _budget(budget)
            except ValueError as error:
                add_error(errors, "budget", str(error))
            else:
                budget_changed = instance.budget != amount
                instance.budget = amount
        unit_text = _text(row, "牵头单位")
        if not unit_text:
            add_error(errors, "lead_unit", _("Name the lead office."))
        else:
            try:
                unit, name = self.units.find(unit_text)
            except ValueError as error:
                add_error(errors, "lead_unit", str(error))
            else:
                if unit is None:
                    add_error(
                        errors,
                        "lead_unit",
                        _("There is no handling unit “%(name)s”; record or import it first.")
                        % {"name": unit_text},
                    )
                else:
                    self.note_match("牵头单位", unit_text, name, sheet_row)
                    instance.sheet_changed = instance.lead_unit_id != unit.pk
                    instance.lead_unit = unit
        instance.sheet_changed = instance.sheet_changed or budget_changed
        if instance.pk is None and "计划节点" in row:
            try:
                instance.sheet_milestones = parse_milestones(row.get("计划节点"))
            except ValueError as error:
                add_error(errors, "milestones", str(error))

    def extras_changed(self, instance):
        return instance.sheet_changed

    def save_record(self, instance, is_create):
        services.project_save(
            actor=self.actor, project=instance, milestones=instance.sheet_milestones
        )


def _budget(value):
    text = str(value).strip().removesuffix("万元").removesuffix("万").replace(",", "")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise ValueError(_("“%(value)s” is not an amount.") % {"value": value}) from None
    if amount < 0 or amount != amount.quantize(Decimal("0.01")) or amount >= 10**10:
        raise ValueError(_("“%(value)s” is not an amount.") % {"value": value})
    return amount


# Ballot counts

VOTE_COLUMNS = {
    "year": "年度",
    "round": "轮次",
    "held_on": "表决日期",
    "issued": "发出票数",
    "returned": "收回票数",
    "void": "无效票数",
    "title": "项目名称",
    "votes": "得票数",
}
# The ballots of a vote, repeated on each of its rows.
ROUND_KEYS = ("held_on", "issued", "returned", "void")


class VoteTallyResource(SpreadsheetResource):
    help_text = gettext_lazy(
        "One row per project of each vote, the ballots repeated on each row. The votes are "
        "recorded in order of 轮次 through the same checks as the vote page; who is chosen is "
        "computed. A vote already recorded with the same counts is left unchanged."
    )
    year = fields.Field(column_name="年度")
    round = fields.Field(column_name="轮次")
    held_on = fields.Field(column_name="表决日期", widget=DateWidget())
    issued = fields.Field(column_name="发出票数")
    returned = fields.Field(column_name="收回票数")
    void = fields.Field(column_name="无效票数")
    title = fields.Field(column_name="项目名称")
    votes = fields.Field(attribute="votes", column_name="得票数")

    optional_columns = ("无效票数",)
    column_aliases = {"得票数": ("得票", "赞成票"), "项目名称": ("项目",), "轮次": ("第几轮",)}

    class Meta:
        model = VoteTally
        fields = ("year", "round", "held_on", "issued", "returned", "void", "title", "votes")

    def get_queryset(self):
        return VoteTally.objects.select_related("round__year", "project").order_by(
            "-round__year__year", "round__number", "project__position"
        )

    def dehydrate_year(self, tally):
        return tally.round.year.year

    def dehydrate_round(self, tally):
        return tally.round.number

    def dehydrate_held_on(self, tally):
        return format_date(tally.round.held_on)

    def dehydrate_issued(self, tally):
        return tally.round.ballots_issued

    def dehydrate_returned(self, tally):
        return tally.round.ballots_returned

    def dehydrate_void(self, tally):
        return tally.round.void_ballots

    def dehydrate_title(self, tally):
        return tally.project.title

    def import_fast(self, table, report, *, dry_run=False):
        """Check every row, group the rows by vote, then record each vote not yet recorded in
        order, in one transaction: all or nothing."""
        headers = table.headers
        index = {key: headers.index(col) for key, col in VOTE_COLUMNS.items() if col in headers}
        counts = IntegerWidget()
        groups = {}
        errors = report.errors
        for number, row in enumerate(table, 1):
            sheet_row = self.sheet_row(number)

            def fail(key, reason, sheet_row=sheet_row):
                errors.append(Problem(reason, sheet_row, VOTE_COLUMNS[key]))

            cells = {key: row[i] for key, i in index.items()}
            parsed = {"void": 0}
            for key, parse in (
                ("year", _year),
                ("round", parse_ordinal),
                ("held_on", parse_date),
                ("issued", counts.clean),
                ("returned", counts.clean),
                ("void", counts.clean),
                ("votes", counts.clean),
            ):
                if key not in cells:
                    continue
                if is_blank(cells[key]) and key != "void":
                    fail(key, _("This cell is empty."))
                    continue
                try:
                    parsed[key] = parse(cells[key])
                except (ValueError, TypeError) as error:
                    fail(key, str(error))
            title = "" if is_blank(cells.get("title")) else str(cells["title"]).strip()
            if not title:
                fail("title", _("This cell is empty."))
            parsed["title"] = title
            if "year" in parsed and "round" in parsed:
                group = groups.setdefault(
                    (parsed["year"], parsed["round"]), {"rows": [], "first": sheet_row}
                )
                first = group.get("ballots")
                ballots = tuple(parsed.get(k) for k in ROUND_KEYS)
                if first is None:
                    group["ballots"] = ballots
                elif None not in ballots and ballots != first:
                    fail(
                        "issued",
                        _("The date and ballots of this vote differ from row %(row)s.")
                        % {"row": group["first"]},
                    )
                if any(t == title for t, _v, _r in group["rows"]):
                    fail("title", _("This project appears twice in the same vote."))
                group["rows"].append((title, parsed.get("votes"), sheet_row))
        if errors:
            errors.sort(key=lambda p: p.row or 0)
            return report
        with transaction.atomic():
            for key in sorted(groups):
                self._record(key, groups[key], report)
            if errors or dry_run:
                transaction.set_rollback(True)
        if errors:
            report.new = report.unchanged = 0
        errors.sort(key=lambda p: p.row or 0)
        return report

    def _record(self, key, group, report):
        year_number, round_number = key
        first = group["first"]
        year = ProjectYear.objects.filter(year=year_number).first()
        if year is None:
            report.errors.append(
                Problem(
                    _("The year %(year)s is not set up on the portal.") % {"year": year_number},
                    first,
                    VOTE_COLUMNS["year"],
                )
            )
            return
        projects = {p.title: p for p in year.projects.all()}
        votes = {}
        for title, value, sheet_row in group["rows"]:
            project = projects.get(title)
            if project is None:
                report.errors.append(
                    Problem(
                        _("%(year)s has no candidate project “%(title)s”.")
                        % {"year": year_number, "title": title},
                        sheet_row,
                        VOTE_COLUMNS["title"],
                    )
                )
                continue
            votes[project] = value
        if len(votes) != len(group["rows"]):
            return
        held_on, issued, returned, void = group["ballots"]
        row_of = {title: sheet_row for title, _v, sheet_row in group["rows"]}
        recorded = (
            VoteRound.objects.filter(year=year, number=round_number)
            .prefetch_related("tallies")
            .first()
        )
        if recorded is not None:
            same = (
                (recorded.held_on, recorded.ballots_issued, recorded.ballots_returned)
                == (held_on, issued, returned)
                and recorded.void_ballots == void
                and {t.project_id: t.votes for t in recorded.tallies.all()}
                == {p.pk: v for p, v in votes.items()}
            )
            if same:
                report.unchanged += len(votes)
            else:
                report.errors.append(
                    Problem(
                        _(
                            "Round %(n)s of %(year)s is already recorded with other counts; a "
                            "recorded vote is not changed."
                        )
                        % {"n": round_number, "year": year_number},
                        first,
                        VOTE_COLUMNS["round"],
                    )
                )
            return
        expected = VoteRound.objects.filter(year=year).count() + 1
        if round_number != expected:
            report.errors.append(
                Problem(
                    _("Round %(n)s of %(year)s comes after round %(m)s, which is not recorded.")
                    % {"n": round_number, "year": year_number, "m": expected},
                    first,
                    VOTE_COLUMNS["round"],
                )
            )
            return
        progress = selectors.vote_progress(selectors.year_page(year.pk))
        places = progress.next.places if progress.next else year.to_choose
        problems = rules.tally_problems(
            places=places,
            deputies_present=year.session.deputies_present,
            ballots_issued=issued,
            ballots_returned=returned,
            void_ballots=void,
            votes={p.title: v for p, v in votes.items()},
        )
        for title, message in problems:
            column = VOTE_COLUMNS["votes"] if title else None
            report.errors.append(Problem(message, row_of.get(title, first), column))
        if problems:
            return
        try:
            services.project_vote_record(
                actor=self.actor,
                year=year,
                held_on=held_on,
                held_time=rules.DEFAULT_VOTE_TIME,
                ballots_issued=issued,
                ballots_returned=returned,
                void_ballots=void,
                votes=votes,
            )
        except ValidationError as error:
            for message in error.messages:
                report.errors.append(Problem(message, first))
            return
        report.new += len(votes)
