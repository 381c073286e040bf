"""No committed change is left out of search: every path that changes what search shows
records the passages in the outbox in its own transaction, and they are indexed in one
batch after the commit; an index that cannot be written loses nothing and costs the
editor nothing."""

import threading

import pytest
from admin_forms import form_data
from conftest import worker_indexes
from django.core.management import call_command
from django.db import connection, transaction
from whoosh.filedb.filestore import FileStorage

from legalkb import links
from legalkb.ingest import import_source
from legalkb.kinds import KINDS
from legalkb.models import Passage, PendingIndexUpdate, Principle, PrincipleLink, Source, TaxonomyLink
from legalkb.search import SearchRequest, outbox, search_passages
from legalkb.search.backends import whoosh
from legalkb.search.storage import IndexStore


def count(q="", **filters):
    return search_passages(SearchRequest(q=q, filters=filters)).count


def linked_passages(kind, slug):
    return KINDS[kind].link_model.objects.active().filter(**{f"{kind}__slug": slug}).count()


@pytest.fixture
def committed(own_index):
    """Run what the with-block commits, then the worker's drain of the outbox."""
    return worker_indexes


def test_a_passage_edit_is_recorded_in_its_transaction_and_indexed_after_the_commit(committed):
    passage = Passage.objects.first()
    with committed():
        passage.text += " палимпсест"
        passage.save()
        assert PendingIndexUpdate.objects.filter(passage_id=passage.pk).exists()
        assert count("палимпсест") == 0
    assert count("палимпсест") == 1
    assert not PendingIndexUpdate.objects.exists()


def test_a_rolled_back_edit_leaves_neither_a_record_nor_a_trace_in_search(committed):
    passage = Passage.objects.first()
    with committed():
        with pytest.raises(RuntimeError), transaction.atomic():
            passage.text += " палимпсест"
            passage.save()
            raise RuntimeError("the editor's request failed")
    assert not PendingIndexUpdate.objects.exists()
    assert count("палимпсест") == 0


def test_links_proposed_in_bulk_without_signals_reach_the_facets(committed):
    Principle.objects.create(slug="state-power", name_kk="Мемлекеттік билік")
    with committed():
        created = links.propose(Passage.objects.all())
    assert created == linked_passages("principle", "state-power") > 5
    assert count("", principle=["state-power"]) == created


def test_load_taxonomy_makes_new_entries_findable_at_once(committed, tmp_path):
    taxonomy = tmp_path / "taxonomy.json"
    taxonomy.write_text(
        '{"principles": [{"slug": "state-power", "name_kk": "Мемлекеттік билік", "aliases": []}]}',
        encoding="utf-8",
    )
    with committed():
        call_command("load_taxonomy", str(taxonomy), verbosity=0)
    assert count("", principle=["state-power"]) == linked_passages("principle", "state-power") > 5


@pytest.mark.parametrize("decide, status", [(links.confirm, "confirmed"), (links.reject, "rejected")])
def test_confirming_or_rejecting_many_links_writes_the_index_once(
    committed, editor, monkeypatch, decide, status
):
    chosen = PrincipleLink.objects.filter(principle__slug="legality", status=TaxonomyLink.Status.PROPOSED)
    before = count("", principle=["legality"])
    updates = spy_on_index_updates(monkeypatch)
    with committed():
        decided = decide(chosen.all(), editor)
    assert decided > 5 and updates == [decided]
    assert PrincipleLink.objects.filter(principle__slug="legality", status=status).count() >= decided
    expected = before if status == "confirmed" else before - decided
    assert count("", principle=["legality"]) == expected == linked_passages("principle", "legality")


