"""Background jobs (legalkb.tasks): huey's immediate mode runs them where they are queued, and
a real worker in a separate process is killed inside an import's transaction."""

import json
import signal
import sqlite3
import threading
from collections import Counter
from pathlib import Path
from types import SimpleNamespace

import pytest
from conftest import ARTICLE, ARTICLE_TITLE
from django.conf import settings
from django.core.management import CommandError, call_command
from django.utils import translation
from hand_documents import document, footnote, heading, paragraph, table
from processes import manage, project_env, run_python, start_python, wait_until

from legalkb import tasks
from legalkb.documents.document import Dropped, FrontMatter, Notice, Person
from legalkb.limits import LimitExceeded
from legalkb.models import ImportJob, Passage, PendingIndexUpdate, Source
from legalkb.search import SearchRequest, search_passages
from legalkb.text.pipeline import Encoding


def previewed(file_name, data, title, status):
    """A job the worker has read and previewed, then moved to status."""
    job = ImportJob.objects.create(file_name=file_name, data=data, title=title)
    tasks.preview_job.call_local(job.pk)
    ImportJob.objects.filter(pk=job.pk).update(status=status)
    return job


def test_a_worker_starting_again_carries_on_with_the_jobs_a_stopped_one_left_running(own_index):
    data = ARTICLE.read_bytes().replace(b"\n", b"\r\n")  # the same words in other files
    reading = ImportJob.objects.create(file_name="a.txt", data=data, title="Алдын ала")
    importing = previewed("b.txt", data + b"\r\n", "Жүктелетін", ImportJob.Status.IMPORTING)

    assert tasks.resume_interrupted() == 2

    reading.refresh_from_db()
    importing.refresh_from_db()
    assert (reading.status, reading.preview["title"]) == ("previewed", "Алдын ала")
    assert (importing.status, importing.source.title) == ("done", "Жүктелетін")


def test_a_job_queued_twice_is_saved_once(corpus):
    job = previewed("a.txt", ARTICLE.read_bytes() + b"\n", "Екі рет", ImportJob.Status.QUEUED)

    tasks.save(job)
    tasks.save(job)  # the run queued again, with the job as it was read before the first

    saved = ImportJob.objects.get(pk=job.pk)
    assert (saved.status, saved.source.title) == ("indexing", "Екі рет")
    assert Source.objects.filter(title="Екі рет").count() == 1


def test_an_import_is_done_only_once_its_passages_are_indexed_whichever_drain_indexed_them(
    own_index, monkeypatch
):
    job = previewed("a.txt", ARTICLE.read_bytes() + b"\n", "Палимпсест", ImportJob.Status.QUEUED)
    drain = tasks.outbox.drain
    monkeypatch.setattr(tasks.outbox, "drain", lambda: 0)  # another drain holds the rows

    tasks.import_job.call_local(job.pk)

    assert ImportJob.objects.get(pk=job.pk).status == "indexing"
    monkeypatch.setattr(tasks.outbox, "drain", drain)
    tasks.drain_outbox()  # the worker's own, a few seconds later
    done = ImportJob.objects.select_related("source").get(pk=job.pk)
    found = search_passages(SearchRequest(filters={"source": [done.source.slug]})).count
    assert (done.status, found) == ("done", done.source.passages.count())


def test_a_finished_job_is_left_alone(corpus):
    ImportJob.objects.create(file_name="a.txt", status=ImportJob.Status.DONE)
    assert tasks.resume_interrupted() == 0


def test_the_workers_drains_start_at_once_and_stop_when_told(own_index, monkeypatch):
    passage = Passage.objects.first()
    passage.text += " палимпсест"
    passage.save()
    stop = threading.Event()
    waits = []
    monkeypatch.setattr(stop, "wait", lambda seconds: waits.append(seconds) or True)
    monkeypatch.setattr(tasks, "close_old_connections", lambda: None)  # the test's own transaction

    tasks.keep_draining(stop)

    assert waits == [tasks.DRAIN_SECONDS]
    assert search_passages(SearchRequest(q="палимпсест")).count == 1


def test_a_drain_indexes_what_an_earlier_failure_left_in_the_outbox(own_index):
    passage = Passage.objects.first()
    Passage.objects.filter(pk=passage.pk).update(text=passage.text + " палимпсест")  # no signal
    PendingIndexUpdate.objects.create(passage_id=passage.pk)

    tasks.drain_outbox()

    assert search_passages(SearchRequest(q="палимпсест")).count == 1
    assert not PendingIndexUpdate.objects.exists()


