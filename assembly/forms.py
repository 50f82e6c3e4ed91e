"""Forms of the agenda pages: they parse input; assembly.services checks and writes."""

from datetime import time

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from assembly.models import PERSON_KINDS, AgendaItem, Choice, ItemKind, Proposer
from assembly.selectors import recall_sponsor_refusals
from congress.forms import DateInput
from congress.kept_uploads import KeepUploadsMixin
from congress.selectors import township_name
from congress.uploads import check_attachment
from congress.widgets import SearchableSelect, SearchableSelectMultiple
from deputies.models import Deputy, Level
from deputies.selectors import seated_at
from elections import congress_selectors
from elections.models import Office
from proposals.models import Proposal
from proposals.models import State as ProposalState

DOCUMENT_MAX_MB = 20
# Counts a township congress can have (45 to 160 deputies); larger input is refused as a typo.
COUNT_MAX = 9999


class AgendaItemForm(forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = [
            "kind",
            "title",
            "proposal",
            "office",
            "deputy",
            "proposed_by",
            "sponsors",
            "notes",
        ]
        widgets = {
            "notes": forms.Textarea(attrs={"rows": 3}),
            "deputy": SearchableSelect,
            "sponsors": SearchableSelectMultiple,
        }

    def __init__(self, *args, session, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.session = session
        self.fields["kind"].choices = ItemKind.choices
        motions = Proposal.objects.filter(session=session, state=ProposalState.ON_AGENDA)
        if self.instance.proposal_id:
            motions = motions | Proposal.objects.filter(pk=self.instance.proposal_id)
        self.fields["proposal"].queryset = motions.order_by("number", "pk")
        self.fields["proposal"].help_text = _(
            "For a motion: one of this session's motions the presidium put on the agenda."
        )
        self.fields["proposal"].empty_label = _("(not a motion)")
        # A resignation or a recall: the offices of the session's term still held, and the one
        # the item already names.
        offices = Office.objects.filter(term_id=session.term_id, end_date__isnull=True)
        if self.instance.office_id:
            offices = offices | Office.objects.filter(pk=self.instance.office_id)
        township = township_name()
        office_field = self.fields["office"]
        office_field.queryset = offices.order_by("post", "start_date", "name")
        office_field.label_from_instance = lambda office: (
            f"{office.name}（{congress_selectors.post_label(office.post, township)}）"
        )
        office_field.empty_label = _("(not a resignation or a recall)")
        office_field.help_text = _(
            "For a resignation from a post or a recall: the office its holder leaves; adopted "
            "by the vote, the office ends on the vote's date."
        )
        # A deputy's resignation, and the deputies proposing a recall: the deputies holding a
        # seat when the session opens (and those the item already names).
        seated = Deputy.objects.filter(
            seated_at(session.start_date, time.min), seats__level=Level.TOWNSHIP
        )
        deputies = seated
        if self.instance.deputy_id:
            deputies = deputies | Deputy.objects.filter(pk=self.instance.deputy_id)
        self.fields["deputy"].queryset = deputies.distinct().order_by("stroke_key", "pk")
        self.fields["deputy"].empty_label = _("(not a deputy's resignation)")
        self.fields["deputy"].help_text = _(
            "For a deputy's resignation: adopted by more than half of all deputies, the seat "
            "ends at the vote, and with it any post that requires it."
        )
        # Sponsors: also the township deputies who left office this term, disabled with the
        # reason the service would refuse them for, so the list shows why a name is missing.
        sponsors = seated | Deputy.objects.filter(
            seats__level=Level.TOWNSHIP, status_date__gte=session.term.start_date
        )
        if self.instance.pk:
            sponsors = sponsors | self.instance.sponsors.all()
        sponsors = sponsors.distinct().order_by("stroke_key", "pk")
        self.fields["sponsors"].queryset = sponsors
        self.fields["sponsors"].widget.reasons = {
            str(pk): reason for pk, reason in recall_sponsor_refusals(sponsors, session).items()
        }
        self.fields["proposed_by"].choices = [("", _("(not a recall)")), *Proposer.choices]
        self.fields["proposed_by"].help_text = _(
            "For a recall: the presidium, or deputies jointly (choose them below)."
        )
        self.fields["sponsors"].help_text = _(
            "For a recall proposed by deputies jointly: one fifth of all deputies or more."
        )

    def clean(self):
        data = super().clean()
        if data.get("kind") == ItemKind.MOTION and not data.get("proposal"):
            self.add_error("proposal", _("Choose the motion."))
        if data.get("kind") != ItemKind.MOTION:
            data["proposal"] = None
            self.instance.proposal = None
        if data.get("kind") in PERSON_KINDS and not data.get("office"):
            self.add_error("office", _("Choose the office whose holder resigns or is recalled."))
        if data.get("kind") not in PERSON_KINDS:
            data["office"] = None
            self.instance.office = None
        if data.get("kind") == ItemKind.SEAT_RESIGNATION and not data.get("deputy"):
            self.add_error("deputy", _("Choose the deputy who resigns."))
        if data.get("kind") == ItemKind.RECALL and not data.get("proposed_by"):
            self.add_error("proposed_by", _("Say who proposes the recall."))
        return data

    def sponsors(self):
        return list(self.cleaned_data.get("sponsors") or [])


class DocumentForm(KeepUploadsMixin, forms.Form):
    file = forms.FileField(
        label=_("file"),
        help_text=_("PDF, picture, Word or Excel, up to 20 MB."),
    )
    title = forms.CharField(label=_("title"), max_length=200, required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > DOCUMENT_MAX_MB * 2**20:
            raise ValidationError(
                _("The file is larger than %(size)s MB.") % {"size": DOCUMENT_MAX_MB}
            )
        return check_attachment(upload)


def _count(label, required=True):
    return forms.IntegerField(
        label=label, min_value=0, max_value=COUNT_MAX, required=required, initial=None
    )


class VoteMomentForm(forms.Form):
    """When the vote was taken: all deputies are those holding a seat at that moment."""

    held_on = forms.DateField(
        label=pgettext_lazy("decision", "date of the vote"), widget=DateInput()
    )
    held_time = forms.TimeField(
        label=pgettext_lazy("decision", "time of the vote"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text=_("A seat ended by an earlier vote of the session no longer counts."),
    )

    def moment_fields(self):
        return [self["held_on"], self["held_time"]]

    def moment(self):
        return {
            "held_on": self.cleaned_data["held_on"],
            "held_time": self.cleaned_data["held_time"],
        }


class VoteForm(VoteMomentForm):
    """The counts as the tellers announce them; the outcome is computed from them."""

    present = _count(_("deputies present at the vote"))
    yes = _count(_("for"))
    no = _count(_("against"))
    abstain = _count(_("abstain"))
    not_voting = _count(_("did not vote"), required=False)

    def counts(self):
        data = self.cleaned_data
        return {
            "present": data["present"],
            "yes": data["yes"],
            "no": data["no"],
            "abstain": data["abstain"],
            "not_voting": data.get("not_voting") or 0,
        }


class VoteByNameForm(VoteMomentForm):
    """One mark per deputy present; those left blank were not present at the vote."""

    def __init__(self, *args, deputies, **kwargs):
        super().__init__(*args, **kwargs)
        self.deputies = deputies
        choices = [("", _("not present")), *Choice.choices]
        for deputy in deputies:
            self.fields[self.field_name(deputy)] = forms.ChoiceField(
                label=deputy.name,
                choices=choices,
                required=False,
                initial=Choice.YES,
            )

    @staticmethod
    def field_name(deputy):
        return f"deputy_{deputy.pk}"

    def rows(self):
        return [(deputy, self[self.field_name(deputy)]) for deputy in self.deputies]

    def casts(self):
        return {
            deputy: self.cleaned_data[self.field_name(deputy)]
            for deputy in self.deputies
            if self.cleaned_data.get(self.field_name(deputy))
        }
