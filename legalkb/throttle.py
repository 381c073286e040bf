"""Limits on anonymous requests per client address and kind of page, and the 429 answer.

A view declares its kind with @throttled(kind) (the kinds are settings.THROTTLE_RATES' keys:
browse, search, export, api, feed). Throttle wraps the WSGI application (legalkb/wsgi.py) and
reads the declaration of the view a request's path resolves to, before Django handles the
request: one over its limit costs one counter increment (legalkb.counters) and a short answer
built once per process and language (JSON for the API, plain text for exports and feeds, a
small page otherwise), with Retry-After; no middleware, session, database or template. Only a
request over its limit that carries a session cookie has its session (and its user) read, for
signed-in editors are never limited; signed-in readers are.
"""

import ipaddress
import json
import math
import secrets
import time
from contextlib import contextmanager
from functools import lru_cache
from importlib import import_module
from types import SimpleNamespace

from django.conf import settings
from django.contrib.auth import SESSION_KEY, get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.core.handlers.wsgi import get_path_info
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http.cookie import parse_cookie
from django.template.loader import render_to_string
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.translation import gettext, gettext_noop

from .counters import RedisCounters, SqliteCounters
from .slots import RedisSlots, SqliteSlots, Ticket

RATE_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
# The kinds whose cost depends on what the reader asks (the search engine's work): an address
# also has settings.THROTTLE_CPU_RATE of server time for them together.
TIMED_KINDS = {"search", "export", "api"}
# How each kind answers over its limit: (content type, how the message is written)
ANSWERS = {
    "api": ("application/json", lambda message: json.dumps({"error": message}, ensure_ascii=False)),
    "export": ("text/plain; charset=utf-8", str),
    "feed": ("text/plain; charset=utf-8", str),
}
PAGE = ("text/html; charset=utf-8", lambda message: render_to_string("429.html", {"error": message}))
BUSY_RETRY_SECONDS = 2
# While no search slot is free for it, a search waits for one (settings.SEARCH_WAIT_SECONDS) if
# its address has spent at most this share of its server time, and is answered 503 at once
# otherwise: readers wait a moment, and those sending costly queries one after the other are refused.
PATIENT_SHARE = 0.5
FIRST_PAUSE, LONGEST_PAUSE = 0.0005, 0.002  # between looks for a free slot, in seconds
SECONDS_MARK = 987654321  # stands for the seconds in an answer built once, replaced per request


def client_ip(request):
    """The client's address: the reverse proxy's X-Real-IP behind it (DJANGO_BEHIND_PROXY),
    else the connection's. Login throttling (axes) and this throttle both use it."""
    return environ_client_ip(request.META)


def environ_client_ip(environ):
    if settings.BEHIND_PROXY:
        return environ.get("HTTP_X_REAL_IP") or environ.get("REMOTE_ADDR")
    return environ.get("REMOTE_ADDR")


def client_key(address):
    """What one client is counted by: its IPv4 address, or its IPv6 /64 network, which one
    subscriber usually holds whole."""
    if address and ":" in address:
        try:
            return str(ipaddress.IPv6Network(f"{address}/64", strict=False).network_address)
        except ValueError:
            pass
    return address or "unknown"


def throttled(kind):
    """Declare a view's kind: its requests count against settings.THROTTLE_RATES[kind] (a system
    check, legalkb.checks, names a kind the settings lack)."""

    def declare(view):
        view.throttle_kind = kind
        return view

    return declare


@lru_cache(maxsize=64)
def parse_rate(rate):
    """ "60/m" → (60, 60): requests, and the window's length in seconds; None for no limit."""
    if not rate:
        return None
    count, _, unit = rate.partition("/")
    if not count.isdigit() or unit not in RATE_UNITS:
        raise ImproperlyConfigured(f"A throttle rate reads like 60/m (s, m, h or d), not {rate!r}.")
    return int(count), RATE_UNITS[unit]


@lru_cache(maxsize=4096)
def kind_of(path):
    """The throttle kind the view at path declares, or None."""
    try:
        return getattr(resolve(path).func, "throttle_kind", None)
    except Resolver404:
        return None


@lru_cache(maxsize=1)
def counters():
    """The counter store of this process: Redis when settings.REDIS_URL names one."""
    if settings.REDIS_URL:
        return RedisCounters(settings.REDIS_URL)
    settings.THROTTLE_PATH.parent.mkdir(parents=True, exist_ok=True)
    return SqliteCounters(settings.THROTTLE_PATH)


@lru_cache(maxsize=1)
def slots():
    """This machine's search slots, kept where the counters are."""
    shares = settings.SEARCH_CONCURRENCY, settings.SEARCH_SLOTS_PER_ADDRESS
    if settings.REDIS_URL:
        return RedisSlots(settings.REDIS_URL, *shares)
    settings.THROTTLE_PATH.parent.mkdir(parents=True, exist_ok=True)
    return SqliteSlots(settings.THROTTLE_PATH, *shares)


# Why a request is refused: its HTTP status and message
REFUSALS = {
    429: gettext_noop("Too many requests from your address. Please try again in %(seconds)d seconds."),
    503: gettext_noop("Search is busy with many requests at once. Please try again in %(seconds)d seconds."),
}


@lru_cache(maxsize=64)
def refusal_body(kind, language, status):
    """The answer's body for a kind in a language, SECONDS_MARK standing for the seconds."""
    _content_type, write = ANSWERS.get(kind, PAGE)
    with translation.override(language):
        return write(gettext(REFUSALS[status]) % {"seconds": SECONDS_MARK})


