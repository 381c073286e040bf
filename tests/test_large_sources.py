"""Pages stay cheap when sources are large: two sources of 10 MB and a principle linked to
2,000 of their passages. No page that lists, searches or exports passages reads a source's
raw text (the SQL shows it); each makes a few queries, whatever the number of passages;
and none holds much memory (tracemalloc's peak)."""

import pytest
from django.contrib.auth.models import User

from bench.large_sources import create_large_sources, measure, public_urls, selects_raw_text
from legalkb.models import Passage
from legalkb.search import outbox

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

# Measured, with room for a change or two; they do not grow with the number of passages.
MAX_QUERIES = 18
# The passage page also reads its acts cited and finds its related passages: whether the
# glossary changed (three small queries, at most once a second outside tests), the hits, and
# the entries and acts they share (one query for each kind the passage has).
MAX_PASSAGE_QUERIES = MAX_QUERIES + 7
MAX_ADMIN_QUERIES = 20
# Generous: the largest pages peak at about 13 MB (the source page, 1,000 passages with their
# badges) and 22 MB (the JSON export of 1,000 hits, much of it Whoosh's caches). The principle's
# page held 2.2 GB when every row copied a 10 MB text; that no page reads a text at all is
# what the SQL check shows (one text read back is a 12.6 MB Python string).
MAX_PEAK_BYTES = 32 * 2**20


@pytest.fixture
def large_sources(corpus):
    return create_large_sources()


@pytest.fixture
def indexed_large_sources(large_sources, private_index):
    """A private index of the large sources' passages only."""
    outbox.backend().update(outbox.passage_index(), Passage.objects.filter(source__in=large_sources))
    return large_sources


def test_the_sources_are_large_and_the_principle_has_2000_of_their_passages(large_sources):
    assert all(len(s.raw_text.encode()) > 10 * 2**20 for s in large_sources)
    linked = Passage.objects.filter(source__in=large_sources, principlelink__principle__slug="legality")
    assert linked.count() == 2000


def test_public_pages_never_read_raw_text_and_stay_small(client, indexed_large_sources):
    for name, url in public_urls(indexed_large_sources).items():
        response, queries, peak = measure(client, url)
        assert response.status_code == 200, name
        assert not [sql for sql in queries if selects_raw_text(sql)], name
        most = MAX_PASSAGE_QUERIES if name == "passage" else MAX_QUERIES
        assert len(queries) <= most, (name, len(queries))
        assert peak < MAX_PEAK_BYTES, (name, peak)


def test_exports_hold_a_thousand_hits_of_the_large_sources(client, indexed_large_sources):
    exported = client.get(public_urls(indexed_large_sources)["JSON export, 1,000 hits"]).json()
    assert exported["count"] == 1000
    assert {hit["source"] for hit in exported["results"]} == {s.slug for s in indexed_large_sources}


def test_the_passage_page_shows_its_part_of_the_raw_text(client, large_sources):
    passage = large_sources[0].passages.get(position=500)
    html = client.get(passage.get_absolute_url()).content.decode()
    expected = Passage.objects.get(pk=passage.pk).raw_text
    assert len(expected) == passage.end - passage.start
    assert expected.split()[1] in html


def test_admin_lists_never_read_raw_text(client, large_sources):
    client.force_login(User.objects.create_superuser("admin", password="a-long-admin-password"))
    passage = large_sources[0].passages.first()
    urls = [
        "/admin/legalkb/source/",
        "/admin/legalkb/passage/",
        f"/admin/legalkb/passage/{passage.pk}/change/",
        "/admin/legalkb/passage/review/",
        "/admin/legalkb/principlelink/",
        "/admin/legalkb/annotation/",
        "/admin/autocomplete/?app_label=legalkb&model_name=principlelink&field_name=passage&term=1",
    ]
    for url in urls:
        response, queries, peak = measure(client, url)
        assert response.status_code == 200, url
        assert not [sql for sql in queries if selects_raw_text(sql)], url
        assert len(queries) <= MAX_ADMIN_QUERIES, (url, len(queries))
        assert peak < MAX_PEAK_BYTES, (url, peak)
