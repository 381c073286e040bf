"""An editor selects words of a passage in the admin and annotates them: annotate.js in
Debian's Chromium (/usr/bin/chromium), driven by Playwright, against the live server."""

import pytest
from django.contrib.auth.models import User

from legalkb.models import Annotation, Passage, Source

TEXT = "Құқықтық мемлекетте кінәлілік презумпциясы қағидаты мемлекеттің өзіне де қолданылады."
QUOTE = "кінәлілік презумпциясы"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page(browser, live_server, private_index):
    context = browser.new_context(base_url=live_server.url, locale="en-US")
    yield context.new_page()
    context.close()


@pytest.fixture
def passage():
    source = Source.objects.create(slug="test", title="Test", raw_text=TEXT, checksum="0" * 64)
    return Passage.objects.create(source=source, position=1, text=TEXT, start=0, end=len(TEXT), language="kk")


def test_an_editor_selects_words_of_a_passage_and_annotates_them(page, passage):
    User.objects.create_superuser("editor", password="a-long-editor-password")
    page.goto("/admin/login/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "a-long-editor-password")
    page.click("input[type=submit]")

    page.goto(f"/admin/legalkb/passage/{passage.pk}/change/")
    start = TEXT.index(QUOTE)
    select = "(text, [start, end]) => { text.focus(); text.setSelectionRange(start, end); }"
    page.locator("#id_text").evaluate(select, [start, start + len(QUOTE)])
    page.click("text=Annotate selection")
    page.keyboard.type("Мемлекетке қолданыла ма?")  # the new annotation's note has the focus
    page.click("input[name=_save]")
    page.wait_for_url("**/admin/legalkb/passage/")

    annotation = Annotation.objects.get(passage=passage)
    end = start + len(QUOTE)
    assert (annotation.quote, annotation.quote_start, annotation.quote_end) == (QUOTE, start, end)
    assert (annotation.prefix, annotation.suffix) == (TEXT[:start], TEXT[end : end + 32])
    assert annotation.note == "Мемлекетке қолданыла ма?"
