import pytest

from legalkb.text.langid import detect_language, fill_languages


@pytest.mark.parametrize(
    "text",
    [
        # the seed texts
        "Қазақстандық құқықтың дамуының жалпы тенденциясынан мемлекеттік қызмет саласындағы заңнамада "
        "қалыс қалар емес",
        "Мемлекеттің азамат алдындағы жауапкершілігі проблемасы заң ғылымының қатысуынсыз",
        # no Kazakh-only letter: function words tell
        "орындау болып табылады",
        # Russian loanwords whose letters and endings must not flip a Kazakh sentence
        "Осы екі субъект де мемлекет атынан азамат алдында жауапты",
        "Бұл аспектіде жауапкершілік құқық, мораль нормаларымен талап етілетін талаптарды түсіну",
        "Мемлекет экономикасының одан әрі даму логикасы",
        # the Constitution of Kazakhstan, article 1
        "Қазақстан Республикасы өзін демократиялық, зайырлы, құқықтық және әлеуметтік мемлекет ретінде "
        "орнықтырады.",
    ],
)
def test_kazakh_is_told_by_its_letters_and_words(text):
    assert detect_language(text) == "kk"


@pytest.mark.parametrize(
    "text",
    [
        # the seed article's Russian opening
        "приемлемые для Казахстана и наиболее действенные правовые механизмы, выработанные в "
        "зарубежных государствах",
        # the Constitution of Kazakhstan in Russian, article 1
        "Республика Казахстан утверждает себя демократическим, светским, правовым и социальным "
        "государством, высшими ценностями которого являются человек, его жизнь, права и свободы.",
        # no Russian function word: endings tell
        "Правовое государство предполагает верховенство закона.",
        "Конституционный контроль осуществляется Конституционным Советом.",
        "Юридическая ответственность государства перед гражданином.",
        "Суды рассматривают дела граждан.",
        "Гражданское общество",
        "Обеспечение прав человека",
        # ё and щ
        "Принцип закреплён Конституцией.",
        "Защита прав",
    ],
)
def test_russian_is_told_by_its_endings_letters_and_words(text):
    assert detect_language(text) == "ru"


@pytest.mark.parametrize(
    "text",
    [
        "2007",
        "§ 12.",
        "Конституция",
        "Н.А. Назарбаев",
        "The rule of law.",
        "",
    ],
)
def test_numbers_a_name_or_a_loanword_do_not_tell(text):
    assert detect_language(text) is None


def test_initials_are_not_read_as_russian_prepositions():
    assert detect_language("А.С. Иванов") is None


def test_an_undecided_passage_takes_the_language_of_the_one_before_it():
    assert fill_languages(["ru", None, "kk"], [False, False, False], "kk") == ["ru", "ru", "kk"]


def test_an_undecided_heading_takes_the_language_of_what_follows_it():
    assert fill_languages(["kk", None, "ru"], [False, True, False], "kk") == ["kk", "ru", "ru"]


def test_an_undecided_first_passage_takes_the_next_ones_language():
    assert fill_languages([None, None, "ru"], [False, False, False], "kk") == ["ru", "ru", "ru"]


def test_the_fallback_is_taken_only_when_no_passage_is_decided():
    assert fill_languages([None, None], [True, False], "ru") == ["ru", "ru"]
