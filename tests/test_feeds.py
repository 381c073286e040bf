"""Atom feeds of searches, entries, acts and new sources, newest first, and the pages that
announce them."""

import xml.etree.ElementTree as ET

import pytest

from legalkb.models import ActCitation, Passage, PrincipleLink, Source

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def feed(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.content)


def entry_links(root):
    return [entry.find(f"{ATOM}link").get("href") for entry in root.iter(f"{ATOM}entry")]


def passage_ids(root):
    return [int(link.rstrip("/").rsplit("/", 1)[1]) for link in entry_links(root)]


def test_a_search_feed_lists_the_searchs_passages_newest_source_first(client, corpus):
    root = feed(client, "/search/feed.atom", q="жауапкершілік", principle="legal-responsibility")

    ids = passage_ids(root)
    sources = list(Passage.objects.filter(pk__in=ids).values_list("pk", "source_id"))
    assert ids and set(ids) <= set(PrincipleLink.objects.values_list("passage_id", flat=True))
    assert [dict(sources)[i] for i in ids] == sorted(dict(sources).values(), reverse=True)
    assert "«жауапкершілік»" in root.find(f"{ATOM}title").text


def test_a_feed_entry_is_dated_by_its_sources_import_and_escapes_the_text(client, corpus):
    root = feed(client, "/search/feed.atom", q="кінәлілік презумпциясы")

    entry = next(root.iter(f"{ATOM}entry"))
    passage = Passage.objects.get(pk=passage_ids(root)[0])
    assert entry.find(f"{ATOM}published").text.startswith(passage.source.created_at.strftime("%Y-%m-%d"))
    assert entry.find(f"{ATOM}summary").get("type") == "html"
    assert entry.find(f"{ATOM}summary").text == passage.text.replace("&", "&amp;").replace("<", "&lt;")


def test_a_search_feed_with_a_bad_parameter_answers_400_in_words(client, corpus):
    response = client.get("/search/feed.atom", {"principle": "no-such-principle"})

    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")


def test_an_entry_feed_lists_the_passages_linked_to_it(client, corpus):
    root = feed(client, "/principles/legal-responsibility/feed.atom")

    linked = PrincipleLink.objects.active().filter(principle__slug="legal-responsibility")
    assert set(passage_ids(root)) == set(linked.values_list("passage_id", flat=True)[:50])


def test_an_act_feed_lists_the_passages_citing_it(client, corpus):
    root = feed(client, "/acts/address-2007/feed.atom")

    citing = ActCitation.objects.filter(act__slug="address-2007").values_list("passage_id", flat=True)
    assert set(passage_ids(root)) == set(citing)


def test_feeds_of_unknown_entries_and_acts_are_404(client, corpus):
    assert client.get("/authors/nobody/feed.atom").status_code == 404
    assert client.get("/acts/law-1999-1/feed.atom").status_code == 404


def test_withdrawn_passages_leave_the_feeds(client, corpus, own_index, django_capture_on_commit_callbacks):
    from legalkb.publication import set_withdrawn

    with django_capture_on_commit_callbacks(execute=True):
        set_withdrawn(Passage.objects.filter(act_citations__act__slug="address-2007"), True, user=None)

    assert client.get("/acts/address-2007/feed.atom").status_code == 404
    assert not set(passage_ids(feed(client, "/search/feed.atom", q="Жолдауында"))) & set(
        ActCitation.objects.filter(act__slug="address-2007").values_list("passage_id", flat=True)
    )


def test_the_sources_feed_lists_public_sources_newest_first(client, corpus):
    Source.objects.filter(pk=corpus.abstract.pk).update(withdrawn=True)

    root = feed(client, "/sources/feed.atom")

    assert entry_links(root) == [f"http://testserver{corpus.article.get_absolute_url()}"]


@pytest.mark.parametrize(
    "page, feed_url",
    [
        ("/search/?q=заң", "/search/feed.atom?q=%D0%B7%D0%B0%D2%A3"),
        ("/principles/legality/", "/principles/legality/feed.atom"),
        ("/acts/constitution/", "/acts/constitution/feed.atom"),
        ("/sources/", "/sources/feed.atom"),
    ],
)
def test_pages_announce_their_feed(client, corpus, page, feed_url):
    html = client.get(page).content.decode()

    assert f'<link rel="alternate" type="application/atom+xml" href="{feed_url}"' in html
