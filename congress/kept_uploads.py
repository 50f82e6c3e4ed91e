"""Files attached to a refused form are kept for its retry (issue 27, "nothing is lost").

When a form with a file field is refused (a field's error, or a service's refusal after the
form was valid), each file that passed its own checks is stored under kept/ in the media
storage (never served: MEDIA_ROOT is not reachable by URL) the moment the form is drawn again.
The field then says which file it holds and carries a signed token naming it; the token is
bound to the browser's session (and its user) and to the field, so it fetches no one else's
file. The retry uses the kept file unless a new one is chosen. A file refused by its own checks
is not kept, and its error says so. Kept files never used are removed after KEPT_HOURS by the
daily purge (congress.jobs.import_uploads_purge_daily) or `manage.py purge_uploads`.

A form takes part by mixing in KeepUploadsMixin and being built with `uploader=request`.
"""

import secrets

from django.core import signing
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db.models.fields.files import FieldFile
from django.utils.datastructures import MultiValueDict
from django.utils.html import format_html
from django.utils.translation import gettext as _

from congress.uploads import original_name, random_upload_to

KEPT_FOLDER = "kept"
KEPT_HOURS = 24
TOKEN_SUFFIX = "__kept"
_SALT = "congress.kept_uploads"
_SESSION_KEY = "kept_uploads_owner"
_kept_name = random_upload_to(KEPT_FOLDER)


def _owner(request):
    """Who may use a token: this browser session (a random id kept in it, so an anonymous
    voter has one too) and, when signed in, this user."""
    session_id = request.session.get(_SESSION_KEY)
    if session_id is None:
        session_id = request.session[_SESSION_KEY] = secrets.token_hex(16)
    user = getattr(request, "user", None)
    return f"{user.pk if user is not None and user.is_authenticated else ''}:{session_id}"


def _keep(upload):
    """Store `upload` under kept/; returns [stored path, the user's file name]."""
    name = original_name(upload)
    upload.seek(0)
    path = default_storage.save(_kept_name(None, name), upload)
    upload.seek(0)
    return [path, name]


def _token(kept, *, owner, field):
    return signing.dumps({"o": owner, "f": field, "k": kept}, salt=_SALT, compress=True)


def _kept_from(token, *, owner, field):
    """The [path, name] pairs `token` names, or None when it is not this session's token for
    this field, was altered, has expired, or its files are gone."""
    try:
        payload = signing.loads(token, salt=_SALT, max_age=KEPT_HOURS * 3600)
        kept = payload["k"]
        if payload["o"] != owner or payload["f"] != field or not kept:
            return None
        paths = [path for path, _name in kept]
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    if not all(
        isinstance(p, str) and p.startswith(KEPT_FOLDER + "/") and default_storage.exists(p)
        for p in paths
    ):
        return None
    return kept


def _reopen(path, name):
    return UploadedFile(default_storage.open(path), name=name, size=default_storage.size(path))


def _as_list(value):
    values = value if isinstance(value, (list, tuple)) else [value]
    # A record's own stored file (an edit form's initial value) is not an upload to keep.
    return [v for v in values if isinstance(v, File) and not isinstance(v, FieldFile)]


class KeepUploadsMixin:
    """For a form with file fields (see the module's docstring)."""

    def __init__(self, *args, uploader=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._uploader = uploader
        self._kept = {}  # field name -> (token, names) of the files it holds
        self._bad_tokens = set()
        if uploader is None or not self.is_bound:
            return
        for name in self._file_fields():
            key = self.add_prefix(name)
            token = self.data.get(key + TOKEN_SUFFIX)
            if not token or self.files.get(key):
                continue  # nothing kept, or a new file chosen instead
            kept = _kept_from(token, owner=_owner(uploader), field=key)
            if kept is None:
                self._bad_tokens.add(name)
                continue
            self._use_files(key, [_reopen(path, file_name) for path, file_name in kept])
            self._kept[name] = (token, [file_name for _path, file_name in kept])

    def _file_fields(self):
        return [name for name, field in self.fields.items() if field.widget.needs_multipart_form]

    def _use_files(self, key, uploads):
        if isinstance(self.files, MultiValueDict):
            files = self.files.copy()
        else:
            files = MultiValueDict({k: [v] for k, v in self.files.items()})
        files.setlist(key, uploads)
        self.files = files

    def full_clean(self):
        super().full_clean()
        if self._uploader is None or not self.is_bound:
            return
        for name in self._file_fields():
            if name in self._bad_tokens:
                self._errors.pop(name, None)  # "required" says less than why
                self.add_error(
                    name,
                    _(
                        "The file kept from your earlier sending cannot be used: it belongs to "
                        "another session, has expired or was altered. Please choose the file "
                        "again."
                    ),
                )
            elif name in self._errors and name not in self._kept:
                if self.files.get(self.add_prefix(name)):
                    self.add_error(
                        name,
                        _("This file was not kept: choose a file that meets the requirements."),
                    )
            widget = self.fields[name].widget
            if not isinstance(widget.render, _KeptRender):
                widget.render = _KeptRender(self, name, widget.render)

    def kept_files(self, name):
        """(token, file names) of the files field `name` holds for the retry, keeping the new
        ones now; None when it holds none."""
        if name not in self._kept:
            uploads = [] if name in self._errors else _as_list(self.cleaned_data.get(name))
            if not uploads:
                return None
            key = self.add_prefix(name)
            kept = [_keep(upload) for upload in uploads]
            token = _token(kept, owner=_owner(self._uploader), field=key)
            self._kept[name] = (token, [file_name for _path, file_name in kept])
        return self._kept[name]


class _KeptRender:
    """A file widget's render, followed by the kept file's note and token. Only a refused form
    is drawn again after being sent, so drawing it is when its files are kept."""

    def __init__(self, form, name, render):
        self.form, self.name, self.render = form, name, render

    def __call__(self, name, value, attrs=None, renderer=None):
        kept = self.form.kept_files(self.name)
        if kept is None:
            return self.render(name, value, attrs=attrs, renderer=renderer)
        token, names = kept
        # The kept file stands in for the choice: the browser must not insist on a new one.
        attrs = {k: v for k, v in (attrs or {}).items() if k != "required"}
        note_id = f"{attrs.get('id') or name}-kept"
        attrs["aria-describedby"] = " ".join(filter(None, [attrs.get("aria-describedby"), note_id]))
        return format_html(
            '{}<p class="kept-upload" id="{}">{}</p><input type="hidden" name="{}" value="{}">',
            self.render(name, value, attrs=attrs, renderer=renderer),
            note_id,
            _(
                "Uploaded: %(names)s (no need to choose it again; to replace it, choose another "
                "file)"
            )
            % {"names": "、".join(names)},
            name + TOKEN_SUFFIX,
            token,
        )
