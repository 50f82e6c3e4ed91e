"""The evaluation deadline and the voters' opinions' overdue rule each have one home
(proposals/deadlines.py, intake/rules.py): the dates stated by hand, and no other function in
the apps turns their settings into a timedelta."""

import ast
from datetime import date
from pathlib import Path

import pytest

from proposals.deadlines import evaluation_deadline

ROOT = Path(__file__).resolve().parents[2]
HOMES = {"proposals/deadlines.py", "intake/rules.py"}
SETTINGS = ("PROPOSAL_EVALUATION_DAYS", "INTAKE_ANSWER_DAYS")


@pytest.mark.parametrize(
    "days, reply, deadline",
    [
        (30, date(2026, 12, 1), date(2026, 12, 31)),
        (30, date(2026, 12, 15), date(2027, 1, 14)),  # across the year
        (30, date(2027, 2, 1), date(2027, 3, 3)),  # February has 28 days
        (10, date(2026, 12, 1), date(2026, 12, 11)),
    ],
)
def test_the_evaluation_deadline_counts_the_settings_days_from_the_reply(
    settings, days, reply, deadline
):
    settings.PROPOSAL_EVALUATION_DAYS = days
    assert evaluation_deadline(reply) == deadline


def _app_modules():
    for apps in ROOT.glob("*/apps.py"):
        for path in apps.parent.rglob("*.py"):
            if "migrations" not in path.parts:
                yield path


def test_only_the_homes_turn_these_deadlines_settings_into_a_timedelta():
    """A function that reads one of the settings and builds a timedelta is a second copy of the
    rule (the old copies read the setting into a variable first, so a plain grep missed them)."""
    copies = []
    for path in _app_modules():
        name = path.relative_to(ROOT).as_posix()
        source = path.read_text()
        if name in HOMES or not any(setting in source for setting in SETTINGS):
            continue
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                body = ast.get_source_segment(source, node)
                if "timedelta(" in body and any(setting in body for setting in SETTINGS):
                    copies.append(f"{name}:{node.lineno} {node.name}")
    assert copies == []
    assert len(list(_app_modules())) > 100  # the walk found the apps