def test_an_editor_linking_passages_in_the_admin_reaches_the_facets(committed, editor_client):
    passages = Passage.objects.filter(source__title__startswith="Мемлекеттің")[:3]
    principle = Principle.objects.get(slug="separation-of-powers")
    before = count("", principle=["separation-of-powers"])
    with committed():
        response = editor_client.post(
            "/admin/legalkb/passage/",
            {
                "action": "link_to_entry",
                "apply": "1",
                "entry": f"principle:{principle.pk}",
                "_selected_action": [p.pk for p in passages],
            },
        )
    assert response.status_code == 302
    assert count("", principle=["separation-of-powers"]) == linked_passages(
        "principle", "separation-of-powers"
    )
    assert count("", principle=["separation-of-powers"]) > before


def test_an_editor_changing_a_sources_year_moves_its_passages_in_the_year_facet(committed, editor_client):
    source = Source.objects.get(title__startswith="Мемлекеттің")
    url = f"/admin/legalkb/source/{source.pk}/change/"
    with committed():
        response = editor_client.post(url, {**form_data(editor_client.get(url)), "year": "2019"})
    assert response.status_code == 302
    assert count("", year=["2019"]) == source.passages.count() > 0


def test_an_editor_renaming_an_entrys_slug_moves_its_passages_to_the_new_slug(committed, editor_client):
    principle = Principle.objects.get(slug="separation-of-powers")
    url = f"/admin/legalkb/principle/{principle.pk}/change/"
    with committed():
        response = editor_client.post(url, {**form_data(editor_client.get(url)), "slug": "powers-apart"})
    assert response.status_code == 302
    assert count("", principle=["powers-apart"]) == linked_passages("principle", "powers-apart") > 0


def test_an_imported_source_is_searchable_after_its_commit(committed):
    text = "Палимпсест туралы мақала.\n\nМемлекет пен палимпсест жауапкершілікке тартылады.".encode()
    with committed():
        result = import_source(text, "palimpsest.txt", title="Палимпсест")
    assert count("палимпсест") == result.source.passages.count() == 2


def test_three_passages_are_indexed_with_six_queries(own_index, django_assert_num_queries):
    ids = list(Passage.objects.values_list("pk", flat=True)[:3])
    # the passages with their sources, their notes, each kind's links, the acts
    with django_assert_num_queries(6):
        outbox.backend().update(outbox.passage_index(), [Passage(pk=i) for i in ids])


def test_an_index_that_cannot_be_written_keeps_the_change_waiting_and_the_editor_gets_no_error(
    committed, own_index, editor_client, monkeypatch
):
    monkeypatch.setattr(whoosh, "LOCK_ATTEMPTS", 1)
    monkeypatch.setattr(whoosh, "LOCK_TIMEOUT", 0.1)
    passage = Passage.objects.filter(source__title__startswith="Мемлекеттің").first()
    lock = FileStorage(str(IndexStore(own_index).live())).lock("MAIN_WRITELOCK")
    assert lock.acquire()  # another process is writing, and stays
    try:
        with committed():
            response = editor_client.post(
                f"/admin/legalkb/passage/{passage.pk}/change/",
                change_form(editor_client, passage, "палимпсест"),
            )
    finally:
        lock.release()
    assert response.status_code == 302
    assert "палимпсест" in Passage.objects.get(pk=passage.pk).text
    assert PendingIndexUpdate.objects.filter(passage_id=passage.pk).exists()
    assert count("палимпсест") == 0

    assert outbox.drain() == 1  # the next change, update_index or the worker retries
    assert count("палимпсест") == 1 and not PendingIndexUpdate.objects.exists()


def test_update_index_drains_what_a_crash_left_in_the_outbox(own_index):
    passage = Passage.objects.first()
    passage.text += " палимпсест"
    passage.save()  # the test's transaction never commits, as if the process died before indexing
    call_command("update_index", verbosity=0)
    assert count("палимпсест") == 1 and not PendingIndexUpdate.objects.exists()


def test_a_rebuild_covers_what_waits_in_the_outbox(own_index):
    passage = Passage.objects.first()
    passage.text += " палимпсест"
    passage.save()
    call_command("rebuild_index", interactive=False, verbosity=0)
    assert count("палимпсест") == 1 and not PendingIndexUpdate.objects.exists()


