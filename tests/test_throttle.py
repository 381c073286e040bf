"""Anonymous requests are limited per client address and kind of page (browse, search,
export, api, feed), before Django handles them: over its limit a request answers 429 with
Retry-After — JSON for the API, plain text for exports, a page in the reader's language
otherwise — without a middleware, the database, a session or a template. The site's WSGI
application (legalkb/wsgi.py) is Throttle around Django's; here it is around an application
that answers "passed"."""

import json
import sys
import time
import types
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import RequestFactory, override_settings
from django.test.signals import template_rendered
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, path

from legalkb import api, throttle, urls
from legalkb.slots import Ticket
from legalkb.throttle import Throttle, client_key, counters, parse_rate, slots

pytestmark = pytest.mark.django_db

RATES = {"browse": "3/h", "search": "3/h", "export": "2/h", "api": "2/h", "feed": "2/h", "download": "2/h"}


@pytest.fixture(autouse=True)
def low_limits(tmp_path):
    """Throttling on (the test settings turn it off), with counts of this test's own and
    limits an hour long, so that no window ends during a test."""
    with override_settings(THROTTLE_ENABLED=True, THROTTLE_RATES=RATES, THROTTLE_PATH=tmp_path / "counts"):
        yield


def passed(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"passed"]


def failing(environ, start_response):
    raise RuntimeError("the search failed")


def working(environ, start_response):
    """An application that takes a few milliseconds of CPU time (a search, say)."""
    started = time.process_time()
    while time.process_time() - started < 0.005:
        pass
    return passed(environ, start_response)


@dataclass
class Answer:
    status_code: int
    headers: dict
    content: bytes

    def __getitem__(self, header):
        return self.headers[header]

    def json(self):
        return json.loads(self.content)


def get(url, data=None, application=passed, **meta):
    """The throttled application's answer to a GET (meta: WSGI environ entries)."""
    environ = RequestFactory().get(url, data, **meta).environ
    started = {}

    def start_response(status, headers):
        started.update(status=int(status[:3]), headers=dict(headers))

    body = b"".join(Throttle(application)(environ, start_response))
    return Answer(started["status"], started["headers"], body)


def use_up(url, times, **meta):
    return [get(url, **meta).status_code for _ in range(times)]


def assert_retry_after(response):
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 3600


def test_the_api_answers_429_in_json_past_its_limit():
    assert use_up("/api/search/?q=заң", 2) == [200, 200]

    response = get("/api/search/", {"q": "заң"})

    assert_retry_after(response)
    assert response["Content-Type"] == "application/json"
    assert f"{response['Retry-After']} " in response.json()["error"]


def test_exports_have_a_lower_limit_and_answer_in_plain_text():
    assert use_up("/search/export.csv?q=заң", 1) + use_up("/search/export.json?q=заң", 1) == [200, 200]

    response = get("/search/export.ris", {"q": "заң"})

    assert_retry_after(response)
    assert response["Content-Type"] == "text/plain; charset=utf-8"


def test_the_search_page_answers_a_page_in_kazakh_by_default():
    use_up("/search/?q=заң", 3)

    response = get("/search/", {"q": "заң"})

    assert_retry_after(response)
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert "Сұраныстар тым көп" in response.content.decode()


def test_the_429_page_speaks_the_readers_language():
    use_up("/search/?q=заң", 3)

    html = get("/search/", {"q": "заң"}, HTTP_COOKIE="django_language=ru").content.decode()

    assert "Слишком много запросов" in html and '<html lang="ru">' in html


def test_browsing_pages_have_a_limit_of_their_own():
    use_up("/api/search/?q=заң", 3)
    assert use_up("/principles/", 3) == [200, 200, 200]

    assert_retry_after(get("/passages/1/"))


def test_downloads_of_original_files_have_a_limit_of_their_own():
    use_up("/principles/", 3)
    assert use_up("/sources/a-source/file", 2) == [200, 200]

    assert_retry_after(get("/sources/another-source/file"))


def test_a_refused_request_reads_no_database_session_or_template():
    cookie = "sessionid=not-a-session-of-anyone"
    use_up("/search/?q=заң", 4, HTTP_COOKIE=cookie)  # the fourth builds the page once for this language
    rendered = []
    template_rendered.connect(lambda **kwargs: rendered.append(kwargs["template"].name), weak=False)

    with CaptureQueriesContext(connection) as queries:
        response = get("/search/", {"q": "заң"}, HTTP_COOKIE=cookie)

    template_rendered.receivers.clear()
    assert response.status_code == 429 and rendered == []
    assert [query["sql"] for query in queries] == [
        # only a request that carries a session cookie has its session read: it may be an editor's
        next(query["sql"] for query in queries if "django_session" in query["sql"])
    ]


