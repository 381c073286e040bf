"""Each process keeps the taxonomy that results and facets show, and reads it again when an
editor changes an entry."""

from simple_history.utils import bulk_create_with_history

from legalkb.models import Principle, Source
from legalkb.search import FACETS_BY_NAME, entries
from legalkb.search.entries import current_entries


def test_the_entries_are_read_once_until_one_changes(corpus, django_assert_num_queries):
    first = current_entries()
    with django_assert_num_queries(1):  # the kinds' newest history rows
        assert current_entries() is first
    principle = Principle.objects.first()
    principle.name_kk = "Жаңа атау"
    principle.save()
    assert current_entries().by_slug[Principle][principle.slug].label == "Жаңа атау"


def test_the_versions_are_asked_at_most_once_a_second(corpus, monkeypatch, django_assert_num_queries):
    monkeypatch.setattr(entries, "CHECK_EVERY_SECONDS", 3600)
    first = current_entries()
    with django_assert_num_queries(0):
        assert current_entries() is first


def test_an_entry_a_link_names_is_read_when_it_was_added_since(corpus, monkeypatch):
    monkeypatch.setattr(entries, "CHECK_EVERY_SECONDS", 3600)
    held = current_entries()
    new = Principle.objects.create(slug="new-principle", name_kk="Жаңа қағидат")
    assert held.entry("principle", new.pk).slug == "new-principle"


def test_a_filter_by_an_entry_added_since_is_known(corpus, monkeypatch):
    monkeypatch.setattr(entries, "CHECK_EVERY_SECONDS", 3600)
    current_entries()
    bulk_create_with_history([Principle(slug="newer-principle", name_kk="Тағы бір")], Principle)
    assert FACETS_BY_NAME["principle"].known(["newer-principle", "no-such"]) == {"newer-principle"}


def test_sources_labels_are_read_once_a_second(corpus, monkeypatch, django_assert_num_queries):
    monkeypatch.setattr(entries, "CHECK_EVERY_SECONDS", 3600)
    labels = entries.RecentLabels()
    source = Source.objects.get(pk=corpus.abstract.pk)
    slugs = [source.slug, "no-such-source"]
    public = Source.objects.public

    with django_assert_num_queries(1):
        first = labels.labels(public, Source.LABEL_FIELDS, slugs)
        assert labels.labels(public, Source.LABEL_FIELDS, slugs) == first == {source.slug: source.title}

    Source.objects.filter(pk=source.pk).update(title="Жаңа атау")
    monkeypatch.setattr(entries, "CHECK_EVERY_SECONDS", 0)  # a second later
    with django_assert_num_queries(1):
        assert labels.labels(public, Source.LABEL_FIELDS, slugs) == {source.slug: "Жаңа атау"}


def test_labels_held_build_no_queryset(corpus, monkeypatch):
    monkeypatch.setattr(entries, "CHECK_EVERY_SECONDS", 3600)
    labels, built = entries.RecentLabels(), []
    slugs = [corpus.abstract.slug]

    def public():
        built.append(1)
        return Source.objects.public()

    first = labels.labels(public, Source.LABEL_FIELDS, slugs)
    assert labels.labels(public, Source.LABEL_FIELDS, slugs) == first and len(built) == 1


def test_recent_labels_forget_them_all_past_their_bound(corpus, monkeypatch):
    monkeypatch.setattr(entries, "MAX_LABELS_HELD", 2)
    labels = entries.RecentLabels()
    labels.labels(Source.objects.all, Source.LABEL_FIELDS, ["a", "b"])

    labels.labels(Source.objects.all, Source.LABEL_FIELDS, ["c"])

    assert set(labels.held) == {"c"}
