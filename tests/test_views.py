"""The public site through Django's test client, on the session corpus."""

import csv
import io
import json
import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote

import bibtexparser
import pytest
import rispy
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.translation import override as translation_override
from hand_documents import document, file_bytes, footnote, heading, paragraph, table
from page_html import page

from legalkb.documents.document import FrontMatter
from legalkb.ingest import found_record, replace_file, save_document
from legalkb.models import (
    READER_PAGE_SIZE,
    Annotation,
    Creator,
    Passage,
    Principle,
    PrincipleLink,
    Reform,
    Source,
)
from legalkb.search import SearchRequest, outbox, search_passages
from legalkb.text.collate import sort_key

pytestmark = pytest.mark.django_db


def search(client, **params):
    return client.get("/search/", params)


def test_home_shows_the_search_box_principles_with_counts_and_sources(client, corpus):
    html = client.get("/").content.decode()

    assert 'action="/search/"' in html and 'name="q"' in html
    link = r'href="/principles/legal-responsibility/">[^<]+</a>\s*<span[^>]*>27</span>'  # 27 passages name it
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


def test_principle_page_charts_the_entries_named_in_the_same_passages(client, corpus):
    named = client.get("/principles/legal-responsibility/").context["discussed_with"]

    assert [(entry.slug, count) for _kind, entry, count in named] == [
        ("legality", 4),
        ("positive-responsibility", 3),
        ("administrative-reform", 3),
        ("rule-of-law", 2),
        ("constitutional-reform", 2),
        ("mutual-responsibility-of-state-and-citizen", 2),
        ("retrospective-responsibility", 2),
        ("priority-of-human-rights", 1),
        ("individualisation-of-responsibility", 1),
        ("inevitability-of-responsibility", 1),
    ]


def test_reform_page_counts_the_passages_it_shares_with_each_principle(client, corpus):
    named = client.get("/reforms/constitution-of-kazakhstan/").context["discussed_with"]

    assert [(entry.slug, count) for _kind, entry, count in named if isinstance(entry, Principle)] == [
        ("priority-of-human-rights", 1),
        ("rule-of-law", 1),
        ("legal-responsibility", 1),
        ("mutual-responsibility-of-state-and-citizen", 1),
    ]


def test_entry_page_charts_are_svg_with_a_title_and_a_table(client, corpus):
    Source.objects.filter(pk=corpus.abstract.pk).update(year=2009)
    Source.objects.filter(pk=corpus.article.pk).update(year=2012)

    html = client.get("/principles/legal-responsibility/").content.decode()

    assert html.count('<svg xmlns="http://www.w3.org/2000/svg" class="chart"') == 2
    assert '<title id="years-title">' in html and 'aria-labelledby="years-title"' in html
    assert [f"<tr><td>{year}</td>" in html for year in range(2009, 2013)] == [True] * 4
    assert "<script" not in html.split('class="chart"', 1)[1].split("</svg>", 1)[0]


def test_entry_page_says_how_many_passages_have_no_year(client, corpus):
    response = client.get("/principles/legal-responsibility/", headers={"accept-language": "en"})

    assert response.context["year_bars"] == []
    assert "27 passages are in sources without a year." in response.content.decode()


def test_author_pages_list_and_show_authors(client, corpus):
    assert "Мироненко М. Б." in client.get("/authors/").content.decode()
    assert "Мироненко М. Б." in client.get("/authors/mironenko-m-b/").content.decode()


def test_entry_lists_are_in_kazakh_alphabetical_order(client, corpus):
    authors = [e.label for e in client.get("/authors/").context["entries"]]
    assert authors.index("Мәсімов К. Қ.") < authors.index("Мироненко М. Б.")
    with translation_override("kk"):
        reforms = [e.label for e in client.get("/reforms/").context["entries"]]
    assert reforms == sorted(reforms, key=sort_key) and reforms[-1] != "Әкімшілік реформа"


def test_the_admin_lists_entries_in_kazakh_alphabetical_order(admin_client, corpus):
    response = admin_client.get("/admin/legalkb/author/")
    names = [a.full_name for a in response.context["cl"].result_list]
    assert names == sorted(names, key=sort_key)


def test_the_search_help_explains_the_query_language_and_the_search_box_links_to_it(client, corpus):
    assert 'href="/search/help/"' in client.get("/search/").content.decode()
    help_page = client.get("/search/help/", headers={"accept-language": "en"}).content.decode()
    assert all(example in help_page for example in ("OR", "NOT", "~3", "author:", "year:", "*"))


def test_a_related_form_is_shown_as_such_under_its_passage(client, corpus):
    html = search(client, q="заңдылық", page_size=100).content.decode()
    assert 'class="related-count' in html and 'class="related-forms' in html and 'class="related"' in html


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
    heading = Passage.objects.filter(source=corpus.article, kind=Passage.Kind.HEADING).first()

    html = client.get(corpus.article.get_absolute_url()).content.decode()

    assert re.search(rf'id="p{heading.position}"[^>]*>\s*<h2[^>]*>{re.escape(heading.text)}</h2>', html)


def test_source_reader_badges_link_to_the_entry(client, corpus):
    html = client.get(corpus.article.get_absolute_url()).content.decode()

    unreviewed = page(html).find_all("a", "badge-unreviewed")
    assert "/principles/legal-responsibility/" in [badge.href for badge in unreviewed]


def test_passage_page_shows_text_source_position_and_neighbours(client, corpus):
    passage = corpus.article.passages.get(position=5)

    html = client.get(passage.get_absolute_url()).content.decode()

    assert passage.text in html
    assert f'href="{corpus.article.get_absolute_url()}?page=1#p5">{corpus.article.title}</a>' in html
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
        f"{corpus.article.title}. – § 5. – URL: http://testserver/passages/{passage.pk}/ "
        f"(қаралған күні: {today})."
    ) in html
    assert re.search(r'<textarea id="citation-gost"[^>]*readonly', html)


@pytest.mark.parametrize(
    "language, label", [("kk", "қаралған күні"), ("ru", "дата обращения"), ("en", "accessed")]
)
def test_the_citations_access_label_follows_the_interface_language(client, corpus, language, label):
    client.cookies["django_language"] = language

    gost = client.get(corpus.article.passages.get(position=5).get_absolute_url()).context["gost"]

    assert f"({label}: " in gost


