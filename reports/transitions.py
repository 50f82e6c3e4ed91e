"""The statuses a work summary moves through: action → (statuses it starts from, status it
leads to). reports.services applies it; reports.selectors offers only what it allows."""

from reports.models import Report

Status = Report.Status

TRANSITIONS = {
    "approve": ({Status.DRAFT}, Status.APPROVED),
    "archive": ({Status.APPROVED}, Status.ARCHIVED),
    "revise": ({Status.APPROVED, Status.ARCHIVED}, Status.DRAFT),
}


def allowed(action, status):
    return status in TRANSITIONS[action][0]
