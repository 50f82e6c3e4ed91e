"""Elections the township congress holds at a session: the session's election rules, each
post's nominations, plan and votes, the ballot papers, tally sheets and announcement, and the
roster of township leaders."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_POST

from congress.files import document_response
from congress.forms import DateInput, add_service_error
from congress.models import Session
from congress.selectors import township_name
from congress.tally_grid import TallyGridForm, count_field
from congress.views import page_permission, session_not_held_page
from congress.widgets import SearchableSelect, SearchableSelectMultiple
from deputies.models import Deputy
from deputies.selectors import deputies_present_and_seated
from elections import congress_documents as documents
from elections import congress_rules as cr
from elections import congress_selectors as selectors
from elections import congress_services as services
from elections.congress_tally import tally_problems
from elections.models import CongressPost, Contest, ElectionRules, Nomination, Office, Round

VIEW = "elections.view_contest"
CHANGE = "elections.change_contest"
WRITE_IN_LINES = 3
STAGE_LABELS = {
    "nominating": gettext_lazy("nominating"),
    "too_few": gettext_lazy("too few nominees"),
    "preliminary": gettext_lazy("preliminary vote to hold"),
    "voting": gettext_lazy("vote to hold"),
    "done": pgettext_lazy("congress", "elected"),
    "deferred": gettext_lazy("further election opened"),
}


def _session(pk):
    return get_object_or_404(Session.objects.select_related("term"), pk=pk)


def _progress(pk):
    contest = selectors.contest_facts(pk)
    if contest is None:
        raise Http404
    progress = selectors.contest_progress(contest)
    progress.stage_label = STAGE_LABELS[progress.stage]
    return progress


def _rules(session):
    return ElectionRules.objects.filter(session=session).first()


@page_permission(VIEW)
def congress_elections(request, pk):
    session = _session(pk)
    township = township_name()
    rows = selectors.session_contests(session)
    for progress in rows:
        progress.label = selectors.post_label(progress.contest.post, township)
        progress.stage_label = STAGE_LABELS[progress.stage]
    return render(
        request,
        "elections/congress/session_elections.html",
        {
            "session": session,
            "rules": _rules(session),
            "rows": rows,
            "any_elected": any(p.elected for p in rows),
        },
    )


class RulesForm(forms.Form):
    """The session's election rules: a general election or a by-election, seats (0: not
    elected at this session) and margin per post, and the formal ballot's order."""

    adopted_on = forms.DateField(label=gettext_lazy("adopted on"), widget=DateInput())
    kind = forms.ChoiceField(
        label=gettext_lazy("election held"),
        choices=[
            (Contest.Kind.ELECTION, gettext_lazy("general election of the term's leaders")),
            (Contest.Kind.BY_ELECTION, gettext_lazy("by-election of posts vacant in the term")),
        ],
        widget=forms.RadioSelect,
        help_text=gettext_lazy(
            "A by-election may have as many candidates as seats, or more (Organic Law, art. 30)."
        ),
    )
    ballot_order = forms.ChoiceField(
        label=gettext_lazy("order of the formal candidates"),
        choices=ElectionRules.BallotOrder.choices,
        initial=ElectionRules.BallotOrder.STROKES,
        widget=forms.RadioSelect,
        help_text=gettext_lazy(
            "After a preliminary vote: the formal ballot lists the candidates in surname stroke "
            "order unless these rules list them by their preliminary votes."
        ),
    )
    note = forms.CharField(
        label=gettext_lazy("other provisions"), required=False, widget=forms.Textarea({"rows": 3})
    )

    def __init__(self, *args, township, **kwargs):
        super().__init__(*args, **kwargs)
        self.posts = []
        for post in CongressPost.values:
            label = selectors.post_label(post, township)
            self.fields[f"seats_{post}"] = forms.IntegerField(
                label=_("%(post)s: seats") % {"post": label},
                min_value=0,
                max_value=30,
                initial=0,
                help_text=_("0: not elected at this session."),
            )
            self.fields[f"margin_{post}"] = forms.IntegerField(
                label=_("%(post)s: candidates more than seats") % {"post": label},
                min_value=0,
                max_value=30,
                initial=cr.PRINCIPAL_MARGIN if post in cr.PRINCIPAL_POSTS else 0,
            )
            self.posts.append(post)

    def post_rules(self):
        return {
            post: (self.cleaned_data[f"seats_{post}"], self.cleaned_data[f"margin_{post}"])
            for post in self.posts
            if self.cleaned_data[f"seats_{post}"]
        }


