"""Placeholder until this module is built (work in progress)."""

from django.http import Http404
from django.views import View


class GroupList(View):
    def get(self, request, *args, **kwargs):
        raise Http404


class GroupCreate(View):
    def get(self, request, *args, **kwargs):
        raise Http404


class GroupDetail(View):
    def get(self, request, *args, **kwargs):
        raise Http404


class GroupEdit(View):
    def get(self, request, *args, **kwargs):
        raise Http404
