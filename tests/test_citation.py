"""legalkb/citation.py: references by GOST R 7.0.100-2018 and APA 7, BibTeX, RIS and CSL-JSON
(read back by bibtexparser, rispy and a JSON schema), and Highwire Press meta tags."""

import json
from dataclasses import replace
from datetime import date

import bibtexparser
import jsonschema
import pytest
import rispy
from bibtexparser.middlewares import LatexDecodingMiddleware, SeparateCoAuthors

from legalkb.citation import (
    ABSTRACT,
    ARTICLE,
    CANDIDATE,
    COLLECTION_PAPER,
    DISSERTATION,
    EDITOR,
    MONOGRAPH,
    SUPERVISOR,
    Citation,
    Creator,
    Record,
    apa,
    bibtex,
    csl_json,
    designation,
    gost,
    highwire_tags,
    ris,
)

ACCESSED = date(2025, 3, 7)
ARTICLE_RECORD = Record(
    key="zhumabekov-2015",
    title="Мемлекеттің заңды жауапкершілігі",
    kind=ARTICLE,
    language="kk",
    creators=(Creator("Жұмабеков", "Ерлан Серікұлы"),),
    year=2015,
    container="Заң журналы",
    volume="4",
    issue="2",
    first_page=45,
    last_page=52,
)
ABSTRACT_RECORD = Record(
    key="sadykova-2008",
    title="Лауазымды тұлғалардың заңды жауапкершілігі",
    kind=ABSTRACT,
    language="kk",
    creators=(Creator("Садықова", "Әлия Қанатқызы"), Creator("Сапарғалиев", "Ғ. С.", SUPERVISOR)),
    year=2008,
    publisher="Мемлекет және құқық институты",
    city="Алматы",
    degree=CANDIDATE,
    speciality="12.00.02",
)
TITLE_ONLY = Record(key="title-only", title="Мемлекеттің заңды жауапкершілігі")
RECORDS = [ARTICLE_RECORD, ABSTRACT_RECORD, TITLE_ONLY]


def cite(record, position=None, first_page=None, last_page=None, url="http://kb.test/passages/7/"):
    return Citation(record, url, ACCESSED, position, first_page, last_page)


# GOST R 7.0.100-2018


def test_gost_cites_a_journal_article_with_its_pages_in_russian():
    assert gost(cite(ARTICLE_RECORD, url="http://kb.test/sources/z/"), "ru") == (
        "Жұмабеков, Е. С. Мемлекеттің заңды жауапкершілігі / Е. С. Жұмабеков // Заң журналы. – 2015. – "
        "Т. 4, № 2. – С. 45–52. – URL: http://kb.test/sources/z/ (дата обращения: 07.03.2025)."
    )


@pytest.mark.parametrize(
    "language, pages, accessed",
    [
        ("kk", "Б. 45–52", "қаралған күні"),
        ("ru", "С. 45–52", "дата обращения"),
        ("en", "P. 45–52", "accessed"),
    ],
)
def test_gost_labels_follow_the_language(language, pages, accessed):
    citation = gost(cite(ARTICLE_RECORD), language)

    assert f" – {pages}. – " in citation
    assert f"({accessed}: 07.03.2025)." in citation


def test_gost_cites_a_passage_at_its_page_and_paragraph():
    citation = gost(cite(ARTICLE_RECORD, position=5, first_page=47), "kk")

    assert "– Б. 47. – § 5. – URL: http://kb.test/passages/7/ (қаралған күні: 07.03.2025)." in citation


def test_gost_gives_a_passage_spanning_two_pages_as_a_range():
    assert "– С. 47–48. – § 5." in gost(cite(ARTICLE_RECORD, position=5, first_page=47, last_page=48), "ru")


