"""The token chain shared by the index, queries, the highlighter and the tagger."""

from legalkb.text.analysis import analyse, fold_query, is_stopword, roots, stems, tokenize


def test_tokens_are_folded_lowercased_and_keep_their_offsets():
    text = "Мемлекеттiң ЗAҢДЫ жауапкершілігі"
    tokens = tokenize(text)
    assert [t.text for t in tokens] == ["мемлекеттің", "заңды", "жауапкершілігі"]
    assert text[tokens[1].start : tokens[1].end] == "ЗAҢДЫ"


def test_a_query_typed_entirely_in_latin_lookalikes_is_read_as_cyrillic():
    assert fold_query("ic") == "іс"
    assert fold_query("Bonn") == "Bonn"


def test_kazakh_letters_decide_the_language_of_a_word():
    assert stems("жауапкершілігі") == ("жауапкершілік",)
    assert stems("государства", "ru") == ("государств",)


def test_a_query_word_without_kazakh_letters_is_read_in_both_languages():
    assert set(stems("органы")) == {"орган", "орга"}  # Kazakh "its organ", Russian "organs"


def test_roots_are_spelled_as_on_a_russian_keyboard():
    assert roots("сапарғалиевтың") == roots("сапаргалиев", "kk") == ("сапаргалиев",)
    assert roots("мәсімовтің") == roots("масимов", "kk") == ("масимов",)


def test_a_passage_is_analysed_into_one_stem_and_one_root_per_word():
    analysed = analyse("Мемлекеттің жауапкершілігі", "kk")
    assert analysed.stems == ["мемлекет", "жауапкершілік"]
    assert analysed.roots == ["мемлекет", "жауап"]
    assert analysed.words == ["мемлекеттің", "жауапкершілігі"]


def test_function_words_are_stopwords():
    assert is_stopword("және") and is_stopword("и")
    assert not is_stopword("заң")
