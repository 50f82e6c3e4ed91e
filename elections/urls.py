from django.urls import path

from elections.views import candidates, congress, documents, elections, results, rolls

urlpatterns = [
    path("elections/", elections.election_list, name="election_list"),
    path("elections/new/", elections.election_create, name="election_create"),
    path("elections/<int:pk>/", elections.election_detail, name="election_detail"),
    path("elections/<int:pk>/edit/", elections.election_edit, name="election_edit"),
    path("elections/<int:pk>/districts/new/", elections.district_create, name="district_create"),
    path("districts/<int:pk>/edit/", elections.district_edit, name="district_edit"),
    # Voter rolls
    path("districts/<int:pk>/voters/", rolls.voter_list, name="voter_list"),
    path("districts/<int:pk>/voters/new/", rolls.voter_add, name="voter_add"),
    path("voters/<int:pk>/", rolls.voter_detail, name="voter_detail"),
    path("voters/<int:pk>/change/", rolls.voter_change, name="voter_change"),
    path("elections/<int:pk>/voters/import/", rolls.voter_import, name="voter_import"),
    path("elections/<int:pk>/objections/", rolls.objection_list, name="objection_list"),
    path("elections/<int:pk>/objections/new/", rolls.objection_create, name="objection_create"),
    path("objections/<int:pk>/decide/", rolls.objection_decide, name="objection_decide"),
    path("elections/<int:pk>/proxies/", rolls.proxy_list, name="proxy_list"),
    path("elections/<int:pk>/proxies/new/", rolls.proxy_create, name="proxy_create"),
    # Candidates
    path("districts/<int:pk>/candidates/", candidates.candidate_list, name="candidate_list"),
    path(
        "districts/<int:pk>/candidates/new/", candidates.candidate_create, name="candidate_create"
    ),
    path("candidates/<int:pk>/edit/", candidates.candidate_edit, name="candidate_edit"),
    path(
        "districts/<int:pk>/candidates/publish/",
        candidates.candidates_publish,
        name="candidates_publish",
    ),
    # Results
    path("districts/<int:pk>/results/<int:round>/", results.result_entry, name="result_entry"),
    path("elections/<int:pk>/confirm/", results.results_confirm, name="results_confirm"),
    # Published documents
    path(
        "elections/<int:pk>/documents/<slug:document>/",
        documents.document_start,
        name="election_document",
    ),
    path(
        "districts/<int:pk>/documents/<slug:document>/",
        documents.document_start,
        {"per_district": True},
        name="district_document",
    ),
    path("districts/<int:pk>/roll.xlsx", documents.roll_xlsx, name="roll_xlsx"),
    path("elections/<int:pk>/id-exports/", documents.id_export_log, name="id_export_log"),
    # Elections held by the township congress at its sessions (issue 15)
    path("sessions/<int:pk>/elections/", congress.congress_elections, name="congress_elections"),
    path(
        "sessions/<int:pk>/elections/rules/",
        congress.congress_election_rules,
        name="congress_election_rules",
    ),
    path(
        "sessions/<int:pk>/elections/announcement.pdf",
        congress.congress_announcement,
        name="congress_announcement",
    ),
    path("congress-elections/<int:pk>/", congress.contest_detail, name="contest_detail"),
    path(
        "congress-elections/<int:pk>/nominate/",
        congress.nomination_create,
        name="nomination_create",
    ),
    path(
        "congress-elections/<int:pk>/close/",
        congress.nominations_close,
        name="nominations_close",
    ),
    path("congress-elections/<int:pk>/votes/new/", congress.round_create, name="round_create"),
    path(
        "congress-elections/<int:pk>/further/",
        congress.further_election_open,
        name="further_election_open",
    ),
    path("congress-elections/<int:pk>/ballot.pdf", congress.contest_ballot, name="contest_ballot"),
    path(
        "congress-nominations/<int:pk>/withdraw/",
        congress.nomination_withdraw,
        name="nomination_withdraw",
    ),
    path("congress-votes/<int:pk>/tally.pdf", congress.round_tally, name="round_tally"),
    path("leaders/", congress.leaders, name="leaders"),
    path("offices/<int:pk>/end/", congress.office_end, name="office_end"),
]
