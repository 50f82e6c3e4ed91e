"""Placeholder until this module is built (work in progress)."""

from django.http import Http404


def contact_list(request, *args, **kwargs):
    raise Http404


def contact_create(request, *args, **kwargs):
    raise Http404


def contact_detail(request, *args, **kwargs):
    raise Http404


def my_contact_create(request, *args, **kwargs):
    raise Http404
