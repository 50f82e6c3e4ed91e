"""Template filters of the deputies' pages."""

from django import template

from congress import idnumbers

register = template.Library()

# {{ deputy.id_number|masked_id }} → 4101*************X
register.filter("masked_id", idnumbers.mask)
# {{ deputy.birth_date|birth_month }} → 1975年6月, as a birth date shows beside a masked number
register.filter("birth_month", idnumbers.birth_month)
