"""The editors' workflow in the admin, end to end with Django's test client: import a
source, review the automatic tags, annotate spans, and the history of every change."""

import io
from functools import partial
from html import unescape

import docx
import pytest
from admin_forms import form_data, posted
from conftest import ABSTRACT, make_editor
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from made_files import docx_bytes, pdf_bytes

from legalkb.admin import REVIEW_PAGE_SIZE, ReviewFilterForm
from legalkb.documents.limits import MAX_FILE_BYTES, MAX_PDF_BYTES, MAX_PDF_PAGES, MAX_UNPACKED_BYTES, MB
from legalkb.kinds import TAXONOMY
from legalkb.links import propose
from legalkb.models import (
    Annotation,
    Author,
    AuthorLink,
    Creator,
    ImportJob,
    Passage,
    PendingIndexUpdate,
    Principle,
    PrincipleLink,
    Source,
)
from legalkb.search import SearchRequest, search_passages
from legalkb.templatetags.legalkb_tags import annotated_text
from legalkb.versions import StaleVersion

IMPORT_URL = "/admin/legalkb/source/import/"
ADD_URL = "/admin/legalkb/source/add/"
REVIEW_URL = "/admin/legalkb/passage/review/"

ARTICLE_LINES = [
    "Жауапкершілік туралы жаңа мақала",
    "Зaңдық жауапкершілік мемлекет пен азаматтың өзара қатынасын реттейді.",
    "Конституциялық реформа бұл қағидатты бекітті, палимпсест сияқты қабаттасып.",
]
ARTICLE_FILES = {
    "article.txt": "\n\n".join(ARTICLE_LINES).encode(),
    "article.docx": docx_bytes(*ARTICLE_LINES),
}


@pytest.fixture(autouse=True)
def english(settings):
    """Messages are read in English, the language of the source strings."""
    settings.LANGUAGE_CODE = "en"


def upload(client, name, data, **fields):
    return client.post(IMPORT_URL, {"file": SimpleUploadedFile(name, data), "kind": "article", **fields})


def add_annotation(data, **fields):
    """Post data with one more annotation form, filled as annotate.js fills it."""
    n = int(data["annotations-TOTAL_FORMS"])
    data["annotations-TOTAL_FORMS"] = n + 1
    defaults = {"status": "open", "visibility": "internal"}
    data.update({f"annotations-{n}-{name}": value for name, value in {**defaults, **fields}.items()})
    return data


def change_url(passage):
    return f"/admin/legalkb/passage/{passage.pk}/change/"


# Importing a source: a job the worker runs (huey's immediate mode in tests: a job runs when
# the transaction that queued it commits). A test whose import is confirmed writes to an index
# of its own.


@pytest.fixture
def worker(django_capture_on_commit_callbacks):
    """`with worker():` runs the jobs queued inside the block once their transaction commits."""
    return partial(django_capture_on_commit_callbacks, execute=True)


def import_file(client, worker, name, data, **fields):
    """Upload a file and let the worker preview it; the job's page."""
    with worker():
        uploaded = upload(client, name, data, **fields)
    return client.get(uploaded.url)


def confirm(client, worker, job_page, **corrected):
    """Confirm a previewed import with the record as found, but for the corrected fields."""
    record = {**posted(job_page.context["record_form"]), **corrected}
    with worker():
        return client.post(job_page.wsgi_request.path, {**record, "confirm": "1"})


def test_an_upload_is_only_stored_by_the_request_and_read_by_the_worker(admin_client, corpus):
    uploaded = upload(admin_client, "article.txt", ARTICLE_FILES["article.txt"])
    job = ImportJob.objects.get()
    assert uploaded.url == f"/admin/legalkb/importjob/{job.pk}/change/"
    assert (job.status, job.preview) == ("reading", None)
    page = admin_client.get(uploaded.url)
    assert '<meta http-equiv="refresh"' in page.content.decode()


