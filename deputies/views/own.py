"""Placeholder until this module is built (work in progress)."""

from django.http import Http404


def deputy_record(request, *args, **kwargs):
    raise Http404


def my_record(request, *args, **kwargs):
    raise Http404
