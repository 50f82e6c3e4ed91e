"""Back office for elections: looked up here. An election and its districts may be corrected;
everything else changes only through elections.services, which apply the Election Law's
rules (ages, ID numbers, candidate numbers, tallies) and record each change to the roll with
its reason. Full ID numbers and birth dates are not shown here (congress.admin.PersonalDataMixin).
The elections the congress holds at its sessions (rules, contests, nominations, votes, offices)
change only through elections.congress_services, which apply the Organic Law's rules."""

from django.contrib import admin

from congress.admin import NoDeleteAdmin, ReadOnlyAdmin, ReadOnlyInline
from elections.models import (
    Candidate,
    CandidateVotes,
    Contest,
    District,
    DistrictResult,
    Election,
    ElectionRules,
    IdExport,
    Nomination,
    Objection,
    Office,
    Proxy,
    Round,
    RoundTally,
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
    # The ID number is shown masked and the birth date by year and month (PersonalDataMixin).
    list_display = ("name", "id_number", "gender", "birth_date", "district", "on_roll")
    list_filter = ("election", "on_roll", "gender")
    search_fields = ("name",)
    list_select_related = ("district",)


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


@admin.register(ElectionRules)
class ElectionRulesAdmin(ReadOnlyAdmin):
    list_display = ("session", "adopted_on", "ballot_order")
    list_select_related = ("session__term",)


class NominationInline(ReadOnlyInline):
    model = Nomination
    fields = ("name", "source", "sponsor_count", "nominated_on", "withdrawn", "position")


@admin.register(Contest)
class ContestAdmin(ReadOnlyAdmin):
    list_display = ("session", "post", "kind", "seats", "margin", "nominations_closed_on")
    list_filter = ("post", "kind")
    list_select_related = ("session__term",)
    inlines = (NominationInline,)


@admin.register(Nomination)
class NominationAdmin(ReadOnlyAdmin):
    list_display = ("name", "contest", "source", "sponsor_count", "withdrawn", "position")
    list_filter = ("source", "withdrawn", "contest__post")
    search_fields = ("name",)
    list_select_related = ("contest__session__term",)
    exclude = ("stroke_key",)


class RoundTallyInline(ReadOnlyInline):
    model = RoundTally
    fields = ("nomination", "write_in", "votes_for", "votes_against", "votes_abstain")
    show_change_link = False


@admin.register(Round)
class RoundAdmin(ReadOnlyAdmin):
    """The votes: recorded through the congress election pages, results computed from them."""

    list_display = (
        "contest",
        "number",
        "kind",
        "held_on",
        "held_time",
        "deputies_total",
        "ballots_issued",
        "ballots_returned",
    )
    list_filter = ("kind", "contest__post")
    list_select_related = ("contest__session__term",)
    inlines = (RoundTallyInline,)


@admin.register(RoundTally)
class RoundTallyAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "round", "votes_for", "votes_against", "votes_abstain")
    list_select_related = ("round__contest__session__term", "nomination")


@admin.register(Office)
class OfficeAdmin(ReadOnlyAdmin):
    list_display = ("name", "post", "term", "start_date", "end_date", "end_reason")
    list_filter = ("post", "end_reason", "term")
    search_fields = ("name",)
    list_select_related = ("term",)
