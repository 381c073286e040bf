"""The thesaurus queries are expanded with: the glossary editors keep, and the taxonomy's
names in three languages; a change reaches the next search."""

from legalkb.models import GlossaryTerm
from legalkb.search import SearchRequest, search_passages, thesaurus
from legalkb.search.thesaurus import current_thesaurus, term_groups


def words(q):
    return search_passages(SearchRequest(q=q)).words


def test_groups_hold_glossary_terms_and_multilingual_taxonomy_names(corpus):
    groups = term_groups()
    assert ["мемлекет", "государство", "state"] in groups
    assert any("Принцип законности" in group and "Заңдылық қағидаты" in group for group in groups)


def test_a_russian_term_also_searches_its_kazakh_equivalent(corpus):
    (word,) = words("принцип законности")
    assert "заңдылық қағидаты" in word.also and word.passages > 0


def test_an_editors_new_term_reaches_the_next_search(editor_client):
    assert not words("палимпсестология")[0].also
    response = editor_client.post(
        "/admin/legalkb/glossaryterm/add/",
        {"kk": "заңдылық", "ru": "палимпсестология", "en": "", "note": "a test term"},
    )
    assert response.status_code == 302 and GlossaryTerm.objects.filter(ru="палимпсестология").exists()
    (word,) = words("палимпсестология")
    assert word.also == ["заңдылық"] and word.found and word.passages > 0


def test_the_thesaurus_is_built_once_until_something_changes(corpus, django_assert_num_queries):
    first = current_thesaurus()
    with django_assert_num_queries(3):  # the versions of the glossary and the multilingual entries
        assert current_thesaurus() is first
    GlossaryTerm.objects.create(kk="жаңа термин", ru="новый термин")
    assert current_thesaurus() is not first


def test_the_versions_are_asked_at_most_once_a_second(corpus, monkeypatch, django_assert_num_queries):
    monkeypatch.setattr(thesaurus, "CHECK_EVERY_SECONDS", 3600)
    first = current_thesaurus()
    GlossaryTerm.objects.create(kk="жаңа термин", ru="новый термин")
    with django_assert_num_queries(0):
        assert current_thesaurus() is first
