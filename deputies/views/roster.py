"""Placeholder until this module is built (work in progress)."""

from django.http import Http404
from django.views import View


class DeputyList(View):
    def get(self, request, *args, **kwargs):
        raise Http404


class DeputyCreate(View):
    def get(self, request, *args, **kwargs):
        raise Http404


class DeputyDetail(View):
    def get(self, request, *args, **kwargs):
        raise Http404


class DeputyEdit(View):
    def get(self, request, *args, **kwargs):
        raise Http404
