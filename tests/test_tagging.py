from types import SimpleNamespace

import pytest

from legalkb.kinds import KINDS, TAXONOMY
from legalkb.links import propose
from legalkb.models import Passage, Principle, PrincipleLink, TaxonomyLink
from legalkb.tagging import entry_matcher, mention_spans


def passage_with(text):
    return next(p for p in Passage.objects.all() if text in p.text)


def linked_slugs(passage, kind):
    links = KINDS[kind].link_model.objects.active().filter(passage=passage)
    return set(links.values_list(f"{kind}__slug", flat=True))


@pytest.mark.parametrize("kind", TAXONOMY, ids=lambda kind: kind.name)
def test_every_taxonomy_entry_is_linked_to_a_passage_that_discusses_it(corpus, kind):
    unlinked = kind.entry_model.objects.filter(links__isnull=True).values_list("slug", flat=True)
    assert list(unlinked) == []


@pytest.mark.parametrize(
    "quote, kind, slug",
    [
        ("заңдылық қағидаты да маңыздылыққа ие", "principle", "legality"),
        ("кінәлілік презумпциясы қағидаты маңызды", "principle", "presumption-of-guilt"),
        ("Жауапкершілікті дараландыру қағидаты", "principle", "individualisation-of-responsibility"),
        ("Бұлтартпастылық қағидаты", "principle", "inevitability-of-responsibility"),
        ("заң үстемдігі қағидасының және заңдылық", "principle", "rule-of-law"),
        ("Ресейлік ғалым М. Б. Мироненко", "author", "mironenko-m-b"),
        ("К.Мәсімов атап өткендей", "author", "masimov-k-k"),
        ("Ғ. С. Сапарғалиевтың және", "author", "sapargaliev-g-s"),
        ("жүргізіліп жатқан әкімшілік реформаға сәйкес", "reform", "administrative-reform"),
        ("Мемлекеттік қызметтің жаңа моделінің тұжырымдамасы", "reform", "public-service-model-concept-2011"),
    ],
)
def test_a_passage_is_linked_to_what_it_discusses_in_any_inflected_form(corpus, quote, kind, slug):
    assert slug in linked_slugs(passage_with(quote), kind)


@pytest.mark.parametrize(
    "quote, kind, slug",
    [
        ("оң нәтижелер береді", "principle", "positive-responsibility"),  # "оң" as in "good results"
        ("депутаттың кінәсі есепке алынбайды", "principle", "presumption-of-guilt"),
        ("Зерттеудің алдына қойылған мақсаттарды", "principle", "separation-of-powers"),
        ("Мемлекет басшысы әкімшілік реформаның", "reform", "constitution-of-kazakhstan"),
    ],
)
def test_a_passage_that_merely_shares_a_word_is_not_linked(corpus, quote, kind, slug):
    assert slug not in linked_slugs(passage_with(quote), kind)


def test_automatic_links_record_their_origin_and_the_words_matched(corpus):
    link = PrincipleLink.objects.get(principle__slug="presumption-of-guilt")
    assert link.origin == TaxonomyLink.Origin.AUTOMATIC
    assert link.status == TaxonomyLink.Status.PROPOSED
    assert "кінәлілік презумпциясы" in link.matched


def test_a_rejected_link_is_not_proposed_again(corpus):
    link = PrincipleLink.objects.get(principle__slug="presumption-of-guilt")
    link.status = TaxonomyLink.Status.REJECTED
    link.save()
    assert propose(Passage.objects.all()) == 0
    assert PrincipleLink.objects.get(pk=link.pk).status == TaxonomyLink.Status.REJECTED


def test_retagging_creates_no_duplicates(corpus):
    before = sum(kind.link_model.objects.count() for kind in TAXONOMY)
    assert propose(Passage.objects.all()) == 0
    assert sum(kind.link_model.objects.count() for kind in TAXONOMY) == before


def test_a_russian_passage_is_linked_by_the_russian_name_in_any_case(corpus):
    source = Passage.objects.first().source
    passage = Passage.objects.create(
        source=source,
        position=999,
        start=0,
        end=0,
        language="ru",
        text="Принцип разделения властей закреплён в Конституции; о разделении властей писали многие.",
    )
    propose([passage])
    assert "separation-of-powers" in linked_slugs(passage, "principle")


def test_a_kazakh_passage_is_not_linked_by_a_russian_stem_of_a_kazakh_word(corpus):
    source = Passage.objects.first().source
    passage = Passage.objects.create(
        source=source, position=998, start=0, end=0, language="kk", text="Бөлу туралы айтылды."
    )
    propose([passage])
    assert "separation-of-powers" not in linked_slugs(passage, "principle")


# Where a passage names one entry, for the snippets of entry pages and of the review queue


def test_the_mentions_of_an_entry_are_found_in_any_inflected_form_in_order():
    legality = Principle(pk=1, name_kk="заңдылық қағидаты", aliases=["заңдылық"])
    text = "Заңдылық қағидатын сақтау. Тағы да заңдылық."
    passage = SimpleNamespace(text=text, language="kk")
    assert mention_spans(entry_matcher(legality), passage) == [(0, 18), (35, 43)]
