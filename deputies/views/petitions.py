"""Placeholder until this module is built (work in progress)."""

from django.http import Http404
from django.views import View


class PetitionList(View):
    def get(self, request, *args, **kwargs):
        raise Http404


class PetitionCreate(View):
    def get(self, request, *args, **kwargs):
        raise Http404


class PetitionDetail(View):
    def get(self, request, *args, **kwargs):
        raise Http404


class PetitionEdit(View):
    def get(self, request, *args, **kwargs):
        raise Http404
