"""Faults the search index survives, in real processes: rebuild_index killed with
SIGKILL at any moment while searches run (every search sees the complete old or the
complete new index), leftovers cleaned, a missing or corrupt index (search answers 503,
browsing goes on, rebuild_index restores search)."""

import json
import os
import signal
import subprocess

import pytest
from conftest import ABSTRACT, ARTICLE, ARTICLE_TITLE, break_index
from django.core.management import call_command
from django.utils import translation
from processes import SOLR_PREFIX, manage, start_python, wait_until

from legalkb.search.backends.solr import CollectionStore
from legalkb.search.storage import IndexStore
from legalkb.solrcloud.admin import SolrAdmin

COPIES = 80  # the 54 passages are copied this many times, so a rebuild writes several batches
ORIGINAL = 54

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
# Counts what every search finds until STOP_FILE exists; prints the distinct counts seen.
SEARCH_LOOP = """
import json, os
from django.test import Client
client, counts, failures = Client(raise_request_exception=False), set(), []
print("ready", flush=True)
while not os.path.exists(os.environ["STOP_FILE"]):
    response = client.get("/api/search/", {"page_size": 1})
    if response.status_code == 200:
        counts.add(response.json()["count"])
    else:
        failures.append([response.status_code, response.content.decode()[:300]])
print(json.dumps({"counts": sorted(counts), "failures": failures[:5]}))
"""
# A rebuild held after its first batch (so inside its lock) until a line arrives on stdin.
HELD_REBUILD = """
import sys
from legalkb.search.rebuild import rebuild

def hold(done, total):
    if done == 1000:
        print("holding", flush=True)
        sys.stdin.readline()

print(rebuild(1, hold, batch_size=1000))
"""


def succeed(env, *args):
    """manage.py args's output; the test fails if the command does."""
    result = manage(list(args), env)
    assert result.returncode == 0, result.stderr
    return result.stdout


def counts(env):
    """(passages in the database, passages found by an empty search), in a new process."""
    database, index = succeed(env, "shell", "-v0", "-c", COUNTS).split()[-2:]
    return int(database), int(index)


@pytest.fixture(scope="module")
def site(search_engine, tmp_path_factory):
    """Its own database and index on the engine under test: both sources indexed (54
    passages), then copies of them added with bulk_create, so the database holds more
    than the live index."""
    folder = tmp_path_factory.mktemp("site")
    env = {
        **os.environ,
        "LEGALKB_SEARCH_ENGINE": search_engine,
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        "LEGALKB_INDEX_PATH": str(folder / "index"),
        "LEGALKB_SOLR_COLLECTION": f"{SOLR_PREFIX}-site",
    }
    succeed(env, "migrate", "-v0")
    succeed(env, "import_source", str(ABSTRACT))
    succeed(env, "import_source", str(ARTICLE), "--title", ARTICLE_TITLE)
    succeed(env, "update_index", "-v0")
    succeed(env, "shell", "-v0", "-c", ADD_COPIES)
    assert counts(env) == (ORIGINAL * (COPIES + 1), ORIGINAL)
    return env


def start_rebuild(env):
    return start_python(["manage.py", "rebuild_index", "--noinput", "-v2", "--batch-size", "1000"], env)


def kill(process):
    process.kill()
    assert process.wait() == -signal.SIGKILL


def generations(env):
    """The site's index generations: folders, or Solr collections behind its alias."""
    if env["LEGALKB_SEARCH_ENGINE"] == "solr":
        admin = SolrAdmin(env["LEGALKB_SOLR_URL"])
        return CollectionStore(admin, env["LEGALKB_SOLR_COLLECTION"], env["LEGALKB_INDEX_PATH"]).generations()
    return IndexStore(env["LEGALKB_INDEX_PATH"]).generations()


@pytest.mark.slow
@pytest.mark.parametrize("moment", ["before the first batch", "after the first batch"])
def test_a_rebuild_killed_at_any_moment_leaves_the_old_index_serving(site, moment):
    rebuild = start_rebuild(site)
    if moment == "after the first batch":
        assert "of" in rebuild.stdout.readline()  # "  1000 of 4374 passages": one batch is committed
    else:
        wait_until(lambda: len(generations(site)) == 2, rebuild, "the rebuild making its new generation")
    kill(rebuild)

    assert counts(site) == (ORIGINAL * (COPIES + 1), ORIGINAL)
    assert len(generations(site)) == 2  # the live one and the killed rebuild's
    assert "Removed 1 index generations" in succeed(site, "clean_index")
    assert len(generations(site)) == 1


@pytest.mark.slow
def test_every_search_sees_the_complete_old_or_new_index_while_a_rebuild_is_killed_and_rerun(site, tmp_path):
    stop = tmp_path / "stop"
    searcher = start_python(
        ["manage.py", "shell", "-v0", "-c", SEARCH_LOOP], {**site, "STOP_FILE": str(stop)}
    )
    try:
        assert searcher.stdout.readline() == "ready\n"
        killed = start_rebuild(site)
        assert "of" in killed.stdout.readline()
        kill(killed)
        succeed(site, "rebuild_index", "--noinput", "-v0")
    finally:
        stop.touch()
        out, err = searcher.communicate(timeout=120)
    assert searcher.returncode == 0, err
    seen = json.loads(out.splitlines()[-1])
    assert seen["failures"] == []
    assert set(seen["counts"]) <= {ORIGINAL, ORIGINAL * (COPIES + 1)} and ORIGINAL in seen["counts"]
    database, indexed = counts(site)
    assert indexed == database


@pytest.mark.slow
def test_a_second_rebuild_while_one_runs_is_refused_with_a_message(site):
    first = start_python(["manage.py", "shell", "-v0", "-c", HELD_REBUILD], site, stdin=subprocess.PIPE)
    try:
        assert first.stdout.readline() == "holding\n"
        second = manage(["rebuild_index", "--noinput"], site)
    finally:
        out, err = first.communicate("go on\n", timeout=600)
    assert second.returncode != 0
    assert "Another process is rebuilding the index" in second.stderr
    assert first.returncode == 0, err
    assert out.split() == [str(ORIGINAL * (COPIES + 1))]  # the first rebuild, let go, completes


@pytest.mark.usefixtures("search_engine")
@pytest.mark.parametrize("damage", ["missing", "corrupt"])
def test_a_broken_index_stops_only_search_until_rebuild_index(client, corpus, private_index, damage):
    call_command("rebuild_index", interactive=False, verbosity=0)
    break_index(damage)
    passage = corpus.article.passages.first()
    browse = ["/", "/principles/", corpus.article.get_absolute_url(), passage.get_absolute_url()]
    search = ["/search/", "/api/search/"]

    assert [client.get(url).status_code for url in browse] == [200] * 4
    for url in search:
        with translation.override("en"):
            response = client.get(url, {"q": "заң"}, HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 503
        assert "try searching again later" in response.content.decode()

    call_command("rebuild_index", interactive=False, verbosity=0)
    assert [client.get(url, {"q": "заң"}).status_code for url in search] == [200, 200]
    assert client.get("/api/search/", {"q": "заң"}).json()["count"] > 0
