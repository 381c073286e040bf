import re
from datetime import timedelta

import pytest
from admin_forms import form_data
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from test_admin_workflow import change_url

from legalkb import links
from legalkb.ingest import detect_languages
from legalkb.models import (
    Annotation,
    Note,
    Passage,
    PendingIndexUpdate,
    Principle,
    PrincipleLink,
    Reference,
    Source,
    TaxonomyLink,
)


def test_an_editor_annotates_a_passage_in_the_admin(corpus, editor_client, editor):
    passage = corpus.article.passages.get(position=30)
    response = editor_client.post(
        "/admin/legalkb/annotation/add/",
        {
            "passage": passage.pk,
            "note": "Мұнда кінәлілік презумпциясы мемлекеттің жауапкершілігіне қолданылады.",
            "quote": "кінәлілік презумпциясы",
            "status": "open",
            "visibility": "public",
        },
    )
    assert response.status_code == 302
    annotation = Annotation.objects.get(passage=passage)
    assert annotation.editor == editor and annotation.visibility == "public"


def test_annotations_appear_inline_on_the_passage_page(corpus, editor_client, editor):
    passage = corpus.article.passages.get(position=30)
    Annotation.objects.create(passage=passage, editor=editor, note="Тексеру керек")
    page = editor_client.get(f"/admin/legalkb/passage/{passage.pk}/change/")
    assert page.status_code == 200
    assert "Тексеру керек" in page.content.decode()


def test_an_editor_confirms_the_selected_automatic_links(corpus, editor_client, editor):
    links = PrincipleLink.objects.filter(principle__slug="legality")
    response = editor_client.post(
        "/admin/legalkb/principlelink/",
        {"action": "confirm", "_selected_action": [link.pk for link in links]},
    )
    assert response.status_code == 302
    assert set(links.values_list("status", flat=True)) == {TaxonomyLink.Status.CONFIRMED}
    assert set(links.values_list("reviewed_by", flat=True)) == {editor.pk}


def test_an_editor_links_selected_passages_to_an_entry(corpus, editor_client, editor):
    passage = corpus.abstract.passages.get(position=2)
    principle = PrincipleLink.objects.first().principle
    response = editor_client.post(
        "/admin/legalkb/passage/",
        {
            "action": "link_to_entry",
            "_selected_action": [passage.pk],
            "apply": "1",
            "entry": f"principle:{principle.pk}",
        },
    )
    assert response.status_code == 302
    link = PrincipleLink.objects.get(passage=passage, principle=principle)
    assert (link.origin, link.status, link.created_by) == ("editor", "confirmed", editor)


def test_an_editor_cannot_delete_a_source_or_a_passage(corpus, editor_client):
    source_page = editor_client.post(f"/admin/legalkb/source/{corpus.abstract.pk}/delete/", {"post": "yes"})
    passage = corpus.abstract.passages.first()
    passage_page = editor_client.post(f"/admin/legalkb/passage/{passage.pk}/delete/", {"post": "yes"})
    assert (source_page.status_code, passage_page.status_code) == (403, 403)
    assert Source.objects.filter(pk=corpus.abstract.pk).exists()
    assert Passage.objects.filter(pk=passage.pk).exists()


def test_the_raw_text_is_read_only(corpus, editor_client):
    page = editor_client.get(f"/admin/legalkb/passage/{corpus.article.passages.first().pk}/change/")
    assert 'name="raw_text"' not in page.content.decode()


def listed(client, url):
    """The rows of an admin list page, every page of them."""
    return list(client.get(url).context["cl"].queryset)


def test_the_passage_list_searches_the_text(corpus, editor_client):
    passages = listed(editor_client, "/admin/legalkb/passage/?q=жауапкершілік")
    assert passages and all("жауапкершілі" in p.text.lower() for p in passages)
    assert len(passages) < Passage.objects.count()


def test_the_passage_list_filters_by_language(corpus, editor_client):
    passages = listed(editor_client, "/admin/legalkb/passage/?language__exact=ru")
    assert passages and {p.language for p in passages} == {"ru"}


def test_the_link_list_filters_by_status_and_origin(corpus, editor_client):
    rows = listed(editor_client, "/admin/legalkb/principlelink/?status__exact=proposed&origin__exact=auto")
    assert rows and {(link.status, link.origin) for link in rows} == {("proposed", "auto")}


@pytest.mark.parametrize(
    "url, found, left_out",
    [
        ("/admin/legalkb/principle/?q=заңдылық", "legality", "corporate-governance"),
        ("/admin/legalkb/author/?q=Мироненко", "mironenko-m-b", "sapargaliev-g-s"),
        ("/admin/legalkb/reform/?q=реформа", "administrative-reform", "constitution-of-kazakhstan"),
    ],
)
def test_taxonomy_lists_search_names_and_aliases(corpus, editor_client, url, found, left_out):
    slugs = [entry.slug for entry in listed(editor_client, url)]
    assert found in slugs and left_out not in slugs


def test_link_status_filter_keeps_passages_with_such_links(corpus, editor_client):
    link = PrincipleLink.objects.filter(passage__source=corpus.article).first()
    PrincipleLink.objects.filter(pk=link.pk).update(status=TaxonomyLink.Status.REJECTED)

    passages = listed(editor_client, "/admin/legalkb/passage/?link_status=rejected")

    assert passages == [link.passage]


