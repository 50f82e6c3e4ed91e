"""Checks the web server makes before it serves a page.

With DEBUG off the static files come from the manifest `collectstatic` writes; without it every
page that names a static file fails. Refusing to start says what to do instead of serving 500s."""

from django.conf import settings
from django.contrib.staticfiles.storage import ManifestFilesMixin
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import storages
from django.utils import translation
from django.utils.translation import gettext as _


def require_collected_static():
    storage = storages["staticfiles"]
    if settings.DEBUG or not isinstance(storage, ManifestFilesMixin) or storage.hashed_files:
        return
    with translation.override(settings.LANGUAGE_CODE):
        raise ImproperlyConfigured(
            _(
                "The static files are not collected (no manifest in %(root)s). Run "
                "`python manage.py collectstatic --noinput` before starting the web server."
            )
            % {"root": settings.STATIC_ROOT}
        )
