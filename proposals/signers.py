"""Who may co-sign an item (附议): one rule, which the services enforce when a deputy submits
or the secretary registers a paper form, and which the forms show before submitting (the
picker lists every deputy, the ineligible ones disabled with the reason)."""

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from congress.selectors import current_term
from deputies.models import Deputy, DeputyStatus, Level, Seat


def co_signer_refusals(deputies, *, lead_id, day):
    """{deputy pk: why they cannot co-sign, in Chinese} for those of `deputies` who cannot:
    the lead deputy themself, a deputy no longer in office on `day`, a deputy holding no seat
    in the township's congress (a county deputy based in the township)."""
    deputies = list(deputies)
    township = set(
        Seat.objects.filter(deputy__in=deputies, level=Level.TOWNSHIP).values_list(
            "deputy_id", flat=True
        )
    )
    refusals = {}
    for deputy in deputies:
        if deputy.pk == lead_id:
            refusals[deputy.pk] = pgettext("co-signer", "the lead deputy")
        elif not deputy.in_office_on(day):
            refusals[deputy.pk] = pgettext("co-signer", "no longer in office")
        elif deputy.pk not in township:
            refusals[deputy.pk] = pgettext("co-signer", "not a deputy of this township")
    return refusals


def check_co_signers(co_signers, *, lead_id, day):
    """Refuse the co-signers who cannot co-sign, naming each with the reason."""
    co_signers = list(co_signers)
    refusals = co_signer_refusals(co_signers, lead_id=lead_id, day=day)
    if refusals:
        names = "；".join(f"{d.name}：{refusals[d.pk]}" for d in co_signers if d.pk in refusals)
        raise ValidationError(
            {"co_signers": _("These deputies cannot co-sign: %(names)s.") % {"names": names}}
        )


def offer_co_signers(field, *, lead_id, chosen=(), day):
    """Fill a form's co-signer picker: the deputies in office, those who left office this term
    (so a name the user looks for is found, and why it cannot be chosen is said), the lead
    deputy and those already chosen; the ineligible ones disabled with the reason."""
    wanted = Q(status=DeputyStatus.IN_OFFICE) | Q(pk__in=[*chosen, lead_id])
    term = current_term(day)
    if term is not None:
        wanted |= Q(status_date__gte=term.start_date)
    deputies = Deputy.objects.filter(wanted).order_by("stroke_key", "pk")
    field.queryset = deputies
    refusals = co_signer_refusals(deputies, lead_id=lead_id, day=day)
    field.widget.reasons = {str(pk): reason for pk, reason in refusals.items()}
