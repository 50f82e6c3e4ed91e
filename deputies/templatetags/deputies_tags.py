"""Template filters of the deputies' pages."""

from django import template

from congress import idnumbers

register = template.Library()

# {{ deputy.id_number|masked_id }} → 4101**********123X
register.filter("masked_id", idnumbers.mask)
