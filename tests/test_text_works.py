"""Entries of references lists matched to the works of the knowledge base."""

from legalkb.text.works import Certainty, Match, Work, WorksIndex

CONSTITUTIONAL_LAW = Work(1, "Қазақстан Республикасының конституциялық құқығы", ("Сапарғалиев",), 2009)
RESPONSIBILITY = Work(2, "Юридическая ответственность государства", ("Мироненко",), 2005)
WORKS = WorksIndex([CONSTITUTIONAL_LAW, RESPONSIBILITY])


def test_an_entry_with_the_title_author_and_year_is_a_sure_match():
    entry = "1. Сапарғалиев Ғ. Қазақстан Республикасының конституциялық құқығы. – Алматы, 2009. – 432 б."

    assert WORKS.match(entry) == Match(1, Certainty.SURE, 1.0)


def test_a_russian_entry_in_gost_style():
    entry = "Мироненко М.Б. Юридическая ответственность государства // Государство и право. – 2005. – № 3."

    assert WORKS.match(entry).key == 2


def test_a_title_and_author_typed_without_kazakh_letters_are_the_same():
    entry = "Сапаргалиев Г. Казакстан Республикасынын конституциялык кукыгы. – Алматы, 2009."

    assert WORKS.match(entry) == Match(1, Certainty.SURE, 1.0)


def test_a_title_with_another_year_is_only_doubtful():
    entry = "Сапарғалиев Ғ. Қазақстан Республикасының конституциялық құқығы. – Алматы, 2013."

    assert WORKS.match(entry).certainty == Certainty.DOUBTFUL


def test_a_close_title_without_the_author_is_doubtful():
    entry = "Юридическая ответственность государства: сб. статей. – М., 2005."

    assert WORKS.match(entry) == Match(2, Certainty.DOUBTFUL, 1.0)


def test_a_title_alone_is_only_doubtful():
    works = WorksIndex([Work(4, "Мемлекеттің заңды жауапкершілігі")])

    entry = "Мемлекеттің заңды жауапкершілігі // Заң және заман. – 2013."

    assert works.match(entry).certainty == Certainty.DOUBTFUL


def test_a_longer_title_beginning_with_the_works_is_another_work():
    entry = "Мироненко М.Б. Юридическая ответственность государств и органов: монография. – 2005."

    assert WORKS.match(entry).certainty == Certainty.DOUBTFUL


def test_an_entry_naming_no_work_of_the_base_matches_nothing():
    assert WORKS.match("Иванов И.И. Теория государства и права. – М.: Норма, 2001. – 512 с.") is None


def test_the_citing_work_is_never_its_own_match():
    entry = "Мироненко М.Б. Юридическая ответственность государства. – 2005."

    assert WORKS.match(entry, leaving_out=2) is None


def test_very_short_titles_are_not_matched():
    works = WorksIndex([Work(3, "Право", ("Петров",), 2001)])

    assert works.match("Петров П. Право и мораль. – М., 2001.") is None
