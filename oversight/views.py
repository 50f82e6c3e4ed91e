"""Oversight pages: livelihood projects (the year's candidates and votes, each project's
tracking, the public page), evaluations of offices, report-back ratings, and the pages of a
unit's officer and of a deputy. Thin: a form parses, a service writes, a selector reads."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from congress import law
from congress.forms import add_service_error
from congress.query import query_year
from congress.services import form_sent_once
from congress.views import already_sent, page_permission, session_not_held_page
from deputies.models import Activity
from deputies.selectors import deputies_present_and_seated, deputies_seated_count
from deputies.services import deputy_for_user
from oversight import forms, rules, selectors, services
from oversight.models import (
    EvaluatedOffice,
    EvaluationPlan,
    Problem,
    Project,
    ProjectYear,
    ReportBackRating,
)

FORM = "oversight/form.html"


def _form_page(request, form, *, title, back, intro=""):
    return render(
        request,
        FORM,
        {
            "form": form,
            "title": title,
            "back": reverse(back[0], args=back[1]),
            "intro": intro,
            "submit": _("Save"),
        },
    )


def _form_step(request, form, save, *, done=None, **page):
    """The form page of one step: on a valid POST, save() (the service call); a refusal shows
    on the form, success goes to `done` (by default what save returned)."""
    if request.method == "POST" and form.is_valid():
        try:
            # A form with a one-time token (OnceFormMixin) saves once.
            result, created = form_sent_once(
                token=getattr(form, "token", None), actor=request.user, create=save
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            if not created:
                return already_sent(request, done or result)
            return _saved(request, done or result)
    return _form_page(request, form, **page)


def _saved(request, target):
    messages.success(request, _("Saved."))
    return redirect(target)


# Livelihood projects: years, candidates and votes


@login_required
def project_years(request):
    if not selectors.may_see_projects(request.user):
        raise PermissionDenied
    if not selectors.may_see_all_projects(request.user):
        return redirect("unit_oversight")
    return render(request, "oversight/project_years.html", {"years": selectors.years()})


@page_permission("oversight.add_projectyear")
def project_year_create(request):
    form = forms.ProjectYearForm(request.POST or None)
    return _form_step(
        request,
        form,
        lambda: services.project_year_save(actor=request.user, year=form.instance),
        title=_("Livelihood projects of a new year"),
        back=("project_years", ()),
    )


@page_permission("oversight.change_projectyear")
def project_year_edit(request, pk):
    year = get_object_or_404(ProjectYear, pk=pk)
    form = forms.ProjectYearForm(request.POST or None, instance=year)
    return _form_step(
        request,
        form,
        lambda: services.project_year_save(actor=request.user, year=form.instance),
        title=str(year),
        back=("project_year", (pk,)),
    )


@login_required
def project_year(request, pk):
    if not selectors.may_see_all_projects(request.user):
        raise PermissionDenied
    year = selectors.year_page(pk)
    if year is None:
        raise Http404
    progress = selectors.vote_progress(year)
    projects = {p.pk: p for p in year.projects.all()}
    rounds = []
    for facts, result in progress.rounds:
        ranked = [(projects[key], votes) for key, votes in result.ranked]
        rounds.append(
            {
                "round": facts.key,
                "result": result,
                "rows": [(p, v, p.pk in result.elected, p.pk in result.tied) for p, v in ranked],
            }
        )
    return render(
        request,
        "oversight/project_year.html",
        {
            "year": year,
            "projects": list(projects.values()),
            "progress": progress,
            "rounds": rounds,
            "next_candidates": [projects[k] for k in progress.next.candidates]
            if progress.next
            else [],
            "chosen": [projects[k] for k in progress.chosen],
            "voted": bool(progress.rounds),
        },
    )


@page_permission("oversight.add_project")
def project_create(request, pk):
    year = get_object_or_404(ProjectYear, pk=pk)
    form = forms.ProjectForm(request.POST or None, instance=Project(year=year))
    return _form_step(
        request,
        form,
        lambda: services.project_save(
            actor=request.user,
            project=form.instance,
            milestones=form.cleaned_data["planned"],
        ),
        done=year,
        title=_("New candidate project"),
        back=("project_year", (pk,)),
    )


@page_permission("oversight.change_project")
def project_edit(request, pk):
    project = get_object_or_404(Project.objects.select_related("year"), pk=pk)
    form = forms.ProjectForm(request.POST or None, instance=project)
    return _form_step(
        request,
        form,
        lambda: services.project_save(actor=request.user, project=form.instance),
        done=project,
        title=project.title,
        back=("project_detail", (pk,)),
    )


def _moment_initial(session):
    """The vote's moment as the form first shows it: now during the session, else its first
    day at 09:00 (a session recorded from paper)."""
    now = timezone.localtime()
    if session.start_date <= now.date() <= session.end_date:
        return {"held_on": now.date(), "held_time": now.time().replace(second=0, microsecond=0)}
    return {"held_on": session.start_date, "held_time": rules.DEFAULT_VOTE_TIME}


@page_permission("oversight.add_voteround")
def project_vote(request, pk):
    year = selectors.year_page(pk)
    if year is None:
        raise Http404
    progress = selectors.vote_progress(year)
    if progress.next is None:
        messages.info(request, _("The vote on this year's projects is complete."))
        return redirect(year)
    page = session_not_held_page(request, year.session, year.get_absolute_url())
    if page:
        return page
    projects = {p.pk: p for p in year.projects.all()}
    candidates = [projects[k] for k in progress.next.candidates]
    initial = _moment_initial(year.session)
    # The ballots go to the deputies present and still holding a seat at the vote.
    present = deputies_present_and_seated(year.session, initial["held_on"], initial["held_time"])
    form = forms.VoteForm(
        request.POST or None,
        projects=candidates,
        places=progress.next.places,
        deputies_present=year.session.deputies_present,
        initial={**initial, "ballots_issued": present, "ballots_returned": present},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.project_vote_record(
                actor=request.user,
                year=year,
                held_on=form.cleaned_data["held_on"],
                held_time=form.cleaned_data["held_time"],
                ballots_issued=form.cleaned_data["ballots_issued"],
                ballots_returned=form.cleaned_data["ballots_returned"],
                void_ballots=form.cleaned_data["void_ballots"],
                votes=form.votes(),
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            return _saved(request, year)
    if progress.next.kind == rules.TIE:
        intro = _(
            "Re-vote among the projects tied at the boundary: %(n)s place(s) left; the most "
            "votes win."
        ) % {"n": progress.next.places}
    else:
        # All deputies at the moment the form first proposes; the vote counts them at its own.
        moment = initial
        total = deputies_seated_count(moment["held_on"], moment["held_time"])
        intro = _(
            "Each deputy marks up to %(n)s project(s). A project is chosen with the votes of "
            "more than half of all deputies, those holding a seat at the time of the vote "
            "(%(total)s on %(date)s at %(time)s: %(needed)s votes or more), the most votes "
            "first; a tie at the boundary is re-voted. More ballots returned than issued voids "
            "the vote."
        ) % {
            "n": progress.next.places,
            "total": total or "—",
            "date": date_format(moment["held_on"]),
            "time": moment["held_time"].strftime("%H:%M"),
            "needed": law.votes_needed(total) if total else "—",
        }
    return render(
        request,
        "oversight/vote_form.html",
        {"form": form, "year": year, "intro": intro},
    )


# One project through the year


def _project(request, pk):
    project = selectors.project_page(pk, request.user)
    if project is None:
        if not selectors.may_see_projects(request.user):
            raise PermissionDenied
        raise Http404
    return project


@login_required
def project_detail(request, pk):
    project = _project(request, pk)
    today = timezone.localdate()
    return render(
        request,
        "oversight/project_detail.html",
        {
            "project": project,
            "progress": selectors.progress_percent(project),
            "overdue": selectors.overdue_problems(today, project.problem_list),
            "today": today,
            "may_report": selectors.may_report_progress(request.user, project),
            "may_answer": request.user.has_perm("oversight.change_problem")
            or selectors.may_report_progress(request.user, project),
            "rating": getattr(project, "rating", None),
        },
    )


@page_permission("oversight.add_projectmilestone")
def project_milestone_add(request, pk):
    project = get_object_or_404(Project, pk=pk)
    form = forms.MilestoneForm(request.POST or None)
    return _form_step(
        request,
        form,
        lambda: services.project_milestone_add(
            actor=request.user, project=project, **form.cleaned_data
        ),
        done=project,
        title=_("New milestone"),
        back=("project_detail", (pk,)),
    )


@login_required
def project_progress(request, pk):
    project = _project(request, pk)
    if not selectors.may_report_progress(request.user, project):
        raise PermissionDenied
    form = forms.ProgressForm(
        request.POST or None, project=project, initial={"date": timezone.localdate()}
    )
    return _form_step(
        request,
        form,
        lambda: services.progress_report_submit(
            actor=request.user, project=project, **form.cleaned_data
        ),
        done=project,
        title=_("Progress report · %(title)s") % {"title": project.title},
        back=("project_detail", (pk,)),
    )


@page_permission("oversight.add_projectinspection")
def project_inspection_add(request, pk):
    project = get_object_or_404(Project, pk=pk)
    today = timezone.localdate()
    form = forms.InspectionForm(
        request.POST or None,
        choices=selectors.inspection_choices(project),
        today=today,
        initial={"start_date": today},
    )
    return _form_step(
        request,
        form,
        lambda: services.project_inspect(actor=request.user, project=project, **form.cleaned_data),
        done=project,
        title=_("Inspection"),
        back=("project_detail", (pk,)),
    )


@page_permission("oversight.add_problem")
def project_problem_add(request, pk):
    project = get_object_or_404(Project, pk=pk)
    activities = Activity.objects.filter(project_inspections__project=project)
    form = forms.ProblemForm(
        request.POST or None, activities=activities, initial={"raised_on": timezone.localdate()}
    )
    return _form_step(
        request,
        form,
        lambda: services.problem_raise(actor=request.user, project=project, **form.cleaned_data),
        done=project,
        title=_("Problem found"),
        back=("project_detail", (pk,)),
    )


@login_required
def problem_rectify(request, pk):
    problem = get_object_or_404(Problem.objects.select_related("project", "office"), pk=pk)
    if not selectors.may_answer_problem(request.user, problem):
        raise PermissionDenied
    target = problem.project or problem.office
    form = forms.RectifyForm(request.POST or None, initial={"rectified_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.problem_rectify(actor=request.user, problem=problem, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            return _saved(request, target)
    back = (
        ("project_detail", (problem.project_id,))
        if problem.project_id
        else ("evaluated_office", (problem.office_id,))
    )
    return _form_page(request, form, title=_("Rectification"), back=back, intro=problem.description)


@page_permission("oversight.change_project")
def project_complete(request, pk):
    project = get_object_or_404(Project, pk=pk)
    form = forms.CompleteForm(request.POST or None, initial={"completed_on": timezone.localdate()})
    return _form_step(
        request,
        form,
        lambda: services.project_complete(actor=request.user, project=project, **form.cleaned_data),
        done=project,
        title=_("Project completed"),
        back=("project_detail", (pk,)),
    )


@page_permission("oversight.add_projectrating")
def project_rating(request, pk):
    project = get_object_or_404(Project.objects.select_related("rating"), pk=pk)
    existing = getattr(project, "rating", None)
    initial = {"held_on": timezone.localdate()}
    if existing:
        initial = {
            f: getattr(existing, f)
            for f in ("held_on", "ballots", "satisfied", "basically", "unsatisfied")
        }
    form = forms.SatisfactionForm(request.POST or None, initial=initial)
    return _form_step(
        request,
        form,
        lambda: services.project_rate(actor=request.user, project=project, **form.cleaned_data),
        done=project,
        title=_("Year-end rating · %(title)s") % {"title": project.title},
        back=("project_detail", (pk,)),
        intro=str(rules.SATISFACTION_DEFINITION),
    )


def public_projects(request):
    """The year's chosen projects and their progress, for everyone (no login)."""
    shown = selectors.public_years()
    year = query_year(request.GET)
    if year not in shown:
        year = shown[0] if shown else None
    projects = selectors.public_projects(year) if year else []
    for project in projects:
        project.percent = selectors.progress_percent(project)
    return render(
        request,
        "oversight/public_projects.html",
        {"projects": projects, "year": year, "years": shown},
    )


