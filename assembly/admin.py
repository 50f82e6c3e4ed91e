"""Back office for sessions' agendas: viewed only. Items, documents and votes are written by
the agenda pages through assembly.services, which compute each outcome from the counts; a vote
is never rewritten here."""

from django.contrib import admin

from assembly.models import AgendaDocument, AgendaItem, Vote, VoteCast
from congress.admin import ReadOnlyAdmin


@admin.register(AgendaItem)
class AgendaItemAdmin(ReadOnlyAdmin):
    list_display = ("title", "session", "position", "kind", "outcome")
    list_filter = ("kind", "outcome")
    list_select_related = ("session__term",)
    search_fields = ("title", "person_name")


@admin.register(AgendaDocument)
class AgendaDocumentAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "item", "uploaded_at")
    list_select_related = ("item",)


@admin.register(Vote)
class VoteAdmin(ReadOnlyAdmin):
    list_display = ("item", "total", "present", "yes", "no", "abstain", "not_voting", "adopted")
    list_select_related = ("item",)


@admin.register(VoteCast)
class VoteCastAdmin(ReadOnlyAdmin):
    list_display = ("vote", "deputy", "choice")
    list_select_related = ("vote__item", "deputy")
