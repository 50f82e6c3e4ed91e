"""{% history_panel record %}: the record's 修改记录 on its own page, for the staff who may edit it."""

from django import template

from congress import selectors

register = template.Library()


@register.inclusion_tag("includes/history_panel.html", takes_context=True)
def history_panel(context, record, limit=10):
    if not selectors.changes_visible_to(context["request"].user, record):
        return {"shown": False}
    return {"shown": True, "changes": selectors.changes_for(record, limit=limit), "limit": limit}
