"""The test suite's settings: the site's own production settings (DJANGO_DEBUG off), given
what production must set. pytest-django imports this module (pyproject.toml) before any
conftest runs, so this is where those values can come from; they go into os.environ, so
the processes that tests start (manage.py, gunicorn) get the same ones. Background jobs run
where they are queued (huey's immediate mode, in memory), never through the developer's
queue; tests that need a real worker start one on a queue of their own."""

import os
import tempfile

os.environ.update(
    DJANGO_DEBUG="0",
    DJANGO_SECRET_KEY="tests-only-key-never-used-by-a-served-site",
    DJANGO_ALLOWED_HOSTS="testserver,127.0.0.1,localhost",
    DJANGO_SECURE_SSL_REDIRECT="0",  # the test client and the live server speak plain HTTP
    LEGALKB_THROTTLE="0",  # every request comes from one address; tests/test_throttle.py turns it on
    # Never var/; a folder per test process, so parallel runs keep their own throttle counts.
    LEGALKB_CACHE_PATH=tempfile.mkdtemp(prefix="legalkb-tests-cache-"),
    LEGALKB_MEDIA_PATH=tempfile.mkdtemp(prefix="legalkb-tests-media-"),
    LEGALKB_THROTTLE_PATH=tempfile.mkdtemp(prefix="legalkb-tests-throttle-") + "/throttle.sqlite3",
)

from legalkb.settings import *  # noqa: E402, F403

# Django's own advice for test suites: a fast hash instead of a deliberately slow one.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
HUEY = {**HUEY, "immediate": True}  # noqa: F405