# Evaluations of offices


@page_permission("oversight.view_evaluationplan")
def evaluation_list(request):
    return render(request, "oversight/evaluation_list.html", {"plans": selectors.plans()})


@page_permission("oversight.add_evaluationplan")
def evaluation_create(request):
    form = forms.PlanForm(request.POST or None, initial={"year": timezone.localdate().year})
    return _form_step(
        request,
        form,
        lambda: services.evaluation_plan_save(actor=request.user, plan=form.instance),
        title=_("New evaluation plan"),
        back=("evaluation_list", ()),
    )


@page_permission("oversight.change_evaluationplan")
def evaluation_edit(request, pk):
    plan = get_object_or_404(EvaluationPlan, pk=pk)
    form = forms.PlanForm(request.POST or None, instance=plan)
    return _form_step(
        request,
        form,
        lambda: services.evaluation_plan_save(actor=request.user, plan=form.instance),
        title=plan.title,
        back=("evaluation_detail", (pk,)),
    )


@page_permission("oversight.view_evaluationplan")
def evaluation_detail(request, pk):
    plan = selectors.plan_page(pk)
    if plan is None:
        raise Http404
    offices = list(plan.offices.all())
    for office in offices:
        office.result = selectors.office_result(office)
        office.open_problems = sum(1 for p in office.problems.all() if p.rectified_on is None)
    return render(
        request,
        "oversight/evaluation_detail.html",
        {"plan": plan, "offices": offices, "pass_rate": selectors.pass_rate()},
    )


