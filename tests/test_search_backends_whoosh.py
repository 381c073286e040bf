"""Haystack's contract on legalkb's own index: what Haystack offers either works or fails
with a NotImplementedError naming it. (Haystack's own Whoosh suite, run by
.ci/haystack_contract.py, covers indexes without legalkb's token fields.)"""

import pytest
from haystack.exceptions import SkipDocument
from haystack.inputs import AutoQuery
from haystack.query import SearchQuerySet

from legalkb.models import Language, Passage
from legalkb.search import outbox
from legalkb.search.backends.whoosh import KazakhWhooshBackend
from legalkb.search.storage import IndexStore
from legalkb.search_indexes import PassageIndex


def passages():
    return SearchQuerySet().models(Passage)


def test_more_like_this_is_refused_by_name(corpus):
    with pytest.raises(NotImplementedError, match=r"more_like_this\(\)"):
        passages().more_like_this(Passage.objects.first()).count()


def test_autocomplete_on_the_analysed_text_is_refused_by_name(corpus):
    with pytest.raises(NotImplementedError, match="query syntax on text"):
        passages().autocomplete(text="мемлекет").count()


def test_a_plain_string_on_content_is_a_readers_query_as_an_autoquery_is(corpus):
    plain, auto = passages().filter(content="мемлекет"), passages().filter(content=AutoQuery("мемлекет"))
    assert plain.count() == auto.count() > 0


def test_highlight_with_a_readers_query_is_refused_by_name(corpus):
    with pytest.raises(NotImplementedError, match=r"highlight\(\)"):
        passages().filter(content=AutoQuery("мемлекет")).highlight().count()


def test_narrow_with_a_readers_query_is_refused_by_name(corpus):
    query = passages().filter(content=AutoQuery("мемлекет")).narrow(f"source:{corpus.abstract.slug}")
    with pytest.raises(NotImplementedError, match=r"narrow\(\)"):
        query.count()


def test_an_exact_filter_on_a_facet_field_takes_haystacks_own_path(corpus):
    found = passages().filter(source=corpus.abstract.slug)
    assert found.count() == Passage.objects.filter(source=corpus.abstract).count()


def test_ram_storage_is_refused_by_name(tmp_path):
    with pytest.raises(NotImplementedError, match="STORAGE='ram'"):
        KazakhWhooshBackend("default", PATH=str(tmp_path), STORAGE="ram")


def test_update_indexes_the_objects_it_is_given_and_no_others(corpus, private_index):
    given = list(Passage.objects.order_by("pk")[:3])
    outbox.backend().update(outbox.passage_index(), given)
    assert sorted(int(pk) for pk in passages().values_list("pk", flat=True)) == [p.pk for p in given]


class RussianOnlyIndex(PassageIndex):
    def prepare(self, obj):
        if obj.language != Language.RUSSIAN:
            raise SkipDocument
        return super().prepare(obj)


def test_update_leaves_out_the_documents_the_index_skips(corpus, private_index):
    outbox.backend().update(RussianOnlyIndex(), Passage.objects.all())
    assert passages().count() == Passage.objects.filter(language=Language.RUSSIAN).count() > 0


def test_backend_index_follows_the_live_generation_across_a_clear(own_index):
    backend = outbox.backend()
    index = backend.index
    assert index.doc_count() == Passage.objects.count()
    backend.clear()
    assert index.doc_count() == 0


def test_delete_index_leaves_an_empty_generation_live(own_index):
    before = IndexStore(own_index).live()
    outbox.backend().delete_index()
    assert IndexStore(own_index).live() != before
    assert passages().count() == 0
