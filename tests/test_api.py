import pytest
from django.utils import translation

from legalkb.models import Passage, PrincipleLink
from legalkb.search.rebuild import rebuild
from legalkb.text.query import MAX_QUERY_CHARS


def api(client, **params):
    """The API's answer, its messages in English (the catalogues' source language); the tests
    after keep the language they had."""
    with translation.override("en"):
        return client.get("/api/search/", params, HTTP_ACCEPT_LANGUAGE="en")


def test_the_response_has_the_documented_shape(corpus, client):
    body = api(client, q="кінәлілік презумпциясы", page_size=3).json()
    assert set(body) == {
        "query",
        "exact",
        "count",
        "related_count",
        "partial_count",
        "words",
        "page",
        "page_size",
        "num_pages",
        "suggestion",
        "notices",
        "results",
        "facets",
    }
    assert (body["query"], body["page"], body["page_size"]) == ("кінәлілік презумпциясы", 1, 3)
    hit = body["results"][0]
    assert set(hit) == {
        "id",
        "url",
        "source",
        "position",
        "language",
        "text",
        "highlighted",
        "holds_all_words",
        "match",
        "related_forms",
        "principles",
        "authors",
        "reforms",
        "acts",
    }
    assert hit["url"] == f"/passages/{hit['id']}/"
    assert "presumption-of-guilt" in hit["principles"]
    assert "<mark>" in hit["highlighted"]
    assert set(body["facets"]) == {"principle", "author", "reform", "act", "source", "year", "language"}
    assert {"value", "label", "count"} == set(body["facets"]["principle"][0])


def test_related_forms_follow_uncounted_and_say_what_they_hold(corpus, client):
    body = api(client, q="заңдылық", page_size=100).json()
    related = [hit for hit in body["results"] if hit["match"] == "related_forms"]
    assert len(related) == body["related_count"] > 0
    assert body["count"] + body["related_count"] == len(body["results"])
    assert all(not hit["holds_all_words"] and hit["related_forms"] for hit in related)
    assert [hit["match"] for hit in body["results"][: body["count"]]] == ["all_words"] * body["count"]


def test_the_query_language_is_the_same_in_the_api(corpus, client):
    body = api(client, q="author:Мироненко OR author:Сапарғалиев").json()
    assert body["count"] == 2 and body["words"][0]["kind"] == "group"
    assert api(client, q="(заң").json()["notices"]


def test_an_empty_query_lists_all_passages_with_facets(corpus, client):
    body = api(client, page_size=100).json()
    assert body["count"] == 54  # every passage of the two sources
    assert [(f["value"], f["count"]) for f in body["facets"]["language"]] == [("kk", 53), ("ru", 1)]


def test_filters_repeat_and_combine(corpus, client):
    body = api(client, principle=["legality", "rule-of-law"], language="kk", page_size=100).json()
    assert body["count"] > 0
    assert all({"legality", "rule-of-law"} & set(r["principles"]) for r in body["results"])


@pytest.mark.parametrize(
    "params, message",
    [
        ({"page": "two"}, "page must be a whole number from 1 to 10000, not «two»."),
        ({"page": "0"}, "page must be a whole number from 1 to 10000, not «0»."),
        ({"page": "٢"}, "page must be a whole number from 1 to 10000, not «٢»."),
        ({"page": "+2"}, "page must be a whole number from 1 to 10000, not «+2»."),
        ({"page_size": "0"}, "page_size must be a whole number from 1 to 100, not «0»."),
        ({"page_size": "101"}, "page_size must be a whole number from 1 to 100, not «101»."),
        ({"page_size": "１００"}, "page_size must be a whole number from 1 to 100, not «１００»."),
        ({"year_from": "1" * 23}, "year_from must be a whole number from 1 to 9999, not «" + "1" * 23 + "»."),
        ({"year_to": "0"}, "year_to must be a whole number from 1 to 9999, not «0»."),
        ({"sort": "date"}, "Unknown sort «date»: use one of relevance, source, newest."),
        ({"language": "en"}, "There is no language «en». Choose one of: kk, ru."),
        ({"year": "0"}, "There is no year «0»: there are none to choose from yet."),
    ],
)
def test_bad_parameters_answer_400_with_a_message_naming_the_valid_values(corpus, client, params, message):
    response = api(client, **params)
    assert response.status_code == 400
    assert response.json()["error"] == message


def test_a_query_past_its_length_is_searched_for_its_first_characters_and_says_so(corpus, client):
    body = api(client, q="жауапкершілік " + "ж" * MAX_QUERY_CHARS).json()

    assert body["count"] > 0
    assert f"Only the first {MAX_QUERY_CHARS} characters were searched." in body["notices"]