def test_with_no_index_changes_wait_in_the_outbox_instead_of_building_a_partial_one(
    corpus, private_index, django_capture_on_commit_callbacks
):
    passage = Passage.objects.first()
    with django_capture_on_commit_callbacks(execute=True):
        passage.text += " палимпсест"
        passage.save()
    assert IndexStore(private_index).live() is None
    assert PendingIndexUpdate.objects.filter(passage_id=passage.pk).exists()
    call_command("update_index", verbosity=0)
    assert count("") == Passage.objects.count() and count("палимпсест") == 1


def change_form(client, passage, extra_word):
    """The passage's admin form as the editor's browser would post it, with a word added."""
    from test_admin_workflow import form_data

    data = form_data(client.get(f"/admin/legalkb/passage/{passage.pk}/change/"))
    data["text"] = f"{passage.text} {extra_word}"
    return data


def spy_on_index_updates(monkeypatch):
    """How many passages each call of the engine's update (Haystack's backend API) sent, in order."""
    updates, update = [], type(outbox.backend()).update

    def recorded(self, index, iterable, commit=True):
        passages = list(iterable)
        updates.append(len(passages))
        return update(self, index, passages, commit)

    monkeypatch.setattr(type(outbox.backend()), "update", recorded)
    return updates


def test_an_edit_writes_its_outbox_rows_and_leaves_the_indexing_to_the_worker(
    own_index, editor_client, django_capture_on_commit_callbacks
):
    passage = Passage.objects.filter(source__title__startswith="Мемлекеттің").first()
    with django_capture_on_commit_callbacks() as after_commit:
        response = editor_client.post(
            f"/admin/legalkb/passage/{passage.pk}/change/", change_form(editor_client, passage, "палимпсест")
        )
    assert response.status_code == 302
    assert after_commit == []
    assert PendingIndexUpdate.objects.filter(passage_id=passage.pk).exists()
    assert count("палимпсест") == 0


def test_a_sources_year_changed_from_the_shell_reaches_its_passages(corpus, committed):
    source = corpus.article
    with committed():
        source.year = 2011
        source.save()
    assert count("", year=["2011"]) == source.passages.count() > 0


def test_a_change_to_a_field_no_document_holds_records_nothing(corpus):
    source = corpus.article
    source.title += " (2nd edition)"
    source.save()
    assert not PendingIndexUpdate.objects.exists()


def test_a_data_migration_records_the_passages_its_change_reaches(corpus, committed):
    from django.apps import apps

    from legalkb.search.reach import record_in_migration

    with committed():
        Source.objects.filter(pk=corpus.article.pk).update(year=2012)  # as a migration would: no signal
        record_in_migration(apps, "Source", [corpus.article.pk], changed=["year"])
    assert count("", year=["2012"]) == corpus.article.passages.count() > 0


@pytest.mark.django_db(transaction=True)
def test_a_drain_never_indexes_what_another_drain_is_indexing(own_index, monkeypatch):
    """Two workers drain at once: the second finds nothing the first has claimed."""
    passage = Passage.objects.first()
    passage.text += " палимпсест"
    passage.save()
    backend_class = type(outbox.backend())
    index_rows, other_drains = backend_class.update, []

    def index_while_another_drains(backend, index, objects, commit=True):
        if not other_drains:
            other_drains.append(None)
            other = threading.Thread(target=lambda: other_drains.append(drain_in_a_thread()))
            other.start()
            other.join()
        return index_rows(backend, index, objects, commit)

    monkeypatch.setattr(backend_class, "update", index_while_another_drains)
    assert outbox.drain() == 1
    assert other_drains == [None, 0]
    assert not PendingIndexUpdate.objects.exists() and count("палимпсест") == 1


def drain_in_a_thread():
    try:
        return outbox.drain()
    finally:
        connection.close()
