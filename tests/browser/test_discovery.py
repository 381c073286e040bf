"""Going on from a passage and coming back, in Chromium: related passages, acts cited, the
charts on a phone, and a reader's account from sign-up to unsubscribing."""

import re
from urllib.parse import urlsplit

import pytest
import test_site
from django.core import mail
from test_site import screenshot

from legalkb.accounts import unsubscribe_url
from legalkb.models import Passage, SavedSearch, Source

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
browser, site, open_page = test_site.browser, test_site.site, test_site.open_page  # the fixtures

PASSWORD = "a-long-reader-password"


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
    page.get_by_label("Құпиясөз", exact=True).fill(PASSWORD)
    page.get_by_label("Құпиясөз қайтадан").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Тіркелгі ашу").click()
    assert "/account/signup/done/" in page.url

    (message,) = mail.outbox
    page.goto(re.search(r"https?://\S+", message.body).group())
    page.get_by_role("link", name="Кіру").last.click()
    page.get_by_label("Электрондық пошта мекенжайы").fill("reader@example.org")
    page.get_by_label("Құпиясөз").fill(PASSWORD)
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