@page_permission("oversight.add_evaluationitem")
def evaluation_item_add(request, pk):
    plan = get_object_or_404(EvaluationPlan, pk=pk)
    form = forms.ItemForm(request.POST or None)
    return _form_step(
        request,
        form,
        lambda: services.evaluation_item_add(actor=request.user, plan=plan, **form.cleaned_data),
        done=plan,
        title=_("New questionnaire item"),
        back=("evaluation_detail", (pk,)),
    )


@page_permission("oversight.add_evaluatedoffice")
def evaluation_office_add(request, pk):
    plan = get_object_or_404(EvaluationPlan, pk=pk)
    form = forms.OfficeForm(request.POST or None, plan=plan)
    return _form_step(
        request,
        form,
        lambda: services.evaluation_office_add(actor=request.user, plan=plan, **form.cleaned_data),
        done=plan,
        title=_("Office to evaluate"),
        back=("evaluation_detail", (pk,)),
    )


def _office(request, pk):
    office = selectors.office_page(pk, request.user)
    if office is None:
        if not (
            request.user.has_perm("oversight.view_evaluatedoffice")
            or request.user.has_perm("oversight.view_own_evaluation")
        ):
            raise PermissionDenied
        raise Http404
    return office


@login_required
def evaluated_office(request, pk):
    office = _office(request, pk)
    today = timezone.localdate()
    scores = {s.item_id: s.score for s in office.scores.all()}
    return render(
        request,
        "oversight/evaluated_office.html",
        {
            "office": office,
            "result": selectors.office_result(office),
            "items": [(item, scores.get(item.pk)) for item in office.plan.items.all()],
            "overdue": selectors.overdue_problems(today, office.problem_list),
            "pass_rate": selectors.pass_rate(),
            "may_answer": request.user.has_perm("oversight.change_problem")
            or request.user.has_perm("oversight.view_own_evaluation"),
            "today": today,
        },
    )


