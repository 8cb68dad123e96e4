"""Settings for the Bali Process portal, read from the environment in this one module."""

import ipaddress
import os
import re
import sys
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def refuse_to_start(sentence: str) -> None:
    """Stop with one readable sentence instead of a traceback."""
    sys.exit(f"baliportal: {sentence}")


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    if raw.strip().lower() in TRUE_WORDS:
        return True
    if raw.strip().lower() in FALSE_WORDS:
        return False
    refuse_to_start(f"{name}={raw!r} is not a boolean; use 1 or 0.")


def env_list(name: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)

# A key shorter than this, or Django's own "insecure" placeholder, is a development key.
MIN_SECRET_KEY_LENGTH = 50
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        refuse_to_start(
            "DJANGO_SECRET_KEY is not set. Set it to a long random string "
            '(python -c "import secrets; print(secrets.token_urlsafe(50))"), '
            "or set DJANGO_DEBUG=1 for local development."
        )
    SECRET_KEY = "django-insecure-development-only-key-never-used-with-debug-off"
elif not DEBUG and (
    len(SECRET_KEY) < MIN_SECRET_KEY_LENGTH or SECRET_KEY.startswith("django-insecure")
):
    refuse_to_start(
        f"DJANGO_SECRET_KEY is too weak for production: use at least "
        f"{MIN_SECRET_KEY_LENGTH} random characters."
    )

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    if not DEBUG:
        refuse_to_start(
            "DJANGO_ALLOWED_HOSTS is not set. Set it to the host names the portal answers to, "
            "comma-separated (e.g. DJANGO_ALLOWED_HOSTS=portal.example.org)."
        )
    ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]", "testserver"]

# The proxies whose X-Forwarded-For is believed (addresses or networks, e.g. 127.0.0.1,10.0.0.0/8).
# None by default: a client's address is then the one it connected from, whatever headers it sends.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")
for proxy in TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(proxy, strict=False)
    except ValueError:
        refuse_to_start(
            f"TRUSTED_PROXIES has {proxy!r}, which is not an IP address or network; "
            "use e.g. TRUSTED_PROXIES=127.0.0.1,10.0.0.0/8."
        )

# The scheme and host every absolute link starts with (API hyperlinks, JSON-LD, feeds, iCalendar).
# Production never takes it from a request: a forged Host header (e.g. an allowed name with another
# port) would put its links into responses cached for everyone. In development, unset, links use the
# request's own origin.
SITE_URL = os.environ.get("SITE_URL", "").strip().rstrip("/")
if SITE_URL:
    # scheme://host[:port] and nothing more: every link is this plus a path.
    origin = re.fullmatch(
        r"https?://([a-z0-9-]+(\.[a-z0-9-]+)*|\[[0-9a-f:.]+\])(:(?P<port>[0-9]{1,5}))?",
        SITE_URL,
        re.I,
    )
    if not origin or int(origin["port"] or 0) > 65535:
        refuse_to_start(
            f"SITE_URL={SITE_URL!r} is not an origin; set it to the scheme and host readers reach "
            "the portal at, and nothing more (e.g. SITE_URL=https://portal.example.org)."
        )
elif not DEBUG:
    refuse_to_start(
        "SITE_URL is not set. Set it to the scheme and host readers reach the portal at "
        "(e.g. SITE_URL=https://portal.example.org): absolute links are built from it, never from "
        "a request's Host header."
    )
