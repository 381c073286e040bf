"""Citations of normative acts found in Kazakh and Russian text, and the acts they name."""

import datetime

from hypothesis import given
from hypothesis import strategies as st

from legalkb.text.acts import (
    ADDRESS,
    CODE,
    CONSTITUTION,
    CONSTITUTIONAL_LAW,
    DECREE,
    LAW,
    ActRef,
    act_slug,
    article_sort_key,
    find_citations,
    official_url,
)


def only(text):
    (citation,) = find_citations(text)
    return citation


def cited(citation, text):
    return text[citation.start : citation.end]


def test_a_kazakh_law_by_title_date_number_and_article():
    text = "«Мемлекеттік қызмет туралы» Қазақстан Республикасының 1999 жылғы 23 шілдедегі №453 Заңының 3-бабы"

    citation = only(text)

    assert citation.act == ActRef(
        LAW, title="Мемлекеттік қызмет туралы", number="453", date=datetime.date(1999, 7, 23), year=1999
    )
    assert citation.articles == ("3",)
    assert cited(citation, text) == text


def test_a_russian_law_with_its_article_before_it():
    citation = only("Согласно ст. 3 Закона РК от 23 июля 1999 г. № 453 служащий обязан")

    assert citation.act == ActRef(LAW, number="453", date=datetime.date(1999, 7, 23), year=1999)
    assert citation.articles == ("3",)


def test_the_same_law_cited_in_kazakh_and_russian_has_one_address_name():
    kazakh = only("1999 жылғы 23 шілдедегі № 453 Заңы").act
    russian = only("Закон Республики Казахстан «О государственной службе» от 23.07.1999 г. № 453-I").act

    assert act_slug(kazakh) == act_slug(russian) == "law-1999-453"


def test_the_constitution_and_its_article_from_the_seed_text():
    text = "ҚР Конституциясының 1-бабында адам, оның өмірі"

    citation = only(text)

    assert (citation.act, citation.articles) == (ActRef(CONSTITUTION), ("1",))
    assert cited(citation, text) == "ҚР Конституциясының 1-бабында"


def test_the_constitution_in_russian_with_a_paragraph_and_article():
    citation = only("в соответствии с п. 1 ст. 39 Конституции РК")

    assert (citation.act.kind, citation.articles) == (CONSTITUTION, ("39",))


def test_several_articles_of_one_act():
    assert only("Конституцияның 13, 14 және 16-баптары").articles == ("13", "14", "16")


def test_an_article_numbered_with_a_hyphen_stays_whole():
    assert only("Кодекстің емес, Конституцияның 10-1-бабы").articles == ("10-1",)


def test_constitutional_words_are_not_the_constitution():
    assert find_citations("конституциялық-құқықтық реттеу, Конституциялық Кеңес, конституционный строй") == []


def test_a_presidential_address_is_identified_by_its_year():
    text = "қажеттілігі Президенттің 2007 жылғы ел халқына Жолдауында айқындалған"

    citation = only(text)

    assert citation.act == ActRef(ADDRESS, year=2007)
    assert cited(citation, text) == "Президенттің 2007 жылғы ел халқына Жолдауында"


def test_a_russian_address_with_the_presidents_name_and_date():
    text = "Послание Президента Республики Казахстан Н.А. Назарбаева народу Казахстана от 28 февраля 2007 г."

    citation = only(text)

    assert (citation.act.kind, citation.act.year) == (ADDRESS, 2007)


def test_an_address_without_a_year_names_no_act():
    assert find_citations("Президенттің Жолдауында айтылғандай") == []


def test_a_decree_by_date_and_number():
    citation = only("Указом Президента Республики Казахстан от 29 декабря 1999 г. № 298 утверждено")

    assert citation.act == ActRef(DECREE, number="298", date=datetime.date(1999, 12, 29), year=1999)


