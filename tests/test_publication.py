"""Editors withdraw sources and passages from the public site and put them back, never deleting
them: what is withdrawn leaves search, pages, counts and facets once the change commits, and
comes back the same way."""

import pytest
from admin_forms import form_data
from conftest import worker_indexes
from test_admin_workflow import change_url

from legalkb.models import Passage, PendingIndexUpdate, Principle, Source
from legalkb.publication import set_withdrawn
from legalkb.search import SearchRequest, search_passages
from legalkb.views import WITHDRAWN_PASSAGE

MARKER = "палимпсест"


def count(q="", **filters):
    return search_passages(SearchRequest(q=q, filters=filters)).count


@pytest.fixture
def committed(own_index):
    """Run what the with-block commits, then the worker's drain of the outbox."""
    return worker_indexes


@pytest.fixture
def marked(corpus, committed):
    """A passage of the article with a word no other passage has, indexed."""
    passage = corpus.article.passages.get(position=30)
    with committed():
        passage.text += f" {MARKER}"
        passage.save()
    assert count(MARKER) == 1
    return Passage.objects.get(pk=passage.pk)


def withdraw(queryset, committed, editor, withdrawn=True):
    with committed():
        return set_withdrawn(queryset, withdrawn, editor)


def test_a_withdrawn_passage_leaves_search_and_comes_back_when_restored(marked, committed, editor):
    passages = Passage.objects.filter(pk=marked.pk)
    assert withdraw(passages, committed, editor) == 1
    assert count(MARKER) == 0
    assert withdraw(passages, committed, editor, withdrawn=False) == 1
    assert count(MARKER) == 1
    assert not PendingIndexUpdate.objects.exists()


def test_a_withdrawn_source_takes_all_its_passages_out_of_search_and_facets(corpus, committed, editor):
    assert count() == 54  # the abstract's 14 passages and the article's 40
    withdraw(Source.objects.filter(pk=corpus.article.pk), committed, editor)
    assert count() == 14
    facets = search_passages(SearchRequest()).facets["source"]
    assert [f.value for f in facets] == [corpus.abstract.slug]
    withdraw(Source.objects.filter(pk=corpus.article.pk), committed, editor, withdrawn=False)
    assert count() == 54


def test_a_withdrawn_source_is_no_choice_of_the_source_facet(client, corpus, editor):
    set_withdrawn(Source.objects.filter(pk=corpus.article.pk), True, editor)
    response = client.get("/api/search/", {"source": corpus.article.slug})
    assert response.status_code == 400
    assert response.json()["choices"] == [corpus.abstract.slug]


def test_a_withdrawn_passage_answers_gone_with_a_notice_and_leaves_its_source_page(client, marked, editor):
    set_withdrawn(Passage.objects.filter(pk=marked.pk), True, editor)
    page = client.get(marked.get_absolute_url())
    assert page.status_code == 410 and "no-cache" in page["Cache-Control"]  # it may be put back
    assert page.context["message"] == WITHDRAWN_PASSAGE and MARKER not in page.content.decode()
    assert client.get(f"{marked.get_absolute_url()}cite.bib").status_code == 410
    source_page = client.get(marked.source.get_absolute_url()).content.decode()
    assert MARKER not in source_page and f'id="p{marked.position}"' not in source_page


def test_a_withdrawn_source_answers_gone_and_leaves_the_home_page_and_the_list(client, corpus, editor):
    set_withdrawn(Source.objects.filter(pk=corpus.article.pk), True, editor)
    assert client.get(corpus.article.get_absolute_url()).status_code == 410
    assert client.get(corpus.article.passages.first().get_absolute_url()).status_code == 410
    for page in ("/", "/sources/"):
        assert corpus.article.get_absolute_url() not in client.get(page).content.decode()


def test_counts_leave_out_withdrawn_passages(client, corpus, editor):
    principle = Principle.objects.get(slug="legal-responsibility")
    linked = principle.links.active()
    before, passage = linked.count(), linked.filter(passage__source=corpus.article).first().passage
    set_withdrawn(Passage.objects.filter(pk=passage.pk), True, editor)
    assert linked.count() == before - 1
    assert len(client.get(principle.get_absolute_url()).context["passages"]) == before - 1
    sources = {s.pk: s.passage_count for s in client.get("/").context["sources"]}
    assert sources[corpus.article.pk] == corpus.article.passages.count() - 1


