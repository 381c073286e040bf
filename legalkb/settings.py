"""Settings, read from the environment in one place. Production is the default:
development values only with DJANGO_DEBUG=1, which `make run` sets (docs/deploy.md)."""

import os
from datetime import timedelta
from email.utils import getaddresses
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default):
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name):
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
# With DEBUG on and no hosts named, Django accepts localhost, 127.0.0.1 and [::1].
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
if DEBUG:
    SECRET_KEY = SECRET_KEY or "development-only-key-not-for-production"
else:
    required = {"DJANGO_SECRET_KEY": SECRET_KEY, "DJANGO_ALLOWED_HOSTS": ALLOWED_HOSTS}
    missing = [name for name, value in required.items() if not value]
    if missing:
        raise ImproperlyConfigured(
            f"{' and '.join(missing)} must be set: DJANGO_DEBUG is off, so these are production "
            "settings (docs/deploy.md lists every variable). For development, set DJANGO_DEBUG=1 "
            "or use `make run`."
        )

# HTTPS: on by default once DEBUG is off (docs/deploy.md). Behind a reverse proxy that
# terminates TLS, the proxy tells Django the scheme and the client's address.
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", 0 if DEBUG else 365 * 24 * 3600))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
BEHIND_PROXY = env_bool("DJANGO_BEHIND_PROXY", False)
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Every page, the admin's too, runs only scripts from our own static files.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],  # Bootstrap's form controls draw with data: SVGs
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# Admin logins: five wrong passwords for one username from one address lock that
# pair out for 15 minutes.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "legalkb.throttle.client_ip"
AXES_USERNAME_CALLABLE = "legalkb.accounts.login_username"  # e-mail addresses in any case count as one
AXES_LOCKOUT_TEMPLATE = "accounts/locked.html"