def test_taxonomy_fields_autocomplete(corpus, editor_client):
    response = editor_client.get(
        "/admin/autocomplete/",
        {
            "term": "үстемдігі",
            "app_label": "legalkb",
            "model_name": "principlelink",
            "field_name": "principle",
        },
    )
    # the entry of that name, and one whose description speaks of it, in Kazakh alphabetical order
    expected = list(Principle.objects.filter(slug__in=("legality", "rule-of-law")).order_by("collation_key"))
    assert len(expected) == 2
    assert response.json()["results"] == [{"id": str(entry.pk), "text": str(entry)} for entry in expected]


def test_an_editor_corrects_a_passages_language_and_the_change_reaches_the_outbox(corpus, editor_client):
    passage = corpus.abstract.passages.get(position=5)
    data = form_data(editor_client.get(change_url(passage)))
    data["language"] = "ru"

    assert editor_client.post(change_url(passage), data).status_code == 302

    passage.refresh_from_db()
    assert (passage.language, passage.language_set_by_editor) == ("ru", True)
    assert PendingIndexUpdate.objects.filter(passage_id=passage.pk).exists()


def test_an_editors_language_survives_retagging_and_language_detection(corpus, editor_client):
    passage = corpus.abstract.passages.get(position=5)
    data = form_data(editor_client.get(change_url(passage)))
    data["language"] = "ru"
    editor_client.post(change_url(passage), data)

    links.propose(Passage.objects.filter(pk=passage.pk))
    detect_languages(Source.objects.filter(pk=passage.source_id))

    assert Passage.objects.get(pk=passage.pk).language == "ru"


def test_the_annotation_form_shows_only_what_an_editor_types_and_chooses(corpus, editor_client, editor):
    passage = corpus.article.passages.get(text__contains="кінәлілік презумпциясы")
    annotation = Annotation(passage=passage, editor=editor, note="Ескертпе", quote="кінәлілік презумпциясы")
    annotation.full_clean()
    annotation.save()

    html = editor_client.get(change_url(passage)).content.decode()

    for internal in ("quote", "quote_start", "quote_end", "prefix", "suffix"):
        assert f'type="hidden" name="annotations-0-{internal}"' in html
    assert 'name="annotations-0-is_orphaned"' not in html
    for chosen in ("note", "parent", "status", "visibility"):
        assert re.search(rf'<(textarea|select)[^>]* name="annotations-0-{chosen}"', html)
    assert "«кінәлілік презумпциясы»" in html


def test_an_import_page_of_no_such_job_is_not_found(editor_client):
    assert editor_client.get("/admin/legalkb/importjob/abc/change/").status_code == 404
    assert editor_client.get("/admin/legalkb/importjob/999999/change/").status_code == 404


def test_the_annotation_list_reads_the_same_queries_for_one_annotation_or_many(corpus, editor_client, editor):
    def annotate(count):
        for passage in Passage.objects.all()[:count]:
            Annotation.objects.create(passage=passage, editor=editor, note="Тексеру керек")

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert editor_client.get("/admin/legalkb/annotation/").status_code == 200
        return len(captured)

    annotate(1)
    one = queries()
    annotate(5)
    assert queries() == one


def test_an_editor_corrects_a_footnote_and_the_passage_waits_to_be_indexed_again(corpus, editor_client):
    passage = corpus.article.passages.get(position=5)
    note = Note.objects.create(passage=passage, mark="1", offset=4, text="Қате сілтеме.", language="kk")
    PendingIndexUpdate.objects.all().delete()
    data = form_data(editor_client.get(change_url(passage)))
    data["notes-0-text"] = "Түзетілген сілтеме."

    assert editor_client.post(change_url(passage), data).status_code == 302

    note.refresh_from_db()
    assert note.text == "Түзетілген сілтеме."
    assert note.history.first().history_user.username == "aigerim"
    assert PendingIndexUpdate.objects.filter(passage_id=passage.pk).exists()


def test_an_editor_corrects_a_sources_references(corpus, editor_client):
    Reference.objects.create(source=corpus.article, position=1, text="Назарбаев Н. Жолдау. – 2007")
    url = f"/admin/legalkb/source/{corpus.article.pk}/change/"
    data = form_data(editor_client.get(url))
    corrected = "Назарбаев Н.Ә. Жолдау. – Астана, 2007."
    data["references-0-text"] = corrected

    assert editor_client.post(url, data).status_code == 302

    assert list(corpus.article.references.values_list("text", flat=True)) == [corrected]


def test_the_admins_front_page_says_search_is_up_to_date(editor_client):
    assert "Search is up to date" in editor_client.get("/admin/", HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_the_admins_front_page_says_how_far_behind_search_is(editor_client, corpus):
    passages = list(Passage.objects.all()[:3])
    PendingIndexUpdate.objects.bulk_create([PendingIndexUpdate(passage_id=p.pk) for p in passages])
    PendingIndexUpdate.objects.update(created_at=timezone.now() - timedelta(minutes=7))
    page = editor_client.get("/admin/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "3 changed passages wait to be indexed" in page
    assert "the oldest change is 7 minutes old" in page
