"""A reader on a source's page in Chromium against the live server, with a realistic journal
article imported (bench.documents' kk-article.pdf: printed on pages 112 and on, with footnotes,
tables, an abstract and keywords): the table of contents, a footnote and back, the printed page
in the margin, the search box of this source, printing, and downloading the original file."""

import pytest
from django.core.management import call_command

from legalkb.models import Source
from legalkb.search import outbox

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

ARTICLE = "kk-article.pdf"


@pytest.fixture
def article(site, samples):  # noqa: F811
    """The sample article, imported with its file public and indexed (as the worker does)."""
    call_command("import_source", str(samples / ARTICLE), "--public")
    outbox.drain()
    return Source.objects.get(file_name=ARTICLE)


def test_a_reader_follows_the_contents_and_a_footnote_and_back(open_page, article):  # noqa: F811
    page = open_page()
    page.goto(article.get_absolute_url())
    heading = article.outline()[0]
    page.click(f".source-outline >> text={heading.text}")
    assert page.url.endswith(f"#p{heading.position}")
    assert page.locator(f"#p{heading.position} h2").inner_text() == heading.text

    mark = page.locator(".note-mark a").first
    note_id = mark.get_attribute("href")
    mark.click()
    assert page.url.endswith(note_id)
    assert page.locator(f"{note_id}:target").is_visible()
    page.click(f"{note_id} .note-back")
    assert page.url.endswith(f"{note_id}-ref")


def test_the_printed_page_stands_in_the_margin(open_page, article):  # noqa: F811
    page = open_page()
    page.goto(article.get_absolute_url())
    first = page.locator("#p1 .reader-page")
    assert first.inner_text() == "112"
    passage_box, page_box = page.locator("#p1 p").first.bounding_box(), first.bounding_box()
    assert page_box["x"] + page_box["width"] <= passage_box["x"]  # beside the text, not in it


def test_the_search_box_searches_this_source_only(open_page, article):  # noqa: F811
    page = open_page()
    page.goto(article.get_absolute_url())
    page.fill("#source-q", "жауапкершілік")
    page.click(".source-search button")
    assert f"source={article.slug}" in page.url
    titles = page.locator(".result h3 a").all_inner_texts()
    assert titles and all(title.startswith(f"{article.title} §") for title in titles)


def test_a_printed_source_is_its_text_with_page_numbers_and_no_navigation(open_page, article):  # noqa: F811
    page = open_page()
    page.goto(article.get_absolute_url())
    page.emulate_media(media="print")
    assert not page.locator("header nav").is_visible()
    assert not page.locator(".source-tools").is_visible()
    assert not page.locator(".reader-meta").first.is_visible()
    margin = page.locator("#p1 .reader-page")
    assert margin.is_visible() and margin.evaluate("e => getComputedStyle(e).position") == "static"
    assert page.locator("#p1").inner_text().startswith("112")


def test_the_original_file_downloads(open_page, article, samples):  # noqa: F811
    page = open_page(accept_downloads=True)
    page.goto(article.get_absolute_url())
    with page.expect_download() as download:
        page.click("a.original-file")
    assert download.value.suggested_filename == ARTICLE
    assert open(download.value.path(), "rb").read() == (samples / ARTICLE).read_bytes()
