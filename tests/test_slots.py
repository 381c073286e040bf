"""The search slots of a machine: a share for each address, the waiting served least spent
first, exact when several processes take slots at once, in SQLite (one machine) and in Redis."""

import pytest
from processes import ROOT, running_redis, start_python

from legalkb.slots import HELD_SECONDS, WAITING_SECONDS, RedisSlots, SqliteSlots, Ticket, may_take

NOW = 1_000_000.0
READER, ABUSER, OTHER_ABUSER = "198.51.100.1", "203.0.113.1", "203.0.113.2"


def ticket(client, spent=0, token=None):
    return Ticket(token or f"{client}-{spent}", client, spent)


def test_a_free_slot_is_taken():
    assert may_take(ticket(READER), [], [], capacity=2, per_address=1)


def test_no_slot_is_taken_when_all_are_held():
    holders = [ticket(ABUSER), ticket(OTHER_ABUSER)]
    assert not may_take(ticket(READER), holders, [], capacity=2, per_address=1)


def test_an_address_holds_no_more_than_its_share():
    holders = [ticket(ABUSER, 900, "running")]
    assert not may_take(ticket(ABUSER, 900, "next"), holders, [], capacity=2, per_address=1)
    assert may_take(ticket(READER), holders, [], capacity=2, per_address=1)


def test_a_freed_slot_goes_to_the_waiting_address_that_spent_least():
    waiting = [ticket(READER, 40), ticket(ABUSER, 900)]
    assert may_take(ticket(READER, 40), [], waiting, capacity=1, per_address=1)
    assert not may_take(ticket(ABUSER, 900), [], waiting, capacity=1, per_address=1)


def test_a_waiting_address_at_its_share_lets_others_pass():
    holders, waiting = [ticket(READER, 40, "running")], [ticket(READER, 40, "next")]
    assert may_take(ticket(ABUSER, 900), holders, waiting, capacity=3, per_address=1)


def test_as_many_may_pass_the_waiting_as_there_are_free_slots_beyond_them():
    waiting = [ticket(READER, 40)]
    assert may_take(ticket(ABUSER, 900), [], waiting, capacity=3, per_address=1)


def test_the_last_free_slot_is_kept_for_an_address_that_spent_far_less_than_those_running():
    holders = [ticket(ABUSER, 900)]
    assert not may_take(ticket(OTHER_ABUSER, 800), holders, [], capacity=2, per_address=1)
    assert may_take(ticket(READER, 40), holders, [], capacity=2, per_address=1)


def test_readers_who_spent_a_little_are_not_ranked_against_each_other():
    other_reader = "198.51.100.2"
    waiting = [ticket(other_reader, 10)]
    assert may_take(ticket(READER, 60), [], waiting, capacity=1, per_address=1)
    assert may_take(ticket(READER, 60), [ticket(other_reader, 10)], [], capacity=2, per_address=1)
    assert not may_take(ticket(ABUSER, 900), [], waiting, capacity=1, per_address=1)


def test_a_waiting_request_counts_as_having_spent_less_the_longer_it_waits():
    newcomer = ticket("198.51.100.2", 100)
    waiting = ticket(READER, 600)
    assert not may_take(waiting, [], [newcomer], capacity=1, per_address=1)
    assert may_take(waiting.after_waiting(0.5), [], [newcomer], capacity=1, per_address=1)
    assert waiting.after_waiting(5).spent == 0


def test_when_nobody_has_spent_anything_every_slot_may_be_taken():
    holders = [ticket(ABUSER, 0)]
    assert may_take(ticket(OTHER_ABUSER, 0), holders, [], capacity=2, per_address=1)


def sqlite_slots(tmp_path, capacity=1, per_address=1):
    return SqliteSlots(tmp_path / "slots.sqlite3", capacity, per_address)


def test_a_released_slot_is_free_again(tmp_path):
    slots = sqlite_slots(tmp_path)
    assert slots.take(ticket(ABUSER), NOW, wait=False)
    assert not slots.take(ticket(READER), NOW, wait=False)
    slots.release(ticket(ABUSER))
    assert slots.take(ticket(READER), NOW, wait=False)


