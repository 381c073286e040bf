"""The search slots of one machine, shared by every gunicorn worker: at most capacity searches,
exports and API calls run at once, at most per_address of them for one client address, and
while every slot is taken a freed slot goes to the waiting request whose address has spent the
least server time in the throttle's window, counted in steps of SPENT_STEP_MS and less the
time it has waited (Ticket.after_waiting); the last free slot is kept for an address that has
spent far less than those running. So one address, or a few, sending the heaviest queries the
limits allow hold a share of the slots, not all of them, and a reader who has spent little is
served before them.

A request holds a ticket; take(ticket, now, wait) takes a slot for it or, with wait, keeps its
place among the waiting for WAITING_SECONDS (each look renews it). Both the holders and the
waiting are rows that expire: a worker killed mid-search frees its slot after HELD_SECONDS.

- SqliteSlots, the single-machine default: a table in the throttle's SQLite file, each look one
  write transaction.
- RedisSlots (settings.REDIS_URL): two sorted sets per machine (its host name in their keys),
  each look one optimistic transaction (WATCH, MULTI) that is tried again if another worker
  changed them meanwhile.
"""

import socket
import threading
from collections import Counter
from dataclasses import dataclass, replace

from .counters import open_shared

HELD_SECONDS = 150  # longer than gunicorn's timeout (gunicorn.conf.py), the longest a request runs
WAITING_SECONDS = 1.0  # a waiting request looks far more often than this
KEY_PREFIX = "legalkb:slots:"
LAST_SLOT_SHARE = 0.5
# Addresses whose spending differs by less than this are not ranked against each other, nor kept
# from the last free slot: readers who ran a few searches each are served as they come, while an
# address that spent far more (the heaviest queries, again and again) still waits behind them.
# Ranked to the millisecond, a reader who had spent a little more lost every freed slot to
# newcomers until its patience ran out (503 at 8 connections in make load).
SPENT_STEP_MS = 250


@dataclass(frozen=True)
class Ticket:
    token: str  # this request's, unique
    client: str  # its address, as the throttle counts it
    spent: int  # milliseconds of server time the address has spent in the throttle's window

    @property
    def spending(self):
        """What the address has spent, in steps of SPENT_STEP_MS: what may_take compares."""
        return self.spent // SPENT_STEP_MS

    def after_waiting(self, seconds):
        """The ticket as its request looks for a slot again after waiting this long: its address
        counts as having spent that much less, so newcomers that spent less pass it only for so
        long, and no request waits out its patience behind a stream of lighter ones."""
        return replace(self, spent=max(0, self.spent - round(seconds * 1000)))

    def encoded(self):
        return f"{self.token}\t{self.client}\t{self.spent}"

    @classmethod
    def decoded(cls, text):
        token, rest = text.split("\t", 1)
        client, spent = rest.rsplit("\t", 1)
        return cls(token, client, int(spent))


def may_take(ticket, holders, waiting, capacity, per_address):
    """Whether ticket takes a slot, given the tickets holding one and those waiting: a slot is
    free, its address holds fewer than per_address, and fewer waiting requests that may take
    one come before it (their address has spent less, Ticket.spending) than there are free
    slots. The last free slot is kept for an address that has spent at most LAST_SLOT_SHARE of
    what each running search's address has: addresses sending heavy queries share the other
    slots."""
    held = Counter(holder.client for holder in holders)
    free = capacity - len(holders)
    if free <= 0 or held[ticket.client] >= per_address:
        return False
    if free == 1 and any(ticket.spending > holder.spending * LAST_SLOT_SHARE for holder in holders):
        return False
    before = [
        other
        for other in waiting
        if other.token != ticket.token
        and other.spending < ticket.spending
        and held[other.client] < per_address
    ]
    return len(before) < free


class SqliteSlots:
    def __init__(self, path, capacity, per_address):
        self.path, self.capacity, self.per_address = str(path), capacity, per_address
        self.local = threading.local()  # a connection per thread (runserver serves in threads)

    def take(self, ticket, now, wait):
        """Whether ticket now holds a slot; if not and wait, it keeps its place among the waiting."""
        connection = self._connection()
        connection.execute("BEGIN IMMEDIATE")  # no other worker reads the slots until this one ends
        with connection:  # commits, or rolls back on an error
            connection.execute("DELETE FROM slots WHERE expires <= ?", (now,))
            rows = connection.execute("SELECT token, client, spent, holding FROM slots").fetchall()
            holders = [Ticket(*row[:3]) for row in rows if row[3]]
            waiting = [Ticket(*row[:3]) for row in rows if not row[3]]
            taken = may_take(ticket, holders, waiting, self.capacity, self.per_address)
            if taken or wait:
                connection.execute(
                    "INSERT OR REPLACE INTO slots VALUES (?, ?, ?, ?, ?)",
                    (ticket.token, ticket.client, ticket.spent, taken, now + expiry(taken)),
                )
            else:
                connection.execute("DELETE FROM slots WHERE token = ?", (ticket.token,))
        return taken

    def release(self, ticket):
        """Free ticket's slot, or its place among the waiting."""
        self._connection().execute("DELETE FROM slots WHERE token = ?", (ticket.token,))

    def _connection(self):
        connection = getattr(self.local, "connection", None)
        if connection is None:
            connection = open_shared(self.path)
            connection.execute(
                "CREATE TABLE IF NOT EXISTS slots (token TEXT PRIMARY KEY, client TEXT NOT NULL, "
                "spent INTEGER NOT NULL, holding INTEGER NOT NULL, expires REAL NOT NULL)"
            )
            self.local.connection = connection
        return connection


class RedisSlots:
    def __init__(self, url, capacity, per_address):
        import redis  # only where the site runs on several machines

        self.client = redis.Redis.from_url(url, decode_responses=True)
        self.capacity, self.per_address = capacity, per_address
        machine = f"{KEY_PREFIX}{socket.gethostname()}"
        self.holders, self.waiting = f"{machine}:holders", f"{machine}:waiting"

    def take(self, ticket, now, wait):
        """As SqliteSlots.take; the sets' scores are when each entry expires. A ticket looking
        again (its spending less after waiting) replaces its entry of the look before."""

        def look(pipe):
            holders, waiting = (
                [Ticket.decoded(text) for text in pipe.zrangebyscore(key, f"({now}", "+inf")]
                for key in (self.holders, self.waiting)
            )
            taken = may_take(ticket, holders, waiting, self.capacity, self.per_address)
            pipe.multi()
            pipe.zremrangebyscore(self.holders, "-inf", now)
            pipe.zremrangebyscore(self.waiting, "-inf", now)
            pipe.zrem(self.waiting, *self._entries(ticket, waiting), ticket.encoded())
            if taken or wait:
                pipe.zadd(self.holders if taken else self.waiting, {ticket.encoded(): now + expiry(taken)})
            return taken

        return self.client.transaction(look, self.holders, self.waiting, value_from_callable=True)

    def release(self, ticket):
        """Free the slot, or the place among the waiting, of ticket as it last looked (each look
        replaced the entry of the look before), in one round trip."""
        pipe = self.client.pipeline()
        pipe.zrem(self.holders, ticket.encoded())
        pipe.zrem(self.waiting, ticket.encoded())
        pipe.execute()

    @staticmethod
    def _entries(ticket, tickets):
        return [other.encoded() for other in tickets if other.token == ticket.token]


def expiry(holding):
    return HELD_SECONDS if holding else WAITING_SECONDS
