"""Searches, editors and update_index at the same time, all in real separate processes:
gunicorn with 4 workers, two editors, and update_index run again and again."""

import json
import random
import secrets
import subprocess
import sys
import threading
import time
import urllib.request
from urllib.parse import urlencode

import pytest
from conftest import ABSTRACT, ARTICLE
from processes import ROOT, free_port, listening, manage, project_env, set_up, start_editors, wait_until

SECONDS = 20
QUERIES = ["жауапкершілік", "кінәлілік презумпциясы", "мемлекеттік қызмет", "заң үстемдігі", "реформа", ""]
FILTERS = [{}, {"principle": "legality"}, {"language": "kk"}, {"principle": "legal-responsibility"}]
TRUTH = (
    "import json; from legalkb.models import Passage, PrincipleLink;"
    "links = PrincipleLink.objects.active().values_list('principle__slug', flat=True);"
    "counts = {};"
    "[counts.__setitem__(s, counts.get(s, 0) + 1) for s in links];"
    "print(json.dumps({'passages': Passage.objects.count(), 'principles': counts}))"
)


def get_json(url):
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.status, json.loads(response.read())


def start_gunicorn(env, port, log):
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "legalkb.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "4"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    wait_until(lambda: listening(port), server, f"gunicorn listening, log in {log.name}")
    return server


def search_until(base, deadline, results):
    rng = random.Random()
    while time.monotonic() < deadline:
        params = {"q": rng.choice(QUERIES), **rng.choice(FILTERS)}
        try:
            status, _ = get_json(f"{base}/api/search/?{urlencode(params)}")
            results.append(status)
        except Exception as error:  # every failure counts, whatever its kind
            results.append(repr(error))


def update_index_until(env, deadline, exits):
    while time.monotonic() < deadline:
        exits.append(manage(["update_index", "-v0"], env).returncode)


@pytest.mark.slow
def test_searches_saves_and_update_index_together_lose_nothing(tmp_path):
    env = project_env(
        tmp_path,
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_SECURE_SSL_REDIRECT="0",
    )
    set_up(env, ABSTRACT, ARTICLE)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_gunicorn(env, port, (tmp_path / "gunicorn.log").open("w"))
    try:
        deadline = time.monotonic() + SECONDS
        statuses, exits = [], []
        workers = [threading.Thread(target=search_until, args=(base, deadline, statuses)) for _ in range(4)]
        workers.append(threading.Thread(target=update_index_until, args=(env, deadline, exits)))
        editors = start_editors(env, SECONDS)
        for worker in workers:
            worker.start()
        outputs = [editor.communicate(timeout=600) for editor in editors]
        for worker in workers:
            worker.join()

        failures = [s for s in statuses if s != 200]
        assert len(statuses) > 50 and failures == []
        assert exits and set(exits) == {0}
        markers = []
        for editor, (out, err) in zip(editors, outputs, strict=True):
            assert editor.returncode == 0, err
            markers += json.loads(out)
        assert len(markers) > 10
        assert [get_json(f"{base}/api/search/?{urlencode({'q': m})}")[1]["count"] for m in markers] == [
            1
        ] * len(markers)
        truth = json.loads(manage(["shell", "-c", TRUTH], env).stdout.splitlines()[-1])
        _, everything = get_json(f"{base}/api/search/?page_size=1")
        assert everything["count"] == truth["passages"]
        assert {f["value"]: f["count"] for f in everything["facets"]["principle"]} == truth["principles"]
    finally:
        server.terminate()
        server.wait(timeout=30)