def test_gost_names_a_dissertation_abstract_its_degree_speciality_author_and_institution():
    assert gost(cite(ABSTRACT_RECORD, url="http://kb.test/sources/s/"), "ru") == (
        "Садықова, Ә. Қ. Лауазымды тұлғалардың заңды жауапкершілігі : автореф. дис. … канд. юрид. наук : "
        "12.00.02 / Садықова Әлия Қанатқызы ; Мемлекет және құқық институты. – Алматы, 2008. – "
        "URL: http://kb.test/sources/s/ (дата обращения: 07.03.2025)."
    )


@pytest.mark.parametrize(
    "kind, language, expected",
    [
        (DISSERTATION, "ru", "дис. … канд. юрид. наук"),
        (ABSTRACT, "ru", "автореф. дис. … канд. юрид. наук"),
        (DISSERTATION, "kk", "заң ғылымдарының кандидаты ғылыми дәрежесін алу үшін дайындалған диссертация"),
        (
            ABSTRACT,
            "kk",
            "заң ғылымдарының кандидаты ғылыми дәрежесін алу үшін дайындалған диссертацияның авторефераты",
        ),
        (ABSTRACT, "en", "abstract of the dissertation for the degree of Candidate of Legal Sciences"),
    ],
)
def test_a_dissertation_is_designated_in_the_language(kind, language, expected):
    record = Record(key="d", title="T", kind=kind, degree=CANDIDATE)

    assert designation(record, language) == expected


def test_a_dissertation_of_unknown_degree_is_designated_without_one():
    assert designation(Record(key="d", title="T", kind=ABSTRACT), "ru") == "автореферат диссертации"


def test_gost_leaves_supervisors_out():
    assert "Сапарғалиев" not in gost(cite(ABSTRACT_RECORD), "kk")


def test_gost_of_a_title_alone_has_no_empty_areas():
    assert gost(cite(TITLE_ONLY, url="http://kb.test/sources/t/"), "kk") == (
        "Мемлекеттің заңды жауапкершілігі. – URL: http://kb.test/sources/t/ (қаралған күні: 07.03.2025)."
    )


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
@pytest.mark.parametrize("record", RECORDS, ids=["article", "abstract", "bare"])
def test_gost_never_shows_blanks_none_or_doubled_punctuation(record, language):
    citation = gost(cite(record, position=3), language)

    for bad in ("None", "..", ". .", "– –", "//  ", " ,", ",,", "()", ": :"):
        assert bad not in citation


def test_gost_does_not_double_the_full_stop_after_a_title_ending_in_a_question():
    record = Record(key="q", title="Мемлекет жауап бере ме?", year=2019)

    assert gost(cite(record), "ru").startswith("Мемлекет жауап бере ме? – 2019. – ")


def test_gost_starts_with_the_title_when_there_are_four_authors():
    authors = tuple(Creator(f"Автор{n}", "А.") for n in range(1, 5))
    record = Record(key="four", title="Заглавие", creators=authors, year=2020)

    citation = gost(cite(record), "ru")

    assert citation.startswith("Заглавие / А. Автор1, А. Автор2, А. Автор3, А. Автор4. – 2020.")


def test_gost_gives_a_collection_paper_with_the_collection_its_editor_and_publisher():
    record = Record(
        key="c",
        title="Заң үстемдігі",
        kind=COLLECTION_PAPER,
        creators=(Creator("Ахметов", "А. А."), Creator("Бекова", "Б. Б.", EDITOR)),
        container="Құқық және мемлекет",
        city="Астана",
        publisher="Ғылым",
        year=2012,
        first_page=3,
        last_page=9,
    )

    assert gost(cite(record), "ru").startswith(
        "Ахметов, А. А. Заң үстемдігі / А. А. Ахметов // Құқық және мемлекет / редактор Б. Б. Бекова. – "
        "Астана : Ғылым, 2012. – С. 3–9. – URL:"
    )