def test_passage_page_offers_apa_copy_buttons_and_reference_manager_files(client, corpus):
    passage = corpus.article.passages.get(position=5)

    html = client.get(passage.get_absolute_url()).content.decode()

    assert re.search(r'<textarea id="citation-apa"[^>]*readonly>[^<]+\(n\.d\.\)', html)
    assert 'data-copy="citation-gost"' in html and 'data-copy="citation-apa"' in html
    for file_format in ("bib", "ris", "json"):
        assert f'href="/passages/{passage.pk}/cite.{file_format}"' in html


def describe(source, **fields):
    """Give a source a bibliographic record: fields, and creators as (family, given, role)."""
    creators = fields.pop("creators", [])
    Source.objects.filter(pk=source.pk).update(**fields)
    for position, (family, given, role) in enumerate(creators, start=1):
        Creator.objects.create(
            source=source, position=position, family_name=family, given_names=given, role=role
        )
    return Source.objects.get(pk=source.pk)


ARTICLE_RECORD = {
    "year": 2015,
    "container": "Заң журналы",
    "volume": "4",
    "issue": "2",
    "first_page": 45,
    "last_page": 52,
    "creators": [
        ("Жұмабеков", "Ерлан", "author"),
        ("Әлиева", "Д. С.", "author"),
        ("Сейітов", "С.", "editor"),
    ],
}


def test_passage_citation_gives_the_author_year_journal_and_page(client, corpus):
    describe(corpus.article, **ARTICLE_RECORD)
    passage = corpus.article.passages.get(position=5)
    Passage.objects.filter(pk=passage.pk).update(page_start=47)

    gost = client.get(passage.get_absolute_url(), headers={"accept-language": "ru"}).context["gost"]

    assert gost.startswith(
        f"Жұмабеков, Е. {corpus.article.title} / Е. Жұмабеков, Д. С. Әлиева ; редактор С. Сейітов // "
        "Заң журналы. – 2015. – Т. 4, № 2. – С. 47. – § 5. – URL: "
    )


class MetaTags(HTMLParser):
    """The (name, content) of every <meta name=…> in a page."""

    def __init__(self, html):
        super().__init__()
        self.tags = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and "name" in attrs:
            self.tags.append((attrs["name"], attrs.get("content")))


def citation_tags(client, url):
    return [(n, c) for n, c in MetaTags(client.get(url).content.decode()).tags if n.startswith("citation_")]


def test_passage_page_carries_highwire_meta_tags_for_zotero(client, corpus):
    source = describe(corpus.article, **ARTICLE_RECORD)
    passage = corpus.article.passages.get(position=5)
    Passage.objects.filter(pk=passage.pk).update(page_start=47, page_end=48)

    tags = citation_tags(client, passage.get_absolute_url())

    assert tags == [
        ("citation_title", source.title),
        ("citation_author", "Жұмабеков, Ерлан"),
        ("citation_author", "Әлиева, Д. С."),
        ("citation_publication_date", "2015"),
        ("citation_journal_title", "Заң журналы"),
        ("citation_volume", "4"),
        ("citation_issue", "2"),
        ("citation_firstpage", "47"),
        ("citation_lastpage", "48"),
        ("citation_language", "kk"),
    ]


def test_source_page_carries_meta_tags_with_a_dissertations_institution_and_pdf(client, corpus):
    source = describe(
        corpus.abstract,
        publisher="Мемлекет және құқық институты",
        url="https://repository.test/abstract.pdf",
        creators=[("Садықова", "Ә. Қ.", "author"), ("Сапарғалиев", "Ғ. С.", "supervisor")],
    )

    tags = citation_tags(client, source.get_absolute_url())

    assert ("citation_dissertation_institution", "Мемлекет және құқық институты") in tags
    assert ("citation_pdf_url", "https://repository.test/abstract.pdf") in tags
    assert [c for n, c in tags if n == "citation_author"] == ["Садықова, Ә. Қ."]


def test_source_page_names_its_creators_with_their_roles(client, corpus):
    creators = [("Садықова", "Ә. Қ.", "author"), ("Сапарғалиев", "Ғ.", "supervisor")]
    source = describe(corpus.abstract, creators=creators)

    html = client.get(source.get_absolute_url(), headers={"accept-language": "en"}).content.decode()

    assert "Садықова Ә. Қ." in html
    assert "Сапарғалиев Ғ. (supervisor)" in " ".join(page(html).text.split())


def test_source_page_offers_gost_and_apa_citations_of_the_whole_source(client, corpus):
    response = client.get(corpus.abstract.get_absolute_url(), headers={"accept-language": "ru"})

    assert response.context["gost"].startswith(f"{corpus.abstract.title} : автореферат диссертации. – URL: ")
    assert response.context["apa"].startswith(f"{corpus.abstract.title} [Dissertation abstract]. (n.d.). ")
    assert f'href="/sources/{corpus.abstract.slug}/cite.ris"' in response.content.decode()


def test_passage_cite_files_parse_with_cyrillic_intact(client, corpus):
    describe(corpus.article, **ARTICLE_RECORD)
    passage = corpus.article.passages.get(position=5)
    url = passage.get_absolute_url()

    bib = client.get(url + "cite.bib")
    ris = client.get(url + "cite.ris")
    csl = client.get(url + "cite.json")

    (entry,) = bibtexparser.parse_string(bib.content.decode()).entries
    assert (entry.key, entry["title"]) == (f"{corpus.article.slug}-5", corpus.article.title)
    assert rispy.loads(ris.content.decode())[0]["authors"] == ["Жұмабеков, Ерлан", "Әлиева, Д. С."]
    assert json.loads(csl.content)[0]["container-title"] == "Заң журналы"


def test_line_breaks_and_control_characters_typed_into_a_record_never_reach_cite_files(client, corpus):
    Source.objects.filter(pk=corpus.article.pk).update(container="Заң\r\nжурналы\x00", city="Алматы\x1b")
    url = corpus.article.get_absolute_url()

    bib = client.get(url + "cite.bib").content.decode()
    ris = client.get(url + "cite.ris").content.decode()
    csl = json.loads(client.get(url + "cite.json").content)

    assert bibtexparser.parse_string(bib).entries[0]["journal"] == "Заң журналы"
    assert rispy.loads(ris)[0]["secondary_title"] == "Заң журналы" and "\x1b" not in ris
    assert (csl[0]["container-title"], csl[0]["publisher-place"]) == ("Заң журналы", "Алматы")


