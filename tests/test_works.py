"""Works cited: references lists matched to the sources of the knowledge base, sure matches
linked, doubtful ones left to editors, and what the public site and the API show of them."""

import pytest
from django.core.management import call_command

from legalkb import works
from legalkb.models import Creator, Reference, Source

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def author(corpus):
    """The article's author, whom the references name."""
    return Creator.objects.create(source=corpus.article, family_name="Сәрсенов", given_names="Б.")

CITING_ARTICLE = "Сәрсенов Б. Мемлекеттің заңды жауапкершілігі // Заң және заман. – 2013. – № 2. – 45–50 б."
LOOSELY = "Мемлекеттің жауапкершілігі туралы кейбір ойлар. – Алматы, 2013."


def citing_source(*entries, number=1):
    """A source whose references list is entries."""
    title, checksum = f"Дәйексөз келтіретін мақала {number}", f"{number:064d}"
    source = Source.objects.create(slug=f"citing-{number}", title=title, raw_text="", checksum=checksum)
    for position, text in enumerate(entries, start=1):
        Reference.objects.create(source=source, position=position, text=text)
    return source


def test_a_sure_match_links_the_reference_and_counts_as_citing(corpus):
    source = citing_source(CITING_ARTICLE)

    assert works.match(source.references.all()) == 1

    reference = source.references.get()
    assert (reference.cites, reference.match) == (corpus.article, Reference.Match.SURE)
    assert list(Source.objects.citing(corpus.article)) == [source]


def test_a_doubtful_match_waits_for_an_editor(corpus):
    source = citing_source("Сәрсенов Б. Мемлекет жауапкершілігінің кейбір мәселелері. – 2013.")

    works.match(source.references.all())

    reference = source.references.get()
    assert reference.match == Reference.Match.DOUBTFUL and reference.cited_source == corpus.article
    assert reference.cites is None and not Source.objects.citing(corpus.article).exists()


def test_an_editors_decision_is_kept_when_matching_again(corpus, editor):
    source = citing_source(CITING_ARTICLE)
    works.match(source.references.all())

    works.decide(source.references.all(), Reference.Match.REJECTED, editor)
    works.match(Reference.objects.all())

    reference = source.references.get()
    assert (reference.match, reference.cited_source) == (Reference.Match.REJECTED, None)


def test_a_new_source_is_matched_by_references_that_cited_nothing_before(corpus):
    source = citing_source("Ахметова Д. Конституциялық бақылау институты. – Астана, 2015.")
    works.match(source.references.all())
    assert source.references.get().cited_source is None
    title = "Конституциялық бақылау институты"
    new = Source.objects.create(slug="kb", title=title, year=2015, raw_text="", checksum="f" * 64)
    Creator.objects.create(source=new, family_name="Ахметова", given_names="Д.")

    works.match_new_source(new)

    assert source.references.get().cites == new


def test_a_source_never_cites_itself(corpus):
    Reference.objects.create(source=corpus.article, position=1, text=CITING_ARTICLE)

    works.match(corpus.article.references.all())

    assert corpus.article.references.get().cited_source is None


def test_withdrawn_sources_neither_cite_nor_are_cited(corpus):
    source = citing_source(CITING_ARTICLE)
    works.match(source.references.all())

    Source.objects.filter(pk=source.pk).update(withdrawn=True)
    assert not Source.objects.citing(corpus.article).exists()
    Source.objects.filter(pk=source.pk).update(withdrawn=False)
    Source.objects.filter(pk=corpus.article.pk).update(withdrawn=True)
    assert source.references.get().cites is None


def test_match_references_matches_every_undecided_reference(corpus):
    source = citing_source(CITING_ARTICLE, LOOSELY)

    call_command("match_references", verbosity=0)

    assert source.references.filter(match=Reference.Match.SURE).count() == 1


def test_the_source_page_says_who_cites_it_and_links_the_references(client, corpus):
    source = citing_source(CITING_ARTICLE)
    works.match(source.references.all())

    cited = client.get(corpus.article.get_absolute_url(), headers={"accept-language": "en"}).content.decode()
    citing = client.get(source.get_absolute_url(), headers={"accept-language": "en"}).content.decode()

    assert "Cited by 1 source in the knowledge base" in cited
    assert f'href="{source.get_absolute_url()}"' in cited
    assert f'<a class="cited-work" href="{corpus.article.get_absolute_url()}"' in citing


def test_the_api_gives_a_sources_references_and_who_cites_it(client, corpus):
    source = citing_source(CITING_ARTICLE, LOOSELY)
    works.match(source.references.all())

    citing = client.get(f"/api/sources/{source.slug}/").json()
    cited = client.get(f"/api/sources/{corpus.article.slug}/").json()

    cites = [entry["cites"] and entry["cites"]["slug"] for entry in citing["references"]]
    assert cites == [corpus.article.slug, None]
    assert (cited["cited_by_count"], cited["cited_by"][0]["slug"]) == (1, source.slug)
    assert client.get("/api/sources/no-such-source/").status_code == 404


def test_editors_confirm_a_doubtful_match_in_the_admin(editor_client, corpus):
    source = citing_source("Сәрсенов Б. Мемлекет жауапкершілігінің кейбір мәселелері. – 2013.")
    works.match(source.references.all())
    reference = source.references.get()

    response = editor_client.post(
        "/admin/legalkb/reference/", {"action": "confirm", "_selected_action": [reference.pk]}, follow=True
    )

    assert response.status_code == 200
    reference.refresh_from_db()
    assert (reference.match, reference.cites) == (Reference.Match.CONFIRMED, corpus.article)
    assert reference.history.first().history_user == response.wsgi_request.user