def test_gost_gives_a_monograph_with_place_publisher_isbn_and_doi():
    record = Record(
        key="m",
        title="Құқық теориясы",
        kind=MONOGRAPH,
        creators=(Creator("Ахметов", "А. А."),),
        city="Алматы",
        publisher="Жеті жарғы",
        year=2011,
        isbn="978-601-00-0000-0",
        doi="10.1000/xyz",
    )

    assert gost(cite(record), "kk").startswith(
        "Ахметов, А. А. Құқық теориясы / А. А. Ахметов. – Алматы : Жеті жарғы, 2011. – "
        "ISBN 978-601-00-0000-0. – DOI 10.1000/xyz. – URL:"
    )


def test_a_source_with_its_own_address_is_cited_there_and_a_passage_at_its_permalink():
    record = Record(key="u", title="T", url="https://journal.test/article/1")

    assert "URL: https://journal.test/article/1 (" in gost(cite(record), "en")
    assert "URL: http://kb.test/passages/7/ (" in gost(cite(record, position=2), "en")


def test_initials_come_from_given_names_hyphens_and_printed_initials():
    assert Creator("Б", "Жан-Пьер Мұратұлы").initials == "Ж.-П. М."
    assert Creator("Б", "М.Б.").initials == "М. Б."
    assert Creator("Абай").inverted == "Абай"


# APA 7


def test_apa_cites_a_journal_article():
    assert apa(cite(ARTICLE_RECORD, url="http://kb.test/sources/z/")) == (
        "Жұмабеков, Е. С. (2015). Мемлекеттің заңды жауапкершілігі. Заң журналы, 4(2), 45–52. "
        "http://kb.test/sources/z/"
    )


def test_apa_prefers_the_doi_to_the_address():
    record = Record(key="d", title="T", doi="10.1000/xyz")

    assert apa(cite(record)).endswith(" https://doi.org/10.1000/xyz")


def test_apa_joins_two_authors_with_an_ampersand():
    record = Record(key="two", title="T", creators=(Creator("Ахметов", "А."), Creator("Бекова", "Б.")))

    assert apa(cite(record)).startswith("Ахметов, А., & Бекова, Б. (n.d.). T. ")


def test_apa_gives_twenty_one_authors_as_the_first_nineteen_an_ellipsis_and_the_last():
    record = Record(key="many", title="T", creators=tuple(Creator(f"Автор{n}", "А.") for n in range(1, 22)))

    names = apa(cite(record)).split(" (n.d.)")[0]

    assert names.startswith("Автор1, А., Автор2, А., ") and names.endswith("Автор19, А., . . . Автор21, А.")


def test_apa_puts_the_title_first_when_there_is_no_author():
    assert apa(cite(TITLE_ONLY)) == "Мемлекеттің заңды жауапкершілігі. (n.d.). http://kb.test/passages/7/"


def test_apa_describes_a_dissertation_abstract_in_brackets_with_its_institution():
    assert apa(cite(ABSTRACT_RECORD)).startswith(
        "Садықова, Ә. Қ. (2008). Лауазымды тұлғалардың заңды жауапкершілігі [Abstract of the dissertation "
        "for the degree of Candidate of Legal Sciences, Мемлекет және құқық институты]. "
    )


def test_apa_gives_a_collection_paper_in_its_edited_book():
    record = Record(
        key="c", title="Заң үстемдігі", kind=COLLECTION_PAPER, creators=(Creator("Бекова", "Б. Б.", EDITOR),),
        container="Құқық және мемлекет", publisher="Ғылым", year=2012, first_page=3, last_page=9,
    )

    assert "In Б. Б. Бекова (Ed.), Құқық және мемлекет (pp. 3–9). Ғылым. " in apa(cite(record))


# BibTeX, read back by bibtexparser


def parse_bibtex(text):
    middleware = [LatexDecodingMiddleware(), SeparateCoAuthors()]
    library = bibtexparser.parse_string(text, append_middleware=middleware)
    assert not library.failed_blocks
    return library.entries


