"""End to end, with the realistic sample files (bench.documents: PDFs of three producers, Word
documents, scans) and their ground truth: imported through `manage.py import_source` and through
the admin's background import, what lands in the database and on the pages."""

import re
from functools import partial

import pytest
from admin_forms import posted
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from documents_samples import truth
from test_documents_samples import TEXT_FILES

from legalkb import tasks
from legalkb.documents import read
from legalkb.models import ImportJob, Note, Source

pytestmark = pytest.mark.slow


def imported(samples, name, *options):
    """The source the import command makes of a sample file, and the Document it read."""
    path = samples / name
    call_command("import_source", str(path), *options)
    return Source.objects.get(file_name=name), read(path.read_bytes(), name)


@pytest.mark.parametrize("name", TEXT_FILES)
def test_a_sample_file_lands_with_its_parts_notes_and_title(db, samples, name):
    source, document = imported(samples, name)
    expected = truth(samples / name)
    assert source.title == expected["title"]
    passages = list(source.passages.all())
    assert [(p.kind, p.text, p.level) for p in passages] == [
        (p.kind, p.text, p.level) for p in document.parts
    ]
    notes = Note.objects.filter(passage__source=source).order_by("passage__position", "position")
    in_document = [(n.mark, n.text) for part in document.parts for n in part.notes]
    assert [(n.mark, n.text) for n in notes] == in_document
    assert list(source.references.values_list("text", flat=True)) == document.references


@pytest.mark.parametrize("name", TEXT_FILES)
def test_no_running_header_or_title_page_line_stands_in_a_passage(db, samples, name):
    source, _document = imported(samples, name)
    expected = truth(samples / name)
    texts = list(source.passages.values_list("text", flat=True))
    assert not [line for line in expected["furniture"] if any(line in text for text in texts)]
    assert not set(expected["title_lines"]) & set(texts)


def test_an_abstracts_title_page_fills_its_record(db, samples):
    source, _document = imported(samples, "kk-abstract.pdf")
    front = truth(samples / "kk-abstract.pdf")["front"]
    assert (source.kind, source.year, source.degree, source.speciality) == (
        front["kind"],
        front["year"],
        front["degree"],
        front["speciality"],
    )
    authors = [[c.family_name, c.given_names] for c in source.creators.filter(role="author")]
    opponents = [[c.family_name, c.given_names] for c in source.creators.filter(role="opponent")]
    assert (authors, opponents) == (front["authors"], front["opponents"])


def test_an_articles_passages_cite_the_pages_printed_on_them(db, client, samples):
    source, _document = imported(samples, "kk-article.pdf")
    expected = truth(samples / "kk-article.pdf")
    first = expected["parts"][0]
    passage = source.passages.get(position=1)
    assert [passage.label_start, passage.label_end] == first["labels"]
    html = client.get(passage.get_absolute_url()).content.decode()
    assert f"Б. {first['labels'][0]}" in html
    assert (source.container, source.first_page) == (
        expected["front"]["journal"],
        expected["front"]["first_page"],
    )


def test_an_articles_page_shows_its_outline_notes_abstract_and_keywords(db, client, samples):
    source, document = imported(samples, "kk-article.pdf", "--public")
    html = client.get(source.get_absolute_url()).content.decode()
    headings = [part.text for part in document.parts if part.is_heading]
    assert (
        re.findall(r'<li class="outline-level-\d" lang="\w+"><a href="[^"]*">([^<]*)</a>', html) == headings
    )
    assert html.count('<sup class="note-mark">') == sum(len(part.notes) for part in document.parts)
    assert truth(samples / "kk-article.pdf")["front"]["abstracts"]["ru"] in html
    assert f'href="{source.get_absolute_url()}file"' in html
    download = client.get(f"{source.get_absolute_url()}file")
    assert b"".join(download.streaming_content) == (samples / "kk-article.pdf").read_bytes()


def test_a_scans_text_is_recognised_and_never_the_scanners_stamp(db, samples):
    source, _document = imported(samples, "kk-scan-camscanner.pdf")
    texts = list(source.passages.values_list("text", flat=True))
    assert texts and not [text for text in texts if "CamScanner" in text]
    assert source.title == truth(samples / "kk-scan-camscanner.pdf")["title"]


# Through the admin's background import (huey runs each job when its transaction commits)


@pytest.fixture
def english(settings):
    """The admin in English, the language of the source strings."""
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def worker(django_capture_on_commit_callbacks):
    return partial(django_capture_on_commit_callbacks, execute=True)


def background_import(client, worker, samples, name):
    """Upload a sample file in the admin, let the worker preview it, confirm it as found; the
    job's page before and after."""
    data = (samples / name).read_bytes()
    with worker():
        uploaded = client.post("/admin/legalkb/source/import/", {"file": SimpleUploadedFile(name, data)})
    preview = client.get(uploaded.url)
    with worker():
        done = client.post(uploaded.url, {**posted(preview.context["record_form"]), "confirm": "1"})
    return preview, client.get(done.url)


def test_the_preview_of_an_abstract_shows_its_title_page_and_what_was_left_out(
    admin_client, english, own_index, worker, samples
):
    preview, done = background_import(admin_client, worker, samples, "kk-abstract.pdf")
    front = truth(samples / "kk-abstract.pdf")["front"]
    form = preview.context["record_form"]
    assert (form["title"].value(), form["year"].value()) == (front["title"], front["year"])
    assert form["opponents"].value().splitlines() == [" ".join(name) for name in front["opponents"]]
    reasons = {line["reason"] for line in preview.context["dropped"]}
    assert {"title page", "page number"} <= reasons
    assert preview.context["preview"]["notes"] == 3
    assert done.context["job"].status == "done"
    assert Source.objects.get(title=front["title"]).passages.count() == preview.context["preview"]["passages"]


def test_the_preview_of_a_scan_says_its_text_was_recognised_and_lists_the_unsure_words(
    admin_client, english, own_index, worker, samples
):
    preview, done = background_import(admin_client, worker, samples, "kk-scan.pdf")
    html = preview.content.decode()
    assert "their text was recognised (OCR)" in html
    assert preview.context["preview"]["recognised"]
    for word in preview.context["preview"]["unsure_words"]:
        assert word in html
    assert done.context["job"].status == "done"


def test_the_worker_counts_the_pages_it_reads_then_the_passages_it_matches(db, samples, monkeypatch):
    reports = []
    report = tasks.report
    monkeypatch.setattr(tasks, "report", lambda *args: reports.append(args[1:]) or report(*args))
    data = (samples / "kk-abstract.pdf").read_bytes()
    job = ImportJob.objects.create(file_name="kk-abstract.pdf", data=data)
    tasks.preview_job.call_local(job.pk)
    pages = [(done, total) for counting, done, total in reports if counting == "pages"]
    assert pages[-1] == (13, 13) and len(pages) > 1
    job.refresh_from_db()
    assert (job.status, job.counting, job.done) == ("previewed", "passages", job.total)