def test_a_request_django_refuses_is_answered_in_json(corpus, client):
    with translation.override("en"):
        response = client.get("/api/search/?" + "&".join(["language=kk"] * 1001), HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    assert (
        response.json()["error"]
        == "This request cannot be read: it has a malformed parameter or more than 1000."
    )


def test_a_page_past_the_end_answers_404(corpus, client):
    response = api(client, q="мемлекет", page=999)
    assert response.status_code == 404
    assert "past the last page" in response.json()["error"]


def test_markup_in_passages_and_queries_is_escaped(corpus, client, private_index):
    passage = Passage.objects.first()
    passage.text = "<script>alert('x')</script> заңдылық қағидаты"
    passage.save()
    rebuild()
    body = api(client, q="<script> заңдылық").json()
    highlighted = " ".join(r["highlighted"] for r in body["results"])
    assert "<script>" not in highlighted and "&lt;<mark>script</mark>&gt;" in highlighted


def test_a_missing_index_answers_503_telling_readers_to_come_back_and_operators_what_to_run(
    corpus, client, private_index, caplog
):
    response = api(client, q="заң")
    assert response.status_code == 503
    assert "try searching again later" in response.json()["error"]
    assert "rebuild_index" not in response.json()["error"]
    assert "rebuild_index" in caplog.text


def test_other_methods_are_refused(corpus, client):
    assert client.post("/api/search/", {"q": "заң"}).status_code == 405


@pytest.mark.parametrize("value", ["nonexistent", "a,b"])
def test_an_unknown_filter_value_answers_400_with_the_valid_choices(corpus, client, value):
    response = api(client, principle=value)
    assert response.status_code == 400
    body = response.json()
    assert f"There is no principle «{value}»" in body["error"]
    assert body["parameter"] == "principle"
    assert "legality" in body["choices"] and value not in body["choices"]


def test_an_unknown_api_address_answers_404_in_json(client):
    response = client.get("/api/nowhere/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404
    assert response.json() == {"error": "There is nothing at this address."}


def test_a_server_error_in_the_api_answers_500_in_json(corpus, client, monkeypatch):
    def fail(request):
        raise RuntimeError("a bug")

    monkeypatch.setattr("legalkb.api.search_passages", fail)
    client.raise_request_exception = False
    response = client.get("/api/search/", {"q": "заң"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 500
    assert "The server failed" in response.json()["error"]


def test_pages_keep_their_html_404(client, corpus):
    response = client.get("/principles/nowhere/")
    assert response.status_code == 404 and response["Content-Type"].startswith("text/html")


def test_a_passage_comes_with_its_source_citation_links_acts_and_related_passages(corpus, client):
    passage = Passage.objects.get(text__contains="Конституциясының 1-бабында")

    body = client.get(f"/api/passages/{passage.pk}/").json()

    assert (body["id"], body["url"], body["text"]) == (passage.pk, f"/passages/{passage.pk}/", passage.text)
    assert body["source"]["slug"] == passage.source.slug and body["position"] == passage.position
    assert "Мемлекеттің заңды жауапкершілігі" in body["citation"]["gost"]
    assert set(body["links"]) == {"principles", "authors", "reforms"}
    constitution = next(act for act in body["acts"] if act["slug"] == "constitution")
    assert constitution["articles"] == ["1"] and constitution["official_url"].endswith("K950001000_")
    assert 0 < len(body["related"]) <= 10
    related = body["related"][0]
    assert set(related) == {"id", "url", "source", "snippet", "why"}
    assert set(related["why"]) == {"entries", "words", "equivalents"}


def test_a_passage_link_says_whether_an_editor_reviewed_it(corpus, client):
    link = PrincipleLink.objects.filter(origin="auto", status="proposed").first()

    body = client.get(f"/api/passages/{link.passage_id}/").json()

    linked = next(p for p in body["links"]["principles"] if p["slug"] == link.principle.slug)
    assert linked == {
        "kind": "principle",
        "slug": link.principle.slug,
        "label": link.principle.label,
        "url": link.principle.get_absolute_url(),
        "reviewed": False,
    }


def test_an_unknown_passage_is_404_and_a_withdrawn_one_410_in_json(corpus, client):
    passage = Passage.objects.first()
    Passage.objects.filter(pk=passage.pk).update(withdrawn=True)

    assert client.get("/api/passages/999999/").status_code == 404
    response = client.get(f"/api/passages/{passage.pk}/")
    assert response.status_code == 410 and "error" in response.json()


def test_a_passage_is_read_only(corpus, client):
    response = client.post(f"/api/passages/{Passage.objects.first().pk}/")

    assert response.status_code == 405 and response["Allow"] == "GET, HEAD"