def test_the_worker_previews_an_upload_and_nothing_is_saved_until_confirmed(admin_client, corpus, worker):
    page = import_file(admin_client, worker, "article.docx", ARTICLE_FILES["article.docx"], year=2021)
    html = page.content.decode()
    assert page.status_code == 200
    assert [p["text"] for p in page.context["sample"]][0] == ARTICLE_LINES[0]
    assert page.context["preview"]["repairs"] == [["Зaңдық", "Заңдық", 1]]
    assert {link["entry"].slug for p in page.context["sample"] for link in p["links"]} >= {
        "legal-responsibility",
        "constitutional-reform",
    }
    assert "Заңдық жауапкершілік" in html and 'name="confirm"' in html
    assert '<meta http-equiv="refresh"' not in html
    assert not Source.objects.filter(title=ARTICLE_LINES[0]).exists()


@pytest.mark.parametrize("name", ARTICLE_FILES)
def test_a_confirmed_import_saves_the_source_its_passages_and_links_and_indexes_them(
    admin_client, own_index, worker, name
):
    page = import_file(
        admin_client, worker, name, ARTICLE_FILES[name], title="Жаңа мақала", year=2021, language="kk"
    )
    done = confirm(admin_client, worker, page)
    source = Source.objects.get(title="Жаңа мақала")
    assert done.url == page.wsgi_request.path
    assert ImportJob.objects.get(source=source).status == "done"
    assert (source.file_name, source.year, source.language) == (name, 2021, "kk")
    passage = source.passages.get(text__contains="Заңдық жауапкершілік")
    assert passage.principlelink_set.get(principle__slug="legal-responsibility").status == "proposed"
    assert search_passages(SearchRequest(q="палимпсест")).count == 1
    assert 'href="/sources/' in admin_client.get(done.url).content.decode()


def test_the_imported_source_and_passages_name_the_editor_in_their_history(
    editor_client, editor, own_index, worker
):
    page = import_file(editor_client, worker, "article.txt", ARTICLE_FILES["article.txt"])
    confirm(editor_client, worker, page)
    source = Source.objects.get(title=ARTICLE_LINES[0])
    assert source.history.get().history_user == editor
    assert {p.history.get().history_user for p in source.passages.all()} == {editor}


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("scan.pdf", pdf_bytes(), "text recognition is turned off on this site"),
        ("broken.docx", ARTICLE_FILES["article.docx"][:3000], "The Word document is damaged"),
        ("article.pdf", ARTICLE_FILES["article.txt"], "The file is not a PDF"),
        ("article.docx", ARTICLE_FILES["article.txt"], "The file is not a Word document"),
        ("copy.txt", ABSTRACT.read_bytes(), "This file is already imported as"),
        ("ambiguous.txt", "Ђђ Ѓѓ Љљ Њњ".encode("cp1251"), "save it as UTF-8 and import it again"),
    ],
)
def test_a_bad_file_is_refused_by_the_worker_with_a_clear_message_and_nothing_is_saved(
    admin_client, corpus, worker, settings, name, data, message
):
    settings.OCR = False  # LEGALKB_OCR=0: a PDF without text is refused at once
    before = (Source.objects.count(), Passage.objects.count())
    page = import_file(admin_client, worker, name, data)
    assert page.status_code == 200 and page.context["job"].status == "refused"
    assert message in page.content.decode() and 'name="confirm"' not in page.content.decode()
    assert admin_client.post(page.wsgi_request.path, {"confirm": "1"}).status_code == 302
    assert (Source.objects.count(), Passage.objects.count()) == before
    assert ImportJob.objects.get().data in (b"", memoryview(b""))


def test_a_file_over_the_size_limit_is_refused_by_the_form(admin_client, corpus):
    page = upload(admin_client, "big.txt", b"a" * (MAX_FILE_BYTES + 1))
    assert "files over 10 MB cannot be imported" in page.content.decode()
    assert not ImportJob.objects.exists()


