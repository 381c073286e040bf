"""Background jobs, run by the worker (`manage.py run_worker`, which make run and make serve start
beside the web server) so that no web request does more than a moment's work.

Imports: an editor's upload becomes an ImportJob (start); the worker reads the file (recognising
a scan's text), keeps the Document it read and stores a preview (preview_job); the editor
corrects the bibliographic record and confirms (confirm); the worker saves the source, or
replaces the file of the source the job names, in one transaction together with the job's new
status, and the passages are indexed after the commit (import_job). The file is read once: the
import saves the Document the editor saw. A worker killed at any moment leaves
nothing half-saved and the job in a running status; resume_interrupted, when the worker starts
again, queues every such job once more, and each step carries on from the job's status.

Each step that reads a file (preview_job, import_job) runs in a process of its own, limited to
settings.IMPORT_SECONDS and IMPORT_MEMORY_MB (legalkb.limits), at most MAX_ATTEMPTS times, a
worker's restart included; then the job fails with a message the editor sees. A worker runs
one such step at a time (IMPORT_SLOTS), so its other threads keep taking the other jobs.

Indexing: a change only writes its outbox rows (legalkb.search.outbox); the worker drains the
outbox every DRAIN_SECONDS in a thread of its own (keep_draining), so a change is searchable
within seconds and an indexing that failed is retried without anyone acting.

Readers' alerts are mailed every day at settings.ALERT_HOUR (UTC), and the weekly ones on
Mondays (legalkb.alerts).
"""

import logging
import threading
from collections import Counter
from contextlib import contextmanager
from dataclasses import asdict
from functools import partial

from dacite import Config, from_dict
from django.conf import settings
from django.db import close_old_connections, transaction
from django.db.models import F
from django.utils.module_loading import import_string
from django.utils.translation import gettext, gettext_noop
from huey import crontab
from huey.contrib.djhuey import HUEY, db_periodic_task, db_task

from . import alerts
from .citation import cited_pages, page_range
from .documents.document import Document, PartKind
from .ingest import (
    error_message,
    found_record,
    preview_import,
    read_file,
    refuse_if_imported,
    replace_file,
    save_document,
)
from .limits import LimitExceeded, django_call, run_limited
from .models import ImportJob, Passage, PendingIndexUpdate, SavedSearch
from .search import outbox
from .text.pipeline import Encoding, SourceFileError, checksum

log = logging.getLogger(__name__)

Status = ImportJob.Status
PREVIEW_PASSAGES = 100  # passages a preview shows; its counts cover them all
PREVIEW_LINES = 200  # dropped lines, headings, references and unsure words a preview lists, at most
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
    """A new job for an uploaded file, with the editor's options (title, language, year, kind,
    the source whose file it replaces); the worker reads it once the transaction commits."""
    job = ImportJob.objects.create(file_name=file_name, data=data, created_by=user, **options)
    transaction.on_commit(partial(preview_job, job.pk), robust=True)
    return job


def confirm(job, record=None):
    """The editor's go-ahead for a previewed job, with the record as corrected (else the one
    found); False when the job no longer waits for one."""
    waiting = ImportJob.objects.filter(pk=job.pk, status=Status.PREVIEWED)
    changes = {"status": Status.QUEUED} if record is None else {"status": Status.QUEUED, "record": record}
    if not waiting.update(**changes):
        return False
    transaction.on_commit(partial(import_job, job.pk), robust=True)
    return True


def cancel(job):
    """Drop a job that waits for the editor, and its file; False when it no longer waits."""
    return bool(
        ImportJob.objects.filter(pk=job.pk, status=Status.PREVIEWED).update(
            status=Status.CANCELLED, data=b"", document=None
        )
    )


@db_task()
def preview_job(job_id):
    limited_step(preview_job, "legalkb.tasks.preview", job_id, [Status.READING])


@db_task()
def import_job(job_id):
    limited_step(import_job, "legalkb.tasks.import_file", job_id, [Status.QUEUED, Status.IMPORTING])
    if ImportJob.objects.filter(pk=job_id, status=Status.INDEXING).exists():
        outbox.drain()
        finish_indexed_jobs()