@pytest.mark.parametrize(
    "file_format, content_type",
    [
        ("bib", "application/x-bibtex; charset=utf-8"),
        ("ris", "application/x-research-info-systems; charset=utf-8"),
        ("json", "application/vnd.citationstyles.csl+json; charset=utf-8"),
    ],
)
def test_cite_files_are_downloads_named_after_the_source(client, corpus, file_format, content_type):
    passage = corpus.article.passages.get(position=5)

    for response, name in [
        (client.get(f"{passage.get_absolute_url()}cite.{file_format}"), f"{corpus.article.slug}-5"),
        (client.get(f"{corpus.article.get_absolute_url()}cite.{file_format}"), corpus.article.slug),
    ]:
        assert response["Content-Type"] == content_type
        assert response["Content-Disposition"] == f'attachment; filename="{name}.{file_format}"'


@pytest.mark.parametrize(
    "url", ["/passages/999999/cite.bib", "/sources/nope/cite.ris", "/passages/1/cite.xml"]
)
def test_unknown_cite_files_are_404(client, corpus, url):
    assert client.get(url).status_code == 404


def test_passage_page_shows_the_raw_text_in_a_details_element(client, corpus):
    passage = corpus.abstract.passages.get(position=3)

    html = client.get(passage.get_absolute_url()).content.decode()

    details = html[html.index("<details") : html.index("</details>")]
    assert passage.raw_text.split()[0] in details


def test_passage_page_marks_the_span_of_a_public_annotation_escaped(client, corpus):
    passage = corpus.article.passages.get(position=5)
    Passage.objects.filter(pk=passage.pk).update(text="Бірінші <сөз> және екінші")
    annotation = Annotation.objects.create(
        passage=passage,
        note="Маңызды ескерту",
        quote="<сөз>",
        quote_start=8,
        quote_end=13,
        visibility=Annotation.Visibility.PUBLIC,
    )

    html = client.get(passage.get_absolute_url()).content.decode()

    marked = f'<mark class="annotation" data-annotations="{annotation.pk}">&lt;сөз&gt;</mark>'
    assert f"Бірінші {marked} және екінші" in html
    assert "Маңызды ескерту" in html


def test_passage_page_reads_its_annotations_once_to_list_and_mark_them(client, corpus):
    passage = corpus.article.passages.get(position=5)
    Annotation.objects.create(passage=passage, note="Ескерту", visibility=Annotation.Visibility.PUBLIC)

    with CaptureQueriesContext(connection) as captured:
        assert "Ескерту" in client.get(passage.get_absolute_url()).content.decode()

    assert sum('FROM "legalkb_annotation"' in query["sql"] for query in captured) == 1


def test_passage_page_hides_internal_annotations(client, corpus):
    passage = corpus.article.passages.get(position=5)
    Annotation.objects.create(passage=passage, note="Ішкі жазба", quote_start=0, quote_end=3)

    html = client.get(passage.get_absolute_url()).content.decode()

    assert "Ішкі жазба" not in html and '<mark class="annotation"' not in html


def test_a_public_reply_to_an_internal_note_is_not_shown_with_its_span(client, corpus):
    passage = corpus.article.passages.get(position=5)
    note = Annotation.objects.create(passage=passage, note="Ішкі сұрақ")
    public = Annotation.Visibility.PUBLIC
    reply = Annotation.objects.create(
        passage=passage, parent=note, note="Жария жауап", quote_start=0, quote_end=3, visibility=public
    )
    Annotation.objects.create(passage=passage, parent=reply, note="Жауапқа жауап", visibility=public)

    html = client.get(passage.get_absolute_url()).content.decode()

    assert "Жария жауап" not in html and "Жауапқа жауап" not in html
    assert '<mark class="annotation"' not in html


def test_a_public_reply_to_a_public_note_is_shown(client, corpus):
    passage = corpus.article.passages.get(position=5)
    public = Annotation.Visibility.PUBLIC
    note = Annotation.objects.create(passage=passage, note="Жария сұрақ", visibility=public)
    Annotation.objects.create(passage=passage, parent=note, note="Жария жауап", visibility=public)

    html = client.get(passage.get_absolute_url()).content.decode()

    assert "Жария сұрақ" in html and "Жария жауап" in html


def unreviewed_link():
    return PrincipleLink.objects.filter(origin="auto", status="proposed").select_related("principle").first()


def screen_reader_notes(badge):
    """The texts of a badge that only screen readers read (its kind, and whether it was reviewed)."""
    return [note.text for note in badge.find_all("span", "sr-only")]


def test_an_unreviewed_automatic_link_is_marked_for_eyes_and_screen_readers(client, corpus):
    link = unreviewed_link()

    html = client.get(link.passage.get_absolute_url()).content.decode()

    url = link.principle.get_absolute_url()
    (badge,) = [badge for badge in page(html).find_all("a", "badge-principle") if badge.href == url]
    assert "badge-unreviewed" in badge.classes
    assert any(note.startswith(" (") for note in screen_reader_notes(badge))  # "(not yet reviewed)"


def test_a_confirmed_link_is_not_marked(client, corpus, editor):
    link = unreviewed_link()
    PrincipleLink.objects.filter(pk=link.pk).update(status="confirmed")

    html = client.get(link.passage.get_absolute_url()).content.decode()

    url = link.principle.get_absolute_url()
    (badge,) = [badge for badge in page(html).find_all("a", "badge-principle") if badge.href == url]
    assert "badge-unreviewed" not in badge.classes
    assert not any(note.startswith(" (") for note in screen_reader_notes(badge))


def test_unreviewed_links_are_hidden_from_pages_and_counts_when_the_setting_says_so(client, corpus, settings):
    link = unreviewed_link()
    settings.SHOW_UNREVIEWED_LINKS = False

    passage_page = client.get(link.passage.get_absolute_url()).content.decode()
    entry_page = client.get(link.principle.get_absolute_url())

    assert link.principle.get_absolute_url() not in passage_page
    assert entry_page.context["passages"] == []
    assert link.principle.links.active().count() == 0


def test_hidden_unreviewed_links_leave_the_facets_after_a_rebuild(own_index, settings):
    link = unreviewed_link()
    PrincipleLink.objects.filter(pk=link.pk).update(status="confirmed")
    settings.SHOW_UNREVIEWED_LINKS = False

    call_command("rebuild_index", interactive=False, verbosity=0)

    facets = search_passages(SearchRequest()).facets["principle"]
    assert [(f.value, f.count) for f in facets] == [(link.principle.slug, 1)]


def test_unknown_passage_is_404(client, corpus):
    assert client.get("/passages/999999/").status_code == 404


def test_search_shows_the_count_and_marked_snippets(client, corpus):
    response = search(client, q="жауапкершілігі")

    html = response.content.decode()
    assert f"{response.context['response'].count} үзінді табылды" in html
    snippets = page(html).find_all("p", "result-snippet")
    assert snippets and all(snippet.find_all("mark") for snippet in snippets)


