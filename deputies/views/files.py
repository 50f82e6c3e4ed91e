"""Downloads of activity files and deputies' photos, each for whoever may open the page that
shows it: an activity's files with the activity's page (deputies.view_activity); a photo with
the roster profile (deputies.view_deputy), or on the public directory for the deputies it lists."""

import os

from django.shortcuts import get_object_or_404

from congress.files import file_response
from congress.views import page_permission
from deputies import selectors
from deputies.models import ActivityAttachment, Deputy


@page_permission("deputies.view_activity")
def activity_file(request, pk):
    attachment = get_object_or_404(ActivityAttachment, pk=pk)
    return file_response(request, attachment.file, attachment.download_name)


def deputy_photo(request, pk):
    if request.user.has_perm("deputies.view_deputy"):
        deputies = Deputy.objects.all()
    else:
        deputies = selectors.public_deputies()
    deputy = get_object_or_404(deputies.exclude(photo=""), pk=pk)
    extension = os.path.splitext(deputy.photo.name)[1]
    return file_response(request, deputy.photo, f"{deputy.name}{extension}", inline=True)
