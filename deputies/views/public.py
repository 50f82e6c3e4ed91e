"""Placeholder until this module is built (work in progress)."""

from django.http import Http404


def directory(request, *args, **kwargs):
    raise Http404


def stations(request, *args, **kwargs):
    raise Http404
