"""Downloads of an item's attachments and signed reply letters.

Whoever may open the item's page (proposals_visible_to: the secretary and the presidium, the
lead deputy and co-signers, officers of units it is assigned to) may open its files; anyone
else gets a 404, as for the page. The public page of published items shows no files: it masks
phone numbers, which a deputy's papers and a signed letter carry."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404

from congress.files import file_response
from proposals import selectors
from proposals.models import Attachment, Reply


def _visible_items(user):
    return selectors.proposals_visible_to(user).values("pk")


@login_required
def attachment_download(request, pk):
    attachment = get_object_or_404(
        Attachment.objects.filter(proposal__in=_visible_items(request.user)), pk=pk
    )
    return file_response(request, attachment.file, attachment.download_name)


@login_required
def reply_letter(request, pk):
    reply = get_object_or_404(
        Reply.objects.filter(proposal__in=_visible_items(request.user)).exclude(attachment=""),
        pk=pk,
    )
    return file_response(request, reply.attachment, reply.attachment_download_name)
