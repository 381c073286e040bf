"""The background worker (legalkb.tasks): huey's consumer, after queueing again the import jobs
that a stopped worker left running. make run and make serve start it beside the web server;
docs/deploy.md runs it under systemd. A starting worker takes every job left running for its own:
with several worker processes on one queue, start all but one with --no-resume."""

import os
import threading

from django.conf import settings
from django.core.management import CommandError
from huey.contrib.djhuey.management.commands import run_huey

from legalkb.tasks import IMPORT_THREADS, keep_draining, resume_interrupted


class Command(run_huey.Command):
    help = "Run the background worker: imports, and indexing what waits in the outbox every few seconds."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--no-resume", action="store_true", help="Leave the jobs a stopped worker left running alone."
        )

    def handle(self, *args, no_resume=False, **options):
        if options.get("workers") is not None and options["workers"] <= IMPORT_THREADS:
            raise CommandError(
                f"Run the worker with at least {IMPORT_THREADS + 1} threads (--workers): "
                f"{IMPORT_THREADS} may read files, the others take the other jobs."
            )
        lower_priority()
        resumed = 0 if no_resume else resume_interrupted()
        if resumed:
            self.stdout.write(f"Queued {resumed} interrupted import jobs again.")
        stop = threading.Event()
        drains = threading.Thread(target=keep_draining, args=(stop,), name="outbox drains", daemon=True)
        drains.start()
        try:
            super().handle(*args, **options)
        finally:
            stop.set()
            drains.join()


def lower_priority():
    """Imports and indexing (this process and the processes it starts) yield the CPU to the web
    server's workers: on a busy machine readers' pages come first, the background work after."""
    os.nice(max(0, settings.WORKER_NICENESS - os.nice(0)))
