"""A page of results loads its passages, sources, notes, acts cited and links in four queries,
as with_tags() would, and highlights a passage only when its snippet is shown."""

import pytest

from legalkb import search
from legalkb.export import export_hits
from legalkb.kinds import TAXONOMY
from legalkb.models import ActCitation, Creator, Note, Passage, PrincipleLink, Source
from legalkb.search import entries, results
from legalkb.search.entries import current_entries
from legalkb.search.results import shown_passages
from legalkb.text.highlight import Highlighted


def tagged_ids(corpus, count=5):
    links = PrincipleLink.objects.active().filter(passage__source=corpus.abstract)
    return list(links.values_list("passage_id", flat=True).distinct()[:count])


def test_a_page_of_passages_is_four_queries(corpus, monkeypatch, django_assert_num_queries):
    ids = tagged_ids(corpus)
    monkeypatch.setattr(entries, "CHECK_EVERY_SECONDS", 3600)
    current_entries()  # the taxonomy, which the process keeps
    with django_assert_num_queries(4):
        passages = shown_passages(ids)
        titles = [p.source.title for p in passages.values()]
        tags = [p.tags for p in passages.values()]
        [(p.note_list(), p.cited_act_slugs()) for p in passages.values()]
    assert len(passages) == len(ids) and all(titles) and all(tags)


def test_a_page_loads_of_a_source_its_slug_and_title_alone(corpus):
    (passage, *_) = shown_passages(tagged_ids(corpus)).values()
    columns = {field.attname for field in passage.source._meta.concrete_fields}
    assert columns - passage.source.get_deferred_fields() == {"id", "slug", "title"}
    shown = (passage.source.pk, passage.source.slug, passage.source.title)
    assert shown == Source.objects.values_list("pk", "slug", "title").get(pk=passage.source_id)


def test_the_notes_and_acts_cited_are_those_prefetched_in_the_same_order(corpus):
    ids = list(ActCitation.objects.values_list("passage_id", flat=True).distinct()[:4])
    for n, text in ((2, "Екінші."), (1, "Бірінші.")):
        Note.objects.create(passage_id=ids[0], mark=n, position=n, offset=0, text=text, language="kk")
    expected = Passage.objects.with_notes().with_acts().in_bulk(ids)
    for pk, passage in shown_passages(ids).items():
        assert [n.text for n in passage.note_list()] == [n.text for n in expected[pk].note_list()]
        cited = [(c.pk, c.act.slug, c.article, c.start) for c in passage.act_citation_list()]
        assert cited == [(c.pk, c.act.slug, c.article, c.start) for c in expected[pk].act_citation_list()]
    assert [n.text for n in shown_passages(ids)[ids[0]].note_list()] == ["Бірінші.", "Екінші."]


def test_a_pages_queries_are_compiled_once_for_each_number_of_passages(corpus):
    pks = list(Passage.objects.values_list("pk", flat=True)[:6])
    first, second = pks[:3], pks[3:]
    shown_passages(first)
    compiled = results._compiled.cache_info().misses
    assert shown_passages(second).keys() == set(second)
    assert results._compiled.cache_info().misses == compiled


def test_a_query_of_an_exports_thousand_ids_is_not_kept_compiled(corpus):
    found = list(Passage.objects.values_list("pk", flat=True)[:3])
    results._compiled.cache_clear()
    assert shown_passages(found + [-n for n in range(1, 1001)]).keys() == set(found)
    assert results._compiled.cache_info().currsize == 3  # notes, acts and links of the three found


def test_the_links_are_those_with_tags_prefetches_in_the_same_order(corpus):
    ids = tagged_ids(corpus)
    expected = Passage.objects.with_tags().in_bulk(ids)
    for pk, passage in shown_passages(ids).items():
        for kind in TAXONOMY:
            shown = [
                (link.pk, link.entry.slug, link.is_unreviewed)
                for link in getattr(passage, kind.prefetched_links)
            ]
            prefetched = getattr(expected[pk], kind.prefetched_links)
            assert shown == [(link.pk, link.entry.slug, link.is_unreviewed) for link in prefetched]
            deferred = [link.get_deferred_fields() for link in getattr(passage, kind.prefetched_links)]
            assert deferred == [link.get_deferred_fields() for link in prefetched]


def test_a_rejected_link_is_not_shown(corpus):
    link = PrincipleLink.objects.active().filter(passage__source=corpus.abstract).first()
    link.status = PrincipleLink.Status.REJECTED
    link.save()
    passage = shown_passages([link.passage_id])[link.passage_id]
    assert link.pk not in [shown.pk for shown in passage.active_principle_links]


def test_a_withdrawn_passage_is_left_out(corpus):
    passage = corpus.article.passages.first()
    Passage.objects.filter(pk=passage.pk).update(withdrawn=True)
    assert shown_passages([passage.pk]) == {}


def test_a_hit_is_highlighted_only_when_its_snippet_is_read(corpus, monkeypatch):
    highlighted = []
    snippet = Highlighted("snippet", [], matched=True)
    monkeypatch.setattr(search, "_snippet", lambda *args: highlighted.append(args) or snippet)
    (hit, *_) = search.search_passages(search.SearchRequest(q="жауапкершілік")).hits
    assert not highlighted
    assert hit.highlighted == hit.highlighted == "snippet" and len(highlighted) == 1


def test_an_export_highlights_nothing(corpus, monkeypatch):
    monkeypatch.setattr(search, "_snippet", lambda *args: pytest.fail("an export highlighted a hit"))
    assert export_hits(search.SearchRequest(q="жауапкершілік"))


def test_an_export_loads_its_sources_records_and_creators_once_for_all_hits(
    corpus, django_assert_num_queries
):
    Creator.objects.create(source=corpus.abstract, family_name="Ахметов")
    Creator.objects.create(source=corpus.article, family_name="Сейітов")
    hits = export_hits(search.SearchRequest(q="жауапкершілік"))
    assert {hit.passage.source_id for hit in hits} == {corpus.abstract.pk, corpus.article.pk}
    with django_assert_num_queries(0):
        records = [hit.passage.source.record() for hit in hits]
    assert all(record.creators and record.kind for record in records)


def test_an_export_leaves_a_sources_raw_text_unread(corpus):
    (hit, *_) = export_hits(search.SearchRequest(q="жауапкершілік"))
    assert "raw_text" in hit.passage.source.get_deferred_fields()


def test_unreviewed_links_are_left_out_when_the_site_hides_them(corpus, settings):
    link = PrincipleLink.objects.active().filter(passage__source=corpus.abstract).first()
    assert link.is_unreviewed
    settings.SHOW_UNREVIEWED_LINKS = False
    passage = shown_passages([link.passage_id])[link.passage_id]
    assert link.pk not in [shown.pk for shown in passage.active_principle_links]
