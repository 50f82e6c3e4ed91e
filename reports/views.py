"""The home page: the secretary's dashboard for those who may read the figures, a short
welcome with their links for everyone else."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from congress.roles import links_for
from reports import selectors


@login_required
def home(request):
    context = {"links": links_for(request.user)}
    if selectors.may_see_dashboard(request.user):
        context.update(selectors.dashboard(request.user))
        return render(request, "reports/dashboard.html", context)
    return render(request, "reports/welcome.html", context)
