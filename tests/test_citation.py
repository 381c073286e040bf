from datetime import date

from legalkb.citation import gost_citation


def test_citation_has_title_position_url_and_access_date():
    citation = gost_citation(
        "Мемлекеттің заңды жауапкершілігі", 12, "http://127.0.0.1:8000/passages/42/", date(2025, 3, 7)
    )

    assert citation == (
        "«Мемлекеттің заңды жауапкершілігі» // legalkb. — § 12. — "
        "URL: http://127.0.0.1:8000/passages/42/ (дата обращения: 07.03.2025)."
    )


def test_citation_gives_the_year_before_the_position_when_known():
    citation = gost_citation("Title", 3, "http://example.test/passages/1/", date(2025, 1, 1), year=2019)

    assert "// legalkb. — 2019. — § 3. — URL:" in citation


def test_citation_names_another_container():
    citation = gost_citation("Title", 3, "http://x.test/", date(2025, 1, 1), container="Заң журналы")

    assert citation.startswith("«Title» // Заң журналы. — § 3.")