def test_the_upload_form_states_the_limits(editor_client):
    html = unescape(editor_client.get(IMPORT_URL).content.decode())
    limits = [MAX_FILE_BYTES // MB, MAX_PDF_BYTES // MB, MAX_UNPACKED_BYTES // MB, MAX_PDF_PAGES]
    stated = (
        "up to {} MB, or a .pdf of up to {} MB (a scan's text is recognised); "
        "a .docx may unpack to {} MB at most, a PDF have {} pages at most"
    )
    assert stated.format(*limits) in html


@pytest.mark.parametrize(
    "encoding, label, lines",
    [
        ("kz1048", "KZ-1048", ["Заңдық жауапкершілік мемлекет пен азаматтың қатынасын реттейді."]),
        ("cp1251", "Windows-1251", ["Юридическая ответственность государства перед гражданином."]),
    ],
)
def test_a_file_in_a_detected_encoding_is_shown_as_such_and_converted_on_confirmation(
    admin_client, own_index, worker, encoding, label, lines
):
    data = "\n\n".join(lines).encode(encoding)
    page = import_file(admin_client, worker, f"{encoding}.txt", data, title=encoding)
    assert f"Read as {label}, detected from its bytes" in page.content.decode()
    confirm(admin_client, worker, page)
    assert [p.text for p in Source.objects.get(title=encoding).passages.all()] == lines


def test_a_confirmation_of_a_job_that_is_not_waiting_for_one_is_refused(admin_client, corpus):
    upload(admin_client, "article.txt", ARTICLE_FILES["article.txt"])
    job = ImportJob.objects.get()
    done = admin_client.post(f"/admin/legalkb/importjob/{job.pk}/change/", {"confirm": "1"}, follow=True)
    assert "This import is not waiting for a confirmation." in done.content.decode()
    assert ImportJob.objects.get().status == "reading"


def test_a_cancelled_import_saves_nothing_and_drops_the_file(admin_client, corpus, worker):
    page = import_file(admin_client, worker, "article.txt", ARTICLE_FILES["article.txt"])
    admin_client.post(page.wsgi_request.path, {"cancel": "1"})
    job = ImportJob.objects.get()
    assert (job.status, bytes(job.data)) == ("cancelled", b"")
    assert not Source.objects.filter(title=ARTICLE_LINES[0]).exists()


def test_an_import_that_fails_midway_saves_nothing(admin_client, own_index, worker, monkeypatch):
    def broken(passages, matcher=None):
        raise RuntimeError("the tagger broke")

    monkeypatch.setattr("legalkb.ingest.links.propose", broken)
    page = import_file(admin_client, worker, "article.txt", ARTICLE_FILES["article.txt"])
    before = (Source.objects.count(), Passage.objects.count(), PendingIndexUpdate.objects.count())
    confirm(admin_client, worker, page)
    assert ImportJob.objects.get().status == "failed"
    assert (Source.objects.count(), Passage.objects.count(), PendingIndexUpdate.objects.count()) == before
    job_page = admin_client.get(page.wsgi_request.path).content.decode()
    assert "The import failed unexpectedly and nothing was saved" in job_page


def test_editors_may_import_and_staff_without_the_right_cannot(
    editor_client, client, django_user_model, worker
):
    assert editor_client.get(IMPORT_URL).status_code == 200
    page = import_file(editor_client, worker, "article.txt", ARTICLE_FILES["article.txt"])
    clerk = django_user_model.objects.create_user("clerk", password="a-long-clerk-password", is_staff=True)
    client.force_login(clerk)
    assert client.get(IMPORT_URL).status_code == 403
    assert client.post(page.wsgi_request.path, {"confirm": "1"}).status_code == 403


def test_a_source_cannot_be_added_without_a_file(editor_client, corpus):
    before = Source.objects.count()
    empty = {"title": "Бос", "kind": "article"}
    responses = [editor_client.get(ADD_URL), *(editor_client.post(ADD_URL, empty) for _ in range(2))]
    assert [(r.status_code, r.url) for r in responses] == [(302, IMPORT_URL)] * 3
    assert Source.objects.count() == before


@pytest.mark.parametrize("name", ["article.docx"])
def test_the_import_command_takes_word_documents(db, tmp_path, name):
    path = tmp_path / name
    path.write_bytes(ARTICLE_FILES[name])
    call_command("import_source", str(path), "--language", "kk")
    assert Source.objects.get(file_name=name).passages.filter(text__contains="палимпсест").exists()


# Reviewing automatic tags


def test_the_review_queue_lists_unreviewed_automatic_links_with_their_words_marked(corpus, editor_client):
    principle = Principle.objects.get(slug="presumption-of-guilt")
    page = editor_client.get(REVIEW_URL, {"entry": f"principle:{principle.pk}"})
    links = [row["link"] for row in page.context["rows"]]
    assert links and {(link.principle, link.origin, link.status) for link in links} == {
        (principle, "auto", "proposed")
    }
    assert "<mark>кінәлілік презумпциясы қағидаты</mark>" in page.content.decode()


@pytest.mark.parametrize("kind", ["principle", "author", "reform"])
def test_the_review_queue_filters_by_kind_and_source(corpus, editor_client, kind):
    page = editor_client.get(REVIEW_URL, {"kind": kind, "source": corpus.article.pk})
    links = [row["link"] for row in page.context["rows"]]
    assert links
    assert {(link.entry_field, link.passage.source) for link in links} == {(kind, corpus.article)}


def test_the_review_queue_pages_its_links_in_passage_order_and_reads_only_the_pages_links(
    corpus, editor_client
):
    proposed = [kind.link_model.objects.filter(origin="auto", status="proposed") for kind in TAXONOMY]
    awaiting = sum(links.count() for links in proposed)
    assert awaiting > REVIEW_PAGE_SIZE
    with CaptureQueriesContext(connection) as captured:
        first = editor_client.get(REVIEW_URL)
    texts_read = [query["sql"] for query in captured if "_passage.text" in query["sql"].replace('"', "")]
    assert texts_read and all(" IN (" in sql for sql in texts_read)  # of the page's links alone

    pages = first.context["page"].paginator.num_pages
    last = editor_client.get(REVIEW_URL, {"page": pages})
    assert len(first.context["rows"]) == REVIEW_PAGE_SIZE
    assert len(last.context["rows"]) == awaiting - REVIEW_PAGE_SIZE * (pages - 1)
    places = [(row["link"].passage.source_id, row["link"].passage.position) for row in first.context["rows"]]
    assert places == sorted(places)


def test_the_review_queue_reads_a_page_of_links_in_passage_then_kind_order_in_one_query(corpus):
    source = Source.objects.create(slug="queue", title="Кезек", raw_text="", checksum="e" * 64)
    first, second = (
        Passage.objects.create(source=source, position=n, start=0, end=4, text="Мәтін", language="kk")
        for n in (1, 2)
    )
    principle, author = Principle.objects.first(), Author.objects.first()
    auto = {"origin": "auto", "status": "proposed"}
    later = PrincipleLink.objects.create(passage=second, principle=principle, **auto)
    by_author = AuthorLink.objects.create(passage=first, author=author, **auto)
    earlier = PrincipleLink.objects.create(passage=first, principle=principle, **auto)
    form = ReviewFilterForm({"source": source.pk})
    assert form.is_valid()

    with CaptureQueriesContext(connection) as captured:
        page = list(form.awaiting()[:2])

    assert [(name, pk) for *place, name, pk in page] == [("principle", earlier.pk), ("author", by_author.pk)]
    assert later.pk < earlier.pk
    (query,) = captured
    assert "UNION ALL" in query["sql"] and "ORDER BY" in query["sql"] and "LIMIT 2" in query["sql"]


def test_an_editor_confirms_one_link_from_the_queue(corpus, editor_client, editor):
    link = PrincipleLink.objects.filter(origin="auto", status="proposed").first()
    done = editor_client.post(REVIEW_URL, {"confirm": f"principle:{link.pk}"})
    link.refresh_from_db()
    assert done.status_code == 302
    assert (link.status, link.reviewed_by) == ("confirmed", editor)
    assert link.history.first().history_user == editor


def test_bulk_rejected_links_stay_rejected_when_the_tagger_runs_again(corpus, editor_client):
    links = PrincipleLink.objects.filter(origin="auto", status="proposed", passage__source=corpus.abstract)
    pks = list(links.values_list("pk", flat=True))
    editor_client.post(REVIEW_URL, {"reject": "selected", "link": [f"principle:{pk}" for pk in pks]})
    assert propose(corpus.abstract.passages.all()) == 0
    assert set(PrincipleLink.objects.filter(pk__in=pks).values_list("status", flat=True)) == {"rejected"}
    queue = editor_client.get(REVIEW_URL, {"kind": "principle", "source": corpus.abstract.pk})
    assert queue.context["rows"] == []


def test_review_decisions_need_the_csrf_token(corpus, editor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    link = PrincipleLink.objects.filter(origin="auto", status="proposed").first()
    assert client.post(REVIEW_URL, {"confirm": f"principle:{link.pk}"}).status_code == 403


# Annotating spans


def test_an_editor_annotates_a_selected_span_of_the_passage(corpus, editor_client, editor):
    passage = corpus.article.passages.get(text__contains="кінәлілік презумпциясы")
    start = passage.text.index("кінәлілік презумпциясы")
    data = add_annotation(
        form_data(editor_client.get(change_url(passage))),
        note="Презумпция мемлекетке қолданыла ма?",
        quote="кінәлілік презумпциясы",
        quote_start=start + 3,  # the browser counted differently: the server finds the words
        quote_end=start + 25,
        visibility="public",
    )
    assert editor_client.post(change_url(passage), data).status_code == 302
    annotation = passage.annotations.get()
    assert (annotation.quote_start, annotation.quote_end) == (start, start + len("кінәлілік презумпциясы"))
    assert annotation.prefix == passage.text[start - 32 : start]
    assert annotation.suffix == passage.text[annotation.quote_end : annotation.quote_end + 32]
    assert annotation.editor == editor
    assert '<mark class="annotation"' in annotated_text(Passage.objects.get(pk=passage.pk))


def test_an_annotation_on_words_not_in_the_passage_is_refused(corpus, editor_client):
    passage = corpus.article.passages.get(position=30)
    data = add_annotation(form_data(editor_client.get(change_url(passage))), note="?", quote="жоқ сөздер")
    page = editor_client.post(change_url(passage), data)
    assert "These words are not in the passage text." in page.content.decode()
    assert not passage.annotations.exists()


def test_a_reply_must_be_on_the_same_passage(corpus, editor_client, editor):
    first, other = corpus.article.passages.all()[:2]
    question = Annotation.objects.create(passage=first, editor=editor, note="Сұрақ")
    reply = {"note": "Жауап", "parent": question.pk, "status": "open", "visibility": "internal"}
    add_url = "/admin/legalkb/annotation/add/"
    assert editor_client.post(add_url, {**reply, "passage": first.pk}).status_code == 302
    page = editor_client.post(add_url, {**reply, "passage": other.pk})
    assert "A reply must be on the same passage." in page.content.decode()
    assert [a.note for a in question.replies.all()] == ["Жауап"]


def test_an_annotation_cannot_be_made_a_reply_to_its_own_reply(corpus, editor_client, editor):
    passage = corpus.article.passages.first()
    question = Annotation.objects.create(passage=passage, editor=editor, note="Сұрақ")
    reply = Annotation.objects.create(passage=passage, editor=editor, note="Жауап", parent=question)
    data = {
        "passage": passage.pk,
        "note": "Сұрақ",
        "parent": reply.pk,
        "status": "open",
        "visibility": "internal",
    }

    page = editor_client.post(f"/admin/legalkb/annotation/{question.pk}/change/", data)

    assert "An annotation cannot reply to itself or to one of its replies." in page.content.decode()
    assert Annotation.objects.get(pk=question.pk).parent_id is None


def test_editing_the_text_reanchors_annotations_or_flags_them_orphaned(corpus, editor_client, editor):
    passage = corpus.article.passages.get(text__contains="кінәлілік презумпциясы")
    kept, lost = "кінәлілік презумпциясы", passage.text.split()[1]
    for quote in (kept, lost):
        annotation = Annotation(passage=passage, editor=editor, note=quote, quote=quote)
        annotation.full_clean()
        annotation.save()
    data = form_data(editor_client.get(change_url(passage)))
    data["text"] = "Кіріспе сөз. " + passage.text.replace(lost, "")
    assert editor_client.post(change_url(passage), data).status_code == 302
    moved, orphan = passage.annotations.get(note=kept), passage.annotations.get(note=lost)
    assert data["text"][moved.quote_start : moved.quote_end] == kept and not moved.is_orphaned
    assert orphan.is_orphaned and orphan.quote == lost


# Bibliographic records


def source_change_url(source):
    return f"/admin/legalkb/source/{source.pk}/change/"


def source_form(client, source):
    """The source's change form as posted back unchanged, without the empty row template."""
    data = form_data(client.get(source_change_url(source)))
    return {name: value for name, value in data.items() if "__prefix__" not in name}


def add_creator(data, **fields):
    """Post data with one more filled creator row."""
    n = int(data["creators-TOTAL_FORMS"])
    data["creators-TOTAL_FORMS"] = n + 1
    data.update({f"creators-{n}-{name}": value for name, value in fields.items()})
    return data


def test_an_editor_completes_a_sources_record_with_its_creators_in_order(corpus, editor_client, editor):
    source = corpus.abstract
    data = source_form(editor_client, source)
    data.update(year=2008, degree="candidate", speciality="12.00.02", city="Алматы")
    data["creators-TOTAL_FORMS"] = 0
    add_creator(data, position=1, family_name="Садықова", given_names="Ә. Қ.", role="author")
    add_creator(data, position=2, family_name="Сапарғалиев", given_names="Ғ. С.", role="supervisor")

    response = editor_client.post(source_change_url(source), data)

    assert response.status_code == 302
    record = Source.objects.get(pk=source.pk).record()
    assert (record.year, record.degree, record.speciality) == (2008, "candidate", "12.00.02")
    assert [(c.family, c.role) for c in record.creators] == [
        ("Садықова", "author"),
        ("Сапарғалиев", "supervisor"),
    ]
    assert source.history.first().history_user == editor
    assert Creator.history.filter(source_id=source.pk, history_type="+", history_user=editor).count() == 2


def test_a_record_with_pages_in_the_wrong_order_or_a_bad_doi_is_refused(corpus, editor_client):
    source = corpus.article
    data = source_form(editor_client, source)
    data.update(first_page=52, last_page=45, doi="doi:10.1000/xyz")

    response = editor_client.post(source_change_url(source), data)

    errors = response.context["adminform"].form.errors
    assert set(errors) == {"last_page", "doi"}
    assert Source.objects.get(pk=source.pk).first_page is None


# History and accountability


def test_every_change_is_recorded_with_its_editor(corpus, editor_client, editor):
    passage = corpus.article.passages.get(position=30)
    data = form_data(editor_client.get(change_url(passage)))
    data["text"] = passage.text + " Түзетілді."
    editor_client.post(change_url(passage), data)
    principle = Principle.objects.get(slug="legal-responsibility")
    data = form_data(editor_client.get(f"/admin/legalkb/principle/{principle.pk}/change/"))
    data["name_en"] = "Legal liability"
    editor_client.post(f"/admin/legalkb/principle/{principle.pk}/change/", data)
    for record in (passage.history.first(), principle.history.first()):
        assert (record.history_type, record.history_user) == ("~", editor)
    history = editor_client.get(f"/admin/legalkb/passage/{passage.pk}/history/").content.decode()
    assert "Түзетілді." in history and editor.username in history


def test_an_editor_reverts_a_passage_to_an_earlier_version(corpus, editor_client):
    passage = corpus.article.passages.get(position=30)
    original = passage.text
    data = form_data(editor_client.get(change_url(passage)))
    data["text"] = "Қате түзету."
    editor_client.post(change_url(passage), data)
    imported = passage.history.earliest()
    revert_url = f"/admin/legalkb/passage/{passage.pk}/history/{imported.history_id}/"
    assert editor_client.post(revert_url, form_data(editor_client.get(revert_url))).status_code == 302
    passage.refresh_from_db()
    assert (passage.text, passage.version) == (original, 3)


def test_reverting_a_passage_brings_its_annotations_back_to_their_words(corpus, editor_client, editor):
    passage = corpus.article.passages.get(text__contains="кінәлілік презумпциясы")
    original = passage.text
    annotation = Annotation(passage=passage, editor=editor, note="?", quote="кінәлілік презумпциясы")
    annotation.full_clean()
    annotation.save()
    data = form_data(editor_client.get(change_url(passage)))
    data["text"] = "Кіріспе сөз. " + original
    editor_client.post(change_url(passage), data)
    revert_url = f"/admin/legalkb/passage/{passage.pk}/history/{passage.history.earliest().history_id}/"
    editor_client.post(revert_url, form_data(editor_client.get(revert_url)))
    annotation.refresh_from_db()
    assert annotation.quote_start == original.index("кінәлілік презумпциясы")


def test_the_second_of_two_concurrent_saves_is_refused_with_a_link_to_the_newer_version(corpus, editor):
    passage = corpus.article.passages.get(position=30)
    first, second = Client(), Client()
    first.force_login(editor)
    second.force_login(make_editor("dana"))
    first_data = form_data(first.get(change_url(passage)))
    second_data = form_data(second.get(change_url(passage)))
    first_data["text"], second_data["text"] = "Бірінші редактор.", "Екінші редактор."
    assert first.post(change_url(passage), first_data).status_code == 302
    refused = second.post(change_url(passage), second_data)
    assert "Someone else saved this passage" in refused.content.decode()
    assert f'<a href="{change_url(passage)}">' in refused.content.decode()
    passage.refresh_from_db()
    assert (passage.text, passage.version) == ("Бірінші редактор.", 2)


def test_a_stale_copy_of_a_passage_cannot_overwrite_a_newer_version(corpus):
    passage = corpus.article.passages.get(position=30)
    mine, theirs = Passage.objects.get(pk=passage.pk), Passage.objects.get(pk=passage.pk)
    theirs.text = "Олардың нұсқасы."
    theirs.save()
    mine.text = "Менің нұсқам."
    with pytest.raises(StaleVersion):
        mine.save()
    assert Passage.objects.get(pk=mine.pk).text == "Олардың нұсқасы."


# The preview: what the file became, and the record the editor corrects before confirming


def word_file(title, *paragraphs, rows=()):
    """A Word document: a heading, paragraphs and a table of the rows."""
    document = docx.Document()
    document.add_heading(title, level=1)
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    if rows:
        table = document.add_table(rows=len(rows), cols=len(rows[0]))
        for row, cells in zip(table.rows, rows, strict=True):
            for cell, text in zip(row.cells, cells, strict=True):
                cell.text = text
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


TABLE = (("Жауапкершілік түрі", "Негізі"), ("Ретроспективті", "құқық бұзушылық"))
WORD_FILE = word_file("Заңдық жауапкершілік түрлері", ARTICLE_LINES[1], ARTICLE_LINES[2], rows=TABLE)


def test_the_preview_shows_the_outline_and_the_tables_cells(admin_client, corpus, worker):
    page = import_file(admin_client, worker, "types.docx", WORD_FILE)
    html = page.content.decode()
    assert page.context["preview"]["outline"] == [[1, "Заңдық жауапкершілік түрлері"]]
    table = next(p for p in page.context["sample"] if p["kind"] == "table")
    assert table["rows"] == [list(row) for row in TABLE]
    assert "<td>құқық бұзушылық</td>" in html


def test_the_record_form_holds_what_the_file_gives_for_the_editor_to_correct(admin_client, corpus, worker):
    page = import_file(admin_client, worker, "types.docx", WORD_FILE, year=2012)
    form = page.context["record_form"]
    assert (form["title"].value(), form["year"].value(), form["kind"].value()) == (
        "Заңдық жауапкершілік түрлері",
        2012,
        "article",
    )


def test_the_record_as_the_editor_corrected_it_is_the_sources(admin_client, own_index, worker):
    page = import_file(admin_client, worker, "types.docx", WORD_FILE)
    corrected = {
        "title": "Түзетілген тақырып",
        "authors": "Серікбаева А. Т.\nИбраева А. С.",
        "container": "Хабаршы",
    }
    confirm(admin_client, worker, page, **corrected, original_public="on")
    source = Source.objects.get(title="Түзетілген тақырып")
    assert source.container == "Хабаршы" and source.original_public
    assert [(c.family_name, c.given_names, c.role) for c in source.creators.all()] == [
        ("Серікбаева", "А. Т.", "author"),
        ("Ибраева", "А. С.", "author"),
    ]


def test_a_record_with_a_title_already_taken_is_sent_back_with_the_error(admin_client, corpus, worker):
    page = import_file(admin_client, worker, "types.docx", WORD_FILE)
    sent_back = confirm(admin_client, worker, page, title=corpus.article.title)
    assert sent_back.status_code == 200
    assert "Source with this Title already exists." in sent_back.content.decode()
    assert ImportJob.objects.get().status == "previewed"


def test_the_job_page_says_how_many_pages_are_read_while_the_worker_reads_them(admin_client, corpus):
    job = ImportJob.objects.create(file_name="scan.pdf", counting="pages", done=3, total=12)
    html = admin_client.get(f"/admin/legalkb/importjob/{job.pk}/change/").content.decode()
    assert "3 of 12 pages read" in html


# A corrected file in place of a source's


def test_the_source_page_leads_to_importing_a_corrected_file_in_its_place(admin_client, corpus):
    html = admin_client.get(f"/admin/legalkb/source/{corpus.article.pk}/change/").content.decode()
    assert f'href="{IMPORT_URL}?replaces={corpus.article.pk}"' in html
    form = admin_client.get(f"{IMPORT_URL}?replaces={corpus.article.pk}").context["form"]
    assert form["replaces"].value() == str(corpus.article.pk)


def test_a_corrected_file_replaces_the_passages_and_the_job_says_what_became_of_them(
    admin_client, own_index, worker
):
    first = import_file(admin_client, worker, "types.docx", WORD_FILE)
    confirm(admin_client, worker, first)
    source = Source.objects.get(title="Заңдық жауапкершілік түрлері")
    kept = source.passages.get(position=3)
    fixed = word_file("Заңдық жауапкершілік түрлері", ARTICLE_LINES[2], "Жаңа абзац палеография туралы.")
    page = import_file(admin_client, worker, "types-fixed.docx", fixed, replaces=source.pk)
    assert "This file replaces the file of «Заңдық жауапкершілік түрлері»" in page.content.decode()
    done = admin_client.get(confirm(admin_client, worker, page).url)
    assert Passage.objects.get(pk=kept.pk).source == source
    assert [p.text for p in source.passages.all()][1:] == [ARTICLE_LINES[2], "Жаңа абзац палеография туралы."]
    assert "2 passages continue at the same addresses" in done.content.decode()
    assert search_passages(SearchRequest(q="палеография")).count == 1


def test_the_source_whose_file_is_replaced_is_chosen_by_typing_its_title(editor_client, corpus):
    assert "admin/js/autocomplete.js" in editor_client.get(IMPORT_URL).content.decode()
    field = {"app_label": "legalkb", "model_name": "importjob", "field_name": "replaces"}
    found = editor_client.get("/admin/autocomplete/", {"term": "Мемлекеттің", **field}).json()["results"]
    assert {"id": str(corpus.article.pk), "text": corpus.article.title} in found