def test_a_kazakh_decree():
    citation = only("Қазақстан Республикасы Президентінің 2010 жылғы 1 ақпандағы № 922 Жарлығымен")

    assert (citation.act.kind, citation.act.number, citation.act.year) == (DECREE, "922", 2010)


def test_a_constitutional_law_is_not_a_plain_law():
    citation = only("1995 жылғы 28 қыркүйектегі № 2464 «Сайлау туралы» Конституциялық заңы")

    assert (citation.act.kind, citation.act.number, citation.act.year) == (CONSTITUTIONAL_LAW, "2464", 1995)


def test_a_law_named_only_by_this_or_that_is_no_citation():
    assert find_citations("осы Заңның 5-бабы, заңға сәйкес, закон о службе") == []


def test_a_law_by_title_alone():
    citation = only("«Мемлекеттік мүлік туралы» Заңының 139-бабы")

    assert citation.act == ActRef(LAW, title="Мемлекеттік мүлік туралы")
    assert act_slug(citation.act) == "law-memlekettik-mulik-turaly"


def test_codes_by_name_in_kazakh_and_russian():
    kazakh = only("Қылмыстық-процестік кодекстің 12-бабы")
    russian = only("нормы Уголовно-процессуального кодекса")

    assert kazakh.act == russian.act == ActRef(CODE, code="criminal-procedure")
    assert kazakh.articles == ("12",)


def test_a_longer_code_name_is_not_read_as_a_shorter_one():
    assert only("Гражданского процессуального кодекса").act.code == "civil-procedure"
    assert only("Гражданского кодекса").act.code == "civil"


def test_code_abbreviations_are_read_next_to_the_republics_name():
    assert only("ст. 9 ГК РК").act == ActRef(CODE, code="civil")
    assert only("ҚР АК-нің 917-бабы").articles == ("917",)
    assert find_citations("ГК и УК без названия республики") == []


def test_a_numbered_code_has_the_official_address():
    act = only("Қазақстан Республикасының 2014 жылғы 3 шілдедегі № 226-V Қылмыстық кодексі").act

    assert official_url(act, "ru") == "https://adilet.zan.kz/rus/docs/K1400000226"


def test_official_addresses_before_and_after_2011():
    law_1999 = ActRef(LAW, number="453", year=1999)
    law_2015 = ActRef(LAW, number="416", year=2015)

    assert official_url(law_1999, "kk") == "https://adilet.zan.kz/kaz/docs/Z990000453_"
    assert official_url(law_2015, "kk") == "https://adilet.zan.kz/kaz/docs/Z1500000416"


def test_the_constitution_has_its_official_address_and_an_address_none():
    assert official_url(ActRef(CONSTITUTION), "kk") == "https://adilet.zan.kz/kaz/docs/K950001000_"
    assert official_url(ActRef(ADDRESS, year=2007), "kk") is None


def test_a_law_by_title_only_has_no_official_address():
    assert official_url(ActRef(LAW, title="Мемлекеттік мүлік туралы"), "kk") is None


def test_a_number_inside_a_title_is_not_the_acts():
    citation = only("«2020 жылға дейінгі № 5 бағдарлама туралы» Жарлығы")

    assert (citation.act.number, citation.act.year) == ("", None)


def test_two_citations_in_one_sentence():
    text = "ҚР Конституциясы мен «Мемлекеттік қызмет туралы» ҚР Заңы"

    assert [c.act.kind for c in find_citations(text)] == [CONSTITUTION, LAW]


def test_articles_sort_by_number_then_sub_number():
    assert sorted(["14", "3-1", "", "3"], key=article_sort_key) == ["", "3", "3-1", "14"]


@given(st.text(alphabet="«»№.,- 0123456789ҚРЗаңыКонституцияЖолдауст", max_size=300))
def test_any_text_gives_citations_inside_it_never_an_error(text):
    for citation in find_citations(text):
        assert 0 <= citation.start < citation.end <= len(text)
