"""Settings, read from the environment (django-environ).

The defaults serve a laptop: DEBUG on, SQLite in the project folder. Production sets
DEBUG=False, SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL=postgres://...; see README.md.
"""

from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=True)

# Only a laptop may run on this key; production must bring its own.
DEV_SECRET_KEY = "django-insecure-development-only-key-do-not-use-in-production"
SECRET_KEY = env.str("SECRET_KEY", default=DEV_SECRET_KEY)
if not DEBUG and (SECRET_KEY == DEV_SECRET_KEY or len(SECRET_KEY) < 50):
    raise ImproperlyConfigured(
        "DEBUG is off but SECRET_KEY is missing, the development key, or shorter than 50 "
        "characters. Set SECRET_KEY in the environment to a long random value, e.g. the output "
        "of: python -c 'import secrets; print(secrets.token_urlsafe(64))'"
    )

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # Django's own form templates, reachable beside the portal's overrides (FORM_RENDERER).
    "django.forms",
    "import_export",
    "django_tasks",
    "django_tasks_db",
    "auditlog",
    "axes",
    "csp",
    "congress",
    "deputies",
    "proposals",
    "elections",
    "assembly",
    "intake",
    "oversight",
    "reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "congress.middleware.IdleSessionMiddleware",
    # The audit trail records the signed-in user as the actor of every change.
    "auditlog.middleware.AuditlogMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "congress.middleware.PrivatePagesMiddleware",
    "congress.middleware.PasswordChangeRequiredMiddleware",
    "congress.middleware.BusyDatabaseMiddleware",
    "congress.middleware.BadInputMiddleware",
    # Last, as django-axes asks: it turns a login refused for too many failures into its page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "congress.urls"
# Form widgets render through the template engine, so templates/django/forms/ overrides them
# (a Chinese empty choice, Chinese file inputs) everywhere, the back office included.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
WSGI_APPLICATION = "congress.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "congress.context_processors.portal",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The laptop setup runs the web server and the job worker on one SQLite file: readers go on
    # while the worker writes (WAL), and a writer waits for the other instead of failing.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        timeout=30,
        transaction_mode="IMMEDIATE",
        init_command="PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# App servers keep no state of their own: sessions live in the database; production may point
# CACHE_URL at Redis or a database cache shared by every server.
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}

AUTH_USER_MODEL = "congress.User"
# The lockout check comes first: a locked-out user is refused even with the right password.
AUTHENTICATION_BACKENDS = [
    "congress.accounts.LoginBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "congress.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Logins (django-axes) pause the attacker, not the owner: LOGIN_FAILURE_LIMIT failures for one
# user name from one address within LOGIN_LOCKOUT_MINUTES pause that user name at that address
# only (its owner logs in elsewhere, colleagues behind the same address log in). An address that
# fails on LOGIN_ADDRESS_USERNAME_LIMIT different user names within
# LOGIN_ADDRESS_LOCKOUT_MINUTES, someone trying names, is paused for every name until fewer lie
# within that time (congress.accounts.LoginAttempts). Tries refused during a pause are not
# counted, so an owner or an office trying again does not prolong it. A one-time password lifts
# its user name's pauses; an administrator lifts any by deleting its attempts in the back office.
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_LOCKOUT_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]  # the two together
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_HANDLER = "congress.accounts.LoginAttempts"
LOGIN_ADDRESS_USERNAME_LIMIT = env.int("LOGIN_ADDRESS_USERNAME_LIMIT", default=10)
LOGIN_ADDRESS_LOCKOUT_MINUTES = env.int("LOGIN_ADDRESS_LOCKOUT_MINUTES", default=120)
AXES_LOCKOUT_CALLABLE = "congress.account_views.locked_out"
AXES_USERNAME_CALLABLE = "congress.accounts.attempted_username"
AXES_VERBOSE = False  # no banner on every manage.py command
# The client's address: REMOTE_ADDR, or behind a reverse proxy the header it sets, e.g.
# HTTP_X_REAL_IP (nginx: proxy_set_header X-Real-IP $remote_addr) or HTTP_X_FORWARDED_FOR (the
# address the nearest proxy appended is used). Only name a header the proxy always overwrites.
CLIENT_IP_HEADER = env.str("CLIENT_IP_HEADER", default="REMOTE_ADDR")
AXES_CLIENT_IP_CALLABLE = "congress.accounts.client_ip"
# A one-time password (congress.accounts) works this long; after that it opens nothing, not
# even the password change, and the user asks for a new one.
ONE_TIME_PASSWORD_HOURS = env.int("ONE_TIME_PASSWORD_HOURS", default=72)

# A session ends after this much idle time, by default a working day: a request moves its
# expiry on, saving the session at most once a minute (congress.middleware.IdleSessionMiddleware).
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_MINUTES", default=480) * 60
SESSION_REFRESH_SECONDS = 60

