"""One Kazakh word has one skeleton in Cyrillic, the 2021 Latin alphabet, informal ASCII,
and Cyrillic typed without Kazakh letters."""

import pytest

from legalkb.text.script import readings, skeleton, to_latin_2021
from legalkb.text.translit import transliterate


@pytest.mark.parametrize(
    "spellings",
    [
        ("мемлекеттің", "memlekettıñ", "memlekettin", "мемлекеттин"),
        ("жауапкершілігі", "jauapkerşılıgı", "zhauapkershiligi", "jauapkershiligi", "жауапкершилиги"),
        ("заңдылық", "zañdylyq", "zandylyq", "zandylik", "заңдылық", "зандылык"),
        ("қағидаты", "qağidaty", "qaghidaty", "kagidaty", "кагидаты"),
        ("құқық", "quqyq", "qūqyq", "kukyk", "кукык"),
        ("Қазақстан", "Qazaqstan", "Kazakstan", "Казакстан"),
        ("өтемақы", "ötemaqy", "otemaqy", "отемакы"),
        ("үшін", "üşın", "ushin", "ушин"),
        ("шешім", "şeşım", "sheshim", "шешим"),
        ("ұйым", "ūiym", "uiym", "уйым"),
        ("бұзушылық", "būzuşylyq", "buzushylyq", "бузушылык"),
        ("сауда", "sauda", "sawda"),
        ("конституция", "konstitusia", "konstitucia"),
        ("һәм", "häm", "ham", "хам"),
    ],
)
def test_every_spelling_of_a_word_has_one_skeleton(spellings):
    assert len({skeleton(word) for word in spellings}) == 1


def test_the_2021_alphabet_writes_kazakh_letters_with_diacritics():
    assert to_latin_2021("Мемлекеттің жауапкершілігі") == "memlekettıñ jauapkerşılıgı"
    assert to_latin_2021("Құқық, өтемақы, үйі") == "qūqyq, ötemaqy, üiı"


def test_earlier_latin_alphabets_fold_the_same_way():
    assert skeleton("álipbıdi") == skeleton("әліпбиді")  # 2018: á for ә, ı for и
    assert skeleton("baǵalanýy") == skeleton("бағалануы")  # 2018: ǵ for ғ, ý for у


def test_a_dotted_capital_i_is_read_as_i():
    assert skeleton("İS") == skeleton("is") == skeleton("іс")


def test_informal_ng_is_read_as_both_n_and_ng_the_literal_reading_first():
    assert readings("zang") == ("zang", "zan")
    assert readings("kongress") == ("kongress", "konress")
    assert len(readings("ngngng")) == 4  # the first two are read both ways


def test_informal_ts_is_read_as_ts_and_as_the_2021_alphabets_s_for_ц():
    assert readings("konstitutsiya") == ("konstitutsia", skeleton("конституция"))
    assert readings("jetse") == (skeleton("жетсе"), "jese")


def test_ts_before_h_is_t_and_sh():
    assert readings("qyzmetshi") == (skeleton("қызметші"),)


def test_cyrillic_and_2021_latin_have_one_reading():
    assert readings("заңға") == ("zanga",)
    assert readings("zañğa") == ("zanga",)


def test_slugs_keep_their_ascii_spelling():
    assert transliterate("Мемлекеттің заңды жауапкершілігі") == "memlekettin zandy zhauapkershiligi"