# Anonymous requests: at most this many per client address (the same address rule as login
# throttling) and kind of page, then 429 (legalkb/throttle.py). "60/m" is 60 a minute (s, m,
# h, d); an empty value means no limit. Exports are the heaviest request: the lowest limit.
THROTTLE_RATES = {
    "browse": os.environ.get("LEGALKB_BROWSE_RATE", "300/m"),
    "search": os.environ.get("LEGALKB_SEARCH_RATE", "60/m"),
    "export": os.environ.get("LEGALKB_EXPORT_RATE", "5/m"),
    "api": os.environ.get("LEGALKB_API_RATE", "60/m"),
    "feed": os.environ.get("LEGALKB_FEED_RATE", "30/m"),
    "download": os.environ.get("LEGALKB_DOWNLOAD_RATE", "20/m"),  # sources' original files
}
# Readers' sign-ups and password resets, and the mails they send (legalkb/accounts.py): per
# client address, and per e-mail address written in the form, counted as the kinds above.
ACCOUNT_RATES = {
    "signup": os.environ.get("LEGALKB_SIGNUP_RATE", "10/h"),
    "mail": os.environ.get("LEGALKB_MAIL_RATE", "3/h"),
}
# And the server time one address may take with searches, exports and API calls together: CPU
# seconds a window, counted after each request (the worst queries the counts allow cost far more).
THROTTLE_CPU_RATE = os.environ.get("LEGALKB_CPU_RATE", "5/m")
THROTTLE_ENABLED = env_bool("LEGALKB_THROTTLE", True)
# Searches, exports and API calls running at once on this machine, for everyone together: the
# other threads of gunicorn's workers stay free for every other page (3 of the 4 workers' 8
# threads in gunicorn.conf.py; a search waiting for a slot holds a thread, not a worker).
SEARCH_CONCURRENCY = int(os.environ.get("LEGALKB_SEARCH_CONCURRENCY", 3))
# And at most this many of them for one client address, so that one address sending the
# heaviest queries leaves the other slots to everyone else (legalkb/slots.py).
SEARCH_SLOTS_PER_ADDRESS = int(os.environ.get("LEGALKB_SEARCH_SLOTS_PER_ADDRESS", 1))
# How long a search waits for a slot, when its address has spent little server time; the
# waiting are served least spent first (legalkb/slots.py); an address that has spent more is
# answered 503 at once.
SEARCH_WAIT_SECONDS = float(os.environ.get("LEGALKB_SEARCH_WAIT_SECONDS", 2))
# Redis, for a site served by several machines (docs/deploy.md): LEGALKB_REDIS_URL
# (redis://host:6379/0) moves the throttle's counts and search slots (each machine's its own),
# the cache and the background jobs' queue there, so that every server shares them. Unset: none
# of them needs a server; the counts and slots are then in a SQLite file that every gunicorn
# worker of this machine shares (legalkb/counters.py, legalkb/slots.py).
REDIS_URL = os.environ.get("LEGALKB_REDIS_URL") or None
THROTTLE_PATH = Path(os.environ.get("LEGALKB_THROTTLE_PATH", BASE_DIR / "var" / "throttle.sqlite3"))
# The cache: files that every gunicorn worker of this machine shares, or Redis.
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": os.environ.get("LEGALKB_CACHE_PATH", str(BASE_DIR / "var" / "cache")),
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        }
    )
}

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "legalkb",  # before haystack: its rebuild_index and update_index replace Haystack's
    "haystack",
    "bootstrap4",
    "simple_history",
    "axes",
    "csp",
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
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "legalkb.urls"
WSGI_APPLICATION = "legalkb.wsgi.application"

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
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}", conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        # Editors save while imports and the index write: wait for the lock instead of failing.
        timeout=30,
        # A transaction takes the write lock when it begins, so one that reads and then writes
        # (every admin save) waits for another instead of failing with "database is locked".
        transaction_mode="IMMEDIATE",
        # Readers never wait for a writer, even during a long import's commit.
        init_command="PRAGMA journal_mode=WAL;",
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "kk"
LANGUAGES = [("kk", _("Kazakh")), ("ru", _("Russian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "legalkb" / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Almaty"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]

# Bootstrap 4's stylesheet comes from a pinned XStatic package and is served as our own
# static file, so no page loads anything from a CDN. No page uses Bootstrap's scripts.
import xstatic.pkg.bootstrap  # noqa: E402

STATICFILES_DIRS += [("bootstrap", xstatic.pkg.bootstrap.BASE_DIR)]
BOOTSTRAP4 = {"css_url": {"href": STATIC_URL + "bootstrap/css/bootstrap.min.css"}}

# The search engine: "whoosh" (embedded, the default), "tantivy" (compiled, for large
# corpora: docs/search.md), "solr" (a SolrCloud cluster at LEGALKB_SOLR_URL, shared by
# several web servers: docs/deploy.md), or the dotted path of a Haystack engine.
SEARCH_ENGINES = {
    "whoosh": "legalkb.search.backends.whoosh.KazakhWhooshEngine",
    "tantivy": "legalkb.search.backends.tantivy.TantivyEngine",
    "solr": "legalkb.search.backends.solr.SolrCloudEngine",
}
SEARCH_ENGINE = os.environ.get("LEGALKB_SEARCH_ENGINE", "whoosh")
ENGINE_NAME = SEARCH_ENGINE.rsplit(".", 1)[-1].lower()
SEARCH_INDEX_PATH = Path(os.environ.get("LEGALKB_INDEX_PATH", BASE_DIR / "var" / "index" / ENGINE_NAME))
HAYSTACK_CONNECTIONS = {
    "default": {
        "ENGINE": SEARCH_ENGINES.get(SEARCH_ENGINE, SEARCH_ENGINE),
        "PATH": str(SEARCH_INDEX_PATH),
        "INCLUDE_SPELLING": True,
        # For another search server's Haystack engine (docs/deploy.md); legalkb's engines ignore them.
        "URL": os.environ.get("LEGALKB_SEARCH_URL", ""),
        "INDEX_NAME": "legalkb",
        # The solr engine: a Solr base URL (http://host:8983/solr; or every node's, separated by
        # commas, tried in turn when one cannot be reached), the alias its searches read,
        # and the shape of the collections a rebuild creates. PATH holds its rebuild lock.
        "SOLR_URL": os.environ.get("LEGALKB_SOLR_URL", "http://127.0.0.1:8983/solr"),
        "COLLECTION": os.environ.get("LEGALKB_SOLR_COLLECTION", "legalkb"),
        "SHARDS": int(os.environ.get("LEGALKB_SOLR_SHARDS", "2")),
        "REPLICAS": int(os.environ.get("LEGALKB_SOLR_REPLICAS", "2")),
    },
}
HAYSTACK_SIGNAL_PROCESSOR = "legalkb.signals.PassageSignalProcessor"
HAYSTACK_SEARCH_RESULTS_PER_PAGE = 20

# Background jobs (legalkb/tasks.py: imports, and indexing what waits in the outbox every 2 s)
# run in `manage.py run_worker`, which make run and make serve start beside the web server.
# The queue is a SQLite file beside a SQLite database (its jobs name rows of that database),
# else in the project folder; with LEGALKB_REDIS_URL it is in Redis (LEGALKB_QUEUE_URL, if
# set, names another Redis for the queue alone).
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    QUEUE_FOLDER = Path(DATABASES["default"]["NAME"]).parent
else:
    QUEUE_FOLDER = BASE_DIR
QUEUE_PATH = Path(os.environ.get("LEGALKB_QUEUE_PATH", QUEUE_FOLDER / "queue.sqlite3"))
QUEUE_URL = os.environ.get("LEGALKB_QUEUE_URL") or REDIS_URL
HUEY = {
    "name": "legalkb",
    "immediate": False,  # huey would otherwise run jobs inside web requests whenever DEBUG is on
    **(
        {"huey_class": "huey.RedisHuey", "url": QUEUE_URL}
        if QUEUE_URL
        else {"huey_class": "huey.SqliteHuey", "filename": str(QUEUE_PATH)}
    ),
    # An idle worker looks for new jobs every second at most (huey's default backs off to 10 s).
    "consumer": {"workers": 2, "worker_type": "thread", "max_delay": 1.0},
}

# The worker's CPU priority (nice): readers' pages come before imports and indexing.
WORKER_NICENESS = int(os.environ.get("LEGALKB_WORKER_NICENESS", 10))

# The original files of imported sources, in Django's file storage (a folder here; a shared
# volume or an object store behind several app servers: docs/deploy.md). They are never served
# from a URL of their own: a source's download page serves its file where an editor made it public.
MEDIA_ROOT = Path(os.environ.get("LEGALKB_MEDIA_PATH", BASE_DIR / "var" / "media"))

# The worker recognises the text of scanned PDFs (OCRmyPDF with Tesseract's Kazakh and Russian
# models); LEGALKB_OCR=0 turns recognition off, and such files are then refused with a message.
OCR = env_bool("LEGALKB_OCR", True)

# Each step of an import that reads the file runs in a process of its own with these limits
# (legalkb/tasks.py), at most 3 times; then the job fails with a message the editor sees.
IMPORT_SECONDS = int(os.environ.get("LEGALKB_IMPORT_SECONDS", 900))
IMPORT_MEMORY_MB = int(os.environ.get("LEGALKB_IMPORT_MEMORY_MB", 2048))

# Automatic links no editor has reviewed yet are shown on the public site, marked as such;
# LEGALKB_SHOW_UNREVIEWED_LINKS=0 hides them (then run manage.py rebuild_index for the facets).
SHOW_UNREVIEWED_LINKS = env_bool("LEGALKB_SHOW_UNREVIEWED_LINKS", True)

# Errors: a 500's traceback goes to stderr (gunicorn's log) always, and by mail to ADMINS
# when DJANGO_ADMINS names them ("Name <address>, address").
ADMINS = getaddresses(env_list("DJANGO_ADMINS"))
SERVER_EMAIL = os.environ.get("DJANGO_SERVER_EMAIL", "root@localhost")

# Mail (readers' confirmations, password resets and alerts; errors to ADMINS): printed on the
# console in development, sent through SMTP in production (docs/deploy.md).
EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND", f"django.core.mail.backends.{'console' if DEBUG else 'smtp'}.EmailBackend"
)
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("DJANGO_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("DJANGO_EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = 30
# The site's own address, for the links in mails sent outside a request (alerts)
SITE_URL = os.environ.get("LEGALKB_SITE_URL") or (
    f"https://{ALLOWED_HOSTS[0].lstrip('.')}" if ALLOWED_HOSTS else "http://127.0.0.1:8000"
)
DEFAULT_FROM_EMAIL = (
    os.environ.get("DJANGO_DEFAULT_FROM_EMAIL") or f"legalkb <noreply@{urlsplit(SITE_URL).hostname}>"
)

# Readers' accounts (legalkb.accounts): sign-in, and the alerts the worker mails at ALERT_HOUR
# (UTC; 01:00 is 06:00 in Almaty) every day, and on Mondays for weekly ones.
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "account"
CONFIRMATION_DAYS = 3  # a sign-up's confirmation link works this long
ALERT_HOUR = int(os.environ.get("LEGALKB_ALERT_HOUR", "1"))
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "mail_admins": {"class": "django.utils.log.AdminEmailHandler", "level": "ERROR"},
    },
    "loggers": {
        "legalkb": {"handlers": ["console"], "level": "INFO"},
        "django.request": {"handlers": ["console", "mail_admins"], "level": "ERROR", "propagate": False},
        # The worker's failures, not every task it runs (a drain every 2 s)
        "huey": {"handlers": ["console"], "level": "WARNING"},
    },
}