def test_a_refused_request_without_a_session_cookie_reads_nothing():
    use_up("/api/search/?q=заң", 3)

    with CaptureQueriesContext(connection) as queries:
        assert get("/api/search/", {"q": "заң"}).status_code == 429

    assert len(queries) == 0


@override_settings(THROTTLE_CPU_RATE="0/h")
def test_an_address_that_spent_its_server_time_on_searches_may_only_browse():
    assert get("/api/search/?q=заң", application=working).status_code == 200

    assert_retry_after(get("/search/?q=заң"))
    assert get("/passages/1/").status_code == 200
    assert get("/search/?q=заң", REMOTE_ADDR="198.51.100.9").status_code == 200


def search_elsewhere(address="203.0.113.7"):
    """A search that another worker runs, holding a slot, for address."""
    running = Ticket(f"elsewhere-{address}", address, 0)
    assert slots().take(running, time.time(), wait=False)
    return running


def test_while_every_search_slot_is_taken_a_search_waits_its_patience_then_answers_busy(settings):
    settings.SEARCH_CONCURRENCY, settings.SEARCH_WAIT_SECONDS = 1, 0
    running = search_elsewhere()

    busy = get("/api/search/?q=заң", HTTP_ACCEPT_LANGUAGE="en")

    assert get("/passages/1/").status_code == 200
    assert (busy.status_code, busy["Retry-After"]) == (503, "2")
    assert busy.json()["error"] == "Search is busy with many requests at once. Please try again in 2 seconds."
    slots().release(running)
    assert get("/api/search/?q=заң").status_code == 200


def test_a_search_waits_for_a_slot_to_free(settings, monkeypatch):
    settings.SEARCH_CONCURRENCY, settings.SEARCH_WAIT_SECONDS = 1, 60
    running = search_elsewhere()
    waits = []

    def the_other_search_ends(seconds):
        waits.append(seconds)
        slots().release(running)

    monkeypatch.setattr(throttle, "pause", the_other_search_ends)

    assert get("/api/search/?q=заң").status_code == 200
    assert len(waits) == 1


def test_a_waiting_search_is_not_passed_for_ever_by_lighter_newcomers(settings, monkeypatch):
    settings.SEARCH_CONCURRENCY, settings.SEARCH_WAIT_SECONDS = 1, 60
    counters().hit("cpu:127.0.0.1", 60, amount=400)  # milliseconds this address has spent
    running = search_elsewhere()
    newcomer = Ticket("newcomer", "198.51.100.9", 0)  # a lighter search, waiting at every look
    clock, pauses = [time.monotonic()], []
    monkeypatch.setattr(throttle.time, "monotonic", lambda: clock[0])

    def a_tenth_of_a_second_passes(seconds):
        pauses.append(seconds)
        clock[0] += 0.1
        slots().release(running)
        slots().take(newcomer, time.time(), wait=True)

    monkeypatch.setattr(throttle, "pause", a_tenth_of_a_second_passes)

    assert get("/api/search/?q=заң").status_code == 200
    assert len(pauses) == 2  # after 0.2 s its 400 ms count as 200: alike the newcomer's 0
    assert slots().take(newcomer, time.time(), wait=False)  # the slot taken after waiting was freed


def test_an_address_searching_in_one_worker_leaves_the_other_slots_to_others(settings):
    settings.SEARCH_CONCURRENCY, settings.SEARCH_WAIT_SECONDS = 2, 0
    search_elsewhere("203.0.113.7")

    assert get("/api/search/?q=заң", REMOTE_ADDR="203.0.113.7").status_code == 503
    assert get("/api/search/?q=заң", REMOTE_ADDR="198.51.100.9").status_code == 200


def test_a_search_leaves_its_slot_free_even_when_it_fails():
    assert get("/api/search/?q=заң").status_code == 200
    with pytest.raises(RuntimeError):
        get("/api/search/?q=заң", application=failing)
    assert slots().take(Ticket("next", "127.0.0.1", 0), time.time(), wait=False)


