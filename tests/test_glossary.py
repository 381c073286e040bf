"""The shipped kk/ru/en glossary (fixtures/glossary.json): how it loads, and the
conventions every triple keeps."""

import json
import re
import unicodedata
from pathlib import Path

import pytest

from legalkb.models import GlossaryTerm
from legalkb.taxonomy import load_glossary
from legalkb.text.matching import PhraseMatcher
from legalkb.text.normalize import fold_lookalikes

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
PATH = FIXTURES / "glossary.json"
GLOSSARY = json.loads(PATH.read_text(encoding="utf-8"))
LANGUAGES = ("kk", "ru", "en")


def normalised(term):
    """A term as a reader would not tell it apart: case, ё/е, hyphens and spaces."""
    return re.sub(r"[\s-]+", " ", term.lower().replace("ё", "е")).strip()


def scripts(term):
    return {unicodedata.name(letter).split()[0] for letter in term if letter.isalpha()}


@pytest.mark.django_db
def test_loading_adds_every_triple_once():
    GlossaryTerm.objects.all().delete()
    assert load_glossary(PATH) == len(GLOSSARY)
    assert load_glossary(PATH) == 0
    assert GlossaryTerm.objects.count() == len(GLOSSARY)


@pytest.mark.django_db
def test_a_term_keeps_its_note():
    GlossaryTerm.objects.all().delete()
    load_glossary(PATH)
    noted = next(entry for entry in GLOSSARY if entry.get("note"))
    assert GlossaryTerm.objects.get(kk=noted["kk"], ru=noted["ru"], en=noted["en"]).note == noted["note"]


def test_the_glossary_holds_at_least_600_triples():
    assert len(GLOSSARY) >= 600


def test_every_triple_names_its_term_in_all_three_languages():
    for entry in GLOSSARY:
        assert set(LANGUAGES) <= set(entry) <= {*LANGUAGES, "note"}, entry
        for lang in LANGUAGES:
            assert isinstance(entry[lang], str) and entry[lang].strip() == entry[lang] != "", entry


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_no_term_is_listed_twice_in_another_case_or_spelling(lang):
    terms = [normalised(entry[lang]) for entry in GLOSSARY]
    assert [term for term in set(terms) if terms.count(term) > 1] == []


def test_kazakh_and_russian_terms_are_cyrillic_and_english_ones_latin():
    for entry in GLOSSARY:
        assert scripts(entry["kk"]) == scripts(entry["ru"]) == {"CYRILLIC"}, entry
        assert scripts(entry["en"]) == {"LATIN"}, entry


def test_russian_terms_write_yo_as_russian_dictionaries_do():
    without_yo = ("подотчетн", "партнерств", "объединенн", "ребенк", "грабеж", "наем", "осужденн")
    for entry in GLOSSARY:
        assert not any(word in entry["ru"].lower() for word in without_yo), entry


def test_the_kazakh_terms_are_spelled_as_the_seed_texts_spell_them():
    # Measured: 160 of the Kazakh terms occur in the two texts, in some inflection.
    matcher = PhraseMatcher()
    for i, entry in enumerate(GLOSSARY):
        matcher.add(i, entry["kk"])
    sources = (FIXTURES / "sources").iterdir()
    text = " ".join(fold_lookalikes(path.read_text(encoding="utf-8")) for path in sources)
    assert len(matcher.find(text, "kk")) >= 150
