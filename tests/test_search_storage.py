"""The index's generations on disk, as any engine keeps them: one live, at most one being
built, switched in one step. The engines' own behaviour is in test_search_index.py and
test_faults.py."""

import fcntl
import threading

import pytest

from legalkb.search.storage import IndexStore, RebuildRunning


def create_nothing(path):
    """An engine's create_generation, for a store tested alone."""


def test_a_rebuild_publishes_its_generation(tmp_path):
    store = IndexStore(tmp_path)
    with store.rebuilding("1", create_nothing) as path:
        assert store.live() is None and store.building() == path
    assert store.live() == path and store.building() is None


def test_a_rebuild_starting_while_a_writer_asks_whether_one_runs_goes_ahead(tmp_path):
    store = IndexStore(tmp_path)
    with store.rebuilding("1", create_nothing):
        pass
    with open(tmp_path / ".rebuild.lock", "rb") as asking:
        fcntl.flock(asking, fcntl.LOCK_SH)  # what a writer's question holds for an instant
        threading.Timer(0.05, fcntl.flock, (asking, fcntl.LOCK_UN)).start()
        with store.rebuilding("1", create_nothing) as path:
            pass
    assert store.live() == path


def test_a_second_rebuild_is_refused_while_one_runs(tmp_path):
    store = IndexStore(tmp_path)
    with store.rebuilding("1", create_nothing):
        with pytest.raises(RebuildRunning), store.rebuilding("1", create_nothing):
            pass


def test_a_generation_both_live_and_being_built_is_written_once(tmp_path, monkeypatch):
    store = IndexStore(tmp_path)
    with store.rebuilding("1", create_nothing) as path:
        pass
    monkeypatch.setattr(store, "building", lambda: path)  # the instant it is published
    assert store.writable() == [path]


def test_a_generation_whose_index_cannot_be_made_is_never_offered_to_writers(tmp_path):
    store = IndexStore(tmp_path)

    def fail(path):
        raise OSError("disk full")

    with pytest.raises(OSError), store.rebuilding("1", fail):
        pass
    assert store.writable() == [] and list(tmp_path.glob("gen-*")) == []
