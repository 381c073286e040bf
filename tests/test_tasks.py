"""Background jobs (legalkb.tasks): huey's immediate mode runs them where they are queued, and
a real worker in a separate process is killed inside an import's transaction."""

import json
import signal
import sqlite3
from collections import Counter

import pytest
from conftest import ARTICLE, ARTICLE_TITLE
from hand_documents import document, footnote, heading, paragraph, table
from huey.contrib.djhuey import HUEY
from processes import manage, project_env, start_python, wait_until

from legalkb import tasks
from legalkb.documents.document import Dropped, FrontMatter, Notice, Person
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


def test_a_finished_job_is_left_alone(corpus):
    ImportJob.objects.create(file_name="a.txt", status=ImportJob.Status.DONE)
    assert tasks.resume_interrupted() == 0


def seconds_between(earlier, later):
    return {round((b - a).total_seconds()) for a, b in zip(earlier, later, strict=True)}


def test_the_worker_drains_the_outbox_every_few_seconds_of_every_minute(db):
    HUEY.storage.flush_schedule()
    tasks.schedule_outbox_drains.call_local()
    scheduled = HUEY.scheduled()
    assert len(scheduled) == 60 // tasks.DRAIN_SECONDS - 1  # the first drain ran at once
    etas = sorted(task.eta for task in scheduled)
    assert seconds_between(etas[:-1], etas[1:]) == {tasks.DRAIN_SECONDS}
    expiries = [task.expires_resolved for task in scheduled]
    assert seconds_between([task.eta for task in scheduled], expiries) == {tasks.DRAIN_SECONDS}
    HUEY.storage.flush_schedule()


def test_a_drain_indexes_what_an_earlier_failure_left_in_the_outbox(own_index):
    passage = Passage.objects.first()
    Passage.objects.filter(pk=passage.pk).update(text=passage.text + " палимпсест")  # no signal
    PendingIndexUpdate.objects.create(passage_id=passage.pk)

    tasks.drain_outbox.call_local()

    assert search_passages(SearchRequest(q="палимпсест")).count == 1
    assert not PendingIndexUpdate.objects.exists()


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

    worker = start_python(["manage.py", "run_worker"], env)
    try:
        wait_until(lambda: state(database)[0] == "done", worker, "the resumed import")
    finally:
        worker.send_signal(signal.SIGINT)
        worker.wait(timeout=60)
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
