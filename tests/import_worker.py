"""The background worker (manage.py run_worker) in a separate process, for tests/test_tasks.py,
except that an import runs in the worker's own process (not one of its own) and holds still
inside its transaction, once the source, its passages and their links are written and before
the commit, and says so on stdout: the test kills it there."""

import os
import sys
import threading

import django

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "legalkb.settings")
django.setup()

from django.core.management import call_command  # noqa: E402

from legalkb import links, tasks  # noqa: E402

propose = links.propose


def propose_then_hold(passages, matcher=None):
    propose(passages, matcher)
    print("inside the import's transaction", flush=True)
    threading.Event().wait()


links.propose = propose_then_hold
tasks.run_limited = lambda function, args, seconds, memory_bytes: function(*args)
call_command("run_worker", workers=2)
