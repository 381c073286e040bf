"""Keeping the index true: signals, commands, concurrency, and a broken index."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ABSTRACT
from django.core.management import call_command

from legalkb.models import Passage, Principle, PrincipleLink
from legalkb.search import SearchRequest, search_passages

ROOT = Path(__file__).resolve().parent.parent


def count(q, **filters):
    return search_passages(SearchRequest(q=q, filters=filters)).count


@pytest.fixture
def own_index(corpus, private_index):
    call_command("rebuild_index", interactive=False, verbosity=0)
    return private_index


def test_saving_a_passage_updates_the_index_at_once(own_index, django_capture_on_commit_callbacks):
    passage = Passage.objects.first()
    with django_capture_on_commit_callbacks(execute=True):
        passage.text += " палимпсест"
        passage.save()
    assert count("палимпсест") == 1


def test_deleting_a_passage_removes_it_from_the_index(own_index, django_capture_on_commit_callbacks):
    passage = Passage.objects.get(text__contains="кінәлілік презумпциясы")
    passage.principlelink_set.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        passage.delete()
    assert count('"кінәлілік презумпциясы"') == 0


def test_changing_a_link_updates_the_facets_at_once(own_index, django_capture_on_commit_callbacks):
    passage = Passage.objects.get(position=1, source__file_name=ABSTRACT.name)
    principle = Principle.objects.get(slug="separation-of-powers")
    before = count("", principle=["separation-of-powers"])
    with django_capture_on_commit_callbacks(execute=True):
        PrincipleLink.objects.create(passage=passage, principle=principle)
    assert count("", principle=["separation-of-powers"]) == before + 1


def test_update_index_removes_what_the_database_no_longer_has(own_index):
    Passage.objects.filter(text__contains="кінәлілік презумпциясы").delete()
    call_command("update_index", remove=True, verbosity=0)
    assert count('"кінәлілік презумпциясы"') == 0


def test_a_corrupt_index_is_reported_as_unavailable(own_index, client):
    for toc in own_index.glob("_MAIN_*.toc"):
        toc.write_bytes(b"not a whoosh table of contents")
    from haystack import connections

    connections.reload("default")
    response = client.get("/api/search/", {"q": "заң"})
    assert response.status_code == 503


def run(args, env):
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )


def test_concurrent_writers_in_separate_processes_lose_nothing(tmp_path):
    """Two editors save passages while update_index runs, all in real processes."""
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "LEGALKB_INDEX_PATH": str(tmp_path / "index"),
    }
    for command in (
        ["migrate", "-v0"],
        ["import_source", str(ABSTRACT)],
        ["rebuild_index", "--noinput", "-v0"],
    ):
        assert run(["manage.py", *command], env).returncode == 0
    processes = [
        subprocess.Popen(
            [sys.executable, "tests/concurrent_writer.py", name, "15"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("a", "b")
    ]
    indexer = run(["manage.py", "update_index", "-v0"], env)
    outputs = [p.communicate(timeout=600) for p in processes]
    assert indexer.returncode == 0, indexer.stderr
    for process, (_, err) in zip(processes, outputs, strict=True):
        assert process.returncode == 0 and "LockError" not in err, err
    check = run(
        [
            "manage.py",
            "shell",
            "-c",
            "from legalkb.search import SearchRequest, search_passages as s;"
            "print(*[s(SearchRequest(q=f'белгі{w}{i}')).count for w in 'ab' for i in range(15)])",
        ],
        env,
    )
    assert check.stdout.split()[-30:] == ["1"] * 30, check.stdout + check.stderr
