"""Deployment: `make serve` in production settings, the search engine and index chosen
through the environment, and what the index receives, which any engine with a
whitespace tokenizer indexes the same way (docs/deploy.md)."""

import json
import os
import re
import runpy
import sqlite3
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
from conftest import ABSTRACT
from haystack import connections
from processes import (
    SERVED_API_RATE,
    free_port,
    http_get,
    project_env,
    set_up,
    start_gunicorn,
    stop,
    wait_until,
)

from legalkb.models import Passage
from legalkb.search_indexes import PassageIndex
from legalkb.slots import SqliteSlots, Ticket
from legalkb.text.analysis import analyse

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.django_db
def test_the_index_receives_exactly_the_analysed_tokens_separated_by_single_spaces(corpus):
    index = PassageIndex()
    fields = connections["default"].get_unified_index().all_searchfields()
    _, schema = connections["default"].get_backend().build_schema(fields)
    passages = Passage.objects.filter(source__in=[corpus.abstract, corpus.article]).exclude(text="")
    assert passages.count() > 50
    for passage in passages:
        document = index.full_prepare(passage)
        analysed = analyse(passage.text, passage.language)
        expected = {
            "text": analysed.stems,
            "roots": analysed.roots,
            "spelling": analysed.words,
            "keys": analysed.keys,
        }
        for field, tokens in expected.items():
            assert document[field] == " ".join(tokens)
            assert document[field].split(" ") == tokens  # no token holds a space or is empty
            assert [t.text for t in schema[field].analyzer(document[field])] == tokens


HTTPS = {"X-Forwarded-Proto": "https"}


@pytest.mark.slow
def test_make_serve_serves_pages_and_static_files_over_https_only(production_server):
    base = production_server

    status, headers, _ = http_get(base + "/")
    assert status == 301 and headers["Location"].startswith("https://127.0.0.1")

    status, headers, body = http_get(base + "/", **HTTPS)
    assert status == 200 and b"legalkb" in body
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert "script-src 'self'" in headers["Content-Security-Policy"]

    status, headers, body = http_get(base + "/static/css/legalkb.css", **HTTPS)
    assert status == 200 and headers["Content-Type"].startswith("text/css") and b"badge" in body

    status, headers, _ = http_get(base + "/admin/login/", **HTTPS)
    assert status == 200 and "Secure" in headers["Set-Cookie"] and "HttpOnly" not in headers["Set-Cookie"]


@pytest.mark.slow
def test_search_runs_on_the_engine_and_index_named_in_the_environment(production_server, served_folder):
    base, index = production_server, served_folder / "index"

    status, _, body = http_get(base + "/api/search/?q=" + quote("жауапкершілігі"), **HTTPS)

    assert status == 200
    found = json.loads(body)
    assert found["count"] > 10 and "<mark>" in found["results"][0]["highlighted"]
    assert any(index.glob("gen-*/*.seg")), "the index was written where LEGALKB_INDEX_PATH says"


# The hostile queries of test_search.py, cut to fit nginx's default request line (8 KB).
HOSTILE_REQUEST_LINES = [
    '"' + "а " * 400 + '"',
    "ж" * 600,
    " ".join("жауапкершілік" * 4 + str(i) for i in range(8)),
    " ".join(f"сөзжоқ{i}" for i in range(60)),
]


@pytest.mark.slow
def test_hostile_queries_at_once_leave_gunicorn_free_for_a_normal_search(production_server):
    """Six hostile queries sent together from six addresses, then an ordinary one: all
    answered (how long they take is measured by make abuse, docs/benchmarks.md)."""
    requests = [
        (production_server + "/api/search/?" + urlencode({"q": q}), {**HTTPS, "X-Real-IP": f"198.51.100.{n}"})
        for n, q in enumerate(HOSTILE_REQUEST_LINES * 2)
    ][:6]
    with ThreadPoolExecutor(max_workers=len(requests)) as pool:
        statuses = [status for status, _, _ in pool.map(lambda r: http_get(r[0], **r[1]), requests)]
    ordinary = {**HTTPS, "X-Real-IP": "198.51.100.99"}
    status, _, body = http_get(production_server + "/api/search/?q=" + quote("жауапкершілігі"), **ordinary)
    assert statuses == [200] * 6 and status == 200 and json.loads(body)["count"] > 10


