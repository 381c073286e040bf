"""Citations of acts saved for passages: at import, when a passage is edited, and for every
passage at once."""

import pytest

from legalkb import acts
from legalkb.models import Act, ActCitation, Passage, Source
from legalkb.publication import set_withdrawn

pytestmark = pytest.mark.django_db

LAW_BY_NUMBER = "1999 жылғы 23 шілдедегі № 453 «Мемлекеттік қызмет туралы» Заңының 3-бабы"
LAW_BY_TITLE = "«Мемлекеттік қызмет туралы» Заңының 7-бабы"


def test_importing_the_article_records_the_constitution_and_the_2007_address(corpus):
    cited = ActCitation.objects.filter(passage__source=corpus.article)

    assert {(c.act.slug, c.article) for c in cited} == {
        ("constitution", ""),
        ("constitution", "1"),
        ("address-2007", ""),
    }
    assert {c.quote for c in cited if c.article == "1"} == {"ҚР Конституциясының 1-бабында"}


def test_an_edited_passage_is_cited_again(corpus):
    passage = Passage.objects.filter(source=corpus.abstract).first()
    passage.text = f"{passage.text} {LAW_BY_NUMBER}"

    passage.save()

    (citation,) = passage.act_citations.all()
    assert (citation.act.slug, citation.article, citation.quote) == ("law-1999-453", "3", LAW_BY_NUMBER)


def test_a_citation_removed_from_the_text_is_removed(corpus):
    passage = ActCitation.objects.filter(act__slug="address-2007").first().passage
    passage.text = passage.text.replace("Жолдауында", "сөзінде")

    passage.save()

    assert not passage.act_citations.filter(act__slug="address-2007").exists()


def test_a_law_cited_by_title_and_later_by_number_and_title_is_one_act(corpus):
    first, second = Passage.objects.filter(source=corpus.abstract)[:2]
    first.text, second.text = LAW_BY_TITLE, LAW_BY_NUMBER

    acts.cite([first])
    acts.cite([second])

    act = Act.objects.get(citations__passage=second)
    assert act == Act.objects.get(citations__passage=first)
    assert (act.slug, act.number, act.year) == ("law-memlekettik-qyzmet-turaly", "453", 1999)


def test_cite_returns_only_the_passages_whose_citations_changed(corpus):
    cited, uncited = ActCitation.objects.first().passage, Passage.objects.filter(act_citations=None).first()

    assert acts.cite([cited, uncited]) == []


def test_cite_all_finds_what_passages_imported_before_cite(corpus):
    ActCitation.objects.all().delete()

    changed = acts.cite_all()

    citing = Passage.objects.filter(act_citations__isnull=False).values_list("pk", flat=True)
    assert set(changed) == set(citing)
    assert ActCitation.objects.filter(act__slug="constitution", article="1").exists()


def test_acts_cited_only_in_withdrawn_passages_are_not_public(corpus):
    set_withdrawn(Passage.objects.filter(act_citations__act__slug="address-2007"), True, user=None)

    assert not Act.objects.public().filter(slug="address-2007").exists()
    assert Act.objects.public().filter(slug="constitution").exists()


def test_find_acts_cites_every_passage_and_queues_the_changed_ones_for_indexing(corpus):
    from django.core.management import call_command

    from legalkb.models import PendingIndexUpdate

    ActCitation.objects.filter(act__slug="address-2007").delete()

    call_command("find_acts", verbosity=0)

    citing = set(ActCitation.objects.filter(act__slug="address-2007").values_list("passage_id", flat=True))
    assert citing and citing <= set(PendingIndexUpdate.objects.values_list("passage_id", flat=True))


def test_acts_cited_only_in_withdrawn_sources_are_not_public(corpus):
    citing_sources = Passage.objects.filter(act_citations__act__slug="address-2007").values("source_id")
    Source.objects.filter(pk__in=citing_sources).update(withdrawn=True)

    assert not Act.objects.public().filter(slug="address-2007").exists()


def test_public_acts_are_found_by_an_exists_each_listed_once(corpus):
    """A join over every citation and DISTINCT took milliseconds an act on a large corpus."""
    public = Act.objects.public()

    slugs = list(public.values_list("slug", flat=True))
    assert slugs and len(slugs) == len(set(slugs))
    assert "EXISTS" in str(public.query) and "DISTINCT" not in str(public.query)
