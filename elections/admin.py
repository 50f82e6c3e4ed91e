"""Back office for elections: looked up here. An election and its districts may be corrected;
everything else changes only through elections.services, which apply the Election Law's
rules (ages, ID numbers, candidate numbers, tallies) and record each change to the roll with
its reason. Full ID numbers are not shown here: the voter's is masked."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from congress import idnumbers
from congress.admin import NoDeleteAdmin, ReadOnlyAdmin, ReadOnlyInline
from elections.models import (
    Candidate,
    CandidateVotes,
    District,
    DistrictResult,
    Election,
    IdExport,
    Objection,
    Proxy,
    Voter,
)


@admin.register(Election)
class ElectionAdmin(NoDeleteAdmin):
    list_display = ("name", "kind", "election_day", "population", "term")
    list_filter = ("kind",)
    search_fields = ("name",)


@admin.register(District)
class DistrictAdmin(NoDeleteAdmin):
    list_display = ("name", "code", "election", "population", "seats")
    list_filter = ("election",)
    search_fields = ("name", "code")
    list_select_related = ("election",)


@admin.register(Voter)
class VoterAdmin(ReadOnlyAdmin):
    list_display = ("name", "id_number_shown", "gender", "birth_date", "district", "on_roll")
    list_filter = ("election", "on_roll", "gender")
    search_fields = ("name",)
    list_select_related = ("district",)
    exclude = ("id_number",)
    readonly_fields = ("id_number_shown",)

    @admin.display(description=_("ID number"))
    def id_number_shown(self, voter):
        return idnumbers.mask(voter.id_number)


@admin.register(Objection)
class ObjectionAdmin(ReadOnlyAdmin):
    list_display = ("objector", "election", "voter", "received_date", "decided_date", "upheld")
    list_filter = ("election", "upheld")
    list_select_related = ("election", "voter")


@admin.register(Proxy)
class ProxyAdmin(ReadOnlyAdmin):
    list_display = ("grantor", "holder", "authorised_on")
    list_select_related = ("grantor", "holder")


@admin.register(Candidate)
class CandidateAdmin(ReadOnlyAdmin):
    list_display = ("name", "district", "source", "stage")
    list_filter = ("stage", "source", "district__election")
    search_fields = ("name",)
    list_select_related = ("district",)


class CandidateVotesInline(ReadOnlyInline):
    model = CandidateVotes
    show_change_link = False


@admin.register(DistrictResult)
class DistrictResultAdmin(ReadOnlyAdmin):
    """The tallies: entered and confirmed through the results pages, never edited here."""

    list_display = ("district", "round", "registered", "voted", "valid_ballots", "confirmed")
    list_filter = ("confirmed", "round", "district__election")
    list_select_related = ("district",)
    inlines = (CandidateVotesInline,)


@admin.register(CandidateVotes)
class CandidateVotesAdmin(ReadOnlyAdmin):
    list_display = ("candidate", "result", "votes")
    list_select_related = ("candidate", "result__district")


@admin.register(IdExport)
class IdExportAdmin(ReadOnlyAdmin):
    list_display = ("at", "user", "election", "what", "rows")
    list_filter = ("election",)
    list_select_related = ("user", "election")
