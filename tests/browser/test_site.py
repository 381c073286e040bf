"""Readers' pages in Debian's Chromium against pytest-django's live server, with the corpus
loaded and indexed for each test (conftest's browser, site and open_page)."""

import re
from urllib.parse import urlsplit

import pytest
from conftest import ARTICLE_TITLE, screenshot
from django.core import mail

from legalkb.accounts import unsubscribe_url
from legalkb.models import Passage, SavedSearch, Source

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def result_count(page):
    return page.locator(".result-count").inner_text()


def test_search_for_an_inflected_kazakh_word_marks_it_in_the_snippets(open_page):
    page = open_page()
    page.goto("/")

    page.get_by_label("Үзінділерден іздеу").fill("жауапкершілігі")
    page.keyboard.press("Enter")

    page.wait_for_url("**/search/?q=*")
    marked = page.locator(".result-snippet mark")
    assert marked.count() > 0
    assert marked.first.inner_text().lower().startswith("жауапкершіл")


def test_ticking_a_principle_narrows_the_results_and_its_chip_removes_it(open_page):
    page = open_page()
    page.goto("/search/?q=жауапкершілігі")
    everything = result_count(page)

    with page.expect_navigation():
        page.locator("label[for^=facet-principle]", has_text="Заңдылық қағидаты").click()

    assert "principle=legality" in page.url
    assert result_count(page) != everything
    screenshot(page, "facet-ticked")
    chip = page.locator("a.chip")
    assert chip.count() == 1

    chip.click()

    page.wait_for_load_state()
    assert "principle" not in page.url
    assert result_count(page) == everything
    assert page.locator("a.chip").count() == 0


def copy_and_read(page, button_name, field):
    """Click a copy button, wait for its message, and return what the clipboard then holds
    and what the field shows."""
    button = page.get_by_role("button", name=button_name)
    button.click()
    button.locator("xpath=..").get_by_text("Көшірілді").wait_for()
    return page.evaluate("navigator.clipboard.readText()"), page.locator(field).input_value()


def test_copy_buttons_put_the_gost_and_apa_citations_on_the_clipboard(open_page):
    page = open_page(permissions=["clipboard-read", "clipboard-write"])
    page.goto("/search/?q=жауапкершілігі")
    page.locator(".result h3 a").first.click()
    permalink = page.url

    gost, shown = copy_and_read(page, "ГОСТ бойынша сілтемені көшіру", "#citation-gost")

    assert gost == shown
    assert f"URL: {permalink} (қаралған күні:" in gost
    apa, shown = copy_and_read(page, "APA бойынша сілтемені көшіру", "#citation-apa")
    assert apa == shown
    assert apa.endswith(permalink)


def test_a_source_page_copies_its_citation_and_carries_zotero_meta_tags(open_page):
    page = open_page(permissions=["clipboard-read", "clipboard-write"])
    page.goto("/sources/")
    page.get_by_role("link", name=ARTICLE_TITLE).click()

    gost, _ = copy_and_read(page, "ГОСТ бойынша сілтемені көшіру", "#citation-gost")

    assert gost.startswith(f"{ARTICLE_TITLE}. – URL: {page.url} (қаралған күні:")
    titles = page.locator('meta[name="citation_title"]')
    assert titles.count() == 1 and titles.get_attribute("content") == ARTICLE_TITLE


def test_the_source_list_filters_by_kind_and_sorts_by_year(open_page):
    Source.objects.filter(title=ARTICLE_TITLE).update(year=2015)
    page = open_page()
    page.goto("/")
    page.get_by_role("link", name="Дереккөздер", exact=True).click()
    assert page.locator(".source-list h2").count() == 2

    with page.expect_navigation():
        page.get_by_label("Түрі").select_option("abstract")

    assert "kind=abstract" in page.url
    assert page.locator(".source-list h2").count() == 1
    page.goto("/sources/")
    with page.expect_navigation():
        page.get_by_label("Сұрыптау").select_option("year")
    assert page.locator(".source-list h2").first.inner_text() == ARTICLE_TITLE
    assert "2015" in page.locator(".source-list li").first.inner_text()


def test_switching_to_russian_changes_the_interface(open_page):
    page = open_page()
    page.goto("/principles/")
    assert page.locator("h1").inner_text() == "Қағидаттар"

    page.get_by_label("Интерфейс тілі").select_option("ru")
    page.get_by_role("button", name="Өзгерту").click()

    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Принципы"
    assert page.locator("html").get_attribute("lang") == "ru"
    assert page.get_by_role("link", name="Юридическая ответственность", exact=True).count() == 1


def page_paths():
    """One page of each kind, as a reader would open them."""
    passage = Passage.objects.exclude(kind=Passage.Kind.HEADING).order_by("source", "position")[4]
    return {
        "home": "/",
        "search": "/search/?q=жауапкершілігі&principle=legal-responsibility",
        "principle": "/principles/legal-responsibility/",
        "reform": "/reforms/constitution-of-kazakhstan/",
        "source": passage.source.get_absolute_url(),
        "sources": "/sources/",
        "passage": passage.get_absolute_url(),
        "acts": "/acts/",
        "act": "/acts/constitution/",
        "account": "/account/signup/",
    }