def refusal(kind, environ, retry_after, status=429, cookies=None):
    """(headers, body) of the answer, in the reader's language (language cookie or
    Accept-Language)."""
    content_type, _write = ANSWERS.get(kind, PAGE)
    cookies = parse_cookie(environ.get("HTTP_COOKIE", "")) if cookies is None else cookies
    language = reader_language(
        cookies.get(settings.LANGUAGE_COOKIE_NAME), environ.get("HTTP_ACCEPT_LANGUAGE", "")
    )
    body = refusal_body(kind, language, status).replace(str(SECONDS_MARK), str(retry_after)).encode()
    headers = [
        ("Content-Type", content_type),
        ("Content-Length", str(len(body))),
        ("Retry-After", str(retry_after)),
        ("Cache-Control", "no-store"),
        ("X-Content-Type-Options", "nosniff"),
    ]
    return headers, body


@lru_cache(maxsize=256)
def reader_language(cookie, accept_language):
    """The language Django would choose from the language cookie and Accept-Language."""
    reader = SimpleNamespace(
        COOKIES={settings.LANGUAGE_COOKIE_NAME: cookie}, META={"HTTP_ACCEPT_LANGUAGE": accept_language}
    )
    return translation.get_language_from_request(reader)


def signed_in_editor(cookies):
    """Whether the session cookie names a signed-in editor's session (reads the session and the
    user): readers signed in are limited like anyone, or signing up would lift the limits."""
    session_key = cookies.get(settings.SESSION_COOKIE_NAME)
    if not session_key:
        return False
    user_id = import_module(settings.SESSION_ENGINE).SessionStore(session_key).get(SESSION_KEY)
    editors = get_user_model().objects.filter(is_staff=True, is_active=True)
    return user_id is not None and editors.filter(pk=user_id).exists()


class Throttle:
    """The WSGI application, refusing requests over their kind's limit, or searches from an
    address that has spent its server time on searches (settings.THROTTLE_CPU_RATE: CPU
    seconds a window), before it sees them."""

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        kind = kind_of(get_path_info(environ)) if settings.THROTTLE_ENABLED else None
        rate = parse_rate(settings.THROTTLE_RATES[kind]) if kind else None
        if rate is None:
            return self.application(environ, start_response)
        client, now = client_key(environ_client_ip(environ)), time.time()
        cpu_rate = parse_rate(settings.THROTTLE_CPU_RATE) if kind in TIMED_KINDS else None
        spent, share = server_time(f"cpu:{client}", cpu_rate, now)
        over = over_limit(f"{kind}:{client}", rate, now) or (spent if share > 1 else None)
        if over is not None:
            cookies = parse_cookie(environ.get("HTTP_COOKIE", ""))
            if not signed_in_editor(cookies):
                headers, body = refusal(kind, environ, max(1, over.ends - int(now)), cookies=cookies)
                start_response("429 Too Many Requests", headers)
                return [body]
        if kind not in TIMED_KINDS:
            return self.application(environ, start_response)
        patience = settings.SEARCH_WAIT_SECONDS if share <= PATIENT_SHARE else 0
        ticket = Ticket(secrets.token_hex(8), client, spent.count if spent else 0)
        with search_slot(ticket, patience) as taken:
            if not taken:
                headers, body = refusal(kind, environ, BUSY_RETRY_SECONDS, status=503)
                start_response("503 Service Unavailable", headers)
                return [body]
            started = time.process_time()
            try:
                return self.application(environ, start_response)
            finally:
                spent = round((time.process_time() - started) * 1000)
                over_limit(f"cpu:{client}", cpu_rate, now, amount=spent, unit=1000)


@contextmanager
def search_slot(ticket, patience=0.0):
    """Whether ticket took one of this machine's search slots (legalkb.slots: a share for each
    address, the waiting served least spent first, less the time each has waited), waiting up to
    patience seconds for one: the other threads of the workers stay free for every other page,
    whatever floods the searches."""
    started = time.monotonic()
    deadline, wait = started + patience, FIRST_PAUSE
    looked = ticket
    taken = slots().take(looked, time.time(), wait=patience > 0)
    while not taken and time.monotonic() < deadline:
        pause(wait)
        wait = min(wait * 2, LONGEST_PAUSE)
        looked = ticket.after_waiting(time.monotonic() - started)
        taken = slots().take(looked, time.time(), wait=time.monotonic() < deadline)
    try:
        yield taken
    finally:
        slots().release(looked)


def pause(seconds):
    time.sleep(seconds)


def server_time(key, rate, now):
    """(the Count of milliseconds key has spent in the current window, the share of its rate of
    CPU seconds that is), or (None, 0) without a rate."""
    if rate is None:
        return None, 0
    limit, seconds = rate
    spent = counters().hit(key, seconds, now, 0)
    return spent, spent.count / (limit * 1000) if limit else (math.inf if spent.count else 0)


def over_limit(key, rate, now, amount=1, unit=1):
    """Count amount against key's rate (limit, window seconds; None: no limit), the limit in
    amounts of unit; the Count if the window holds more than the limit, else None."""
    if rate is None:
        return None
    limit, seconds = rate
    counted = counters().hit(key, seconds, now, amount)
    return counted if counted.count > limit * unit else None


@receiver(setting_changed)
def forget_settings(setting, **kwargs):
    """Tests change the URLs and the counters' store: what was read from them is read again."""
    if setting in {"ROOT_URLCONF", "REDIS_URL", "THROTTLE_PATH"} or setting.startswith("SEARCH_"):
        kind_of.cache_clear()
        counters.cache_clear()
        slots.cache_clear()
