"""Settings, read from the environment in one place, with zero-config development defaults."""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default):
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("DJANGO_DEBUG", True)
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off.")
    SECRET_KEY = "development-only-key-not-for-production"
ALLOWED_HOSTS = os.environ.get("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "haystack",
    "bootstrap4",
    "simple_history",
    "legalkb",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
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
    # Editors save while the index updates: wait for SQLite's lock instead of failing.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 30
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

# Bootstrap 4 and jQuery come from pinned XStatic packages and are served as our own
# static files, so no page loads anything from a CDN. The bundle includes Popper.
import xstatic.pkg.bootstrap  # noqa: E402
import xstatic.pkg.jquery  # noqa: E402

STATICFILES_DIRS += [
    ("bootstrap", xstatic.pkg.bootstrap.BASE_DIR),
    ("jquery", xstatic.pkg.jquery.BASE_DIR),
]
BOOTSTRAP4 = {
    "css_url": {"href": STATIC_URL + "bootstrap/css/bootstrap.min.css"},
    "javascript_url": {"url": STATIC_URL + "bootstrap/js/bootstrap.bundle.min.js"},
    "jquery_url": {"url": STATIC_URL + "jquery/jquery.min.js"},
    "include_jquery": True,
}

SEARCH_INDEX_PATH = Path(os.environ.get("LEGALKB_INDEX_PATH", BASE_DIR / "var" / "whoosh_index"))
HAYSTACK_CONNECTIONS = {
    "default": {
        "ENGINE": os.environ.get("LEGALKB_SEARCH_ENGINE", "legalkb.search_backend.KazakhWhooshEngine"),
        "PATH": str(SEARCH_INDEX_PATH),
        "INCLUDE_SPELLING": True,
    },
}
HAYSTACK_SIGNAL_PROCESSOR = "legalkb.signals.PassageSignalProcessor"
HAYSTACK_SEARCH_RESULTS_PER_PAGE = 20

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"legalkb": {"handlers": ["console"], "level": "INFO"}},
}
