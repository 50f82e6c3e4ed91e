"""Form fields shared by the proposals forms."""

from django import forms
from django.utils.translation import gettext_lazy as _

from congress.uploads import check_attachment

MAX_ATTACHMENT_MB = 20


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one <input multiple>; each checked for size and content."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else [data] if data else []
        cleaned = [super(MultipleFileField, self).clean(f, initial) for f in files]
        for upload in cleaned:
            if upload.size > MAX_ATTACHMENT_MB * 1024 * 1024:
                raise forms.ValidationError(
                    _("“%(name)s” is larger than %(size)s MB.")
                    % {"name": upload.name, "size": MAX_ATTACHMENT_MB}
                )
            check_attachment(upload)
        return cleaned