# The apps whose models make up the knowledge base, lowest layer first: written once, here (not a
# deployment setting); code reads it as sources.models.KNOWLEDGE_APPS.
KNOWLEDGE_APPS = ["sources", "members", "workinggroups", "meetings"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # Before staticfiles, so that runserver serves static files through whitenoise too.
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    # Search's PostgreSQL indexes (sources migration 0005); inert on SQLite.
    "django.contrib.postgres",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "simple_history",
    "axes",
    "csp",
    # The layers, lowest first (docs/design.md, "The apps"; tests/test_layers.py checks them).
    "core",
    *KNOWLEDGE_APPS,
    "knowledge",
    "search",
    "exports",
    "portal",
    "changes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "baliportal.logs.RequestLogMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # ETag on every GET, and 304 Not Modified when the client already has the response.
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "knowledge.cache.KnowledgeCacheMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Who made a change, for the records' history.
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a lockout into a response.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # First, so that a locked-out account is refused before its password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Brute-force protection of the admin login: lock a username from an address after this many
# failures, for this many hours; a successful login resets the count.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "1"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Password spraying: an address that fails this many times across usernames is locked too. Never a
# username alone, which would let anyone lock an editor out for everyone behind one proxy.
AXES_ADDRESS_FAILURE_LIMIT = int(os.environ.get("AXES_ADDRESS_FAILURE_LIMIT", "20"))
AXES_HANDLER = "core.logins.AddressWideLockHandler"
AXES_CLIENT_IP_CALLABLE = "core.addresses.client_address"
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
# Where a login lands when its `next` is missing or refused (another site's address, say).
LOGIN_REDIRECT_URL = "admin:index"

ROOT_URLCONF = "baliportal.urls"
WSGI_APPLICATION = "baliportal.wsgi.application"

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
            ],
        },
    },
]

# Embedded SQLite by default; DATABASE_URL=postgres://... selects PostgreSQL.
DEFAULT_DATABASE_URL = f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
DATABASE_URL = os.environ.get("DATABASE_URL", "") or DEFAULT_DATABASE_URL
try:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL)}
except Exception as error:  # dj-database-url raises several types for a bad URL
    refuse_to_start(f"DATABASE_URL could not be read ({error}).")
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Keep connections for a minute; health checks drop a connection the server closed.
    DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("DJANGO_CONN_MAX_AGE", "60"))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # The portal's data sits in memory, where reading a row by index costs about what reading it in
    # sequence does; PostgreSQL's default (4.0, priced for spinning disks) made it hash every body
    # and scan every membership to show a page of 100 participants. 1.1 is the usual figure for
    # SSDs. Empty leaves the server's own setting (e.g. behind a pooler that refuses options).
    random_page_cost = os.environ.get("DATABASE_RANDOM_PAGE_COST", "1.1").strip()
    if random_page_cost:
        try:
            if float(random_page_cost) <= 0:
                raise ValueError
        except ValueError:
            refuse_to_start(
                f"DATABASE_RANDOM_PAGE_COST={random_page_cost!r} is not a positive number; "
                "use e.g. 1.1, or leave it empty for the server's setting."
            )
        options = DATABASES["default"].setdefault("OPTIONS", {})
        startup = f"{options.get('options', '')} -c random_page_cost={random_page_cost}"
        options["options"] = startup.strip()
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Keep the connection (opening one and setting its pragmas costs more than most requests), use
    # write-ahead logging so several workers share the file, and queue writers instead of failing.
    DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("DJANGO_CONN_MAX_AGE", "60"))
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DATABASES["default"]["TEST"] = {"NAME": os.environ.get("DJANGO_TEST_DATABASE_NAME") or None}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# The cache: in-process by default; CACHE_URL=redis://host:6379/0 shares one between app servers.
CACHE_URL = os.environ.get("CACHE_URL", "")
if CACHE_URL.startswith(("redis://", "rediss://")):
    CACHES = {
        "default": {
            "BACKEND": "core.redis_cache.SharedClientRedisCache",
            "LOCATION": CACHE_URL,
        }
    }
elif CACHE_URL:
    refuse_to_start(
        f"CACHE_URL={CACHE_URL!r} is not understood; use redis://host:port/db or leave it unset."
    )
else:
    # Each worker's own memory, bounded by a number of entries (about 32 KiB a page, 2 entries a
    # cached page); a shared Redis is bounded by its maxmemory (docs/deployment.md).
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("CACHE_MAX_ENTRIES", "2000"))},
        }
    }
