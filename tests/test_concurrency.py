"""Searches, editors and update_index at the same time, all in real separate processes:
gunicorn with 4 workers, two editors, and update_index run again and again until the editors
are done; and two editors saving passages through the admin's change views at the same moment.
Each counts the work done (saves, searches), never the time it took."""

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
from processes import (
    ROOT,
    SAFETY_SECONDS,
    free_port,
    listening,
    manage,
    project_env,
    running,
    set_up,
    start_editors,
    start_python,
    update_index_while,
    wait_until,
)

EDITOR_ROUNDS = 20  # saves by each editor
SEARCHES = 60  # at the least, while and after the editors save
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


def search_while(base, editors, results):
    """Search until the editors have ended and SEARCHES searches are done in all (or the
    safety bound has passed); every status, or the error met, goes into results."""
    rng, deadline = random.Random(), time.monotonic() + SAFETY_SECONDS
    while (running(editors) or len(results) < SEARCHES) and time.monotonic() < deadline:
        params = {"q": rng.choice(QUERIES), **rng.choice(FILTERS)}
        try:
            status, _ = get_json(f"{base}/api/search/?{urlencode(params)}")
            results.append(status)
        except Exception as error:  # every failure counts, whatever its kind
            results.append(repr(error))


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
        statuses, indexers = [], []
        editors = start_editors(env, EDITOR_ROUNDS)
        workers = [threading.Thread(target=search_while, args=(base, editors, statuses)) for _ in range(4)]
        workers.append(threading.Thread(target=lambda: indexers.extend(update_index_while(env, editors))))
        for worker in workers:
            worker.start()
        outputs = [editor.communicate(timeout=SAFETY_SECONDS) for editor in editors]
        for worker in workers:
            worker.join()
        assert manage(["update_index", "-v0"], env).returncode == 0  # what the worker does next

        failures = [s for s in statuses if s != 200]
        assert failures == []
        assert len(statuses) >= SEARCHES, f"{len(statuses)} searches in {SAFETY_SECONDS} s"
        assert indexers and [run.stderr for run in indexers if run.returncode] == []
        markers = []
        for editor, (out, err) in zip(editors, outputs, strict=True):
            assert editor.returncode == 0, err
            markers += json.loads(out)
        assert len(markers) == 2 * EDITOR_ROUNDS
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


ROUNDS = 10
MAKE_EDITORS = (
    "from django.contrib.auth.models import User, Group; editors = Group.objects.get(name='Editors');"
    "[User.objects.create_user(n, is_staff=True).groups.add(editors) for n in ('aigerim', 'dana')]"
)
TEXTS = (
    "import json; from legalkb.models import Passage;"
    "print(json.dumps(dict(Passage.objects.values_list('pk', 'text'))))"
)


class AdminEditor:
    """tests/admin_editor.py in a process of its own."""

    def __init__(self, env, username):
        self.process = start_python(["tests/admin_editor.py", username], env, stdin=subprocess.PIPE)

    def say(self, line):
        self.process.stdin.write(line + "\n")
        self.process.stdin.flush()

    def answer(self):
        line = self.process.stdout.readline()
        assert line, self.process.stderr.read()
        return line.strip()

    def close(self):
        self.process.stdin.close()
        assert self.process.wait(timeout=60) == 0, self.process.stderr.read()


@pytest.fixture(scope="module")
def two_editors(tmp_path_factory):
    """Two editors' processes on a database of their own, both sources imported."""
    env = project_env(tmp_path_factory.mktemp("editors"))
    set_up(env, ABSTRACT, ARTICLE)
    assert manage(["shell", "-c", MAKE_EDITORS], env).returncode == 0
    editors = [AdminEditor(env, name) for name in ("aigerim", "dana")]
    yield env, editors
    for editor in editors:
        editor.close()


def save_together(editors, passage_ids, markers):
    """Both editors read their passage's form, then both post it at the same moment."""
    for editor, pk in zip(editors, passage_ids, strict=True):
        editor.say(f"read {pk}")
    assert [editor.answer() for editor in editors] == ["ready", "ready"]
    for editor, marker in zip(editors, markers, strict=True):
        editor.say(f"post {marker}")
    return [json.loads(editor.answer()) for editor in editors]


@pytest.mark.slow
def test_two_editors_saving_different_passages_at_once_both_keep_their_changes(two_editors):
    env, editors = two_editors
    outcomes, markers = [], []
    for round_ in range(ROUNDS):
        pair = [f"бөлек{name}{round_}" for name in "ab"]
        outcomes += save_together(editors, [10, 11], pair)
        markers += pair
    assert {(o["status"], o["refused"]) for o in outcomes} == {(302, False)}
    texts = json.loads(manage(["shell", "-v0", "-c", TEXTS], env).stdout)
    assert all(marker in texts["10"] + texts["11"] for marker in markers)


@pytest.mark.slow
def test_two_editors_saving_the_same_passage_at_once_one_is_kept_and_one_told(two_editors):
    env, editors = two_editors
    kept, refused = [], []
    for round_ in range(ROUNDS):
        pair = [f"бірдей{name}{round_}" for name in "ab"]
        outcomes = save_together(editors, [20, 20], pair)
        assert sorted((o["status"], o["refused"]) for o in outcomes) == [(200, True), (302, False)]
        for marker, outcome in zip(pair, outcomes, strict=True):
            (kept if outcome["status"] == 302 else refused).append(marker)
    text = json.loads(manage(["shell", "-v0", "-c", TEXTS], env).stdout)["20"]
    assert text.endswith(" " + " ".join(kept))
    assert not any(marker in text.split() for marker in refused)