def test_search_facets_are_checkboxes_with_counts_inside_the_form(client, corpus):
    html = search(client, q="жауапкершілігі").content.decode()

    start = html.index('<form id="search-form"')
    form = html[start : html.index("</form>", start)]
    checkbox = r'<input[^>]*type="checkbox"[^>]*name="principle"\s+value="legal-responsibility"[^>]*>'
    label = r'\s*<label[^>]*>\s*<span>[^<]+</span> <span class="facet-count">\d+'
    assert re.search(checkbox + label, form)


def test_search_filter_shows_a_chip_that_links_to_the_search_without_it(client, corpus):
    html = search(client, q="жауапкершілігі", principle=["legality", "legal-responsibility"]).content.decode()

    without_legality = f"/search/?q={quote('жауапкершілігі')}&principle=legal-responsibility"
    assert without_legality in [chip.href for chip in page(html).find_all("a", "chip")]


def test_search_filter_narrows_the_results(client, corpus):
    everything = search(client, q="жауапкершілігі").context["response"].count
    narrowed = search(client, q="жауапкершілігі", principle="legality").context["response"].count

    assert 0 < narrowed < everything


def test_search_sorts_in_source_order(client, corpus):
    hits = search(client, q="жауапкершілігі", sort="source").context["response"].hits

    keys = [(h.passage.source_id, h.passage.position) for h in hits]
    assert keys == sorted(keys)


def test_search_pagination_keeps_the_query_filters_and_sort(client, corpus):
    html = search(client, q="құқық", sort="source", page_size=5, language="kk").content.decode()

    page_2 = f"/search/?q={quote('құқық')}&sort=source&page_size=5&language=kk&page=2"
    assert page_2 in [link.href for link in page(html).find_all("a", "page-link")]


def test_search_says_a_misspelt_word_was_searched_as_its_known_forms_and_links_to_the_exact_search(
    client, corpus
):
    html = unescape(search(client, q="жауапкершлигі").content.decode())

    assert "«жауапкершлигі» білім қорында жоқ; мына түрлері ізделді: жауапкершілік, жауапкершілігі" in html
    assert f'<a href="/search/?q={quote("жауапкершлигі")}&exact=1">' in html


def test_an_exact_search_for_a_misspelt_word_suggests_a_spelling_and_links_to_it(client, corpus):
    response = search(client, q="жауапкершлигі", exact="1")

    suggestion = response.context["response"].suggestion
    assert suggestion.startswith("жауапкершіл")
    link = f'<a href="/search/?q={quote(suggestion)}&amp;exact=1">{suggestion}</a>'
    assert link in response.content.decode()


def test_search_shows_the_forms_each_word_was_found_in_and_what_else_was_searched(client, corpus):
    html = search(client, q="жауапкершілік принцип законности").content.decode()

    assert "«жауапкершілік»:" in html and "жауапкершілігінің" in html
    assert "Заңдылық қағидаты" in html


def test_search_without_results_explains_what_to_try(client, corpus):
    html = search(client, q="zzzqqqxxx", principle="legality").content.decode()

    assert "Бұл іздеу бойынша үзінді табылмады." in html
    assert 'href="/search/?q=zzzqqqxxx"' in html


@pytest.mark.parametrize("params", [{"page": "x"}, {"page": "0"}, {"sort": "oldest"}, {"page_size": "1000"}])
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


def csv_rows(response):
    text = response.content.decode()
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:])))


def test_csv_export_has_a_row_per_matching_passage(client, corpus):
    expected = search(client, q="жауапкершілігі").context["response"].total

    response = client.get("/search/export.csv", {"q": "жауапкершілігі"}, headers={"accept-language": "en"})

    rows = csv_rows(response)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert list(rows[0]) == [
        "ID",
        "Address",
        "Source",
        "Citation",
        "Page",
        "Passage",
        "Language",
        "Text",
        "Match",
        "Related forms",
        "Notes to the text",
        "Principles",
        "Authors",
        "Reforms",
    ]
    assert len(rows) == expected
    assert rows[0]["Address"] == f"http://testserver/passages/{rows[0]['ID']}/"


def test_csv_export_gives_titles_citations_pages_and_labels_in_the_interface_language(client, corpus):
    passage = corpus.article.passages.get(text__contains="кінәлілік презумпциясы")
    Passage.objects.filter(pk=passage.pk).update(page_start=12, page_end=13)
    client.cookies["django_language"] = "ru"

    rows = csv_rows(client.get("/search/export.csv", {"q": "кінәлілік презумпциясы"}))

    row = next(r for r in rows if r["ID"] == str(passage.pk))
    assert row["Источник"] == corpus.article.title
    assert row["Страница"] == "12–13"
    citation = row["Библиографическая ссылка"]
    assert citation.startswith(f"{corpus.article.title}. – С. 12–13. – § {passage.position}. – URL:")
    assert "(дата обращения: " in citation
    assert Principle.objects.get(slug="presumption-of-guilt").name_ru in row["Принципы"].split("; ")
    assert row["Язык"] == "Казахский"


def test_json_export_keeps_filters_and_lists_taxonomy_slugs(client, corpus):
    response = client.get("/search/export.json", {"q": "жауапкершілігі", "principle": "legality"})

    results = json.loads(response.content)["results"]
    assert results
    assert all("legality" in r["principles"] for r in results)


def test_json_export_gives_the_source_slug_title_and_the_passages_citation(client, corpus):
    response = client.get("/search/export.json", {"q": "кінәлілік презумпциясы"})

    results = json.loads(response.content)["results"]

    hit = next(r for r in results if r["source"] == corpus.article.slug)
    assert hit["source_title"] == corpus.article.title
    assert hit["citation"].startswith(f"{corpus.article.title}. – § {hit['position']}. – URL: {hit['url']} (")
    assert (hit["page_start"], hit["page_end"]) == (None, None)


def test_csv_export_says_which_group_each_hit_is_in_and_its_related_forms(client, corpus):
    response = client.get("/search/export.csv", {"q": "заңдылық"}, headers={"accept-language": "en"})

    rows = csv_rows(response)
    groups = [row["Match"] for row in rows]
    assert groups[0] == "Holds every word" and groups[-1] == "Holds a related form"
    assert groups == sorted(groups, key=["Holds every word", "Holds a related form"].index)
    assert all(row["Related forms"] for row in rows if row["Match"] == "Holds a related form")
    assert not any(row["Related forms"] for row in rows if row["Match"] == "Holds every word")


