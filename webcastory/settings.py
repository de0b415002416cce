"""Webcastory settings, read from the environment.

Defaults serve a developer on SQLite; production (``DJANGO_DEBUG=false``)
refuses to start without a real secret key. Every variable is listed in the
README.
"""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from core.release import release_id

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEVELOPMENT_SECRET_KEY = "django-insecure-webcastory-development-only"  # noqa: S105

DEBUG = env.bool("DJANGO_DEBUG", default=True)
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default=DEVELOPMENT_SECRET_KEY)
if not DEBUG and (SECRET_KEY == DEVELOPMENT_SECRET_KEY or len(SECRET_KEY) < 50):
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY must be set to a random value of 50 characters or more "
        "when DJANGO_DEBUG is off."
    )

ALLOWED_HOSTS = env.list(
    "DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]", "testserver"]
)
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
# `make run` tells the address it serves on (RUN_SITE_URL), so that links in mails,
# feeds and calendars follow its port; SITE_URL, when set, wins.
SITE_URL = env.str("SITE_URL", default=env.str("RUN_SITE_URL", default="http://127.0.0.1:8000"))

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "allauth",
    "allauth.account",
    "crispy_forms",
    "crispy_bootstrap5",
    "bootstrap",
    "django_filters",
    "rules.apps.AutodiscoverRulesConfig",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "core",
    "accounts",
    "notifications",
    "topics",
    "comments",
    "sponsorship",
    "episodes",
    "api",
    "webhooks",
    "webcastory",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "core.requestscope.RequestScope",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "core.csp.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.PreferredLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "core.versions.RequestVersions",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "webcastory.urls"
WSGI_APPLICATION = "webcastory.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "webcastory.context_processors.site",
            ],
        },
    },
]

# Database: SQLite file in the project unless DATABASE_URL says otherwise.
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not memory, for the test database: the browser tests' live server
    # then opens its own connections instead of sharing the test thread's.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / ".test-db.sqlite3")}
    # `make run` writes from two processes (the dev server and the task worker):
    # readers never wait on the writer (WAL), a writer takes its lock when its
    # transaction starts rather than failing halfway, and waits its turn.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
if DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


def _cache_from_env() -> dict:
    url = env.str("CACHE_URL", default="locmemcache://webcastory")
    if url.startswith(("redis://", "rediss://")):
        # django-redis, with a backoff while Redis is down (core/cache.py).
        return {"BACKEND": "core.cache.WebcastoryRedisCache", "LOCATION": url}
    return env.cache_url_config(url)


# Every cached page and fragment's key starts with the release (core/release.py):
# a deploy never serves markup cached by the code before it. Versions and rate-limit
# counters are shared by every release, so a write on a new server retires the old
# servers' entries too during a rolling deploy.
RELEASE = release_id(BASE_DIR)
CACHES = {
    "default": _cache_from_env(),
    # Each worker's own memory for entries whose key carries a version read
    # from the default cache (core/versions.py), so they can never be
    # stale; entries too large for it go to the default cache.
    "local": {
        "BACKEND": "core.cache.LocalFirstCache",
        "LOCATION": "webcastory-local",
        "KEY_PREFIX": f"wc-{RELEASE}",
        "TIMEOUT": 600,
        "OPTIONS": {
            "MAX_ENTRIES": env.int("LOCAL_CACHE_ENTRIES", default=200),
            "MAX_VALUE_BYTES": env.int("LOCAL_CACHE_MAX_VALUE_BYTES", default=512 * 1024),
        },
    },
}
# Sessions live in the database only: a cached copy outlived a log-out made while
# the cache was unreachable (the cache's delete was lost), and came back with it.
SESSION_ENGINE = "django.contrib.sessions.backends.db"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# django-allauth 65.x
SITE_ID = 1
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupExtraForm"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = env.str(
    "ACCOUNT_EMAIL_VERIFICATION", default="optional" if DEBUG else "mandatory"
)
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Webcastory] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG else "https"
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/300s/key",
    "signup": "10/m/ip",
    "reset_password": "10/m/ip,3/m/key",
}
# Members' own frequent actions, counted per member (core.ratelimit).
MEMBER_RATE_LIMITS = {
    "comment": env.str("COMMENT_RATE_LIMIT", default="6/m,60/h"),
    "comment_report": "5/h",
    # Each of these tells the topic's team (or would, for follows, toggled in a loop).
    "feedback": "3/m,20/h",
    "participation": "4/m,20/h",  # requests to take part and their withdrawals
    "sponsor_interest": "4/m,20/h",
    "follow": "10/m,60/h",
    # A click on a topic's share address counts once per client and topic an hour.
    "share_click": "1/h",
    # API tokens made from My space (api.pages).
    "api_token": "10/h",
}

# Email: console in development, any backend through EMAIL_URL.
_email = env.email_url("EMAIL_URL", default="consolemail://")
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
for _key in ("EMAIL_HOST", "EMAIL_PORT", "EMAIL_HOST_USER", "EMAIL_HOST_PASSWORD"):
    if _email.get(_key):
        globals()[_key] = _email[_key]
