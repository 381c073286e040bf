"""Faults the search index survives: update_index killed halfway, a missing or corrupt
index (search answers 503, browsing goes on, rebuild_index restores search), and
searches while rebuild_index runs."""

import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ABSTRACT, ARTICLE, ARTICLE_TITLE
from django.core.management import call_command
from processes import wait_until
from whoosh.index import exists_in, open_dir

ROOT = Path(__file__).resolve().parent.parent
REBUILDS = 6  # with Haystack's own clear (rmtree), about one rebuild in four failed a search here
COPIES = 30  # each time, the 54 passages are copied this many times: writing the index takes a while

ADD_COPIES = f"""
from legalkb.models import Passage
passages = list(Passage.objects.all())
top = max(p.position for p in passages)
Passage.objects.bulk_create(
    Passage(source_id=p.source_id, position=p.position + top * copy, text=p.text, start=p.start,
            end=p.end, language=p.language)
    for copy in range(1, {COPIES} + 1) for p in passages
)
"""
COUNTS = """
from legalkb.models import Passage
from legalkb.search import SearchRequest, search_passages
print(Passage.objects.count(), search_passages(SearchRequest()).count)
"""
SEARCH_LOOP = """
import json, os
from django.test import Client
from haystack.query import SearchQuerySet
client, searches, failures = Client(raise_request_exception=False), 0, []
print("ready", flush=True)
while not os.path.exists(os.environ["STOP_FILE"]):
    for url in ("/api/search/", "/search/"):
        response = client.get(url, {"q": "заң"})
        searches += 1
        if response.status_code != 200:
            failures.append([url, response.status_code, response.content.decode()[:300]])
    for _ in range(50):  # the cheapest search, to be there at every moment of the rebuild
        try:
            SearchQuerySet().count()
            searches += 1
        except Exception as error:
            failures.append(repr(error))
print(json.dumps({"searches": searches, "failures": failures}))
"""


def manage(env, *args):
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def counts(env):
    """(passages in the database, passages found by an empty search), in a new process."""
    database, index = manage(env, "shell", "-v0", "-c", COUNTS).split()[-2:]
    return int(database), int(index)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """Its own database (a temporary SQLite file, whatever DATABASE_URL says) and index:
    both sources imported and indexed."""
    folder = tmp_path_factory.mktemp("site")
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        "LEGALKB_INDEX_PATH": str(folder / "index"),
    }
    manage(env, "migrate", "-v0")
    manage(env, "import_source", str(ABSTRACT))
    manage(env, "import_source", str(ARTICLE), "--title", ARTICLE_TITLE)
    return env


def indexed_documents(index_path):
    """How many documents the index's latest commit holds (none before the first)."""
    return open_dir(str(index_path)).doc_count() if exists_in(str(index_path)) else 0


@pytest.mark.slow
def test_searches_never_fail_while_rebuild_index_runs(site, tmp_path):
    stop = tmp_path / "stop"
    searcher = subprocess.Popen(
        [sys.executable, "manage.py", "shell", "-v0", "-c", SEARCH_LOOP],
        cwd=ROOT,
        env={**site, "STOP_FILE": str(stop)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert searcher.stdout.readline() == "ready\n"
        for _ in range(REBUILDS):
            manage(site, "rebuild_index", "--noinput", "-v0")
    finally:
        stop.touch()
        out, err = searcher.communicate(timeout=120)
    assert searcher.returncode == 0, err
    result = json.loads(out.splitlines()[-1])
    assert result["failures"] == []
    assert result["searches"] > 100
    database, indexed = counts(site)
    assert indexed == database


@pytest.mark.slow
def test_update_index_killed_halfway_leaves_a_usable_index_and_the_next_run_completes(site):
    manage(site, "shell", "-v0", "-c", ADD_COPIES)  # bulk_create: none of them is indexed yet
    before = indexed_documents(site["LEGALKB_INDEX_PATH"])
    indexer = subprocess.Popen(
        [sys.executable, "manage.py", "update_index", "-v0"],
        cwd=ROOT,
        env=site,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )

    def first_batch_committed():  # update_index commits 1,000 passages at a time
        return indexed_documents(site["LEGALKB_INDEX_PATH"]) > before

    wait_until(first_batch_committed, indexer, "update_index's first commit")
    indexer.kill()
    assert indexer.wait() == -signal.SIGKILL

    database, indexed = counts(site)
    assert 0 < indexed < database
    manage(site, "update_index", "-v0")
    database, indexed = counts(site)
    assert indexed == database > COPIES * 54


@pytest.mark.parametrize("damage", ["missing", "corrupt"])
def test_a_broken_index_stops_only_search_until_rebuild_index(client, corpus, private_index, damage):
    call_command("rebuild_index", interactive=False, verbosity=0)
    if damage == "missing":
        shutil.rmtree(private_index)
    else:
        for toc in private_index.glob("_MAIN_*.toc"):
            toc.write_bytes(b"not a whoosh table of contents")
    passage = corpus.article.passages.first()
    browse = ["/", "/principles/", corpus.article.get_absolute_url(), passage.get_absolute_url()]
    search = ["/search/", "/api/search/"]

    assert [client.get(url).status_code for url in browse] == [200] * 4
    for url in search:
        response = client.get(url, {"q": "заң"})
        assert response.status_code == 503
        assert "manage.py rebuild_index" in response.content.decode()

    call_command("rebuild_index", interactive=False, verbosity=0)
    assert [client.get(url, {"q": "заң"}).status_code for url in search] == [200, 200]
    assert client.get("/api/search/", {"q": "заң"}).json()["count"] > 0