def test_json_export_names_each_hits_group_as_the_api_does(client, corpus):
    exported = json.loads(client.get("/search/export.json", {"q": "заңдылық"}).content)["results"]
    api = json.loads(client.get("/api/search/", {"q": "заңдылық", "page_size": "100"}).content)["results"]

    fields = ("id", "holds_all_words", "match", "related_forms")
    assert [{f: r[f] for f in fields} for r in exported] == [{f: r[f] for f in fields} for r in api]
    assert {r["match"] for r in exported} == {"all_words", "related_forms"}


def test_export_collects_every_page(client, corpus):
    response = client.get("/search/export.json", {"page_size": "5"})

    assert json.loads(response.content)["count"] == 54  # every passage of the two sources


def test_export_rejects_bad_parameters_with_400(client, corpus):
    assert client.get("/search/export.csv", {"sort": "oldest"}).status_code == 400


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
    pages = [
        "/",
        "/search/?q=заң",
        "/principles/",
        "/principles/legality/",
        passage.get_absolute_url(),
        corpus.article.get_absolute_url(),
        "/no-such-page/",
    ]
    for url in pages:
        html = client.get(url).content.decode()
        assert re.findall(r'<script[^>]*src="([^"]+)"', html) == ["/static/js/legalkb.js"], url
    templates = Path(settings.BASE_DIR, "templates").rglob("*.html")
    sources = {src for t in templates for src in re.findall(r"<script[^>]*src=\"([^\"]+)", t.read_text())}
    assert not {s for s in sources if "jquery" in s.lower() or "bootstrap" in s.lower()}


def test_sources_on_the_home_page_show_their_passage_counts(client, corpus):
    html = client.get("/").content.decode()

    assert "40 үзінді" in html  # the article's passages


def test_csv_export_keeps_formula_like_text_as_text(client, corpus):
    passage = Passage.objects.get(text__contains="кінәлілік презумпциясы")
    Passage.objects.filter(pk=passage.pk).update(text='=HYPERLINK("http://x") кінәлілік презумпциясы')

    response = client.get("/search/export.csv", {"q": "кінәлілік презумпциясы"})

    rows = csv_rows(response)
    assert any(row["Мәтін"].startswith("'=HYPERLINK") for row in rows)
    assert not any(row["Мәтін"].startswith("=") for row in rows)


# The list of sources


def test_the_menu_links_to_the_sources(client, corpus):
    menu = page(client.get("/").content.decode()).find_all("a", "nav-link")
    assert "/sources/" in [link.href for link in menu]


def test_source_list_shows_each_source_with_its_citation_kind_year_and_passage_count(client, corpus):
    describe(corpus.article, year=2015)

    response = client.get("/sources/", headers={"accept-language": "en"})

    html = response.content.decode()
    for source, passages in ((corpus.abstract, 14), (corpus.article, 40)):
        assert f'href="{source.get_absolute_url()}"' in html
        assert f"{passages} passages" in html
    assert "Article, 2015" in html and "Dissertation abstract ·" in html
    gost = [s.gost for s in response.context["sources"]]
    page = f"http://testserver{corpus.article.get_absolute_url()}"
    assert f"{corpus.article.title}. – 2015. – URL: {page} (" in gost[1]


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"kind": "abstract"}, ["abstract"]),
        ({"year": "2015"}, ["article"]),
        ({"language": "ru"}, []),
        ({"language": "kk", "kind": "article"}, ["article"]),
        ({"sort": "year"}, ["article", "abstract"]),
        ({"sort": "title"}, ["abstract", "article"]),
    ],
)
def test_source_list_filters_and_sorts(client, corpus, params, expected):
    describe(corpus.article, year=2015)

    sources = client.get("/sources/", params).context["sources"]

    assert [s.kind for s in sources] == expected


@pytest.mark.parametrize(
    "params, field",
    [
        ({"kind": "poem"}, "Kind"),
        ({"year": "next"}, "Year"),
        ({"year": "0"}, "Year"),
        ({"language": "de"}, "Language"),
        ({"sort": "random"}, "Sort"),
    ],
)
def test_source_list_answers_bad_parameters_with_400_and_a_message(client, corpus, params, field):
    response = client.get("/sources/", params, headers={"accept-language": "en"})

    assert response.status_code == 400
    divs = page(response.content.decode()).find_all("div")
    (alert,) = [div for div in divs if div.attrs.get("role") == "alert"]
    assert alert.text.startswith(f"{field}: ")


def test_source_list_shows_one_page_of_sources_and_links_to_the_next(client, corpus, monkeypatch):
    monkeypatch.setattr("legalkb.views.LIST_PAGE_SIZE", 1)

    first = client.get("/sources/", headers={"accept-language": "en"})
    second = client.get("/sources/", {"page": "2"})

    assert [s.kind for s in first.context["sources"]] == ["abstract"]
    assert [s.kind for s in second.context["sources"]] == ["article"]
    assert "2 sources" in first.content.decode()
    links = page(first.content.decode()).find_all("a", "page-link")
    assert "/sources/?page=2" in [link.href for link in links]


@pytest.mark.parametrize("url", ["/sources/", "/principles/rule-of-law/"])
@pytest.mark.parametrize("number", ["3", "0", "last", "9" * 30])
def test_a_list_page_out_of_range_says_which_pages_there_are(client, corpus, url, number):
    response = client.get(url, {"page": number}, headers={"accept-language": "en"})

    assert response.status_code == 404
    divs = page(response.content.decode()).find_all("div")
    (alert,) = [div for div in divs if div.attrs.get("role") == "alert"]
    assert alert.text.strip() == f"There is no page «{number[:20]}» of this list: it fills pages 1 to 1."


@pytest.mark.parametrize("year", ["٢٠١٥", "２０１５", "+2015", "1" * 23])
def test_source_list_takes_a_year_in_ascii_digits_within_its_range(client, corpus, year):
    response = client.get("/sources/", {"year": year}, headers={"accept-language": "en"})

    assert response.status_code == 400
    assert "Year: Enter a year from 1 to 9999 in the digits 0–9." in response.content.decode()


def test_source_list_never_loads_the_sources_raw_text(client, corpus):
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/sources/").status_code == 200

    source_queries = [q["sql"] for q in queries.captured_queries if "legalkb_source" in q["sql"]]
    assert source_queries
    assert not any("raw_text" in sql for sql in source_queries)


# Entry pages