# How long a rendered public page or API response is kept (it is never stale: see knowledge/cache.py).
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "600"))

# The seeds' texts, shipped unchanged with the project; load_knowledge reads them into the database.
SOURCES_DIR = BASE_DIR / "fixtures" / "sources"
# The largest source file an editor may upload (admin or API), in bytes.
SOURCE_UPLOAD_MAX_BYTES = int(os.environ.get("SOURCE_UPLOAD_MAX_BYTES", str(20 * 1024 * 1024)))

REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "core.api_policy.Pagination",
    "DEFAULT_PARSER_CLASSES": [
        "core.api_policy.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["core.api_policy.ReadOnlyUnlessEditor"],
    # Token first: DRF answers a request without credentials with the first class's challenge,
    # a 401 with `WWW-Authenticate: Token`; session authentication has none and would make it 403.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "core.api_policy.CountedTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "EXCEPTION_HANDLER": "core.api.api_exception_handler",
    "DEFAULT_THROTTLE_CLASSES": ["core.api_policy.ClientAddressAnonRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": os.environ.get("API_ANON_RATE", "600/minute")},
}
# Readers' reports ("Report an error", "Suggest a source") taken from one address: N/second,
# minute, hour or day (DRF's rate syntax), counted in the cache.
REPORTS_RATE = os.environ.get("REPORTS_RATE", "5/hour")
try:
    _count, _period = REPORTS_RATE.split("/")
    if int(_count) < 1 or _period[0] not in "smhd":
        raise ValueError
except (ValueError, IndexError):
    refuse_to_start(f"REPORTS_RATE={REPORTS_RATE!r} is not a rate; use e.g. 5/hour or 20/day.")

# E-mail: editors hear of each report, and readers of the outcome. The console in development;
# SMTP in production, set by these variables (docs/deployment.md, "E-mail").
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "portal@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Failed token authentications allowed a minute from one address; past it, a 429.
API_TOKEN_FAILURE_LIMIT = int(os.environ.get("API_TOKEN_FAILURE_LIMIT", "10"))

SPECTACULAR_SETTINGS = {
    "TITLE": "Bali Process knowledge portal API",
    "DESCRIPTION": "Participants, bodies, memberships, meetings and documents of the Bali Process, "
    "every record with the passages it rests on.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "core.api.add_error_responses",
    ],
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "PrecisionEnum": "core.partialdates.Precision",
        # Read by sources and sent when adding one: one enum for both.
        "SourceKindEnum": "sources.models.Source.Kind",
    },
}

# Anyone may read the API from another site; cookies are never sent cross-origin.
CORS_ALLOW_ALL_ORIGINS = True
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]

# A strict Content-Security-Policy on every response, pages, admin and API docs alike: nothing inline,
# nothing from elsewhere. (JSON-LD blocks are data, not script, and are not subject to it.)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

if not DEBUG:
    # Production sits behind a TLS-terminating proxy that sets X-Forwarded-Proto.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancers check over plain HTTP
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
    if SESSION_COOKIE_SECURE:
        # The __Host- prefix makes browsers insist on Secure, Path=/ and no Domain.
        SESSION_COOKIE_NAME = "__Host-sessionid"
        CSRF_COOKIE_NAME = "__Host-csrftoken"
    CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

# One JSON object per line: requests (method, path, status, time, user) and authentication events,
# never passwords, cookies, tokens or query strings.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "baliportal.logs.JSONFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
    "loggers": {
        "baliportal.requests": {
            "level": os.environ.get("REQUEST_LOG_LEVEL", "INFO"),
            "propagate": True,
        },
        "baliportal.auth": {"level": "INFO", "propagate": True},
        "axes": {"level": "WARNING", "propagate": True},
    },
}
if "pytest" in sys.modules:
    # Tests assert on log records through caplog; they need not print every request.
    LOGGING["handlers"]["console"]["level"] = "ERROR"