@page_permission("oversight.change_evaluatedoffice")
def evaluated_office_result(request, pk):
    office = get_object_or_404(EvaluatedOffice.objects.select_related("plan", "unit"), pk=pk)
    items = list(office.plan.items.all())
    initial = {
        "rated_on": office.rated_on or timezone.localdate(),
        "ballots": office.ballots,
        "satisfied": office.satisfied,
        "basically": office.basically,
        "unsatisfied": office.unsatisfied,
        "summary": office.summary,
    } | {f"score_{s.item_id}": s.score for s in office.scores.all()}
    form = forms.ResultForm(request.POST or None, items=items, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.evaluation_result_record(
                actor=request.user,
                office=office,
                rated_on=data["rated_on"],
                ballots=data["ballots"],
                satisfied=data["satisfied"],
                basically=data["basically"],
                unsatisfied=data["unsatisfied"],
                scores=form.scores(),
                summary=data["summary"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            return _saved(request, office)
    return _form_page(
        request,
        form,
        title=_("Result of %(office)s") % {"office": office.unit},
        back=("evaluated_office", (pk,)),
        intro=str(rules.SATISFACTION_DEFINITION),
    )


@page_permission("oversight.add_problem")
def office_problem_add(request, pk):
    office = get_object_or_404(EvaluatedOffice.objects.select_related("unit"), pk=pk)
    form = forms.ProblemForm(request.POST or None, initial={"raised_on": timezone.localdate()})
    return _form_step(
        request,
        form,
        lambda: services.problem_raise(actor=request.user, office=office, **form.cleaned_data),
        done=office,
        title=_("Problem raised"),
        back=("evaluated_office", (pk,)),
    )


# Report-back ratings


@page_permission("oversight.view_reportbackrating")
def rating_list(request):
    shown = selectors.rating_years()
    # Oversight's records begin in 2000 (the models' validators).
    year = query_year(request.GET, low=2000)
    if year is None:
        year = shown[0] if shown else timezone.localdate().year
    return render(
        request,
        "oversight/rating_list.html",
        {
            "rows": selectors.ratings_of_year(year),
            "year": year,
            "years": shown,
            "weights": selectors.weights_for(year),
            "definition": rules.COMPOSITE_DEFINITION,
        },
    )


def _rating_form(request, rating, title):
    form = forms.ReportBackRatingForm(
        request.POST or None, instance=rating, activities=selectors.report_back_activities()
    )
    if request.method == "POST" and form.is_valid():
        try:
            rating = services.report_back_rating_save(actor=request.user, rating=form.instance)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(f"{reverse('rating_list')}?year={rating.activity.start_date.year}")
    return _form_page(
        request,
        form,
        title=title,
        back=("rating_list", ()),
        intro=_(
            "The deputy reported at a report-back activity (述职) and is recorded there as "
            "present. Voters' rating: %(d)s. Scores are out of 100."
        )
        % {"d": rules.SATISFACTION_DEFINITION},
    )


@page_permission("oversight.add_reportbackrating")
def rating_create(request):
    return _rating_form(request, ReportBackRating(), _("New report-back rating"))


@page_permission("oversight.change_reportbackrating")
def rating_edit(request, pk):
    rating = get_object_or_404(ReportBackRating, pk=pk)
    return _rating_form(request, rating, str(rating))


@page_permission("oversight.change_ratingweights")
def rating_weights(request):
    year = query_year(request.GET, low=2000) or timezone.localdate().year
    current = selectors.weights_for(year)
    form = forms.WeightsForm(
        request.POST or None,
        initial={
            "year": year,
            "self_weight": current[0],
            "voters_weight": current[1],
            "presidium_weight": current[2],
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.rating_weights_save(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(f"{reverse('rating_list')}?year={form.cleaned_data['year']}")
    return _form_page(
        request,
        form,
        title=_("Weights of the report-back rating"),
        back=("rating_list", ()),
        intro=str(rules.COMPOSITE_DEFINITION),
    )


@page_permission("oversight.view_own_rating")
def my_ratings(request):
    deputy = deputy_for_user(request.user)
    rows = []
    if deputy is not None:
        for year in selectors.rating_years():
            rows += selectors.ratings_of_year(year, deputy=deputy)
    return render(
        request,
        "oversight/my_ratings.html",
        {"deputy": deputy, "rows": rows, "definition": rules.COMPOSITE_DEFINITION},
    )


# A unit's officer


@login_required
def unit_oversight(request):
    user = request.user
    if not (
        user.has_perm("oversight.report_progress") or user.has_perm("oversight.view_own_evaluation")
    ):
        raise PermissionDenied
    projects = selectors.unit_projects(user)
    for project in projects:
        project.percent = selectors.progress_percent(project)
    offices = selectors.unit_offices(user)
    for office in offices:
        office.result = selectors.office_result(office)
        office.open_problems = sum(1 for p in office.problems.all() if p.rectified_on is None)
    return render(
        request, "oversight/unit_oversight.html", {"projects": projects, "offices": offices}
    )
