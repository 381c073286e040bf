"""The public site through Django's test client, on the session corpus."""

import csv
import io
import json
import re
from html import unescape
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from legalkb.models import Annotation, Passage, Principle, Reform, Source

pytestmark = pytest.mark.django_db


def search(client, **params):
    return client.get("/search/", params)


def test_home_shows_the_search_box_principles_with_counts_and_sources(client, corpus):
    principle = Principle.objects.get(slug="legal-responsibility")
    count = principle.links.active().count()

    html = client.get("/").content.decode()

    assert 'action="/search/"' in html and 'name="q"' in html
    link = rf'href="/principles/legal-responsibility/">[^<]+</a>\s*<span[^>]*>{count}</span>'
    assert re.search(link, html)
    assert f'href="{corpus.article.get_absolute_url()}"' in html


def test_principle_list_nests_children_under_their_parent(client, corpus):
    html = client.get("/principles/").content.decode()

    parent = html.index('href="/principles/legal-responsibility/"')
    child = html.index('href="/principles/positive-responsibility/"')
    assert parent < child < html.index("</ul>", parent)


def test_principle_page_shows_its_names_in_three_languages(client, corpus):
    html = client.get("/principles/legal-responsibility/").content.decode()

    assert "Заңдық жауапкершілік" in html
    assert "Юридическая ответственность" in html
    assert "Legal responsibility (liability)" in html


def test_principle_page_groups_passages_by_source_in_source_order(client, corpus):
    response = client.get("/principles/legal-responsibility/")

    passages = list(response.context["passages"])
    order = [(p.source_id, p.position) for p in passages]
    assert order == sorted(order)
    html = response.content.decode()
    assert html.index(corpus.abstract.title) < html.index(corpus.article.title)
    assert f'href="{passages[0].get_absolute_url()}"' in html


def test_principle_page_lists_principles_that_share_passages(client, corpus):
    related = client.get("/principles/legal-responsibility/").context["related"]

    shared = Passage.objects.filter(principlelink__principle__slug="legal-responsibility")
    expected = Principle.objects.filter(links__passage__in=shared).exclude(slug="legal-responsibility")
    assert {p.slug for p in related} == {p.slug for p in expected}
    assert related


def test_reform_page_lists_principles_discussed_in_its_passages(client, corpus):
    related = client.get("/reforms/constitution-of-kazakhstan/").context["related"]

    passages = Passage.objects.filter(reformlink__reform__slug="constitution-of-kazakhstan")
    expected = Principle.objects.filter(links__passage__in=passages).distinct()
    assert {p.slug for p in related} == {p.slug for p in expected}
    assert related


def test_author_pages_list_and_show_authors(client, corpus):
    assert "Мироненко М. Б." in client.get("/authors/").content.decode()
    assert "Мироненко М. Б." in client.get("/authors/mironenko-m-b/").content.decode()


def test_reform_page_shows_its_year_and_kind(client, corpus):
    reform = Reform.objects.get(slug="constitution-of-kazakhstan")

    html = client.get(reform.get_absolute_url(), headers={"accept-language": "en"}).content.decode()

    assert "1995" in html
    assert "<dd>Law</dd>" in html


@pytest.mark.parametrize("url", ["/principles/nope/", "/authors/nope/", "/reforms/nope/", "/sources/nope/"])
def test_unknown_slugs_are_404(client, corpus, url):
    assert client.get(url).status_code == 404


def test_404_page_is_in_the_site_design(client, corpus):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert "Бет табылмады" in response.content.decode()
    assert "legalkb.css" in response.content.decode()


def test_500_page_renders_without_a_request():
    html = render_to_string("500.html")

    assert "/static/css/legalkb.css" in html
    assert "Сервер қатесі" in html


def test_source_reader_anchors_every_passage_by_its_position(client, corpus):
    html = client.get(corpus.article.get_absolute_url()).content.decode()

    positions = list(corpus.article.passages.values_list("position", flat=True))
    assert [int(p) for p in re.findall(r'id="p(\d+)"', html)] == positions


def test_source_reader_renders_headings_as_headings(client, corpus):
    heading = Passage.objects.filter(source=corpus.article, is_heading=True).first()

    html = client.get(corpus.article.get_absolute_url()).content.decode()

    assert re.search(rf'id="p{heading.position}"[^>]*>\s*<h2[^>]*>{re.escape(heading.text)}</h2>', html)


def test_source_reader_badges_link_to_the_entry(client, corpus):
    html = client.get(corpus.article.get_absolute_url()).content.decode()

    assert 'class="badge badge-principle" href="/principles/legal-responsibility/"' in html