@pytest.mark.parametrize(
    "kind", ["home", "search", "principle", "source", "sources", "passage", "acts", "act", "account"]
)
def test_pages_fit_a_360_pixel_screen(open_page, kind):
    page = open_page(viewport={"width": 360, "height": 740})

    response = page.goto(page_paths()[kind])

    assert response.status == 200

    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_pages_request_nothing_beyond_the_local_server(open_page):
    page = open_page()
    hosts = set()
    page.on("request", lambda r: hosts.add(urlsplit(r.url).hostname))

    for path in page_paths().values():
        page.goto(path)
        page.wait_for_load_state("networkidle")

    assert hosts == {"127.0.0.1"}
    assert page.evaluate("typeof jQuery") == "undefined"  # no page needs it (test_views.py)


# Going on from a passage and coming back: related passages, acts cited, the charts on a
# phone, and a reader's account from sign-up to unsubscribing.

READER_PASSWORD = "a-long-reader-password"


def watched(page):
    """The page, with the Content-Security-Policy's refusals and script errors in page.refusals."""
    page.refusals = []
    page.on("pageerror", lambda error: page.refusals.append(str(error)))
    page.on("console", lambda m: "Content Security Policy" in m.text and page.refusals.append(m.text))
    return page


def test_a_citation_in_a_passage_leads_to_the_acts_page_grouped_by_article(open_page):
    passage = Passage.objects.get(text__contains="Конституциясының 1-бабында")
    page = watched(open_page())
    page.goto(passage.get_absolute_url())

    with page.expect_navigation():
        page.locator(".passage-text a.cited-act", has_text="1-бабында").click()

    assert page.url.endswith("/acts/constitution/")
    assert page.locator("h3", has_text="1-бап").count() == 1
    assert page.locator("a", has_text="Әділет").get_attribute("href").endswith("/kaz/docs/K950001000_")
    with page.expect_navigation():
        page.locator(".passage-list a", has_text=f"§ {passage.position}").first.click()
    assert page.url.endswith(passage.get_absolute_url())
    assert page.refusals == []


def test_related_passages_say_why_and_lead_on(open_page):
    passage = Passage.objects.get(text__contains="Конституциясының 1-бабында")
    page = watched(open_page())
    page.goto(passage.get_absolute_url())

    related = page.locator("ol.related > li")
    assert 0 < related.count() <= 10
    assert related.first.locator(".why").inner_text().strip()
    target = related.first.locator("h3 a").get_attribute("href")
    with page.expect_navigation():
        related.first.locator("h3 a").click()
    assert page.url.endswith(target)
    assert page.refusals == []


def test_an_entrys_charts_fit_a_phone_and_give_their_figures_as_a_table(open_page):
    Source.objects.filter(file_name__startswith="legal-status").update(year=2009)
    Source.objects.filter(file_name__startswith="state-legal").update(year=2012)
    page = watched(open_page(viewport={"width": 360, "height": 740}))
    page.goto("/principles/legal-responsibility/")

    charts = page.locator("svg.chart")
    assert charts.count() == 2
    for i in range(2):
        box = charts.nth(i).bounding_box()
        assert 0 < box["width"] <= 360
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    table = page.locator(".chart-table").first
    assert not table.locator("table").is_visible()
    table.locator("summary").click()
    assert table.locator("tbody tr").count() == 4  # 2009 to 2012, the years between included
    assert page.locator("svg.chart title").first.text_content() == "Үзінділер дереккөзінің жылы бойынша"
    screenshot(page, "charts-on-a-phone")
    assert page.refusals == []


def test_a_reader_signs_up_saves_a_search_follows_an_entry_and_unsubscribes(open_page):
    mail.outbox = []
    page = watched(open_page())
    page.goto("/")
    page.get_by_role("link", name="Кіру").click()
    page.get_by_role("link", name="Тіркелгі ашу").click()
    page.get_by_label("Электрондық пошта мекенжайы").fill("reader@example.org")
    page.get_by_label("Құпиясөз", exact=True).fill(READER_PASSWORD)
    page.get_by_label("Құпиясөз қайтадан").fill(READER_PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Тіркелгі ашу").click()
    assert "/account/signup/done/" in page.url

    (message,) = mail.outbox
    page.goto(re.search(r"https?://\S+", message.body).group())
    page.get_by_role("link", name="Кіру").last.click()
    page.get_by_label("Электрондық пошта мекенжайы").fill("reader@example.org")
    page.get_by_label("Құпиясөз").fill(READER_PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Кіру").click()
    assert page.url.endswith("/account/")

    page.goto("/search/?q=жауапкершілігі")
    page.get_by_label("Осы іздеуді сақтау:").select_option("daily")
    with page.expect_navigation():
        page.locator(".save-search button").click()
    page.goto("/principles/legality/")
    with page.expect_navigation():
        page.get_by_role("button", name="Бақылау: жаңа үзінділерді апта сайын хатпен жіберу").click()
    page.goto("/account/")
    assert page.locator(".saved-search").count() == 2

    page.goto(urlsplit(unsubscribe_url(SavedSearch.objects.get(query="principle=legality").user)).path)
    assert page.locator("h1").inner_text() == "Сіз жазылымнан шықтыңыз"
    assert set(SavedSearch.objects.values_list("frequency", flat=True)) == {"never"}
    assert page.refusals == []