def test_bibtex_reads_back_with_cyrillic_names_and_title_intact():
    (entry,) = parse_bibtex(bibtex([cite(ABSTRACT_RECORD)], "kk"))

    assert entry.entry_type == "phdthesis"
    assert entry.key == "sadykova-2008"
    assert entry["title"] == "Лауазымды тұлғалардың заңды жауапкершілігі"
    assert entry["author"] == ["Садықова, Әлия Қанатқызы"]
    assert entry["school"] == "Мемлекет және құқық институты"
    assert entry["type"].endswith("диссертацияның авторефераты")


def test_bibtex_gives_a_passage_its_own_key_page_and_paragraph():
    (entry,) = parse_bibtex(bibtex([cite(ARTICLE_RECORD, position=5, first_page=47, last_page=48)], "kk"))

    assert entry.key == "zhumabekov-2015-5"
    # the decoder reads "--" as the en dash it stands for
    assert (entry["journal"], entry["pages"], entry["note"]) == ("Заң журналы", "47–48", "§ 5")
    assert entry["url"] == "http://kb.test/passages/7/"
    assert entry["urldate"] == "2025-03-07"


def test_bibtex_escapes_tex_special_characters_so_the_entry_still_parses():
    record = Record(key="s", title="Құқық & мемлекет: 100% {жаңа}_нұсқа #1 ~ ^ \\")

    (entry,) = parse_bibtex(bibtex([cite(record)], "en"))

    assert entry["title"].startswith("Құқық & мемлекет: 100% {жаңа}_нұсқа #1 ~ ")


def test_bibtex_lists_every_citation_of_a_list():
    entries = parse_bibtex(bibtex([cite(ARTICLE_RECORD, position=n) for n in (1, 2, 3)], "ru"))

    assert [e.key for e in entries] == ["zhumabekov-2015-1", "zhumabekov-2015-2", "zhumabekov-2015-3"]


def test_bibtex_leaves_unknown_fields_out():
    text = bibtex([cite(TITLE_ONLY)], "kk")

    assert "author" not in text and "year" not in text and "None" not in text


# RIS, read back by rispy


def test_ris_reads_back_with_cyrillic_intact():
    (entry,) = rispy.loads(ris([cite(ARTICLE_RECORD, position=5, first_page=47)], "kk"))

    assert entry["type_of_reference"] == "JOUR"
    assert entry["authors"] == ["Жұмабеков, Ерлан Серікұлы"]
    assert entry["title"] == "Мемлекеттің заңды жауапкершілігі"
    assert entry["secondary_title"] == "Заң журналы"
    assert (entry["year"], entry["volume"], entry["number"], entry["start_page"]) == ("2015", "4", "2", "47")
    assert entry["notes"] == ["§ 5"]
    assert entry["access_date"] == "2025/03/07"


def test_ris_gives_a_thesis_its_type_of_work_and_institution():
    (entry,) = rispy.loads(ris([cite(ABSTRACT_RECORD)], "ru"))

    assert entry["type_of_reference"] == "THES"
    assert entry["type_of_work"] == "автореф. дис. … канд. юрид. наук"
    assert entry["publisher"] == "Мемлекет және құқық институты"


def test_ris_lines_end_with_cr_lf_and_values_stay_on_one_line():
    record = Record(key="n", title="Бірінші жол\nекінші жол")

    text = ris([cite(record)], "kk")

    assert "TI  - Бірінші жол екінші жол\r\n" in text
    assert "\n" not in text.replace("\r\n", "")


def test_ris_reads_back_a_list_of_citations():
    assert len(rispy.loads(ris([cite(ARTICLE_RECORD), cite(ABSTRACT_RECORD), cite(TITLE_ONLY)], "en"))) == 3


# CSL-JSON, checked against the CSL schema's rules