def test_passage_page_shows_text_source_position_and_neighbours(client, corpus):
    passage = corpus.article.passages.get(position=5)

    html = client.get(passage.get_absolute_url()).content.decode()

    assert passage.text in html
    assert f'href="{corpus.article.get_absolute_url()}#p5">{corpus.article.title}</a>' in html
    assert f'rel="prev" href="{corpus.article.passages.get(position=4).get_absolute_url()}"' in html
    assert f'rel="next" href="{corpus.article.passages.get(position=6).get_absolute_url()}"' in html


def test_first_passage_has_no_previous_link(client, corpus):
    html = client.get(corpus.article.passages.get(position=1).get_absolute_url()).content.decode()

    assert 'rel="prev"' not in html and 'rel="next"' in html


def test_passage_page_offers_a_gost_citation_with_the_absolute_permalink(client, corpus):
    passage = corpus.article.passages.get(position=5)

    html = client.get(passage.get_absolute_url()).content.decode()

    today = timezone.localdate().strftime("%d.%m.%Y")
    assert (
        f"«{corpus.article.title}» // legalkb. — § 5. — URL: http://testserver/passages/{passage.pk}/ "
        f"(дата обращения: {today})."
    ) in html
    assert re.search(r'<textarea id="citation"[^>]*readonly', html)


def test_passage_page_shows_the_raw_text_in_a_details_element(client, corpus):
    passage = corpus.abstract.passages.get(position=3)

    html = client.get(passage.get_absolute_url()).content.decode()

    details = html[html.index("<details") : html.index("</details>")]
    assert passage.raw_text.split()[0] in details


def test_passage_page_marks_the_span_of_a_public_annotation_escaped(client, corpus):
    passage = corpus.article.passages.get(position=5)
    Passage.objects.filter(pk=passage.pk).update(text="Бірінші <сөз> және екінші")
    annotation = Annotation.objects.create(
        passage=passage, note="Маңызды ескерту", quote="<сөз>", quote_start=8, quote_end=13,
        visibility=Annotation.Visibility.PUBLIC,
    )

    html = client.get(passage.get_absolute_url()).content.decode()

    marked = f'<mark class="annotation" data-annotations="{annotation.pk}">&lt;сөз&gt;</mark>'
    assert f"Бірінші {marked} және екінші" in html
    assert "Маңызды ескерту" in html


def test_passage_page_hides_internal_annotations(client, corpus):
    passage = corpus.article.passages.get(position=5)
    Annotation.objects.create(passage=passage, note="Ішкі жазба", quote_start=0, quote_end=3)

    html = client.get(passage.get_absolute_url()).content.decode()

    assert "Ішкі жазба" not in html and "<mark" not in html


def test_unknown_passage_is_404(client, corpus):
    assert client.get("/passages/999999/").status_code == 404


def test_search_shows_the_count_and_marked_snippets(client, corpus):
    response = search(client, q="жауапкершілігі")

    html = response.content.decode()
    assert f"{response.context['response'].count} үзінді табылды" in html
    assert '<p class="result-snippet mb-1">' in html and "<mark>" in html


def test_search_facets_are_checkboxes_with_counts_inside_the_form(client, corpus):
    html = search(client, q="жауапкершілігі").content.decode()

    start = html.index('<form id="search-form"')
    form = html[start : html.index("</form>", start)]
    checkbox = r'<input[^>]*type="checkbox"[^>]*name="principle"\s+value="legal-responsibility"[^>]*>'
    label = r'\s*<label[^>]*>\s*<span>[^<]+</span> <span class="facet-count">\d+'
    assert re.search(checkbox + label, form)


def test_search_filter_shows_a_chip_that_links_to_the_search_without_it(client, corpus):
    html = search(client, q="жауапкершілігі", principle=["legality", "legal-responsibility"]).content.decode()

    without_legality = f"/search/?q={quote('жауапкершілігі')}&amp;principle=legal-responsibility"
    assert f'class="chip" href="{without_legality}"' in html


def test_search_filter_narrows_the_results(client, corpus):
    everything = search(client, q="жауапкершілігі").context["response"].count
    narrowed = search(client, q="жауапкершілігі", principle="legality").context["response"].count

    assert 0 < narrowed < everything


def test_search_sorts_in_source_order(client, corpus):
    hits = search(client, q="жауапкершілігі", sort="source").context["response"].hits

    keys = [(h.passage.source_id, h.passage.position) for h in hits]
    assert keys == sorted(keys)


def test_search_pagination_keeps_the_query_filters_and_sort(client, corpus):
    html = unescape(search(client, q="құқық", sort="source", page_size=5, language="kk").content.decode())

    page_2 = f"/search/?q={quote('құқық')}&sort=source&page_size=5&language=kk&page=2"
    assert f'class="page-link" href="{page_2}"' in html


def test_search_suggests_a_spelling_and_links_to_it(client, corpus):
    response = search(client, q="жауапкершлигі")

    suggestion = response.context["response"].suggestion
    assert suggestion
    assert f'<a href="/search/?q={quote(suggestion)}">{suggestion}</a>' in response.content.decode()


