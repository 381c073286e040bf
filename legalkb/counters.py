"""Request counters shared by every process that serves the site, for the throttle: hit(key,
seconds, now, amount) adds amount (one request, or milliseconds of server time) to the current
window of that many seconds and says how much the window holds and when it ends. Windows are
fixed (they start at multiples of their length).

- RedisCounters, when the site runs on several machines (settings.REDIS_URL): INCRBY and
  EXPIREAT in one transaction; Redis removes a window's key a second after it ends.
- SqliteCounters, the single-machine default: one row per key in a SQLite file that every
  gunicorn worker of the machine opens, counted by one atomic upsert; rows of ended windows
  are deleted at most once every CLEAN_EVERY_SECONDS.

django-ratelimit counts through Django's cache, whose local backends have no atomic increment
(a file per counter: requests of several workers were lost, and lookups grew slower with every
address seen); these are one atomic statement each.
"""

import sqlite3
import threading
import time
from dataclasses import dataclass

CLEAN_EVERY_SECONDS = 60
WAL_SWITCH_SECONDS = 5
KEY_PREFIX = "legalkb:throttle:"


@dataclass(frozen=True)
class Count:
    count: int  # requests in the window, this one included
    ends: int  # when the window ends, in seconds since the epoch


def window_end(now, seconds):
    return (int(now) // seconds + 1) * seconds


def open_shared(path):
    """A connection to a SQLite file that every worker of the machine opens (the counts, the
    search slots), in WAL mode and without durability: a crash loses at most a window's counts,
    and slots expire. Switching a new file to WAL needs it alone, and fails at once, whatever the
    busy timeout, while another worker writes to it: the switch is tried again for a while."""
    connection = sqlite3.connect(path, timeout=5, isolation_level=None)
    deadline = time.monotonic() + WAL_SWITCH_SECONDS
    while True:
        try:
            connection.execute("PRAGMA journal_mode=WAL")
            break
        except sqlite3.OperationalError:
            if time.monotonic() >= deadline:
                raise
            pause(0.005)
    connection.execute("PRAGMA synchronous=OFF")
    return connection


def pause(seconds):
    time.sleep(seconds)


class SqliteCounters:
    def __init__(self, path):
        self.path = str(path)
        self.local = threading.local()  # a connection per thread (runserver serves in threads)
        self.cleaned = 0.0

    def hit(self, key, seconds, now=None, amount=1):
        now = time.time() if now is None else now
        ends = window_end(now, seconds)
        connection = self._connection()  # in autocommit mode: the statement is its own transaction
        (count,) = connection.execute(
            "INSERT INTO hits (key, ends, count) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET "
            "count = CASE WHEN ends = excluded.ends THEN count + excluded.count ELSE excluded.count END, "
            "ends = excluded.ends RETURNING count",
            (key, ends, amount),
        ).fetchone()
        if now - self.cleaned >= CLEAN_EVERY_SECONDS:
            self.clean(now)
        return Count(count, ends)

    def clean(self, now):
        """Delete the rows of windows that have ended."""
        self.cleaned = now
        self._connection().execute("DELETE FROM hits WHERE ends <= ?", (int(now),))

    def size(self):
        """How many counters the file holds."""
        return self._connection().execute("SELECT count(*) FROM hits").fetchone()[0]

    def _connection(self):
        connection = getattr(self.local, "connection", None)
        if connection is None:
            connection = open_shared(self.path)
            connection.execute(
                "CREATE TABLE IF NOT EXISTS hits (key TEXT PRIMARY KEY, ends INTEGER NOT NULL, "
                "count INTEGER NOT NULL) WITHOUT ROWID"
            )
            connection.execute("CREATE INDEX IF NOT EXISTS hits_ends ON hits (ends)")
            self.local.connection = connection
        return connection


class RedisCounters:
    def __init__(self, url):
        import redis  # only where the site runs on several machines

        self.client = redis.Redis.from_url(url)

    def hit(self, key, seconds, now=None, amount=1):
        now = time.time() if now is None else now
        ends = window_end(now, seconds)
        windowed = f"{KEY_PREFIX}{key}:{ends}"
        with self.client.pipeline(transaction=True) as pipe:
            count, _ = pipe.incrby(windowed, amount).expireat(windowed, ends + 1).execute()
        return Count(count, ends)

    def size(self):
        return sum(1 for _ in self.client.scan_iter(f"{KEY_PREFIX}*"))
