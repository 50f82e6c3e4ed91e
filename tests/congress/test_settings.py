"""Settings come from the environment; production refuses to start without a real key."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args, **env):
    environment = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_locale_and_time_zone():
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert settings.TIME_ZONE == "Asia/Shanghai"
    assert settings.USE_TZ is True


def test_production_without_secret_key_refuses_to_start():
    result = run_manage("check", DEBUG="False", ALLOWED_HOSTS="portal.example.org")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
    assert "ImproperlyConfigured" in result.stderr


def test_production_with_a_short_key_refuses_to_start():
    result = run_manage("check", DEBUG="False", SECRET_KEY="too-short")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_check_deploy_is_clean_with_production_settings():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="False",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="portal.example.org",
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_laptop_defaults_use_sqlite_in_the_project_folder():
    result = run_manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; d = settings.DATABASES['default'];"
        "print(d['ENGINE'], d['NAME'], settings.DEBUG)",
    )
    assert result.returncode == 0, result.stderr
    engine, name, debug = result.stdout.split()
    assert engine == "django.db.backends.sqlite3"
    assert Path(name) == ROOT / "db.sqlite3"
    assert debug == "True"


def test_database_url_selects_postgresql():
    result = run_manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; d = settings.DATABASES['default'];"
        "print(d['ENGINE'], d['NAME'], d['HOST'])",
        DATABASE_URL="postgres://portal@db.internal:5432/portal",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.db.backends.postgresql", "portal", "db.internal"]


def test_the_suite_runs_on_the_database_ci_asks_for():
    """CI sets DATABASE_URL to PostgreSQL; a silent fall-back to SQLite would hide its bugs."""
    from django.db import connection

    url = os.environ.get("DATABASE_URL", "sqlite://")
    expected = "postgresql" if url.startswith(("postgres://", "postgresql://")) else "sqlite"
    assert connection.vendor == expected


def test_login_lockout_and_idle_time_defaults():
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_COOLOFF_TIME.total_seconds() == 30 * 60
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]  # the two together
    assert settings.LOGIN_ADDRESS_USERNAME_LIMIT == 10
    assert settings.LOGIN_ADDRESS_LOCKOUT_MINUTES == 120
    assert settings.SESSION_COOKIE_AGE == 480 * 60  # a working day
    assert settings.CLIENT_IP_HEADER == "REMOTE_ADDR"
    assert settings.ONE_TIME_PASSWORD_HOURS == 72


def test_login_lockout_and_idle_time_come_from_the_environment():
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings as s; print(s.AXES_FAILURE_LIMIT, "
        "int(s.AXES_COOLOFF_TIME.total_seconds()), s.SESSION_COOKIE_AGE, s.CLIENT_IP_HEADER, "
        "s.ONE_TIME_PASSWORD_HOURS, s.LOGIN_ADDRESS_USERNAME_LIMIT, "
        "s.LOGIN_ADDRESS_LOCKOUT_MINUTES)",
        LOGIN_FAILURE_LIMIT="7",
        LOGIN_LOCKOUT_MINUTES="15",
        SESSION_IDLE_MINUTES="60",
        CLIENT_IP_HEADER="HTTP_X_REAL_IP",
        ONE_TIME_PASSWORD_HOURS="24",
        LOGIN_ADDRESS_USERNAME_LIMIT="20",
        LOGIN_ADDRESS_LOCKOUT_MINUTES="60",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-7:] == ["7", "900", "3600", "HTTP_X_REAL_IP", "24", "20", "60"]
