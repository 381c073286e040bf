import pytest

from legalkb.documents.hyphens import is_compound, lexicon_of


@pytest.mark.parametrize(
    "left, right",
    [
        ("сондай", "ақ"),
        ("іс", "әрекеттері"),
        ("ғылыми", "зерттеу"),
        ("конституциялық", "құқықтық"),
        ("конституционно", "правовой"),
        ("кое", "что"),
        ("2003", "2005"),
    ],
)
def test_a_compound_at_a_line_end_keeps_its_hyphen(left, right):
    assert is_compound(left, right)


@pytest.mark.parametrize(
    "left, right", [("саласын", "дағы"), ("әкім", "шілік"), ("лауа", "зымды"), ("ответствен", "ности")]
)
def test_a_word_broken_at_a_line_end_is_joined(left, right):
    assert not is_compound(left, right)


def test_the_document_itself_tells_a_compound_the_list_lacks():
    lexicon = lexicon_of("Бұл ақыл-кеңес еді.")
    assert is_compound("ақыл", "кеңес", lexicon)
    assert not is_compound("ақыл", "кеңес", lexicon_of("Бұл ақылкеңес еді."))