NAME = {
    "type": "object",
    "properties": {"family": {"type": "string"}, "given": {"type": "string"}, "literal": {"type": "string"}},
    "additionalProperties": False,
}
DATE = {
    "type": "object",
    "properties": {
        "date-parts": {
            "type": "array",
            "items": {"type": "array", "items": {"type": ["string", "number"]}, "minItems": 1, "maxItems": 3},
            "minItems": 1,
            "maxItems": 2,
        }
    },
    "additionalProperties": False,
}
STRING_OR_NUMBER = {"type": ["string", "number"]}
# The rules of the CSL input schema (citation-style-language/schema, csl-data.json) for the
# variables legalkb writes: required id and type, names, dates, and string or number variables.
CSL_SCHEMA = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["type", "id"],
        "additionalProperties": False,
        "properties": {
            "id": STRING_OR_NUMBER,
            "type": {"enum": ["article-journal", "book", "chapter", "document", "thesis"]},
            "author": {"type": "array", "items": NAME},
            "editor": {"type": "array", "items": NAME},
            "issued": DATE,
            "accessed": DATE,
            "volume": STRING_OR_NUMBER,
            "issue": STRING_OR_NUMBER,
            "page": STRING_OR_NUMBER,
            **{
                name: {"type": "string"}
                for name in ["title", "container-title", "publisher", "publisher-place", "genre",
                             "language", "URL", "DOI", "ISBN", "ISSN", "note"]
            },
        },
    },
}


@pytest.mark.parametrize("record", RECORDS, ids=["article", "abstract", "bare"])
def test_csl_json_follows_the_csl_schema(record):
    items = json.loads(csl_json([cite(record, position=2, first_page=46)], "ru"))

    jsonschema.validate(items, CSL_SCHEMA)


def test_csl_json_keeps_cyrillic_and_gives_the_year_as_date_parts():
    (item,) = json.loads(csl_json([cite(ABSTRACT_RECORD)], "kk"))

    assert item["type"] == "thesis"
    assert item["author"] == [{"family": "Садықова", "given": "Әлия Қанатқызы"}]
    assert item["issued"] == {"date-parts": [[2008]]}
    assert item["accessed"] == {"date-parts": [[2025, 3, 7]]}
    assert item["genre"].endswith("диссертацияның авторефераты")


# Highwire Press meta tags


def test_highwire_tags_name_every_author_the_journal_and_the_passage_pages():
    record = Record(
        key="h", title="T", kind=ARTICLE, language="ru", year=2015, container="Заң журналы",
        creators=(Creator("Ахметов", "А."), Creator("Бекова", "Б."), Creator("Сейітов", "С.", EDITOR)),
    )

    tags = highwire_tags(cite(record, position=5, first_page=47, last_page=48))

    assert tags == [
        ("citation_title", "T"),
        ("citation_author", "Ахметов, А."),
        ("citation_author", "Бекова, Б."),
        ("citation_publication_date", "2015"),
        ("citation_journal_title", "Заң журналы"),
        ("citation_firstpage", "47"),
        ("citation_lastpage", "48"),
        ("citation_language", "ru"),
    ]


def test_highwire_tags_give_a_dissertations_institution():
    assert ("citation_dissertation_institution", "Мемлекет және құқық институты") in highwire_tags(
        cite(ABSTRACT_RECORD)
    )


@pytest.mark.parametrize(
    "url, tag",
    [("https://j.test/a/1.pdf", "citation_pdf_url"), ("https://j.test/a/1", "citation_abstract_html_url")],
)
def test_highwire_tags_give_a_pdf_or_an_abstract_page(url, tag):
    assert (tag, url) in highwire_tags(cite(Record(key="p", title="T", url=url)))


def test_highwire_tags_leave_out_what_is_unknown():
    assert highwire_tags(cite(TITLE_ONLY)) == [("citation_title", TITLE_ONLY.title)]


def test_highwire_tags_give_the_pdf_this_site_serves_beside_the_sources_own_page():
    cited = replace(cite(Record(key="p", title="T", url="https://j.test/a/1")), pdf_url="https://kb.test/f")
    assert ("citation_pdf_url", "https://kb.test/f") in highwire_tags(cited)
    assert ("citation_abstract_html_url", "https://j.test/a/1") in highwire_tags(cited)
