"""QR codes of the opinion pages, drawn locally with segno (no outside service)."""

import io

import segno
from django.urls import reverse

from intake import rules


def public_url(code, base_url):
    """The absolute address a code's QR holds: INTAKE_BASE_URL when set, else `base_url` (the
    address of the request that asks for it)."""
    base = (rules.setting("INTAKE_BASE_URL") or base_url).rstrip("/")
    return base + reverse("intake_public", args=[code.token])


def _qr(url):
    # Level M survives a scuffed or partly covered print (15% of the modules).
    return segno.make(url, error="m", micro=False)


def svg(url, scale=8):
    buffer = io.BytesIO()
    _qr(url).save(buffer, kind="svg", scale=scale, border=2, xmldecl=False)
    return buffer.getvalue()


def png(url, scale=10):
    buffer = io.BytesIO()
    _qr(url).save(buffer, kind="png", scale=scale, border=2)
    return buffer.getvalue()


def svg_data_uri(url, scale=8):
    """For the posters' <img>: WeasyPrint reads it without fetching anything."""
    return _qr(url).svg_data_uri(scale=scale, border=2)