def finish_indexed_jobs():
    """Imports none of whose passages waits in the outbox any more are done, whichever drain
    indexed them: a drain finds the rows another drain holds (the worker's own, every few
    seconds) left to it, and an import is done only when its passages can be found."""
    for job in ImportJob.objects.filter(status=Status.INDEXING).only("pk", "source_id"):
        passages = Passage.objects.filter(source_id=job.source_id).values("pk")
        if not PendingIndexUpdate.objects.filter(passage_id__in=passages).exists():
            ImportJob.objects.filter(pk=job.pk, status=Status.INDEXING).update(status=Status.DONE)


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
        log.warning("Import job %s, attempt %s did not finish: %s", job_id, job.attempts, exceeded)
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
        status=Status.FAILED, error_code=code, error_params=params, data=b"", document=None
    )


def job_error(job):
    """Why the job was refused or failed, in the active language."""
    if job.error_code in FAILURES:
        return gettext(FAILURES[job.error_code]) % job.error_params
    return error_message(SourceFileError(job.error_code, **job.error_params))


def preview(job_id):
    job = ImportJob.objects.filter(pk=job_id, status=Status.READING).select_related("replaces").first()
    if job is None:
        return
    with failing_job(job_id):
        try:
            data = bytes(job.data)
            refuse_if_imported(checksum(data))  # before reading, which may take minutes for a scan
            document = read_file(data, job.file_name, progress=partial(report, job_id, "pages"))
            options = {name: getattr(job, name) for name in ("title", "language", "year", "kind")}
            record = found_record(document, replaces=job.replaces, **options)
            previewed = preview_import(document, record, progress=partial(report, job_id, "passages"))
        except SourceFileError as error:
            refuse(job_id, error)
            return
        total = len(previewed.parts)
        ImportJob.objects.filter(pk=job_id, status=Status.READING).update(
            status=Status.PREVIEWED,
            preview=preview_summary(previewed),
            document=document_json(document),
            record=record,
            counting=ImportJob.Counting.PASSAGES,
            done=total,
            total=total,
            attempts=0,
            error_params={},
        )


def import_file(job_id):
    job = ImportJob.objects.filter(pk=job_id, status__in=[Status.QUEUED, Status.IMPORTING]).first()
    if job is not None:
        with failing_job(job_id):
            save(job)


def save(job):
    """Save the job's source, or replace the file of the source it names, in one transaction with
    the job's move to INDEXING. A job queued twice (queued, then resumed by a starting worker) is
    saved once: the second run finds the job's row, locked, moved on."""
    ImportJob.objects.filter(pk=job.pk, status=Status.QUEUED).update(status=Status.IMPORTING)
    job = ImportJob.objects.select_related("replaces").filter(pk=job.pk, status=Status.IMPORTING).first()
    if job is None:
        return
    document, data, record = json_document(job.document), bytes(job.data), job.record
    public = record.get("original_public", False)
    try:
        with transaction.atomic():
            if not ImportJob.objects.select_for_update().filter(pk=job.pk, status=Status.IMPORTING).exists():
                return
            preview = job.preview
            if job.replaces is None:
                source = save_document(document, data, job.file_name, record, job.created_by, public)
            else:
                source = job.replaces
                outcome = replace_file(source, document, data, job.file_name, record, job.created_by, public)
                preview = {**preview, "replacement": asdict(outcome)}
            ImportJob.objects.filter(pk=job.pk).update(
                status=Status.INDEXING,
                source=source,
                preview=preview,
                data=b"",
                document=None,
                counting=ImportJob.Counting.PASSAGES,
                done=0,
                total=len(document.parts),
            )
    except SourceFileError as error:
        refuse(job.pk, error)


def report(job_id, counting, done, total):
    ImportJob.objects.filter(pk=job_id).update(counting=counting, done=done, total=total)