def test_a_waiting_reader_is_served_before_an_address_that_spent_more(tmp_path):
    slots = sqlite_slots(tmp_path)
    slots.take(ticket(OTHER_ABUSER), NOW, wait=False)
    assert not slots.take(ticket(READER, 40), NOW, wait=True)
    slots.release(ticket(OTHER_ABUSER))
    assert not slots.take(ticket(ABUSER, 900), NOW, wait=False)
    assert slots.take(ticket(READER, 40), NOW, wait=True)


def test_a_request_that_stopped_waiting_keeps_no_place(tmp_path):
    slots = sqlite_slots(tmp_path)
    slots.take(ticket(OTHER_ABUSER), NOW, wait=False)
    slots.take(ticket(READER, 40), NOW, wait=True)
    slots.release(ticket(OTHER_ABUSER))
    assert slots.take(ticket(ABUSER, 900), NOW + WAITING_SECONDS, wait=False)


def test_the_slot_of_a_worker_that_died_frees_when_it_expires(tmp_path):
    slots = sqlite_slots(tmp_path)
    slots.take(ticket(ABUSER), NOW, wait=False)
    assert not slots.take(ticket(READER), NOW + HELD_SECONDS - 1, wait=False)
    assert slots.take(ticket(READER), NOW + HELD_SECONDS, wait=False)


PROCESSES, TICKETS, CAPACITY = 4, 50, 30
TAKE_IN_A_PROCESS = """
import sys
from legalkb.slots import RedisSlots, SqliteSlots, Ticket
kind, location, name, tickets, capacity = sys.argv[1:]
slots = (RedisSlots if kind == "redis" else SqliteSlots)(location, int(capacity), int(tickets))
print(sum(slots.take(Ticket(f"{name}-{n}", "198.51.100.1", 0), 1e6, wait=False) for n in range(int(tickets))))
"""


def taken_in_processes(kind, location):
    """How many slots PROCESSES processes took, each asking for TICKETS at once."""
    env = {"PATH": "", "PYTHONPATH": str(ROOT)}
    args = [kind, location, "{}", str(TICKETS), str(CAPACITY)]
    processes = [
        start_python(["-c", TAKE_IN_A_PROCESS, *(arg.format(n) for arg in args)], env)
        for n in range(PROCESSES)
    ]
    results = [process.communicate(timeout=300) for process in processes]
    assert all(process.returncode == 0 for process in processes), [err for _, err in results]
    return sum(int(out) for out, _ in results)


def test_sqlite_gives_out_no_more_slots_than_there_are_to_several_processes(tmp_path):
    assert taken_in_processes("sqlite", str(tmp_path / "slots.sqlite3")) == CAPACITY


@pytest.mark.slow
def test_redis_gives_out_no_more_slots_than_there_are_to_several_processes(tmp_path):
    with running_redis(tmp_path) as url:
        assert taken_in_processes("redis", url) == CAPACITY


def a_slot_taken_after_waiting_is_freed_by_its_ticket(slots):
    waiting = ticket(READER, 600, "reader")
    slots.take(ticket(ABUSER), NOW, wait=False)
    assert not slots.take(waiting, NOW, wait=True)
    slots.release(ticket(ABUSER))
    looked = waiting.after_waiting(0.4)
    assert slots.take(looked, NOW + 0.4, wait=True)
    slots.release(looked)
    assert slots.take(ticket(OTHER_ABUSER, 900), NOW + 0.5, wait=False)


def test_a_slot_taken_after_waiting_is_freed_by_its_ticket(tmp_path):
    a_slot_taken_after_waiting_is_freed_by_its_ticket(sqlite_slots(tmp_path))


@pytest.mark.slow
def test_redis_frees_a_slot_taken_after_waiting_by_its_ticket(tmp_path):
    with running_redis(tmp_path) as url:
        a_slot_taken_after_waiting_is_freed_by_its_ticket(RedisSlots(url, capacity=1, per_address=1))


@pytest.mark.slow
def test_redis_serves_a_waiting_reader_before_an_address_that_spent_more(tmp_path):
    with running_redis(tmp_path) as url:
        slots = RedisSlots(url, capacity=1, per_address=1)
        slots.take(ticket(OTHER_ABUSER), NOW, wait=False)
        assert not slots.take(ticket(READER, 40), NOW, wait=True)
        slots.release(ticket(OTHER_ABUSER))
        assert not slots.take(ticket(ABUSER, 900), NOW, wait=False)
        assert slots.take(ticket(READER, 40), NOW, wait=True)