# Content-Security-Policy (django-csp): scripts, styles, images and fonts only from the portal
# itself; no inline script or style (the pages keep theirs in static/), no plugins, no framing.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
# Pages show dates through |date and Django's named formats; congress/formats corrects the one
# zh_Hans format official text writes otherwise (12月7日, not 12月07日).
FORMAT_MODULE_PATH = ["congress.formats"]
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
# Third-party front-end files come from npm (package-lock.json) and are served by the app.
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
    ("vendor/lucide", BASE_DIR / "node_modules" / "lucide-static" / "icons"),
]
# On a laptop WhiteNoise serves straight from the source folders; production runs collectstatic.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Uploaded files are handed out only by views that check the object's permission (congress/files.py);
# MEDIA_ROOT is never served directly. A large deployment may let the reverse proxy send the
# bytes: FILES_SENDFILE_HEADER "X-Accel-Redirect" (nginx, with FILES_SENDFILE_PREFIX the internal
# location mapped to MEDIA_ROOT) or "X-Sendfile" (Apache, full paths).
FILES_SENDFILE_HEADER = env.str("FILES_SENDFILE_HEADER", default="")
FILES_SENDFILE_PREFIX = env.str("FILES_SENDFILE_PREFIX", default="/protected-media/")
# A checked spreadsheet waits this long for its confirmation; purge_uploads removes it after.
IMPORT_UPLOAD_HOURS = env.int("IMPORT_UPLOAD_HOURS", default=24)
# A spreadsheet of more rows is imported by a background job, not within the upload's request.
IMPORT_JOB_ROWS = env.int("IMPORT_JOB_ROWS", default=2000)

# Long work runs as jobs on the database task backend; `manage.py db_worker` runs them (make run
# starts one beside the web server). Any app server can enqueue and report progress.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# A running job silent this long (its worker died) is marked failed and its upload removed.
JOB_STALE_MINUTES = env.int("JOB_STALE_MINUTES", default=10)

EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="portal@localhost")

# Transport security. On by default once DEBUG is off; an intranet without TLS can switch
# the redirect and secure cookies off explicitly (and check --deploy will say so).
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
if env.bool("BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # WeasyPrint logs every layout step at INFO; only its warnings matter to operators.
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# Handling of motions and suggestions (domain.md §3). The Deputy Law sets three months, six for
# broad or difficult items; the rest follows local rules, so each is a setting.
PROPOSAL_REPLY_MONTHS = env.int("PROPOSAL_REPLY_MONTHS", default=3)
PROPOSAL_BROAD_REPLY_MONTHS = env.int("PROPOSAL_BROAD_REPLY_MONTHS", default=6)
PROPOSAL_REHANDLING_MONTHS = env.int("PROPOSAL_REHANDLING_MONTHS", default=1)
PROPOSAL_CO_OPINION_MONTHS = env.int("PROPOSAL_CO_OPINION_MONTHS", default=1)
PROPOSAL_RETURN_WORKING_DAYS = env.int("PROPOSAL_RETURN_WORKING_DAYS", default=7)
PROPOSAL_EVALUATION_DAYS = env.int("PROPOSAL_EVALUATION_DAYS", default=30)
PROPOSAL_DUE_SOON_DAYS = env.int("PROPOSAL_DUE_SOON_DAYS", default=14)

# Elections (domain.md §4): the formal candidate list is published this many days before
# election day. The Election Law's current text says 7; older local rules said 5.
ELECTION_FORMAL_LIST_DAYS = env.int("ELECTION_FORMAL_LIST_DAYS", default=7)

# PDF documents (congress/pdf.py): font families WeasyPrint uses, found through fontconfig.
# Debian: fonts-noto-cjk (Noto Serif/Sans CJK SC) and fonts-arphic-ukai (AR PL UKai CN).
PDF_FONT_SERIF = env.str("PDF_FONT_SERIF", default="Noto Serif CJK SC")
PDF_FONT_SANS = env.str("PDF_FONT_SANS", default="Noto Sans CJK SC")
PDF_FONT_KAI = env.str("PDF_FONT_KAI", default="AR PL UKai CN")

# Voters' opinions through a deputy's or a station's code (intake): an opinion unanswered this
# many days reminds its owner; name, phone and photo are removed this many years after it was
# handled (PIPL: kept no longer than needed); submissions per client address and per code in
# the window, and failed tracking look-ups per address; the address the QR codes hold (behind
# a proxy, the public one; empty: the address of the request that made the code).
INTAKE_ANSWER_DAYS = env.int("INTAKE_ANSWER_DAYS", default=7)
INTAKE_RETENTION_YEARS = env.int("INTAKE_RETENTION_YEARS", default=3)
INTAKE_LIMIT_PER_ADDRESS = env.int("INTAKE_LIMIT_PER_ADDRESS", default=5)
INTAKE_LIMIT_PER_CODE = env.int("INTAKE_LIMIT_PER_CODE", default=30)
INTAKE_LIMIT_MINUTES = env.int("INTAKE_LIMIT_MINUTES", default=60)
INTAKE_LOOKUP_LIMIT = env.int("INTAKE_LOOKUP_LIMIT", default=20)
INTAKE_BASE_URL = env.str("INTAKE_BASE_URL", default="")

# Evaluations of township offices (oversight): an office below this satisfaction rate (or share
# of the questionnaire's full score) is rated unsatisfactory.
OVERSIGHT_EVALUATION_PASS_RATE = env.int("OVERSIGHT_EVALUATION_PASS_RATE", default=60)
