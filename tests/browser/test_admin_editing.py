"""An editor in the Kazakh admin, in Chromium against the live server with the corpus loaded and
indexed: the admin reads in Kazakh, and a passage withdrawn from the public site leaves its page
and search, then comes back when it is put back."""

import re

import pytest
from conftest import EDITOR_PASSWORD, worker_indexes
from test_site import result_count

from legalkb.models import Passage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

QUERY = "кінәлілік презумпциясы"


@pytest.fixture
def editor_page(open_page, django_user_model):  # noqa: F811
    """A Playwright page in Kazakh, signed in to the admin (as an administrator: the Editors
    group, made by a migration, is gone once an earlier test of this kind has flushed the
    database; tests/test_publication.py tries an editor's rights)."""
    django_user_model.objects.create_superuser("aigerim", password=EDITOR_PASSWORD)
    page = open_page()
    page.goto("/admin/login/")
    page.fill("#id_username", "aigerim")
    page.fill("#id_password", EDITOR_PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")
    return page


def act_on(page, passage, action):
    """Run an admin action on one passage from the passages' list."""
    page.goto(f"/admin/legalkb/passage/?q={QUERY}")
    page.check(f"input[name=_selected_action][value='{passage.pk}']")
    page.select_option("select[name=action]", action)
    page.click("button[name=index]")
    return page.locator(".messagelist").inner_text()


def test_the_admin_reads_in_kazakh(editor_page):
    page = editor_page
    assert page.locator("#site-name").inner_text() == "legalkb"
    assert "Білім қоры" in page.inner_text("#content") and "Үзінділер" in page.inner_text("#content")
    passage = Passage.objects.filter(text__contains=QUERY).first()
    page.goto(f"/admin/legalkb/passage/{passage.pk}/change/")
    body = page.inner_text("body")
    assert "Тағы қосу: Аннотация" in body and "Тағы қосу: Қағидатпен байланыс" in body
    assert "Белгіленген жерге ескертпе жазу" in body  # annotate.js's button, labelled by the page
    for english in ("Annotations", "Add another", "Save and continue editing", "Даңғо"):
        assert english not in body


def number(text):
    """The first number in a text: the count in "12 passages found"."""
    return int(re.search(r"\d+", text).group())


def test_an_editor_withdraws_a_passage_and_puts_it_back(editor_page, open_page):  # noqa: F811
    passage = Passage.objects.filter(text__contains=QUERY).first()
    reader = open_page()
    reader.goto(f"/search/?q={QUERY}")
    found = result_count(reader)

    with worker_indexes():  # search changes when the background worker has drained the outbox
        assert act_on(editor_page, passage, "withdraw") == "Жалпыға ашық сайттан алынып тасталды: 1."
    response = reader.goto(passage.get_absolute_url())
    assert response.status == 410 and reader.locator("h1").inner_text() == "Алынып тасталған"
    reader.goto(f"/search/?q={QUERY}")
    assert number(result_count(reader)) == number(found) - 1

    with worker_indexes():
        assert act_on(editor_page, passage, "restore") == "Жалпыға ашық сайтқа қайтарылды: 1."
    assert reader.goto(passage.get_absolute_url()).status == 200
    reader.goto(f"/search/?q={QUERY}")
    assert result_count(reader) == found
    editor_page.goto(f"/admin/legalkb/passage/{passage.pk}/history/")
    assert editor_page.locator("#change-history tbody tr", has_text="aigerim").count() == 2
