"""Deployment: `make serve` in production settings, the search engine and index chosen
through the environment, and what the index receives, which any engine with a
whitespace tokenizer indexes the same way (docs/deploy.md)."""

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
from haystack import connections
from test_search import HOSTILE_BUDGET_SECONDS

from legalkb.models import Passage
from legalkb.search_indexes import PassageIndex
from legalkb.text.analysis import analyse

ROOT = Path(__file__).resolve().parent.parent
ENGINE = "legalkb.search.backends.whoosh.KazakhWhooshEngine"


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


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(url, **headers):
    """(status, headers, body) of a GET that does not follow redirects."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.build_opener(NoRedirect).open(request, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


@pytest.fixture(scope="module")
def production_server(tmp_path_factory):
    """`make serve` with production settings, its own database and index, behind a
    (pretend) TLS-terminating proxy; yields the base URL and the index folder."""
    folder = tmp_path_factory.mktemp("production")
    port = free_port()
    env = {
        "PATH": os.environ["PATH"],
        "HOME": os.environ.get("HOME", str(folder)),
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_BEHIND_PROXY": "1",
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        "LEGALKB_SEARCH_ENGINE": ENGINE,
        "LEGALKB_INDEX_PATH": str(folder / "index"),
        "BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "2",
    }
    log = (folder / "serve.log").open("w")
    server = subprocess.Popen(
        ["make", "serve"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180
        while True:
            assert server.poll() is None, (folder / "serve.log").read_text()
            assert time.monotonic() < deadline, "make serve did not start in time"
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.5)
        yield base, folder / "index"
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        log.close()


HTTPS = {"X-Forwarded-Proto": "https"}


def test_make_serve_serves_pages_and_static_files_over_https_only(production_server):
    base, _ = production_server

    status, headers, _ = get(base + "/")
    assert status == 301 and headers["Location"].startswith("https://127.0.0.1")

    status, headers, body = get(base + "/", **HTTPS)
    assert status == 200 and b"legalkb" in body
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert "script-src 'self'" in headers["Content-Security-Policy"]

    status, headers, body = get(base + "/static/css/legalkb.css", **HTTPS)
    assert status == 200 and headers["Content-Type"].startswith("text/css") and b"badge" in body

    status, headers, _ = get(base + "/admin/login/", **HTTPS)
    assert status == 200 and "Secure" in headers["Set-Cookie"] and "HttpOnly" not in headers["Set-Cookie"]


def test_search_runs_on_the_engine_and_index_named_in_the_environment(production_server):
    base, index = production_server

    status, _, body = get(base + "/api/search/?q=" + quote("жауапкершілігі"), **HTTPS)

    assert status == 200
    found = json.loads(body)
    assert found["count"] > 10 and "<mark>" in found["results"][0]["highlighted"]
    assert any(index.glob("gen-*/*.seg")), "the index was written where LEGALKB_INDEX_PATH says"


# The hostile queries of test_search.py, cut to fit a request line (4 KB in gunicorn and nginx).
HOSTILE_REQUEST_LINES = [
    '"' + "а " * 400 + '"',
    "ж" * 600,
    " ".join("жауапкершілік" * 4 + str(i) for i in range(8)),
    " ".join(f"сөзжоқ{i}" for i in range(60)),
]


def test_hostile_queries_at_once_leave_gunicorn_free_for_a_normal_search(production_server):
    """Six hostile queries sent together, then an ordinary one: all answer within a budget
    far below the 5 to 15 s each took before queries were bounded."""
    base, _ = production_server
    urls = [base + "/api/search/?" + urlencode({"q": q}) for q in HOSTILE_REQUEST_LINES] * 2
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=len(urls[:6])) as pool:
        statuses = [status for status, _, _ in pool.map(lambda url: get(url, **HTTPS), urls[:6])]
    status, _, body = get(base + "/api/search/?q=" + quote("жауапкершілігі"), **HTTPS)
    assert statuses == [200] * 6 and status == 200 and json.loads(body)["count"] > 10
    assert time.monotonic() - started < 4 * HOSTILE_BUDGET_SECONDS


def test_an_unknown_engine_in_the_environment_stops_search_with_its_name():
    script = "from haystack import connections; connections['default'].get_backend()"
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", script],
        cwd=ROOT,
        env={"PATH": os.environ["PATH"], "LEGALKB_SEARCH_ENGINE": "legalkb.nowhere.Engine"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "legalkb.nowhere" in result.stderr