@pytest.mark.slow
def test_a_2000_letter_query_is_answered_by_the_api_in_json_through_gunicorn(production_server):
    query = quote("ж" * 2000)  # 12,000 bytes percent-encoded: past gunicorn's default request line
    headers = {**HTTPS, "X-Real-IP": "203.0.113.20", "Accept-Language": "en"}

    status, headers, body = http_get(production_server + "/api/search/?q=" + query, **headers)

    assert status == 200 and headers["Content-Type"] == "application/json"
    assert json.loads(body)["notices"] == ["Words longer than 40 letters were left out."]


@pytest.mark.slow
def test_behind_the_proxy_each_client_address_gets_its_own_api_limit(production_server):
    first, second = {**HTTPS, "X-Real-IP": "203.0.113.10"}, {**HTTPS, "X-Real-IP": "203.0.113.11"}
    statuses = [http_get(production_server + "/api/search/?q=x", **first)[0] for _ in range(SERVED_API_RATE)]
    assert statuses == [200] * SERVED_API_RATE

    status, headers, body = http_get(production_server + "/api/search/?q=x", **first)

    assert status == 429 and json.loads(body)["error"] and int(headers["Retry-After"]) > 0
    assert http_get(production_server + "/api/search/?q=x", **second)[0] == 200


def test_gunicorn_ends_a_slow_request_a_little_before_nginx_gives_up():
    """gunicorn.conf.py's timeout and docs/deploy.md's nginx proxy_read_timeout agree."""
    config = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    nginx = re.search(r"proxy_read_timeout (\d+)s;", (ROOT / "docs" / "deploy.md").read_text()).group(1)
    assert config["timeout"] < int(nginx) <= config["timeout"] + 10


@pytest.mark.slow
def test_an_unknown_engine_in_the_environment_stops_search_with_its_name():
    script = "from haystack import connections; connections['default'].get_backend()"
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", script],
        cwd=ROOT,
        env={**os.environ, "LEGALKB_SEARCH_ENGINE": "legalkb.nowhere.Engine"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "legalkb.nowhere" in result.stderr


@pytest.mark.slow
def test_a_search_waiting_for_a_slot_holds_a_thread_and_leaves_its_worker_serving_pages(tmp_path):
    """gunicorn.conf.py gives each worker threads: with one worker, a passage page is answered
    while a search waits in that worker for the machine's only search slot."""
    throttle_path = tmp_path / "throttle.sqlite3"
    env = project_env(
        tmp_path,
        DJANGO_DEBUG="0",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        LEGALKB_THROTTLE="1",
        LEGALKB_THROTTLE_PATH=str(throttle_path),
        LEGALKB_SEARCH_CONCURRENCY="1",
        LEGALKB_SEARCH_WAIT_SECONDS="600",
    )
    set_up(env, ABSTRACT)
    port, log = free_port(), (tmp_path / "gunicorn.log").open("w")
    server = start_gunicorn(env, port, log, workers=1)
    base, elsewhere = f"http://127.0.0.1:{port}", Ticket("elsewhere", "203.0.113.7", 0)
    try:
        assert SqliteSlots(throttle_path, 1, 1).take(elsewhere, time.time(), wait=False)
        with ThreadPoolExecutor(max_workers=1) as pool:
            search = pool.submit(http_get, base + "/api/search/?q=" + quote("жауапкершілігі"))
            wait_until(lambda: searches_waiting(throttle_path) == 1, server, "a search waiting for the slot")

            status, _, body = http_get(base + "/passages/1/")

            assert status == 200 and b"<article" in body and not search.done()
            SqliteSlots(throttle_path, 1, 1).release(elsewhere)
            assert search.result()[0] == 200
    finally:
        stop(server)
        log.close()


def searches_waiting(throttle_path):
    with sqlite3.connect(throttle_path) as connection:
        return connection.execute("SELECT count(*) FROM slots WHERE NOT holding").fetchone()[0]
