"""The background worker (legalkb.tasks): huey's consumer, after queueing again the import jobs
that a stopped worker left running. make run and make serve start it beside the web server;
docs/deploy.md runs it under systemd. A starting worker takes every job left running for its own:
with several worker processes on one queue, start all but one with --no-resume."""

import threading

from huey.contrib.djhuey.management.commands import run_huey

from legalkb.tasks import keep_draining, resume_interrupted


class Command(run_huey.Command):
    help = "Run the background worker: imports, and indexing what waits in the outbox every few seconds."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--no-resume", action="store_true", help="Leave the jobs a stopped worker left running alone."
        )

    def handle(self, *args, no_resume=False, **options):
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