def test_entry_page_shows_the_passage_around_the_mention_with_the_name_marked(client, corpus):
    passage = corpus.abstract.passages.get(position=11)
    mention = "заң үстемдігі қағидасының"  # an inflected form of the entry's name
    assert passage.text.index(mention) > 300

    response = client.get("/principles/rule-of-law/")

    snippet = next(p.snippet for p in response.context["passages"] if p.pk == passage.pk)
    assert snippet.startswith("…")
    assert f"<mark>{mention}</mark>" in snippet
    shown = page(response.content.decode()).find_all("span", "entry-snippet")
    assert mention in [mark.text for snippet in shown for mark in snippet.find_all("mark")]


def test_entry_page_shows_one_page_of_passages_and_counts_them_all(client, corpus, monkeypatch):
    monkeypatch.setattr("legalkb.views.LIST_PAGE_SIZE", 1)

    response = client.get("/principles/rule-of-law/", {"page": "2"}, headers={"accept-language": "en"})

    assert response.context["passages"] == [corpus.abstract.passages.get(position=13)]  # after § 11
    assert "4 passages" in response.content.decode()


@pytest.mark.parametrize("extension", ["bib", "ris"])
def test_a_whole_search_downloads_for_reference_managers(client, corpus, extension):
    response = client.get(f"/search/export.{extension}", {"q": "кінәлілік жауапкершілік"})
    hits = search(client, q="кінәлілік жауапкершілік", page_size=100).context["response"].total
    body = response.content.decode()
    if extension == "bib":
        entries = bibtexparser.parse_string(body).entries
        titles = {entry.fields_dict["title"].value for entry in entries}
    else:
        entries = rispy.loads(body)
        titles = {entry["title"] for entry in entries}
    assert response["Content-Disposition"] == f'attachment; filename="legalkb-search.{extension}"'
    assert len(entries) == hits > 1
    assert "Мемлекеттің заңды жауапкершілігі" in " ".join(titles)


def test_the_search_page_offers_a_year_range_and_refuses_a_reversed_one(client, corpus):
    html = search(client, q="заң", year_from="2000").content.decode()
    assert 'name="year_from"' in html and 'value="2000"' in html

    refused = search(client, q="заң", year_from="2020", year_to="2010")
    assert refused.status_code == 400


def test_the_acts_page_lists_the_cited_acts_by_kind_with_counts(client, corpus):
    html = client.get("/acts/", headers={"accept-language": "en"}).content.decode()

    link = r'href="/acts/constitution/">Constitution of the Republic of Kazakhstan</a>\s*<span[^>]*>'
    assert re.search(rf"{link}2<", html)  # cited in two passages
    assert html.index(">Constitution</h2>") < html.index(">Presidential address</h2>")
    assert 'href="/acts/address-2007/">Presidential address of 2007</a>' in html


def test_the_acts_page_shows_one_page_of_acts_and_links_to_the_next(client, corpus, monkeypatch):
    monkeypatch.setattr("legalkb.views.LIST_PAGE_SIZE", 1)

    first = page(client.get("/acts/", headers={"accept-language": "en"}).content.decode())
    second = page(client.get("/acts/", {"page": "2"}, headers={"accept-language": "en"}).content.decode())

    assert [h2.text for h2 in first.find_all("h2")] == ["Constitution"]
    assert [h2.text for h2 in second.find_all("h2")] == ["Presidential address"]
    assert "/acts/?page=2" in [link.href for link in first.find_all("a", "page-link")]


def test_the_acts_page_out_of_range_says_which_pages_there_are(client, corpus):
    response = client.get("/acts/", {"page": "2"}, headers={"accept-language": "en"})

    assert response.status_code == 404
    divs = page(response.content.decode()).find_all("div")
    (alert,) = [div for div in divs if div.attrs.get("role") == "alert"]
    assert alert.text.strip() == "There is no page «2» of this list: it fills pages 1 to 1."


def test_an_act_page_groups_the_citing_passages_by_article_with_the_official_text(client, corpus):
    response = client.get("/acts/constitution/", headers={"accept-language": "en"})

    assert [article for article, _cited in response.context["articles"]] == ["", "1"]
    html = response.content.decode()
    assert html.index("The act as a whole") < html.index("Article 1")
    assert 'href="https://adilet.zan.kz/rus/docs/K950001000_"' in html
    assert "<mark>ҚР Конституциясының 1-бабында</mark>" in html


def cite_article_1(passage):
    """Make a passage cite article 1 of the Constitution too (a save cites it again)."""
    passage.text = f"{passage.text} ҚР Конституциясының 1-бабында"
    passage.save()


def cited_rows(html):
    """[(heading, [link text, …]), …] of an act page's list of citing passages."""
    section = page(html).find_all("section")[0]
    headings = [h3.text.strip() for h3 in section.find_all("h3")]
    lists = [[a.text.strip() for a in ul.find_all("a")] for ul in section.find_all("ul", "passage-list")]
    return list(zip(headings, lists, strict=True))


def test_an_act_page_shows_one_page_of_citations_in_article_order(client, corpus, monkeypatch):
    monkeypatch.setattr("legalkb.views.LIST_PAGE_SIZE", 2)
    cite_article_1(corpus.abstract.passages.get(position=5))

    response = client.get("/acts/constitution/", headers={"accept-language": "en"})

    assert cited_rows(response.content.decode()) == [
        ("The act as a whole", ["Мемлекеттің заңды жауапкершілігі § 7"]),
        ("Article 1", [f"{corpus.abstract.title} § 5"]),
    ]
    assert "Cited in 3 passages" in response.content.decode()
    links = page(response.content.decode()).find_all("a", "page-link")
    assert "/acts/constitution/?page=2" in [link.href for link in links]


def test_an_act_page_heads_again_an_article_continued_from_the_page_before(client, corpus, monkeypatch):
    monkeypatch.setattr("legalkb.views.LIST_PAGE_SIZE", 2)
    cite_article_1(corpus.abstract.passages.get(position=5))

    response = client.get("/acts/constitution/", {"page": "2"}, headers={"accept-language": "en"})

    assert cited_rows(response.content.decode()) == [("Article 1", ["Мемлекеттің заңды жауапкершілігі § 9"])]


@pytest.mark.parametrize("number", ["3", "0", "last"])
def test_an_act_page_out_of_range_says_which_pages_there_are(client, corpus, monkeypatch, number):
    monkeypatch.setattr("legalkb.views.LIST_PAGE_SIZE", 1)

    response = client.get("/acts/constitution/", {"page": number}, headers={"accept-language": "en"})

    assert response.status_code == 404
    divs = page(response.content.decode()).find_all("div")
    (alert,) = [div for div in divs if div.attrs.get("role") == "alert"]
    assert alert.text.strip() == f"There is no page «{number}» of this list: it fills pages 1 to 2."


