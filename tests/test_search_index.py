"""Keeping the index true: signals, commands, concurrency, and a broken index, on every engine."""

import json

import pytest
from conftest import ABSTRACT, break_index, worker_indexes
from django.core.management import call_command
from processes import SAFETY_SECONDS, manage, project_env, set_up, start_editors, update_index_while

from legalkb.models import Passage, Principle, PrincipleLink
from legalkb.search import SearchRequest, outbox, search_passages

pytestmark = pytest.mark.usefixtures("search_engine")


def count(q, **filters):
    return search_passages(SearchRequest(q=q, filters=filters)).count


def test_saving_a_passage_updates_the_index_at_once(own_index):
    passage = Passage.objects.first()
    with worker_indexes():
        passage.text += " палимпсест"
        passage.save()
    assert count("палимпсест") == 1


def test_deleting_a_passage_removes_it_from_the_index(own_index):
    passage = Passage.objects.get(text__contains="кінәлілік презумпциясы")
    passage.principlelink_set.all().delete()
    with worker_indexes():
        passage.delete()
    assert count('"кінәлілік презумпциясы"') == 0


def test_changing_a_link_updates_the_facets_at_once(own_index):
    passage = Passage.objects.get(position=1, source__file_name=ABSTRACT.name)
    principle = Principle.objects.get(slug="separation-of-powers")
    before = count("", principle=["separation-of-powers"])
    with worker_indexes():
        PrincipleLink.objects.create(passage=passage, principle=principle)
    assert count("", principle=["separation-of-powers"]) == before + 1


def test_update_index_removes_what_the_database_no_longer_has(own_index):
    Passage.objects.filter(text__contains="кінәлілік презумпциясы").delete()
    call_command("update_index", verbosity=0)
    assert count('"кінәлілік презумпциясы"') == 0


def test_a_corrupt_index_is_reported_as_unavailable(own_index, client):
    break_index("corrupt")
    from haystack import connections

    connections.reload("default")
    response = client.get("/api/search/", {"q": "заң"})
    assert response.status_code == 503


EDITOR_ROUNDS = 15


@pytest.mark.slow
def test_concurrent_writers_in_separate_processes_lose_nothing(tmp_path):
    """Two editors save passages while update_index runs again and again, all in real processes."""
    env = project_env(tmp_path)
    set_up(env, ABSTRACT)
    editors = start_editors(env, EDITOR_ROUNDS)
    indexers = update_index_while(env, editors)
    outputs = [editor.communicate(timeout=SAFETY_SECONDS) for editor in editors]
    assert [run.stderr for run in indexers if run.returncode] == []
    assert manage(["update_index", "-v0"], env).returncode == 0  # what the worker does next
    markers = []
    for editor, (out, err) in zip(editors, outputs, strict=True):
        assert editor.returncode == 0 and "LockError" not in err, err
        markers += json.loads(out)
    check = manage(
        [
            "shell",
            "-c",
            "import sys, json; from legalkb.search import SearchRequest, search_passages as s;"
            "print(json.dumps([s(SearchRequest(q=m)).count for m in json.load(sys.stdin)]))",
        ],
        env,
        stdin=json.dumps(markers),
    )
    assert len(markers) == 2 * EDITOR_ROUNDS
    assert json.loads(check.stdout.splitlines()[-1]) == [1] * len(markers), check.stderr


def test_a_change_written_as_a_rebuild_starts_reaches_both_generations(own_index, monkeypatch):
    """The generation being built is an index before any change is sent to it."""
    passage = Passage.objects.first()
    pending_ids = outbox.pending_ids

    def a_change_is_written_first():
        Passage.objects.filter(pk=passage.pk).update(text=f"{passage.text} палимпсест")
        outbox.backend().update(outbox.passage_index(), [passage])
        assert count("палимпсест") == 1
        return pending_ids()

    monkeypatch.setattr(outbox, "pending_ids", a_change_is_written_first)
    call_command("rebuild_index", interactive=False, verbosity=0)
    assert count("палимпсест") == 1