def test_withdrawing_and_restoring_are_in_the_history_with_the_editor(marked, editor):
    passages = Passage.objects.filter(pk=marked.pk)
    set_withdrawn(passages, True, editor)
    set_withdrawn(passages, False, editor)
    records = list(marked.history.order_by("-history_id")[:2])
    assert [(r.withdrawn, r.history_user) for r in records] == [(False, editor), (True, editor)]


def test_a_form_read_before_a_withdrawal_cannot_undo_it(editor_client, marked, editor):
    data = form_data(editor_client.get(change_url(marked)))
    set_withdrawn(Passage.objects.filter(pk=marked.pk), True, editor)
    refused = editor_client.post(change_url(marked), data)
    assert list(refused.context["adminform"].form.errors) == ["version"]
    assert Passage.objects.get(pk=marked.pk).withdrawn


@pytest.mark.parametrize("model", ["source", "passage"])
def test_editors_withdraw_and_restore_with_the_admins_actions(editor_client, corpus, model):
    obj = corpus.abstract if model == "source" else corpus.abstract.passages.first()
    changelist = f"/admin/legalkb/{model}/"
    for action, withdrawn in (("withdraw", True), ("restore", False)):
        done = editor_client.post(changelist, {"action": action, "_selected_action": [obj.pk]}, follow=True)
        assert type(obj).objects.get(pk=obj.pk).withdrawn is withdrawn
        assert [str(m) for m in done.context["messages"]][-1].endswith(": 1.")


def test_withdrawing_a_source_in_its_form_records_its_passages_for_indexing(editor_client, corpus):
    source = corpus.abstract
    data = form_data(editor_client.get(f"/admin/legalkb/source/{source.pk}/change/"))
    data = {name: value for name, value in data.items() if "__prefix__" not in name}
    data["withdrawn"] = "on"
    assert editor_client.post(f"/admin/legalkb/source/{source.pk}/change/", data).status_code == 302
    assert Source.objects.get(pk=source.pk).withdrawn
    recorded = set(PendingIndexUpdate.objects.values_list("passage_id", flat=True))
    assert recorded == set(source.passages.values_list("pk", flat=True))


def test_superusers_may_delete_a_passage_and_editors_may_not(admin_client, editor_client, corpus):
    passage = corpus.abstract.passages.last()
    delete_url = f"/admin/legalkb/passage/{passage.pk}/delete/"
    assert editor_client.post(delete_url, {"post": "yes"}).status_code == 403
    assert admin_client.post(delete_url, {"post": "yes"}).status_code == 302
    assert not Passage.objects.filter(pk=passage.pk).exists()
    assert PendingIndexUpdate.objects.filter(passage_id=passage.pk).exists()


# Withdrawn means gone from the word list too: nothing a reader's query learns comes from it


def words_of(q, exact=False):
    return {word.text: word for word in search_passages(SearchRequest(q=q, exact=exact)).words}


@pytest.fixture
def withdrawn_marker(marked, committed, editor):
    withdraw(Passage.objects.filter(pk=marked.pk), committed, editor)
    return marked


def test_a_word_only_a_withdrawn_passage_holds_is_not_found(search_engine, withdrawn_marker):
    assert not words_of(MARKER)[MARKER].found


def test_a_typo_is_corrected_into_a_word_a_public_passage_holds(search_engine, marked):
    typo = "палимсест"  # a letter of палимпсест left out

    assert words_of(typo)[typo].corrected == [MARKER]
    assert search_passages(SearchRequest(q=typo, exact=True)).suggestion == MARKER


def test_a_typo_is_not_corrected_into_a_word_only_a_withdrawn_passage_holds(search_engine, withdrawn_marker):
    typo = "палимсест"  # a letter of палимпсест left out

    assert words_of(typo)[typo].corrected == []
    assert search_passages(SearchRequest(q=typo, exact=True)).suggestion is None


def test_a_word_edited_out_of_a_passage_is_not_found(search_engine, marked, committed):
    with committed():
        marked.text = marked.text.replace(MARKER, "")
        marked.save()

    assert not words_of(MARKER)[MARKER].found


def test_exports_leave_out_a_withdrawn_passage(client, withdrawn_marker):
    exported = client.get("/search/export.json", {"sort": "source", "page_size": 100}).json()

    assert withdrawn_marker.pk not in {row["id"] for row in exported["results"]}
    assert client.get("/search/export.json", {"q": MARKER}).json()["count"] == 0