def test_an_act_page_links_the_official_text_in_kazakh_for_kazakh_readers(client, corpus):
    html = client.get("/acts/constitution/", headers={"accept-language": "kk"}).content.decode()

    assert 'href="https://adilet.zan.kz/kaz/docs/K950001000_"' in html


def test_an_act_cited_only_in_withdrawn_passages_has_no_page(client, corpus):
    Passage.objects.filter(act_citations__act__slug="address-2007").update(withdrawn=True)

    assert client.get("/acts/address-2007/").status_code == 404
    assert "address-2007" not in client.get("/acts/").content.decode()


def test_the_passage_page_links_each_citation_to_its_act(client, corpus):
    passage = Passage.objects.get(act_citations__article="1")

    html = client.get(passage.get_absolute_url()).content.decode()

    assert '<a class="cited-act" href="/acts/constitution/">ҚР Конституциясының 1-бабында</a>' in html


def test_the_passage_page_lists_related_passages_and_why(client, corpus):
    passage = Passage.objects.get(text__contains="Конституциясының 1-бабында")

    response = client.get(passage.get_absolute_url(), headers={"accept-language": "en"})

    related = response.context["related"]
    html = response.content.decode()
    assert related and f'href="{related[0].passage.get_absolute_url()}"' in html
    assert "Related passages" in html and ("Both name:" in html or "Shared words:" in html)


def test_the_passage_page_works_while_the_index_cannot_answer(client, corpus, private_index):
    passage = Passage.objects.get(text__contains="Конституциясының 1-бабында")

    response = client.get(passage.get_absolute_url(), headers={"accept-language": "en"})

    assert response.status_code == 200
    assert "Related passages cannot be found right now" in response.content.decode()


def test_the_passage_page_lists_the_acts_it_cites_with_their_articles(client, corpus):
    passage = Passage.objects.get(text__contains="Конституциясының 1-бабында")

    html = client.get(passage.get_absolute_url(), headers={"accept-language": "en"}).content.decode()

    assert '<a href="/acts/constitution/">Constitution of the Republic of Kazakhstan</a>: article 1' in html


# Reading a source: outline, pages of passages, notes at their places, printed pages, the file


def reading(*parts, title="Оқылатын мақала", **fields):
    """A source made of the parts, as an import saves it."""
    doc = document(*parts, **fields)
    return save_document(doc, file_bytes(doc), "reading.pdf", found_record(doc, title=title))


def long_source(count):
    paragraphs = (paragraph(f"Абзац нөмірі {n} заңдылық туралы.") for n in range(1, count + 1))
    return reading(*paragraphs, title=f"{count} абзац")


def positions(html):
    return [int(p) for p in re.findall(r'<section id="p(\d+)"', html)]


def test_the_outline_lists_the_headings_each_linking_to_its_page_and_place(client):
    source = reading(
        heading("1-тарау"), *(paragraph(f"Абзац {n}.") for n in range(60)), heading("2-тарау", level=2)
    )
    html = client.get(source.get_absolute_url()).content.decode()
    assert (
        f'<li class="outline-level-2" lang="kk"><a href="{source.get_absolute_url()}?page=1#p1">1-тарау</a>'
        in html
    )
    assert (
        f'<li class="outline-level-3" lang="kk"><a href="{source.get_absolute_url()}?page=2#p62">2-тарау</a>'
        in html
    )


def test_a_long_source_is_read_page_by_page(client):
    source = long_source(READER_PAGE_SIZE * 2 + 5)
    first = client.get(source.get_absolute_url()).content.decode()
    last = client.get(source.get_absolute_url(), {"page": 3}).content.decode()
    assert positions(first) == list(range(1, READER_PAGE_SIZE + 1))
    assert positions(last) == list(range(2 * READER_PAGE_SIZE + 1, 2 * READER_PAGE_SIZE + 6))
    assert f"{READER_PAGE_SIZE * 2 + 5} үзінді" in first


def test_a_page_of_a_source_reads_as_many_queries_for_many_passages_as_for_few(client):
    few, many = long_source(3), long_source(READER_PAGE_SIZE)
    with CaptureQueriesContext(connection) as for_few:
        client.get(few.get_absolute_url())
    with CaptureQueriesContext(connection) as for_many:
        client.get(many.get_absolute_url())
    assert len(for_many) == len(for_few)


@pytest.mark.parametrize("page", ["4", "0", "екінші"])
def test_a_page_out_of_range_is_not_found_with_the_pages_there_are(client, page):
    source = long_source(READER_PAGE_SIZE + 1)
    response = client.get(source.get_absolute_url(), {"page": page})
    assert response.status_code == 404
    assert f"Бұл дереккөздің «{page}» беті жоқ: оның үзінділері 1-ден 2-ге дейінгі беттерде." in unescape(
        response.content.decode()
    )


def test_a_footnote_stands_at_its_mark_and_links_both_ways(client):
    note = footnote("1", "Назарбаев Н.Ә. Жолдау. – Астана, 2007.", offset=8)
    source = reading(paragraph("Заңдылық қағидаты бекітілген.", notes=(note,)))
    passage = source.passages.get()
    html = client.get(source.get_absolute_url()).content.decode()
    anchor = f"note-{passage.pk}-1"
    assert (
        f'Заңдылық<sup class="note-mark"><a id="{anchor}-ref" href="#{anchor}">1</a></sup> қағидаты' in html
    )
    assert f'<li id="{anchor}" lang="kk"><a class="note-back" href="#{anchor}-ref"' in html
    assert "Назарбаев Н.Ә. Жолдау. – Астана, 2007." in html


def test_the_printed_page_stands_in_the_margin_where_a_new_one_begins(client):
    source = reading(
        paragraph("Бірінші абзац.", page_start=1, page_end=1, label_start="112", label_end="112"),
        paragraph("Сол беттегі абзац.", page_start=1, page_end=2, label_start="112", label_end="113"),
        paragraph("Келесі беттегі абзац.", page_start=2, page_end=2, label_start="113", label_end="113"),
        paragraph("Үшінші бет.", page_start=3, page_end=3, label_start="114", label_end="114"),
    )
    html = client.get(source.get_absolute_url()).content.decode()
    assert re.findall(r'<span class="reader-page"[^>]*>([^<]*)</span>', html) == ["112", "112–113", "114"]


