"""Background jobs, run by the worker (`manage.py run_worker`, which make run and make serve start
beside the web server) so that no web request does more than a moment's work.

Imports: an editor's upload becomes an ImportJob (start); the worker reads the file and stores
a preview (preview_job); the editor confirms (confirm); the worker saves the source, its
passages, links and outbox rows in one transaction together with the job's new status, and the
passages are indexed after the commit (import_job). A worker killed at any moment leaves
nothing half-saved and the job in a running status; resume_interrupted, when the worker starts
again, queues every such job once more, and each step carries on from the job's status.

Each step that reads a file (preview_job, import_job) runs in a process of its own, limited to
settings.IMPORT_SECONDS and IMPORT_MEMORY_MB (legalkb.limits), at most MAX_ATTEMPTS times, a
worker's restart included; then the job fails with a message the editor sees. A worker runs
one such step at a time (IMPORT_SLOTS), so its other threads keep taking the other jobs.

Indexing: a change only writes its outbox rows (legalkb.search.outbox); the worker drains the
outbox every DRAIN_SECONDS in a thread of its own (keep_draining), so a change is searchable
within seconds and an indexing that failed is retried without anyone acting.
"""

import logging
import threading
from contextlib import contextmanager
from functools import partial

from django.conf import settings
from django.db import close_old_connections, transaction
from django.db.models import F
from django.utils.module_loading import import_string
from django.utils.translation import gettext, gettext_noop
from huey.contrib.djhuey import HUEY, db_task

from .ingest import error_message, preview_import, read_file, save_document
from .limits import LimitExceeded, django_call, run_limited
from .models import ImportJob, PendingIndexUpdate
from .search import outbox
from .text.pipeline import SourceFileError

log = logging.getLogger(__name__)

Status = ImportJob.Status
PREVIEW_PASSAGES = 100  # passages a preview shows; its counts cover them all
REPAIR_EXAMPLES = 12  # look-alike repairs a preview lists
DRAIN_SECONDS = 2  # how often the worker indexes what waits in the outbox
MAX_ATTEMPTS = 3
SLOT_WAIT_SECONDS = 5  # a step that finds the worker's import slot taken is queued again this much later
IMPORT_THREADS = 1  # of a worker's threads, at most this many read files: the others take the other jobs
IMPORT_SLOTS = threading.BoundedSemaphore(IMPORT_THREADS)
# Why a job failed after its attempts, by error_code; params: seconds, megabytes, attempts
FAILURES = {
    "time_limit": gettext_noop(
        "Reading this file took over %(seconds)s seconds, %(attempts)s times: nothing was saved. "
        "Split it into parts and import them one by one."
    ),
    "memory_limit": gettext_noop(
        "Reading this file needed over %(megabytes)s MB of memory, %(attempts)s times: nothing was "
        "saved. Split it into parts and import them one by one."
    ),
    "stopped": gettext_noop(
        "The import stopped before it finished, %(attempts)s times (the worker was stopped or failed): "
        "nothing was saved. The worker's log says why; import the file again later."
    ),
}


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
    limited_step(preview_job, "legalkb.tasks.preview", job_id, [Status.READING])


@db_task()
def import_job(job_id):
    limited_step(import_job, "legalkb.tasks.import_file", job_id, [Status.QUEUED, Status.IMPORTING])
    if ImportJob.objects.filter(pk=job_id, status=Status.INDEXING).exists():
        outbox.drain()
        ImportJob.objects.filter(pk=job_id, status=Status.INDEXING).update(status=Status.DONE)


def limited_step(task, step, job_id, statuses):
    """Run step(job_id) (a dotted path) for a job in one of statuses, as one more attempt in a
    process limited in time and memory; in huey's immediate mode (tests), here."""
    if HUEY.immediate:
        import_string(step)(job_id)
        return
    if not IMPORT_SLOTS.acquire(blocking=False):
        task.schedule((job_id,), delay=SLOT_WAIT_SECONDS)
        return
    try:
        if ImportJob.objects.filter(pk=job_id, status__in=statuses).update(attempts=F("attempts") + 1):
            attempt_step(task, step, job_id)
    finally:
        IMPORT_SLOTS.release()


def attempt_step(task, step, job_id):
    job = ImportJob.objects.only("attempts", "error_params").get(pk=job_id)
    if job.attempts > MAX_ATTEMPTS:  # the last one was cut short by the worker's own end
        give_up(job_id, job.error_params.get("reason", "stopped"))
        return
    seconds, megabytes = settings.IMPORT_SECONDS, settings.IMPORT_MEMORY_MB
    try:
        run_limited(django_call, (step, job_id), seconds, megabytes * 1024 * 1024)
    except LimitExceeded as exceeded:
        log.warning("Import job %s, attempt %s: %s limit", job_id, job.attempts, exceeded.reason)
        running = ImportJob.objects.filter(pk=job_id, status__in=ImportJob.RUNNING)
        if not running.update(error_params={"reason": exceeded.reason}):
            return  # the step ended the job itself (failing_job) before it stopped
        if job.attempts < MAX_ATTEMPTS:
            task.schedule((job_id,), delay=SLOT_WAIT_SECONDS)
        else:
            give_up(job_id, exceeded.reason)


def give_up(job_id, reason):
    """The job fails after its last attempt, saying why."""
    code = {"time": "time_limit", "memory": "memory_limit"}.get(reason, "stopped")
    params = {
        "seconds": settings.IMPORT_SECONDS,
        "megabytes": settings.IMPORT_MEMORY_MB,
        "attempts": MAX_ATTEMPTS,
    }
    ImportJob.objects.filter(pk=job_id, status__in=ImportJob.RUNNING).update(
        status=Status.FAILED, error_code=code, error_params=params, data=b""
    )


def job_error(job):
    """Why the job was refused or failed, in the active language."""
    if job.error_code in FAILURES:
        return gettext(FAILURES[job.error_code]) % job.error_params
    return error_message(SourceFileError(job.error_code, **job.error_params))


def preview(job_id):
    job = ImportJob.objects.filter(pk=job_id, status=Status.READING).first()
    if job is None:
        return
    with failing_job(job_id):
        try:
            progress = partial(report, job_id)
            previewed = preview_import(bytes(job.data), job.file_name, job.title, progress=progress)
        except SourceFileError as error:
            refuse(job_id, error)
            return
        total = len(previewed.passages)
        summary = preview_summary(previewed)
        ImportJob.objects.filter(pk=job_id, status=Status.READING).update(
            status=Status.PREVIEWED, preview=summary, done=total, total=total, attempts=0, error_params={}
        )


def import_file(job_id):
    job = ImportJob.objects.filter(pk=job_id, status__in=[Status.QUEUED, Status.IMPORTING]).first()
    if job is not None:
        with failing_job(job_id):
            save(job)


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


def drain_outbox():
    """Index what waits in the outbox, if anything does (a cheap look when nothing does)."""
    if PendingIndexUpdate.objects.exists():
        outbox.drain()


def keep_draining(stop):
    """The worker's indexing loop, in a thread of its own beside huey's consumer (huey's
    periodic tasks run at most once a minute, from the next minute on): drain the outbox at
    once, then every DRAIN_SECONDS until stop is set."""
    while True:
        close_old_connections()
        try:
            drain_outbox()
        except Exception:
            log.exception("Draining the indexing outbox failed; the next drain tries again.")
        if stop.wait(DRAIN_SECONDS):
            close_old_connections()
            return
