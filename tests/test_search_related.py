"""Related passages on every engine: from other places, explained, across languages through
the glossary, never withdrawn."""

import pytest

from legalkb.ingest import import_source
from legalkb.models import Passage
from legalkb.search.related import MAX_RELATED, NEIGHBOURS, related_passages

pytestmark = pytest.mark.usefixtures("search_engine")

RUSSIAN = (
    "Принцип законности требует, чтобы государственные органы и должностные лица действовали "
    "строго в пределах закона; ответственность государства перед гражданином вытекает из него."
).encode()


def cited_passage():
    return Passage.objects.get(text__contains="Конституциясының 1-бабында")


def test_up_to_ten_related_passages_none_of_them_the_passage_or_its_neighbours(corpus):
    passage = cited_passage()

    related = related_passages(passage)

    assert 0 < len(related) <= MAX_RELATED
    near = {(passage.source_id, passage.position + step) for step in range(-NEIGHBOURS, NEIGHBOURS + 1)}
    assert not near & {(one.passage.source_id, one.passage.position) for one in related}


def test_each_related_passage_says_what_it_shares(corpus):
    passage = cited_passage()
    principles = {entry.slug for _kind, entries in passage.tags for entry in entries}

    related = related_passages(passage)

    assert all(one.why.entries or one.why.words or one.why.equivalents for one in related)
    sharing = [one for one in related if {e.slug for e in one.why.entries} & principles]
    assert sharing
    assert all("<mark>" in one.snippet for one in related if one.why.words)


def test_a_russian_passage_finds_kazakh_ones_through_the_glossary(
    corpus, own_index, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        source = import_source(RUSSIAN, "legality-ru.txt", title="Принцип законности", language="ru").source

    related = related_passages(source.passages.get())

    assert related and all(one.passage.source_id != source.pk for one in related)
    assert "заңдылық" in related[0].why.equivalents
    assert "заңдылық" in related[0].passage.text.lower() and "<mark>" in related[0].snippet


def test_a_passage_withdrawn_since_it_was_indexed_is_not_related(corpus):
    passage = cited_passage()
    first = related_passages(passage)[0].passage
    Passage.objects.filter(pk=first.pk).update(withdrawn=True)

    assert first.pk not in {one.passage.pk for one in related_passages(passage)}