@override_settings(THROTTLE_CPU_RATE="1/h")
def test_an_address_that_spent_half_its_server_time_is_answered_busy_at_once(settings, monkeypatch):
    settings.SEARCH_CONCURRENCY, settings.SEARCH_WAIT_SECONDS = 1, 60
    counters().hit("cpu:127.0.0.1", 3600, amount=600)  # milliseconds: 60 % of its second an hour
    monkeypatch.setattr(throttle, "pause", lambda seconds: pytest.fail("an address that spent much waited"))
    search_elsewhere()

    assert get("/api/search/?q=заң").status_code == 503


def test_each_address_has_its_own_count():
    use_up("/api/search/", 2, REMOTE_ADDR="198.51.100.1")
    assert get("/api/search/", REMOTE_ADDR="198.51.100.1").status_code == 429
    assert get("/api/search/", REMOTE_ADDR="198.51.100.2").status_code == 200


@override_settings(BEHIND_PROXY=True)
def test_behind_the_proxy_each_client_address_has_its_own_count():
    use_up("/api/search/", 2, HTTP_X_REAL_IP="203.0.113.1")
    assert get("/api/search/", HTTP_X_REAL_IP="203.0.113.1").status_code == 429
    assert get("/api/search/", HTTP_X_REAL_IP="203.0.113.2").status_code == 200


def test_an_ipv6_client_is_counted_by_its_64_bit_network():
    assert client_key("2001:db8:1:2:aaaa::1") == client_key("2001:db8:1:2:bbbb::9") == "2001:db8:1:2::"
    assert client_key("2001:db8:1:3::1") != client_key("2001:db8:1:2::1")
    assert client_key("198.51.100.7") == "198.51.100.7"


def test_signed_in_editors_are_not_limited(client):
    client.force_login(User.objects.create_user("aigerim", password="a-long-editor-password", is_staff=True))
    session = f"sessionid={client.cookies['sessionid'].value}"

    assert use_up("/api/search/?q=заң", 5, HTTP_COOKIE=session) == [200] * 5


def test_signed_in_readers_are_limited_like_anyone(client):
    client.force_login(User.objects.create_user("reader@example.org", password="a-long-reader-password"))
    session = f"sessionid={client.cookies['sessionid'].value}"

    assert use_up("/api/search/?q=заң", 3, HTTP_COOKIE=session) == [200, 200, 429]


def test_feeds_and_the_passage_and_source_apis_are_limited():
    feeds = use_up("/search/feed.atom?q=заң", 2) + use_up("/principles/legality/feed.atom", 1)
    assert feeds == [200, 200, 429]
    assert use_up("/api/passages/1/", 1) + use_up("/api/sources/any/", 2) == [200, 200, 429]


def test_nothing_is_counted_with_the_throttle_off(settings):
    settings.THROTTLE_ENABLED = False

    assert use_up("/api/search/?q=заң", 5) == [200] * 5
    assert counters().size() == 0


def test_a_rate_reads_as_requests_per_unit_of_time():
    assert [parse_rate(rate) for rate in ("60/m", "10/s", "100/h", "1000/d", "")] == [
        (60, 60),
        (10, 1),
        (100, 3600),
        (1000, 86400),
        None,
    ]


def public_views(patterns, prefix=""):
    """(route, view) of every URL but the admin's and the language switch's."""
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            if not route.startswith(("admin/", "i18n/")):
                yield from public_views(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            yield route, pattern.callback


def test_every_public_page_declares_its_kind():
    kinds = {
        route: getattr(view, "throttle_kind", None)
        for route, view in public_views(get_resolver().url_patterns)
    }

    assert kinds["search/export.csv"] == "export" and kinds["api/search/"] == "api"
    assert kinds["passages/<int:pk>/"] == "browse" and kinds["search/"] == "search"
    assert kinds["sources/<slug:slug>/file"] == "download"
    assert kinds["search/feed.atom"] == kinds["acts/<slug:slug>/feed.atom"] == "feed"
    assert kinds["api/passages/<int:pk>/"] == "api" and kinds["account/signup/"] == "browse"
    assert all(kind in RATES for kind in kinds.values()), kinds


def test_the_kind_comes_from_the_view_not_its_address():
    elsewhere = [path("anything/", api.search_api), *urls.urlpatterns]
    sys.modules["elsewhere_urls"] = types.SimpleNamespace(urlpatterns=elsewhere)
    with override_settings(ROOT_URLCONF="elsewhere_urls"):
        assert use_up("/anything/", 3) == [200, 200, 429]
