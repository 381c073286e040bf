"""gunicorn's worker for the site (gunicorn.conf.py): gunicorn's threaded worker, which keeps the
sync worker's bound on how long a request runs.

With threads, a request that waits (for a search slot, legalkb/throttle.py) holds one thread and
its worker goes on serving other requests. But the threaded worker tells the arbiter it is alive
from its main loop, whatever its threads do, so gunicorn's timeout no longer ends a request that
never finishes: it would hold its thread for good. This worker ends itself when a request has run
longer than the timeout, and the arbiter starts another, as a sync worker is restarted when a
request keeps it silent that long.
"""

import os
import threading
import time
from collections.abc import Iterable

from gunicorn.workers.gthread import ThreadWorker


def overdue(started: Iterable[float], now: float, timeout: float) -> bool:
    """Whether a request started at one of these times (time.monotonic()) has run past timeout."""
    return any(now - start > timeout for start in started)


class BoundedThreadWorker(ThreadWorker):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.started: dict[int, float] = {}  # thread → when its request started

    def handle_request(self, req, conn):
        thread = threading.get_ident()
        self.started[thread] = time.monotonic()
        try:
            return super().handle_request(req, conn)
        finally:
            del self.started[thread]

    def notify(self):
        """Called by the main loop at least once a second."""
        if overdue(list(self.started.values()), time.monotonic(), self.cfg.timeout):
            self.log.critical("A request ran longer than %s s: the worker restarts", self.cfg.timeout)
            os._exit(1)  # the stuck thread would keep a normal exit waiting for it
        super().notify()
