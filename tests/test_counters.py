"""The throttle's request counters: exact when several processes count at once, in SQLite
(one machine) and in Redis (several), and no counter kept once its window has ended."""

import sqlite3

import pytest
from processes import ROOT, running_redis, start_python

from legalkb import counters
from legalkb.counters import CLEAN_EVERY_SECONDS, RedisCounters, SqliteCounters

PROCESSES, HITS = 4, 250
COUNT_IN_A_PROCESS = """
import sys
from legalkb.counters import RedisCounters, SqliteCounters
store = RedisCounters(sys.argv[2]) if sys.argv[1] == "redis" else SqliteCounters(sys.argv[2])
print(max(store.hit("api:198.51.100.1", 3600).count for _ in range(int(sys.argv[3]))))
"""


def count_in_processes(kind, location):
    """The highest count each process saw, PROCESSES of them counting HITS each at once."""
    env = {"PATH": "", "PYTHONPATH": str(ROOT)}
    processes = [
        start_python(["-c", COUNT_IN_A_PROCESS, kind, location, str(HITS)], env) for _ in range(PROCESSES)
    ]
    results = [process.communicate(timeout=300) for process in processes]
    assert all(process.returncode == 0 for process in processes), [err for _, err in results]
    return [int(out) for out, _ in results]


def test_sqlite_counts_every_request_of_several_processes(tmp_path):
    seen = count_in_processes("sqlite", str(tmp_path / "counts.sqlite3"))

    assert max(seen) == PROCESSES * HITS
    assert (
        SqliteCounters(tmp_path / "counts.sqlite3").hit("api:198.51.100.1", 3600).count
        == PROCESSES * HITS + 1
    )


def test_a_new_file_opened_while_another_worker_writes_to_it_is_switched_to_wal_once_it_is_done(
    tmp_path, monkeypatch
):
    path = tmp_path / "counts.sqlite3"
    other_worker = sqlite3.connect(path, isolation_level=None)
    other_worker.execute("CREATE TABLE other (x)")
    other_worker.execute("BEGIN IMMEDIATE")
    pauses = []

    def the_other_worker_commits(seconds):
        pauses.append(seconds)
        other_worker.execute("COMMIT")

    monkeypatch.setattr(counters, "pause", the_other_worker_commits)

    assert SqliteCounters(path).hit("api:198.51.100.1", 3600).count == 1
    assert len(pauses) == 1
    assert sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone() == ("wal",)


@pytest.mark.slow
def test_redis_counts_every_request_of_several_processes(tmp_path):
    with running_redis(tmp_path) as url:
        seen = count_in_processes("redis", url)

        assert max(seen) == PROCESSES * HITS
        assert RedisCounters(url).hit("api:198.51.100.1", 3600).count == PROCESSES * HITS + 1


def test_a_count_starts_again_in_the_next_window(tmp_path):
    counters = SqliteCounters(tmp_path / "counts.sqlite3")

    start = 60 * 20_000  # a window starts
    first = [counters.hit("search:a", 60, now=start + second).count for second in (0, 10, 59)]
    later = counters.hit("search:a", 60, now=start + 60)

    assert first == [1, 2, 3] and later.count == 1 and later.ends == start + 120


def test_sqlite_deletes_the_counters_of_ended_windows(tmp_path):
    counters = SqliteCounters(tmp_path / "counts.sqlite3")
    start = 3600 * 300  # a window of an hour starts
    for address in range(100):
        counters.hit(f"search:198.51.100.{address}", 60, now=start)

    counters.hit("search:203.0.113.1", 3600, now=start + CLEAN_EVERY_SECONDS)

    assert counters.size() == 1


@pytest.mark.slow
def test_redis_lets_each_counter_end_with_its_window(tmp_path):
    with running_redis(tmp_path) as url:
        counters = RedisCounters(url)
        counted = counters.hit("search:198.51.100.1", 60)

        (key,) = counters.client.keys("legalkb:throttle:*")
        assert 0 < counters.client.pttl(key) <= 61_000 and counted.ends == int(key.rsplit(b":", 1)[1])


def test_a_counter_adds_amounts_of_server_time(tmp_path):
    counters = SqliteCounters(tmp_path / "counts.sqlite3")

    spent = [counters.hit("cpu:a", 60, now=60 * 20_000, amount=ms).count for ms in (0, 120, 35)]

    assert spent == [0, 120, 155]
