"""Settings come from the environment: each case starts manage.py (or imports the WSGI
application) in a subprocess with its own environment, as a server would start."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import RequestFactory, override_settings

from legalkb.apps import GC_THRESHOLDS
from legalkb.throttle import client_ip

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
    "DJANGO_ALLOWED_HOSTS": "example.org",
}
SHOWN = [
    "DEBUG",
    "ALLOWED_HOSTS",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SECURE_PROXY_SSL_HEADER",
    "ADMINS",
]
# Raises in a view and prints what the mail outbox holds afterwards.
FAILING_REQUEST = """
import sys, types
from django.core import mail
from django.test import Client, override_settings
from django.test.utils import setup_test_environment
from django.urls import path

def fail(request):
    raise RuntimeError("a bug for the log")

sys.modules["failing_urls"] = types.SimpleNamespace(urlpatterns=[path("fail/", fail)])
setup_test_environment()  # mail goes to mail.outbox
with override_settings(ROOT_URLCONF="failing_urls"):
    status = Client(raise_request_exception=False).get("/fail/", secure=True).status_code
print(status, [message.to for message in mail.outbox])
"""

pytestmark = pytest.mark.slow
TEST_FOLDERS = ("LEGALKB_CACHE_PATH", "LEGALKB_THROTTLE_PATH")


def run(args, **env):
    """Run python with args, with only PATH, the given variables and the tests' cache and
    throttle folders (tests/settings.py: never var/) in its environment."""
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env={"PATH": os.environ["PATH"], **{name: os.environ[name] for name in TEST_FOLDERS}, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def manage(*args, **env):
    return run(["manage.py", *args], **env)


def settings_under(**env):
    script = (
        "import json; from django.conf import settings; "
        f"print(json.dumps({{name: getattr(settings, name, None) for name in {SHOWN!r}}}))"
    )
    result = manage("shell", "--no-imports", "-c", script, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_without_any_environment_start_up_stops_naming_what_production_needs():
    for start in (["manage.py", "check"], ["-c", "import legalkb.wsgi"]):
        result = run(start)
        assert result.returncode != 0
        assert "ImproperlyConfigured: DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS must be set" in result.stderr
        assert "docs/deploy.md" in result.stderr and "DJANGO_DEBUG=1" in result.stderr


def test_without_debug_a_missing_secret_key_alone_is_named():
    result = manage("check", DJANGO_ALLOWED_HOSTS="example.org")
    assert result.returncode != 0
    assert "ImproperlyConfigured: DJANGO_SECRET_KEY must be set" in result.stderr


def test_debug_on_gives_the_development_settings_without_anything_else():
    result = manage("check", DJANGO_DEBUG="1")
    assert result.returncode == 0, result.stderr
    shown = settings_under(DJANGO_DEBUG="1")
    assert shown["DEBUG"] is True and shown["ALLOWED_HOSTS"] == []  # Django's localhost names
    assert shown["SECURE_SSL_REDIRECT"] is False and shown["SESSION_COOKIE_SECURE"] is False


def test_production_settings_pass_the_deployment_checklist():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "WARNING" not in output and "?:" not in output
    assert "System check identified no issues" in output


def test_production_defaults_are_https_only():
    shown = settings_under(**PRODUCTION)
    assert shown["DEBUG"] is False
    assert shown["ALLOWED_HOSTS"] == ["example.org"]
    assert shown["SECURE_SSL_REDIRECT"] is True
    assert shown["SECURE_HSTS_SECONDS"] == 365 * 24 * 3600
    assert shown["SESSION_COOKIE_SECURE"] is True and shown["CSRF_COOKIE_SECURE"] is True
    assert shown["SECURE_PROXY_SSL_HEADER"] is None


def test_https_settings_are_configurable_for_a_reverse_proxy():
    shown = settings_under(
        **PRODUCTION, DJANGO_HSTS_SECONDS="3600", DJANGO_SECURE_SSL_REDIRECT="0", DJANGO_BEHIND_PROXY="1"
    )
    assert shown["SECURE_HSTS_SECONDS"] == 3600
    assert shown["SECURE_SSL_REDIRECT"] is False
    assert shown["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]


def test_admins_are_read_from_the_environment():
    shown = settings_under(**PRODUCTION, DJANGO_ADMINS="Aigerim <aigerim@example.org>, ops@example.org")
    assert shown["ADMINS"] == [["Aigerim", "aigerim@example.org"], ["", "ops@example.org"]]


def test_a_server_error_is_logged_with_its_traceback_to_stderr():
    result = manage("shell", "--no-imports", "-c", FAILING_REQUEST, **PRODUCTION)
    assert result.stdout.split() == ["500", "[]"], result.stderr
    assert "Internal Server Error: /fail/" in result.stderr
    assert "Traceback (most recent call last)" in result.stderr
    assert "RuntimeError: a bug for the log" in result.stderr


def test_a_server_error_is_mailed_to_the_admins_when_there_are_some():
    env = {**PRODUCTION, "DJANGO_ADMINS": "ops@example.org"}
    result = manage("shell", "--no-imports", "-c", FAILING_REQUEST, **env)
    assert result.stdout.split() == ["500", "[['ops@example.org']]"], result.stderr
    assert "RuntimeError: a bug for the log" in result.stderr


@pytest.mark.parametrize(
    ("behind_proxy", "headers", "expected"),
    [
        (True, {"HTTP_X_REAL_IP": "203.0.113.7"}, "203.0.113.7"),
        (True, {}, "127.0.0.1"),
        (False, {"HTTP_X_REAL_IP": "203.0.113.7"}, "127.0.0.1"),  # anyone can send the header
    ],
)
def test_throttling_sees_the_proxys_client_address_only_behind_the_proxy(behind_proxy, headers, expected):
    request = RequestFactory().post("/admin/login/", REMOTE_ADDR="127.0.0.1", **headers)
    with override_settings(BEHIND_PROXY=behind_proxy):
        assert client_ip(request) == expected


def test_a_process_that_sets_up_the_app_collects_young_garbage_less_often():
    script = "import gc, json; print(json.dumps(gc.get_threshold()))"
    result = manage("shell", "--no-imports", "-c", script, DJANGO_DEBUG="1")
    assert result.returncode == 0, result.stderr
    assert tuple(json.loads(result.stdout)) == GC_THRESHOLDS and GC_THRESHOLDS[0] > 700  # Python's 700
