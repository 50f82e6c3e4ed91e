"""With DEBUG off the web server refuses to start without collected static files, in Chinese,
instead of answering every page with HTTP 500."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

from congress.startup import require_collected_static

MANIFEST = {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}


@pytest.fixture
def production_static(settings, tmp_path):
    settings.DEBUG = False
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {**settings.STORAGES, "staticfiles": MANIFEST}
    return settings


def test_refuses_to_start_without_collected_static(production_static):
    with pytest.raises(ImproperlyConfigured, match="collectstatic") as refused:
        require_collected_static()
    assert "静态文件" in str(refused.value)


def test_starts_once_collected(production_static):
    call_command("collectstatic", "--noinput", verbosity=0)
    require_collected_static()


def test_wsgi_module_runs_the_check(production_static):
    import importlib
    import sys

    sys.modules.pop("congress.wsgi", None)
    with pytest.raises(ImproperlyConfigured):
        importlib.import_module("congress.wsgi")
    sys.modules.pop("congress.wsgi", None)