EMAIL_USE_TLS = _email.get("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = _email.get("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = 10
# The member's topic page shares one rendering among members without a role on the
# topic, filling in only their own blocks (topics/personal.py); off renders each
# page whole (slower: see docs/performance.md, "The member's topic page").
PERSONAL_SHELL = env.bool("PERSONAL_SHELL", default=True)
# Background work (mails, digests, notices) runs on Django's tasks API
# (django-tasks, the backport of Django 6's). "database" (default) stores tasks in
# the database for `make worker` (`make run` starts one beside the dev server);
# "immediate" runs each task in the process that enqueues it, once the
# transaction commits (the tests, or a site with no worker at all).
TASKS_BACKEND = env.str("TASKS_BACKEND", default="database")
TASKS = {
    "default": {
        "BACKEND": {
            "database": "django_tasks_db.DatabaseBackend",
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
        }[TASKS_BACKEND],
        "QUEUES": ["default"],
    }
}
# A mail a worker claimed but never marked sent (the worker died) is sent again
# after this many seconds: the one mail in flight may then go twice.
NOTIFICATION_MAIL_CLAIM_TIMEOUT = env.int("NOTIFICATION_MAIL_CLAIM_TIMEOUT", default=15 * 60)
# Digests go at this hour (TIME_ZONE) every day, and on Mondays for the weekly one.
NOTIFICATION_DIGEST_HOUR = env.int("NOTIFICATION_DIGEST_HOUR", default=7)
# At most one mail per member, topic and kind of notification (new comment,
# feedback, request to take part…) in this many seconds; the notifications in
# between are on the site only (0: a mail for every one). COMMENT_MAIL_INTERVAL
# is its former name, when it only held "new comment" mails.
NOTIFICATION_MAIL_INTERVAL = env.int(
    "NOTIFICATION_MAIL_INTERVAL", default=env.int("COMMENT_MAIL_INTERVAL", default=15 * 60)
)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Webcastory <noreply@webcastory.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The address the Contact, Privacy and Legal notice pages give for questions and requests.
CONTACT_EMAIL = env.str("CONTACT_EMAIL", default="contact@webcastory.local")

# Internationalisation
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env.str("DJANGO_TIME_ZONE", default="Europe/Paris")
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_HTTPONLY = True

# Static and media files
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env.str("DJANGO_MEDIA_ROOT", default=str(BASE_DIR / "media")))
# In production a web server or object storage serves media; see README.
SERVE_MEDIA = env.bool("DJANGO_SERVE_MEDIA", default=DEBUG)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 6 * 1024 * 1024
IMAGE_UPLOAD_MAX_BYTES = 5 * 1024 * 1024
# Bounds on decoding memory (core/images.py): PNG and WebP are decoded whole,
# a JPEG at the reduced scale the stored copy needs.
IMAGE_UPLOAD_MAX_PIXELS = 16_000_000
IMAGE_UPLOAD_MAX_PIXELS_JPEG = 50_000_000
# An episode's WebVTT transcript: a two-hour show is about 150 kB; larger is refused.
TRANSCRIPT_MAX_BYTES = 2 * 1024 * 1024

# Forms
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Security headers, sent in every mode.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    # The load balancer probes over plain HTTP inside the private network.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    if env.bool("DJANGO_BEHIND_TLS_PROXY", default=False):
        # The proxy terminates TLS and sets X-Forwarded-Proto; see README.
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# Content-Security-Policy (django-csp 4): no inline script or style, ever.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        # YouTube's still of an episode without a thumbnail of its own (episodes).
        "img-src": ["'self'", "data:", "https://i.ytimg.com"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-src": ["'none'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# Where each app declares the member data it holds: what the data download
# gathers and what deleting an account erases (accounts/privacy.py). From the
# lowest app up; deletion runs in this order too.
MEMBER_DATA_MODULES = [
    "accounts.privacy",
    "notifications.privacy",
    "topics.privacy",
    "comments.privacy",
    "sponsorship.privacy",
    "episodes.privacy",
    "api.privacy",
    "webhooks.privacy",
]

# PeerTube instances whose videos the topic page may embed (the CSP allows
# exactly the host of the episode being shown, nothing else).
PEERTUBE_HOSTS = env.list("PEERTUBE_HOSTS", default=["framatube.org", "peertube.fr"])
# The episode report reads an episode's views from its PeerTube instance's API (the
# worker does, every PEERTUBE_VIEWS_INTERVAL seconds per episode; pages never call out).
# Off by default: organizers enter the figures in the report.
PEERTUBE_VIEWS_API = env.bool("PEERTUBE_VIEWS_API", default=False)
PEERTUBE_VIEWS_INTERVAL = env.int("PEERTUBE_VIEWS_INTERVAL", default=6 * 3600)

# The REST API (api/, under /api/v1/): bearer tokens only (no session, so no CSRF to
# weigh), JSON only, errors as RFC 9457 problem details, cursor pagination.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["api.authentication.BearerTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["api.permissions.PublicRead"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "api.negotiation.JSONOnly",
    "DEFAULT_PAGINATION_CLASS": "api.pagination.NewestFirst",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.problems.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "PAGE_SIZE": 20,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Webcastory API",
    "DESCRIPTION": (
        "Public reads (channels, topics, episodes, the schedule) need no token; a member's "
        "own data, organizers' queues and writes need `Authorization: Bearer <token>` "
        "(made in My space). Errors are RFC 9457 problem details. Lists are cursor-"
        "paginated; every read has an ETag (send If-None-Match for a 304)."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.problem_responses",
    ],
    "ENUM_NAME_OVERRIDES": {
        "TopicStatusEnum": "topics.models.TopicStatus",
        "ParticipationDecisionEnum": "api.serializers.DECISION_CHOICES",
    },
    "COMPONENT_SPLIT_REQUEST": True,
}
# Webhooks go to public addresses only: loopback, private, link-local and reserved ones
# are refused at registration and at each send, unless this is on (the tests' local
# receiver; an intranet deployment that wants it).
WEBHOOKS_ALLOW_PRIVATE = env.bool("WEBHOOKS_ALLOW_PRIVATE", default=False)