def refuse(job_id, error):
    ImportJob.objects.filter(pk=job_id, status__in=ImportJob.RUNNING).update(
        status=Status.REFUSED, error_code=error.code, error_params=error.params, data=b"", document=None
    )


@contextmanager
def failing_job(job_id):
    """A job whose step raised something unforeseen is marked failed (the worker logs why)."""
    try:
        yield
    except Exception:
        ImportJob.objects.filter(pk=job_id).update(status=Status.FAILED, data=b"", document=None)
        raise


def preview_summary(preview):
    """What the job's page shows of a preview, as JSON: how the file was read (encoding, text
    recognition and its unsure words, the readers' notices), what became body and what was left
    out, the front matter found beyond the record, the counts, the repairs, and the first parts
    with their notes, cells and proposed links as (kind, entry id, matched words)."""
    document, front = preview.document, preview.document.front
    kinds = Counter(part.kind for part in document.parts)
    return {
        "title": preview.record["title"],
        "encoding": document.encoding.label if document.encoding else None,
        "encoding_detected": bool(document.encoding) and not document.encoding.certain,
        "language": document.language,
        "recognised": document.recognised,
        "unsure_words": document.low_confidence_words[:PREVIEW_LINES],
        "notices": [[notice.code, notice.params] for notice in document.notices],
        "passages": len(preview.parts),
        "headings": kinds[PartKind.HEADING],
        "tables": kinds[PartKind.TABLE],
        "list_items": kinds[PartKind.LIST_ITEM],
        "notes": sum(len(part.notes) for part in document.parts),
        "link_count": sum(len(p.links) for p in preview.parts),
        "repair_count": document.repairs.total(),
        "repairs": [[found, fixed, n] for (found, fixed), n in document.repairs.most_common(REPAIR_EXAMPLES)],
        "outline": [[p.level, p.text] for p in document.parts if p.is_heading][:PREVIEW_LINES],
        "dropped_count": len(document.dropped),
        "dropped": [[line.text, line.page, line.reason] for line in document.dropped[:PREVIEW_LINES]],
        "front": {
            "udc": front.udc,
            "affiliations": front.affiliations,
            "abstracts": front.abstracts,
            "keywords": front.keywords,
        },
        "reference_count": len(document.references),
        "references": document.references[:PREVIEW_LINES],
        "sample": [
            {
                "position": p.position,
                "kind": p.part.kind,
                "level": p.part.level,
                "text": p.part.text,
                "language": p.part.language or document.language,
                "section": list(p.part.section),
                "pages": page_range(
                    cited_pages((p.part.label_start, p.part.label_end), (p.part.page_start, p.part.page_end)),
                    "–",
                ),
                "notes": [[note.mark, note.text] for note in p.part.notes],
                "rows": [list(row) for row in p.part.rows],
                "links": [[link.kind.name, link.entry.pk, link.matched] for link in p.links],
            }
            for p in preview.parts[:PREVIEW_PASSAGES]
        ],
    }


DOCUMENT_JSON = Config(cast=[tuple])  # JSON arrays back into the contract's tuples


def document_json(document):
    """A Document as JSON, for the job to keep between the preview and the import."""
    data = asdict(document)
    data["repairs"] = [[*repair, n] for repair, n in document.repairs.items()]
    return data


def json_document(data):
    """The Document document_json kept."""
    document = from_dict(Document, {**data, "repairs": Counter(), "encoding": None}, DOCUMENT_JSON)
    document.repairs = Counter({(found, fixed): n for found, fixed, n in data["repairs"]})
    document.encoding = Encoding(**data["encoding"]) if data["encoding"] else None
    return document


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
        finish_indexed_jobs()


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


@db_periodic_task(crontab(minute="0", hour=str(settings.ALERT_HOUR)))
def send_daily_alerts():
    alerts.send_alerts(SavedSearch.Frequency.DAILY)


@db_periodic_task(crontab(minute="0", hour=str(settings.ALERT_HOUR), day_of_week="1"))
def send_weekly_alerts():
    alerts.send_alerts(SavedSearch.Frequency.WEEKLY)
