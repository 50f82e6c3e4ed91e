"""Deputy groups: the list with leaders and liaisons, a group's members and activities."""

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.views.generic import CreateView, DetailView, ListView, UpdateView

from congress.views import RecordFormMixin
from deputies import selectors
from deputies.forms import GroupForm
from deputies.models import DeputyGroup


class GroupList(PermissionRequiredMixin, ListView):
    permission_required = "deputies.view_deputygroup"
    template_name = "deputies/group_list.html"
    context_object_name = "groups"

    def get_queryset(self):
        return selectors.groups_overview()


class GroupDetail(PermissionRequiredMixin, DetailView):
    permission_required = "deputies.view_deputygroup"
    template_name = "deputies/group_detail.html"
    context_object_name = "group"
    queryset = DeputyGroup.objects.select_related("leader", "liaison__term")

    def get_context_data(self, **kwargs):
        group = self.object
        return super().get_context_data(
            members=selectors.group_members(group),
            former=selectors.group_former_members(group),
            activities=selectors.activities_list().filter(group=group)[:50],
            **kwargs,
        )


class GroupCreate(RecordFormMixin, CreateView):
    permission_required = "deputies.add_deputygroup"
    form_class = GroupForm
    template_name = "deputies/group_form.html"


class GroupEdit(RecordFormMixin, UpdateView):
    permission_required = "deputies.change_deputygroup"
    form_class = GroupForm
    template_name = "deputies/group_form.html"
    model = DeputyGroup
