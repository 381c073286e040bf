"""Background jobs, run by the worker (`manage.py run_worker`, which make run and make serve start
beside the web server) so that no web request does more than a moment's work.

Imports: an editor's upload becomes an ImportJob (start); the worker reads the file and stores
a preview (preview_job); the editor confirms (confirm); the worker saves the source, its
passages, links and outbox rows in one transaction together with the job's new status, and the
passages are indexed after the commit (import_job). A worker killed at any moment leaves
nothing half-saved and the job in a running status; resume_interrupted, when the worker starts
again, queues every such job once more, and each step carries on from the job's status.

The indexing outbox is drained every few seconds, so an indexing that failed is retried
without anyone acting. Readers' alerts are mailed every day at settings.ALERT_HOUR (UTC), and
the weekly ones on Mondays (legalkb.alerts).
"""

import logging
from contextlib import contextmanager
from functools import partial

from django.conf import settings
from django.db import transaction
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from . import alerts
from .ingest import preview_import, read_file, save_document
from .models import ImportJob, PendingIndexUpdate, SavedSearch
from .search import outbox
from .text.pipeline import SourceFileError

log = logging.getLogger(__name__)

Status = ImportJob.Status
PREVIEW_PASSAGES = 100  # passages a preview shows; its counts cover them all
REPAIR_EXAMPLES = 12  # look-alike repairs a preview lists
DRAIN_SECONDS = 5  # how often the worker indexes what waits in the outbox


def start(file_name, data, user, **options):
    """A new job for an uploaded file, with the editor's options (title, language, year, kind);
    the worker reads it once the transaction commits."""
    job = ImportJob.objects.create(file_name=file_name, data=data, created_by=user, **options)
    transaction.on_commit(partial(preview_job, job.pk), robust=True)
    return job


def confirm(job):
    """The editor's go-ahead for a previewed job; False when it is no longer waiting for one."""
    if not ImportJob.objects.filter(pk=job.pk, status=Status.PREVIEWED).update(status=Status.QUEUED):
        return False
    transaction.on_commit(partial(import_job, job.pk), robust=True)
    return True


def cancel(job):
    """Drop a job that waits for the editor, and its file; False when it no longer waits."""
    return bool(
        ImportJob.objects.filter(pk=job.pk, status=Status.PREVIEWED).update(status=Status.CANCELLED, data=b"")
    )


@db_task()
def preview_job(job_id):
    job = ImportJob.objects.filter(pk=job_id, status=Status.READING).first()
    if job is None:
        return
    with failing_job(job_id):
        try:
            progress = partial(report, job_id)
            preview = preview_import(bytes(job.data), job.file_name, job.title, progress=progress)
        except SourceFileError as error:
            refuse(job_id, error)
            return
        total = len(preview.passages)
        summary = preview_summary(preview)
        ImportJob.objects.filter(pk=job_id, status=Status.READING).update(
            status=Status.PREVIEWED, preview=summary, done=total, total=total
        )


@db_task()
def import_job(job_id):
    job = ImportJob.objects.filter(pk=job_id, status__in=[Status.QUEUED, Status.IMPORTING]).first()
    if job is not None:
        with failing_job(job_id):
            save(job)
    if ImportJob.objects.filter(pk=job_id, status=Status.INDEXING).exists():
        outbox.drain()  # usually done already, right after the import's commit
        ImportJob.objects.filter(pk=job_id, status=Status.INDEXING).update(status=Status.DONE)


def save(job):
    """Save the job's source in one transaction with the job's move to INDEXING. A job queued
    twice (queued, then resumed by a starting worker) is saved once: the second run finds the
    job's row, locked, moved on."""
    ImportJob.objects.filter(pk=job.pk, status=Status.QUEUED).update(status=Status.IMPORTING)
    try:
        document = read_file(bytes(job.data), job.file_name)
        with transaction.atomic():
            if not ImportJob.objects.select_for_update().filter(pk=job.pk, status=Status.IMPORTING).exists():
                return
            source = save_document(
                document,
                job.file_name,
                title=job.preview["title"],
                language=job.language or None,
                year=job.year,
                kind=job.kind,
                user=job.created_by,
            )
            ImportJob.objects.filter(pk=job.pk).update(
                status=Status.INDEXING, source=source, data=b"", done=0, total=len(document.passages)
            )
    except SourceFileError as error:
        refuse(job.pk, error)


def report(job_id, done, total):
    ImportJob.objects.filter(pk=job_id).update(done=done, total=total)


def refuse(job_id, error):
    ImportJob.objects.filter(pk=job_id, status__in=ImportJob.RUNNING).update(
        status=Status.REFUSED, error_code=error.code, error_params=error.params, data=b""
    )


@contextmanager
def failing_job(job_id):
    """A job whose step raised something unforeseen is marked failed (the worker logs why)."""
    try:
        yield
    except Exception:
        ImportJob.objects.filter(pk=job_id).update(status=Status.FAILED, data=b"")
        raise


def preview_summary(preview):
    """What the job's page shows of a preview, as JSON: the counts, the encoding, the repairs,
    and the first passages with their proposed links as (kind, entry id, matched words)."""
    document = preview.document
    return {
        "title": preview.title,
        "encoding": document.encoding.label,
        "encoding_detected": not document.encoding.certain,
        "language": document.language,
        "passages": len(preview.passages),
        "link_count": sum(len(p.links) for p in preview.passages),
        "repair_count": document.repairs.total(),
        "repairs": [[found, fixed, n] for (found, fixed), n in document.repairs.most_common(REPAIR_EXAMPLES)],
        "sample": [
            {
                "position": p.position,
                "text": p.span.text,
                "heading": p.span.is_heading,
                "language": p.span.language,
                "links": [[link.kind.name, link.entry.pk, link.matched] for link in p.links],
            }
            for p in preview.passages[:PREVIEW_PASSAGES]
        ],
    }


def resume_interrupted():
    """Queue again every job a stopped worker left running; returns how many. Only for a
    worker starting while no other runs."""
    interrupted = list(ImportJob.objects.filter(status__in=ImportJob.RUNNING).values_list("pk", "status"))
    for job_id, status in interrupted:
        (preview_job if status == Status.READING else import_job)(job_id)
    return len(interrupted)


@db_task()
def drain_outbox():
    if PendingIndexUpdate.objects.exists():
        outbox.drain()


@db_periodic_task(crontab())
def schedule_outbox_drains():
    """Periodic tasks run at most once a minute: this one schedules the minute's drains, each
    dropped if the worker could not run it in time."""
    for delay in range(0, 60, DRAIN_SECONDS):
        drain_outbox.schedule(delay=delay, expires=delay + DRAIN_SECONDS)


@db_periodic_task(crontab(minute="0", hour=str(settings.ALERT_HOUR)))
def send_daily_alerts():
    alerts.send_alerts(SavedSearch.Frequency.DAILY)


@db_periodic_task(crontab(minute="0", hour=str(settings.ALERT_HOUR), day_of_week="1"))
def send_weekly_alerts():
    alerts.send_alerts(SavedSearch.Frequency.WEEKLY)
