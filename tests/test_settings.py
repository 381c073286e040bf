"""Settings come from the environment: each case starts manage.py in a subprocess with
its own environment, as a server would start."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import RequestFactory

from legalkb.settings import proxied_client_ip

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DJANGO_DEBUG": "0",
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
]


def manage(*args, **env):
    """Run manage.py with only PATH and the given variables in its environment."""
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={"PATH": os.environ["PATH"], **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def settings_under(**env):
    script = (
        "import json; from django.conf import settings; "
        f"print(json.dumps({{name: getattr(settings, name, None) for name in {SHOWN!r}}}))"
    )
    result = manage("shell", "--no-imports", "-c", script, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_without_any_environment_the_development_settings_work():
    result = manage("check")
    assert result.returncode == 0, result.stderr
    shown = settings_under()
    assert shown["DEBUG"] is True
    assert shown["SECURE_SSL_REDIRECT"] is False and shown["SESSION_COOKIE_SECURE"] is False


def test_without_debug_a_missing_secret_key_stops_start_up_with_a_clear_message():
    result = manage("check", DJANGO_DEBUG="0", DJANGO_ALLOWED_HOSTS="example.org")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off." in result.stderr


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


@pytest.mark.parametrize(
    ("headers", "expected"),
    [({"HTTP_X_REAL_IP": "203.0.113.7"}, "203.0.113.7"), ({}, "127.0.0.1")],
)
def test_behind_the_proxy_login_throttling_sees_the_clients_address(headers, expected):
    request = RequestFactory().post("/admin/login/", REMOTE_ADDR="127.0.0.1", **headers)
    assert proxied_client_ip(request) == expected