def test_search_without_results_explains_what_to_try(client, corpus):
    html = search(client, q="zzzqqqxxx", principle="legality").content.decode()

    assert "Бұл іздеу бойынша үзінді табылмады." in html
    assert 'href="/search/?q=zzzqqqxxx"' in html


@pytest.mark.parametrize("params", [{"page": "x"}, {"page": "0"}, {"sort": "newest"}, {"page_size": "1000"}])
def test_search_rejects_bad_parameters_with_400(client, corpus, params):
    response = search(client, **params)

    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()


def test_search_page_past_the_end_is_404(client, corpus):
    assert search(client, q="жауапкершілігі", page=999).status_code == 404


def test_search_is_503_when_the_index_is_unavailable(client, corpus, private_index):
    response = search(client, q="жауапкершілігі")

    assert response.status_code == 503
    assert "Іздеу қолжетімсіз" in response.content.decode()


def test_search_page_links_to_exports_with_the_same_parameters(client, corpus):
    html = search(client, q="заң", principle="legality", page=1).content.decode()

    params = f"?q={quote('заң')}&amp;principle=legality"
    assert f'href="/search/export.csv{params}"' in html
    assert f'href="/search/export.json{params}"' in html


def test_csv_export_has_a_row_per_matching_passage(client, corpus):
    expected = search(client, q="жауапкершілігі").context["response"].count

    response = client.get("/search/export.csv", {"q": "жауапкершілігі"})

    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert list(rows[0]) == [
        "id", "url", "source", "position", "language", "text", "principles", "authors", "reforms"
    ]
    assert len(rows) == expected
    assert rows[0]["url"] == f"http://testserver/passages/{rows[0]['id']}/"


def test_json_export_keeps_filters_and_lists_taxonomy_slugs(client, corpus):
    response = client.get("/search/export.json", {"q": "жауапкершілігі", "principle": "legality"})

    results = json.loads(response.content)["results"]
    assert results
    assert all("legality" in r["principles"] for r in results)


def test_export_collects_every_page(client, corpus):
    response = client.get("/search/export.json", {"page_size": "5"})

    assert json.loads(response.content)["count"] == Passage.objects.count()


def test_export_rejects_bad_parameters_with_400(client, corpus):
    assert client.get("/search/export.csv", {"sort": "newest"}).status_code == 400


def test_interface_follows_the_chosen_language(client, corpus):
    client.cookies["django_language"] = "ru"

    html = client.get("/").content.decode()

    assert '<html lang="ru">' in html
    assert "Принципы" in html


def test_taxonomy_names_follow_the_interface_language_with_kazakh_fallback(client, corpus):
    client.cookies["django_language"] = "ru"

    html = client.get("/principles/").content.decode()

    assert "Юридическая ответственность" in html


def test_language_switcher_posts_to_set_language(client, corpus):
    html = client.get("/").content.decode()

    assert re.search(r'<form[^>]*action="/i18n/setlang/" method="post"', html)
    assert 'name="next" type="hidden" value="/"' in html


def test_pages_load_bootstrap_from_our_static_files(client, corpus):
    html = client.get("/").content.decode()

    assert 'href="/static/bootstrap/css/bootstrap.min.css"' in html
    assert "cdn" not in html.lower()


def test_pages_load_only_the_site_script(client, corpus):
    """No page ships a script it does not use: Bootstrap's bundle and jQuery are gone, and
    every template's scripts are the site's own files."""
    passage = corpus.article.passages.first()
    pages = ["/", "/search/?q=заң", "/principles/", "/principles/legality/", passage.get_absolute_url(),
             corpus.article.get_absolute_url(), "/no-such-page/"]
    for url in pages:
        html = client.get(url).content.decode()
        assert re.findall(r'<script[^>]*src="([^"]+)"', html) == ["/static/js/legalkb.js"], url
    templates = Path(settings.BASE_DIR, "templates").rglob("*.html")
    sources = {src for t in templates for src in re.findall(r"<script[^>]*src=\"([^\"]+)", t.read_text())}
    assert not {s for s in sources if "jquery" in s.lower() or "bootstrap" in s.lower()}


def test_sources_on_the_home_page_show_their_passage_counts(client, corpus):
    html = client.get("/").content.decode()

    count = Source.objects.get(pk=corpus.article.pk).passages.count()
    assert f"{count} үзінді" in html


def test_csv_export_keeps_formula_like_text_as_text(client, corpus):
    passage = Passage.objects.get(text__contains="кінәлілік презумпциясы")
    Passage.objects.filter(pk=passage.pk).update(text="=HYPERLINK(\"http://x\") кінәлілік презумпциясы")

    response = client.get("/search/export.csv", {"q": "кінәлілік презумпциясы"})

    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert any(row["text"].startswith("'=HYPERLINK") for row in rows)
    assert not any(row["text"].startswith("=") for row in rows)
