"""The background worker (legalkb.tasks): huey's consumer, after queueing again the import jobs
that a stopped worker left running. make run and make serve start it beside the web server;
docs/deploy.md runs it under systemd. Run one worker process per queue (more threads with
--workers): a starting worker takes every running job for its own."""

from huey.contrib.djhuey.management.commands import run_huey

from legalkb.tasks import resume_interrupted


class Command(run_huey.Command):
    help = "Run the background worker: imports, and indexing what waits in the outbox every few seconds."

    def handle(self, *args, **options):
        resumed = resume_interrupted()
        if resumed:
            self.stdout.write(f"Queued {resumed} interrupted import jobs again.")
        super().handle(*args, **options)