# Each step that reads a file: one more attempt, in a process limited in time and memory


@pytest.fixture
def worker_mode(monkeypatch):
    """limited_step as a real worker runs it (not huey's immediate mode), its process runner
    replaced by what the test says happened: [reason the process stopped, or None]."""
    monkeypatch.setattr(tasks, "HUEY", SimpleNamespace(immediate=False))
    outcomes = []

    def run(function, args, seconds, memory_bytes):
        reason = outcomes.pop(0)
        if reason is not None:
            raise LimitExceeded(reason)
        function(*args)

    monkeypatch.setattr(tasks, "run_limited", run)
    return outcomes


def later():
    """A stand-in for the huey task: what it was scheduled to run again."""
    scheduled = []
    return SimpleNamespace(schedule=lambda args, delay: scheduled.append(args), scheduled=scheduled)


def reading_job():
    return ImportJob.objects.create(file_name="a.txt", data=ARTICLE.read_bytes() + b"\n\n", title="Ұзақ")


def preview_attempt(job, task):
    tasks.limited_step(task, "legalkb.tasks.preview", job.pk, [ImportJob.Status.READING])
    return ImportJob.objects.get(pk=job.pk)


def test_a_step_stopped_by_its_memory_limit_is_tried_again_then_fails_saying_why(corpus, worker_mode):
    job, task = reading_job(), later()
    worker_mode += ["memory"] * tasks.MAX_ATTEMPTS

    seen = [preview_attempt(job, task).status for _ in range(tasks.MAX_ATTEMPTS)]

    failed = ImportJob.objects.get(pk=job.pk)
    assert seen == ["reading", "reading", "failed"] and len(task.scheduled) == 2
    assert (failed.error_code, failed.attempts, bytes(failed.data)) == ("memory_limit", 3, b"")
    with translation.override("en"):
        assert tasks.job_error(failed) == (
            f"Reading this file needed over {settings.IMPORT_MEMORY_MB} MB of memory, 3 times: "
            "nothing was saved. Split it into parts and import them one by one."
        )


def test_a_step_that_succeeds_on_a_later_attempt_goes_on(corpus, worker_mode):
    job, task = reading_job(), later()
    worker_mode += ["time", None]

    assert [preview_attempt(job, task).status for _ in range(2)] == ["reading", "previewed"]
    assert ImportJob.objects.get(pk=job.pk).attempts == 0  # the import step starts afresh


def test_a_job_whose_worker_stopped_in_each_attempt_fails_when_it_resumes_a_fourth_time(corpus, worker_mode):
    job = reading_job()
    ImportJob.objects.filter(pk=job.pk).update(attempts=tasks.MAX_ATTEMPTS)  # three starts, none ended

    failed = preview_attempt(job, later())

    assert (failed.status, failed.error_code) == ("failed", "stopped")


def test_a_step_finding_the_workers_import_slot_taken_waits_without_an_attempt(corpus, worker_mode):
    job, task = reading_job(), later()

    with tasks.IMPORT_SLOTS:  # another import runs in this worker: its other thread stays free
        waiting = preview_attempt(job, task)

    assert (waiting.status, waiting.attempts, task.scheduled) == ("reading", 0, [(job.pk,)])


def test_the_worker_keeps_a_thread_for_other_jobs_beside_its_imports():
    assert settings.HUEY["consumer"]["workers"] > tasks.IMPORT_THREADS

    with pytest.raises(CommandError, match="at least 2 threads"):
        call_command("run_worker", workers=tasks.IMPORT_THREADS, no_resume=True)


def test_the_worker_yields_the_cpu_to_the_web_server(tmp_path):
    lowered = (
        "import os; from legalkb.management.commands.run_worker import lower_priority;"
        "lower_priority(); print(os.nice(0))"
    )
    env = project_env(tmp_path, DJANGO_DEBUG="1", LEGALKB_WORKER_NICENESS="7")
    before = int(run_python(["-c", "import os; print(os.nice(0))"], env).stdout)

    assert int(manage(["shell", "-v0", "-c", lowered], env).stdout) == max(7, before)


# A real worker, killed inside an import's transaction

