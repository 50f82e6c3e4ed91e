"""Placeholder until this module is built (work in progress)."""

from django.http import Http404
from django.views import View


class StationList(View):
    def get(self, request, *args, **kwargs):
        raise Http404


class StationCreate(View):
    def get(self, request, *args, **kwargs):
        raise Http404


class StationDetail(View):
    def get(self, request, *args, **kwargs):
        raise Http404


class StationEdit(View):
    def get(self, request, *args, **kwargs):
        raise Http404