def test_a_table_is_shown_as_a_table(client):
    source = reading(table(("Түрі", "Негізі"), ("Ретроспективті", "құқық бұзушылық")))
    html = client.get(source.get_absolute_url()).content.decode()
    assert (
        "<tr><td>Түрі</td><td>Негізі</td></tr><tr><td>Ретроспективті</td><td>құқық бұзушылық</td></tr>"
        in html
    )


def test_the_source_page_searches_this_source(client):
    source = reading(paragraph("Мәтін."))
    html = client.get(source.get_absolute_url()).content.decode()
    assert f'<input type="hidden" name="source" value="{source.slug}">' in html
    assert 'action="/search/"' in html


def test_the_abstract_and_keywords_are_shown(client):
    front = FrontMatter(
        abstracts={"ru": "В статье рассматривается."}, keywords={"kk": ["заңдылық", "жауапкершілік"]}
    )
    html = client.get(reading(paragraph("Мәтін."), front=front).get_absolute_url()).content.decode()
    assert '<p lang="ru">В статье рассматривается.</p>' in html
    assert (
        '<a href="/search/?q=%D0%B7%D0%B0%D2%A3%D0%B4%D1%8B%D0%BB%D1%8B%D2%9B" lang="kk">заңдылық</a>' in html
    )


def test_the_original_file_is_downloaded_where_an_editor_made_it_public(client):
    source = reading(paragraph("Түпнұсқа."))
    assert "/file" not in client.get(source.get_absolute_url()).content.decode()
    assert client.get(f"{source.get_absolute_url()}file").status_code == 404
    Source.objects.filter(pk=source.pk).update(original_public=True)
    assert f'href="{source.get_absolute_url()}file"' in client.get(source.get_absolute_url()).content.decode()
    download = client.get(f"{source.get_absolute_url()}file")
    assert b"".join(download.streaming_content) == "Түпнұсқа.".encode()
    assert download["Content-Disposition"] == 'attachment; filename="reading.pdf"'


def test_editors_download_a_file_that_is_not_public(editor_client):
    source = reading(paragraph("Түпнұсқа."))

    download = editor_client.get(f"{source.get_absolute_url()}file")

    assert b"".join(download.streaming_content) == "Түпнұсқа.".encode()


def test_a_withdrawn_sources_file_is_not_downloaded(client):
    source = reading(paragraph("Түпнұсқа."))
    Source.objects.filter(pk=source.pk).update(original_public=True, withdrawn=True)
    assert client.get(f"{source.get_absolute_url()}file").status_code == 404


def test_a_passage_page_shows_its_section_path_and_its_notes(client):
    note = footnote("2", "Сілтеме.", offset=5)
    source = reading(
        heading("1-тарау"), heading("1.1 Бөлім", level=2), paragraph("Мәтін осында.", notes=(note,))
    )
    passage = source.passages.get(position=3)
    html = client.get(passage.get_absolute_url()).content.decode()
    path = re.findall(r'<li class="breadcrumb-item section-path"[^>]*><a href="([^"]*)">([^<]*)</a>', html)
    assert path == [
        (f"{source.get_absolute_url()}?page=1#p1", "1-тарау"),
        (f"{source.get_absolute_url()}?page=1#p2", "1.1 Бөлім"),
    ]
    assert f'<sup class="note-mark"><a id="note-{passage.pk}-1-ref"' in html and "Сілтеме." in html


def test_a_passage_cites_its_printed_page(client):
    source = reading(paragraph("Мәтін.", page_start=2, page_end=2, label_start="113", label_end="113"))
    html = client.get(source.passages.get().get_absolute_url()).content.decode()
    assert "Б. 113." in html
    assert '<meta name="citation_firstpage" content="113">' in html


def test_a_passage_a_corrected_file_left_out_answers_gone_with_a_link_to_its_source(client):
    source = reading(paragraph("Қалатын абзац."), paragraph("Кететін абзац мүлде басқа."))
    gone = source.passages.get(position=2)
    doc = document(paragraph("Қалатын абзац."))
    replace_file(source, doc, file_bytes(doc), "fixed.pdf", found_record(doc, replaces=source))
    response = client.get(gone.get_absolute_url())
    assert response.status_code == 410
    assert f'<a href="{source.get_absolute_url()}" lang="kk">Оқылатын мақала</a>' in response.content.decode()


def test_a_passage_that_never_was_is_not_found(client):
    assert client.get("/passages/987654/").status_code == 404


@pytest.fixture
def noted(own_index):
    """A source whose passage has a footnote, imported and indexed (as the worker does)."""
    note = footnote("1", "Палеография туралы еңбек. – Алматы, 2001.", offset=8)
    noted = paragraph("Заңдылық қағидаты бекітілген.", notes=(note,), page_start=1, label_start="45")
    source = reading(noted, title="Сілтемелі мақала")
    outbox.drain()
    return source


def test_a_word_of_a_footnote_finds_its_passage(noted):
    hits = search_passages(SearchRequest(q="палеография")).hits
    assert [hit.passage.source for hit in hits] == [noted]


def test_exports_give_a_passages_notes_and_printed_page(client, noted):
    hit = json.loads(client.get("/search/export.json", {"q": "палеография"}).content)["results"][0]
    assert hit["notes"] == [
        {"mark": "1", "kind": "footnote", "offset": 8, "text": "Палеография туралы еңбек. – Алматы, 2001."}
    ]
    assert hit["pages"] == "45"
    row = csv_rows(client.get("/search/export.csv", {"q": "палеография"}, headers={"accept-language": "en"}))[
        0
    ]
    assert (row["Notes to the text"], row["Page"]) == ("1 Палеография туралы еңбек. – Алматы, 2001.", "45")


def test_a_public_pdf_is_named_for_reference_managers_to_save(client):
    source = reading(paragraph("Түпнұсқа."))
    assert "citation_pdf_url" not in client.get(source.get_absolute_url()).content.decode()
    Source.objects.filter(pk=source.pk).update(original_public=True)
    html = client.get(source.get_absolute_url()).content.decode()
    assert (
        f'<meta name="citation_pdf_url" content="http://testserver{source.get_absolute_url()}file">' in html
    )


def test_a_hit_found_by_its_footnote_shows_the_footnotes_words_marked(client, noted):
    html = search(client, q="палеография").content.decode()
    assert '<span class="snippet-note"><sup>1</sup> <mark>Палеография</mark> туралы еңбек.' in html


@pytest.mark.parametrize("suffix", ["", "cite.bib"])
def test_an_id_past_any_number_the_database_holds_is_not_found(client, corpus, suffix):
    assert client.get(f"/passages/{'9' * 23}/{suffix}").status_code == 404