@page_permission(CHANGE)
def congress_election_rules(request, pk):
    session = _session(pk)
    existing = _rules(session)
    initial = {
        "adopted_on": existing.adopted_on if existing else session.start_date,
        "kind": cr.default_contest_kind(session.kind == Session.Kind.FIRST),
    }
    if existing:
        initial["note"] = existing.note
        initial["ballot_order"] = existing.ballot_order
    for contest in session.contests.exclude(kind=Contest.Kind.FURTHER):
        initial[f"seats_{contest.post}"] = contest.seats
        initial[f"margin_{contest.post}"] = contest.margin
        initial["kind"] = contest.kind
    form = RulesForm(request.POST or None, initial=initial, township=township_name())
    if request.method == "POST" and form.is_valid():
        try:
            services.election_rules_save(
                actor=request.user,
                session=session,
                adopted_on=form.cleaned_data["adopted_on"],
                note=form.cleaned_data["note"],
                posts=form.post_rules(),
                kind=form.cleaned_data["kind"],
                ballot_order=form.cleaned_data["ballot_order"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("congress_elections", pk=session.pk)
    return render(
        request,
        "elections/congress/rules_form.html",
        {"session": session, "form": form},
    )


class NominationForm(forms.Form):
    source = forms.ChoiceField(
        label=gettext_lazy("nominated by"),
        choices=Nomination.Source.choices,
        widget=forms.RadioSelect,
    )
    # The nominee is a deputy or a person named: one of the two (static/js/reveal.js shows the
    # input chosen and disables the other, so it is not sent).
    nominee = forms.ChoiceField(
        label=gettext_lazy("nominee"),
        choices=[
            ("deputy", gettext_lazy("choose among the deputies")),
            ("name", gettext_lazy("type the name")),
        ],
        initial="deputy",
        required=False,
        widget=forms.RadioSelect(attrs={"data-reveal": ""}),
    )
    deputy = forms.ModelChoiceField(
        label=gettext_lazy("deputy"),
        queryset=Deputy.objects.none(),
        required=False,
        widget=SearchableSelect,
    )
    name = forms.CharField(
        label=gettext_lazy("name"),
        max_length=50,
        required=False,
        help_text=gettext_lazy("For a nominee who is not a deputy."),
    )
    introduction = forms.CharField(
        label=gettext_lazy("workplace and post"), max_length=200, required=False
    )
    sponsors = forms.ModelMultipleChoiceField(
        label=gettext_lazy("deputies nominating"),
        queryset=Deputy.objects.none(),
        required=False,
        widget=SearchableSelectMultiple,
        help_text=gettext_lazy("Ten or more deputies sign a joint nomination."),
    )

    def __init__(self, *args, contest, **kwargs):
        super().__init__(*args, **kwargs)
        deputies = selectors.deputies_for_nomination(contest.session.start_date)
        self.fields["deputy"].queryset = deputies
        self.fields["sponsors"].queryset = deputies
        if contest.post in cr.DEPUTY_REQUIRED:
            del self.fields["name"], self.fields["nominee"]
            self.fields["deputy"].required = True

    def clean(self):
        data = super().clean()
        if data.get("deputy") and data.get("name"):
            # Both sent (no script, or typed around it): saying so beats keeping one silently.
            # The error goes beside the input the radio did not choose.
            other = "deputy" if data.get("nominee") == "name" else "name"
            self.add_error(
                other,
                _("Fill in either “%(deputy)s” or “%(name)s”, not both.")
                % {"deputy": self.fields["deputy"].label, "name": self.fields["name"].label},
            )
        return data


@page_permission(VIEW)
def contest_detail(request, pk):
    progress = _progress(pk)
    contest = progress.contest
    may_change = request.user.has_perm(CHANGE)
    form = None
    if may_change and contest.nominations_closed_on is None:
        form = NominationForm(contest=contest)
    return render(
        request,
        "elections/congress/contest_detail.html",
        _contest_context(progress, form=form, may_change=may_change),
    )


class FurtherElectionForm(forms.Form):
    """Where the further election of the seats left is held (OL 29): at this session or a
    later one of the term."""

    session = forms.ModelChoiceField(
        label=gettext_lazy("held at"), queryset=Session.objects.none(), empty_label=None
    )

    def __init__(self, *args, contest, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = selectors.further_sessions(contest)
        self.fields["session"].initial = contest.session_id


def _further_form(progress, may_change):
    """The form opening a further election, where one may be opened now."""
    step = progress.next
    if not may_change or step is None or step.kind != cr.ROUND_FURTHER:
        return None
    return FurtherElectionForm(contest=progress.contest)


def _contest_context(progress, **extra):
    township = township_name()
    contest = progress.contest
    nominations = selectors.flag_conflicts(contest, list(contest.nominations.all()))
    return {
        "progress": progress,
        "contest": contest,
        "session": contest.session,
        "label": selectors.post_label(contest.post, township),
        "all_nominations": nominations,
        "any_conflict": any(n.conflict and not n.withdrawn for n in nominations),
        "further_form": _further_form(progress, extra.get("may_change", False)),
        **extra,
    }


@require_POST
@page_permission(CHANGE)
def further_election_open(request, pk):
    progress = _progress(pk)
    contest = progress.contest
    form = FurtherElectionForm(request.POST, contest=contest)
    if form.is_valid():
        try:
            further = services.further_election_open(
                actor=request.user, contest=contest, session=form.cleaned_data["session"]
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The further election is opened: nominate its candidates."))
            return redirect(further)
    # Refused: the contest's page again, with the session chosen and the reason beside it.
    return render(
        request,
        "elections/congress/contest_detail.html",
        _contest_context(progress, further_form=form, may_change=True),
    )


@page_permission(CHANGE)
def nomination_create(request, pk):
    progress = _progress(pk)
    contest = progress.contest
    if contest.nominations_closed_on is not None:
        messages.error(request, _("The nominations for this election are closed."))
        return redirect(contest)
    form = NominationForm(request.POST or None, contest=contest)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.nomination_add(
                actor=request.user,
                contest=contest,
                source=data["source"],
                deputy=data["deputy"],
                name=data.get("name") or "",
                introduction=data["introduction"],
                sponsors=list(data["sponsors"] or []),
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Nominated."))
            return redirect(contest)
    return render(
        request,
        "elections/congress/contest_detail.html",
        _contest_context(progress, form=form, may_change=True),
    )


@require_POST
@page_permission(CHANGE)
def nomination_withdraw(request, pk):
    nomination = get_object_or_404(Nomination.objects.select_related("contest"), pk=pk)
    try:
        services.nomination_withdraw(actor=request.user, nomination=nomination)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The nomination is withdrawn."))
    return redirect(nomination.contest)


@require_POST
@page_permission(CHANGE)
def nominations_close(request, pk):
    contest = get_object_or_404(Contest, pk=pk)
    try:
        services.nominations_close(actor=request.user, contest=contest)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Nominations closed."))
    return redirect(contest)


class TimeInput(forms.TimeInput):
    """The browser's own time picker (hours and minutes)."""

    input_type = "time"

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


class RoundForm(TallyGridForm):
    """The count sheet of the next vote as one grid: a row per candidate (the votes for; in a
    formal vote also against and abstaining, OL 28) and, in a formal vote, rows for other
    persons written in (另选他人); above it the moment of the vote and its ballots. The counts
    are checked by the rules the service applies (elections.congress_tally), each problem
    shown at its cell."""

    held_on = forms.DateField(label=gettext_lazy("date of the vote"), widget=DateInput())
    held_time = forms.TimeField(
        label=gettext_lazy("time of the vote"),
        widget=TimeInput(),
        help_text=gettext_lazy(
            "All deputies are those holding a seat at this moment: a seat ended earlier in the "
            "session no longer counts."
        ),
    )
    ballots_issued = count_field(gettext_lazy("ballots issued"))
    ballots_returned = count_field(gettext_lazy("ballots returned"))
    void_ballots = count_field(
        gettext_lazy("void ballots"),
        initial=0,
        help_text=gettext_lazy("Ballots choosing more people than seats, and spoilt ones."),
    )
    figure_fields = ("held_on", "held_time", "ballots_issued", "ballots_returned", "void_ballots")

    def __init__(self, *args, step, session, **kwargs):
        super().__init__(*args, **kwargs)
        self.step = step
        self.session = session
        self.preliminary = step.kind == cr.ROUND_PRELIMINARY
        self.grid_columns = [("for", _("For"))]
        if not self.preliminary:
            self.grid_columns += [("against", _("Against")), ("abstain", _("Abstaining"))]
        self.candidates = [c for c in step.candidates if isinstance(c, Nomination)]
        for c in self.candidates:
            cells = {column: f"{column}_{c.pk}" for column, _label in self.grid_columns}
            for name in cells.values():
                self.fields[name] = count_field()
            self.add_row(c, c.name, cells)
        self.write_in_lines = 0 if self.preliminary else WRITE_IN_LINES
        for line in range(1, self.write_in_lines + 1):
            self.fields[f"write_in_{line}"] = forms.CharField(max_length=50, required=False)
            self.fields[f"write_in_votes_{line}"] = count_field(required=False)
            self.add_row(
                ("write_in", line),
                _("another person"),
                {"for": f"write_in_votes_{line}"},
                name_field=f"write_in_{line}",
            )

    def clean(self):
        cleaned = super().clean()
        if not self.errors:
            problems = tally_problems(
                preliminary=self.preliminary,
                seats=self.step.seats,
                present=deputies_present_and_seated(
                    self.session, cleaned["held_on"], cleaned["held_time"]
                ),
                ballots_issued=cleaned["ballots_issued"],
                ballots_returned=cleaned["ballots_returned"],
                void_ballots=cleaned["void_ballots"],
                candidates={c: c.name for c in self.candidates},
                tallies=self.tallies(),
                write_ins=self.write_ins(),
            )
            self.add_problems((p.row, p.column, p.message) for p in problems)
        return cleaned

    def tallies(self):
        data = self.cleaned_data
        if self.preliminary:  # the votes for only
            return {c: (data[f"for_{c.pk}"], 0, 0) for c in self.candidates}
        return {
            c: (data[f"for_{c.pk}"], data[f"against_{c.pk}"], data[f"abstain_{c.pk}"])
            for c in self.candidates
        }

    def write_ins(self):
        """[(name, votes)] of every line, blank ones too (votes without a name are refused)."""
        return [
            (self.cleaned_data[f"write_in_{n}"], self.cleaned_data[f"write_in_votes_{n}"])
            for n in range(1, self.write_in_lines + 1)
        ]


@page_permission(CHANGE)
def round_create(request, pk):
    progress = _progress(pk)
    contest = progress.contest
    session = contest.session
    if contest.nominations_closed_on is None or progress.next is None:
        messages.error(request, _("No vote is waiting to be recorded in this election."))
        return redirect(contest)
    page = session_not_held_page(request, contest.session, contest.get_absolute_url())
    if page:
        return page
    # The ballots go to the deputies present and still holding a seat at the vote.
    present = deputies_present_and_seated(session, session.start_date, services.DEFAULT_ROUND_TIME)
    form = RoundForm(
        request.POST or None,
        step=progress.next,
        session=session,
        initial={
            "held_on": session.start_date,
            "held_time": services.DEFAULT_ROUND_TIME,
            "ballots_issued": present,
            "ballots_returned": present,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            round_ = services.round_record(
                actor=request.user,
                contest=contest,
                held_on=data["held_on"],
                held_time=data["held_time"],
                ballots_issued=data["ballots_issued"],
                ballots_returned=data["ballots_returned"],
                void_ballots=data["void_ballots"],
                tallies=form.tallies(),
                write_ins=form.write_ins(),
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("Vote %(number)s recorded.") % {"number": round_.number},
            )
            return redirect(contest)
    return render(
        request,
        "elections/congress/round_form.html",
        _contest_context(progress, round_form=form),
    )


@page_permission(VIEW)
def contest_ballot(request, pk):
    progress = _progress(pk)
    if progress.next is None:
        messages.error(request, _("No vote is waiting in this election: no ballot to print."))
        return redirect(progress.contest)
    data = documents.ballot_pdf(progress, request=request)
    return document_response(
        request, data, f"选票-{progress.contest.pk}-{len(progress.rounds) + 1}.pdf"
    )


@page_permission(VIEW)
def round_tally(request, pk):
    round_ = get_object_or_404(Round, pk=pk)
    progress = _progress(round_.contest_id)
    recorded = next(r for r in progress.rounds if r.pk == round_.pk)
    data = documents.tally_pdf(progress, recorded, request=request)
    return document_response(request, data, f"计票结果-{progress.contest.pk}-{recorded.number}.pdf")


@page_permission(VIEW)
def congress_announcement(request, pk):
    session = _session(pk)
    data = documents.announcement_pdf(session, request=request)
    return document_response(request, data, f"选举结果公告-{session.pk}.pdf")


@page_permission("elections.view_office")
def leaders(request):
    township = township_name()
    return render(
        request,
        "elections/congress/leaders.html",
        {"roster": selectors.leaders_roster(township)},
    )


class OfficeEndForm(forms.Form):
    end_date = forms.DateField(label=gettext_lazy("until"), widget=DateInput())
    end_reason = forms.ChoiceField(
        label=gettext_lazy("how it ended"), choices=Office.EndReason.choices
    )
    note = forms.CharField(label=gettext_lazy("note"), max_length=200, required=False)


@page_permission("elections.change_office")
def office_end(request, pk):
    office = get_object_or_404(Office.objects.select_related("term"), pk=pk)
    if office.end_date:
        raise PermissionDenied
    form = OfficeEndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.office_end(
                office=office,
                date=form.cleaned_data["end_date"],
                reason=form.cleaned_data["end_reason"],
                note=form.cleaned_data["note"],
                user=request.user,
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("leaders")
    return render(
        request,
        "elections/congress/office_end.html",
        {
            "office": office,
            "label": selectors.post_label(office.post, township_name()),
            "form": form,
        },
    )
