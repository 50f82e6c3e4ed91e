"""Placeholder until this module is built (work in progress)."""

from django.http import Http404
from django.views import View


class ActivityList(View):
    def get(self, request, *args, **kwargs):
        raise Http404


class ActivityCreate(View):
    def get(self, request, *args, **kwargs):
        raise Http404


class ActivityDetail(View):
    def get(self, request, *args, **kwargs):
        raise Http404


class ActivityEdit(View):
    def get(self, request, *args, **kwargs):
        raise Http404


def session_attendance(request, *args, **kwargs):
    raise Http404
