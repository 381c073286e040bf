import pytest

from legalkb.text.normalize import fold_lookalikes, lookalike_repairs, lowercase, remove_soft_hyphens


@pytest.mark.parametrize(
    "typed, repaired",
    [
        ("қaлыптacтыру", "қалыптастыру"),  # Latin a, c inside a Cyrillic word
        ("жəне", "және"),  # Latin schwa
        ("бiрi", "бірі"),  # Latin i is Kazakh і
        ("Coнымен", "Сонымен"),  # capital Latin C
        ("Aдaмның", "Адамның"),
    ],
)
def test_latin_lookalikes_inside_cyrillic_words_become_cyrillic(typed, repaired):
    assert fold_lookalikes(typed) == repaired


def test_a_whole_lookalike_word_in_cyrillic_text_is_repaired():
    assert fold_lookalikes("ic жүзiнде") == "іс жүзінде"


@pytest.mark.parametrize("word", ["Bonn", "URL", "Germany"])
def test_real_latin_words_stay_latin_in_cyrillic_text(word):
    assert fold_lookalikes(f"университеті {word} қаласында") == f"университеті {word} қаласында"


def test_a_lone_lookalike_word_without_cyrillic_context_stays():
    assert fold_lookalikes("ic") == "ic"


def test_folding_keeps_the_length_so_offsets_stay_valid():
    text = "Құқықтық үcтемдiктi қaлыптacтыру - құқықтық тұрғыдaн"
    assert len(fold_lookalikes(text)) == len(text)


def test_repairs_are_listed_with_their_original_form():
    assert lookalike_repairs("ic жүзiнде Bonn") == [("ic", "іс"), ("жүзiнде", "жүзінде")]


def test_soft_hyphens_are_removed():
    assert remove_soft_hyphens("жауап\u00adкершілік") == "жауапкершілік"


def test_lowercase_handles_kazakh_letters_and_the_dotted_capital_i():
    assert lowercase("ӘҒҚҢӨҰҮҺІ") == "әғқңөұүһі"
    assert lowercase("İС") == "іс"