SUBMIT = (
    "from pathlib import Path; from legalkb import tasks;"
    "job = tasks.start('article.txt', Path({path!r}).read_bytes(), None, title={title!r});"
    "print(job.pk)"
)
CONFIRM = (
    "from legalkb import tasks; from legalkb.models import ImportJob;tasks.confirm(ImportJob.objects.get())"
)
COUNTS = (
    "SELECT (SELECT status FROM legalkb_importjob), (SELECT COUNT(*) FROM legalkb_source),"
    " (SELECT COUNT(*) FROM legalkb_passage), (SELECT COUNT(*) FROM legalkb_pendingindexupdate)"
)
SEARCH = (
    "import json; from legalkb.search import SearchRequest, search_passages;"
    "print(json.dumps(search_passages(SearchRequest()).count))"
)


def state(database):
    """(job status, sources, passages, outbox rows) as the database holds them now."""
    with sqlite3.connect(database) as connection:
        return connection.execute(COUNTS).fetchone()


def run_worker_until(env, status, what):
    """A real worker, stopped once the job has the status; what it logged."""
    worker = start_python(["manage.py", "run_worker"], env)
    try:
        wait_until(
            lambda: state(Path(env["DATABASE_URL"].removeprefix("sqlite:///")))[0] == status, worker, what
        )
    finally:
        worker.send_signal(signal.SIGINT)
        logged = worker.communicate(timeout=60)[1]
    return logged


@pytest.mark.slow
def test_a_worker_killed_inside_an_import_leaves_nothing_and_the_next_one_finishes_it(tmp_path):
    env = project_env(tmp_path)
    database = tmp_path / "db.sqlite3"
    for step in (["migrate", "-v0"], ["load_taxonomy"], ["rebuild_index", "--noinput", "-v0"]):
        assert manage(step, env).returncode == 0
    holding = start_python(["tests/import_worker.py"], env)
    try:
        submitted = manage(["shell", "-c", SUBMIT.format(path=str(ARTICLE), title=ARTICLE_TITLE)], env)
        assert submitted.returncode == 0, submitted.stderr
        wait_until(lambda: state(database)[0] == "previewed", holding, "the preview")
        assert manage(["shell", "-c", CONFIRM], env).returncode == 0
        # (the worker may first say it queued the job again: it started after the upload)
        assert "inside the import's transaction\n" in iter(holding.stdout.readline, "")
    finally:
        holding.send_signal(signal.SIGKILL)
        holding.wait(timeout=30)

    assert state(database) == ("importing", 0, 0, 0)

    run_worker_until(env, "done", "the resumed import")
    status, sources, passages, waiting = state(database)
    assert (sources, waiting) == (1, 0) and passages > 20
    assert json.loads(manage(["shell", "-v0", "-c", SEARCH], env).stdout) == passages


def test_the_document_a_job_keeps_between_preview_and_import_is_the_one_read():
    note = footnote("1", "Сілтеме.", offset=3)
    read = document(
        heading("Кіріспе"),
        paragraph("Мәтін.", notes=(note,), page_start=1, label_start="112"),
        table(("а", "б"), ("в", "г")),
        front=FrontMatter(title="Т", authors=[Person("Серікбаева", "А. Т.")], keywords={"kk": ["заң"]}),
        references=["Әдебиет."],
        dropped=[Dropped("112", 1, "page_number")],
        notices=[Notice("recognised", {"pages": 2})],
        repairs=Counter({("Зaң", "Заң"): 2}),
        encoding=Encoding("cp1251", certain=False),
    )
    kept = json.loads(json.dumps(tasks.document_json(read)))
    assert tasks.json_document(kept) == read


@pytest.mark.slow
def test_a_real_worker_fails_an_import_past_its_memory_limit_after_three_attempts(tmp_path):
    env = project_env(tmp_path, LEGALKB_IMPORT_MEMORY_MB="64")  # less than Django itself needs
    database = tmp_path / "db.sqlite3"
    assert manage(["migrate", "-v0"], env).returncode == 0
    submitted = manage(["shell", "-c", SUBMIT.format(path=str(ARTICLE), title=ARTICLE_TITLE)], env)
    assert submitted.returncode == 0, submitted.stderr

    logged = run_worker_until(env, "failed", "the failed import")
    with sqlite3.connect(database) as connection:
        failed = connection.execute(
            "SELECT error_code, attempts, length(data) FROM legalkb_importjob"
        ).fetchone()
    assert failed == ("memory_limit", 3, 0), logged
    assert logged.count("did not finish: memory") == 3
