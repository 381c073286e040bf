"""Script payloads in queries, passages, taxonomy entries and notes never run in a real
browser, and every page, the admin's too, works under the Content-Security-Policy
without the browser refusing anything."""

from urllib.parse import urlencode

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from test_security import PAYLOADS, create_payloads, public_urls

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def in_browser(browser, live_server, transactional_db, private_index):
    """in_browser(steps) runs steps(page) on a page of the live server that records every
    dialog (dismissing it), every script error and every Content-Security-Policy refusal in
    page.dialogs and page.refusals."""
    call_command("rebuild_index", interactive=False, verbosity=0)  # an empty live index to write to

    def run(steps):
        context = browser.new_context(base_url=live_server.url, locale="kk-KZ")
        page = context.new_page()
        page.dialogs, page.refusals = [], []

        def dialog(d):
            page.dialogs.append(d.message)
            d.dismiss()

        page.on("dialog", dialog)
        page.on("pageerror", lambda error: page.refusals.append(str(error)))
        page.on(
            "console",
            lambda message: "Content Security Policy" in message.text and page.refusals.append(message.text),
        )
        try:
            steps(page)
        finally:
            context.close()

    return run


def test_a_dialog_would_be_noticed_and_the_policy_blocks_injected_handlers(in_browser):
    def steps(page):
        page.goto("/")
        page.evaluate("window.alert('seen')")
        assert page.dialogs == ["seen"]

        # The image fails to load; the browser then refuses its handler and says so.
        with page.expect_console_message(lambda message: "inline event handler" in message.text):
            page.evaluate("document.body.insertAdjacentHTML('beforeend', '<img src=x onerror=alert(1)>')")

        assert page.dialogs == ["seen"]
        assert any("inline event handler" in refusal for refusal in page.refusals)

    in_browser(steps)


def test_no_payload_runs_on_any_public_page(in_browser):
    passage = create_payloads()
    urls = public_urls(passage)

    def steps(page):
        for url in urls:
            page.goto(url)
        page.goto(passage.get_absolute_url())
        assert page.locator(".passage-text").inner_text().endswith(PAYLOADS[-1])
        cited = page.locator("#citation-gost").input_value()
        assert "</textarea>" in cited and cited.endswith(").")  # the payload did not end the field
        response = page.goto("/search/?" + urlencode({"q": PAYLOADS[1]}))
        assert response.status == 200, response.text()[:500]  # the search page, not an error page
        assert page.locator("#q").input_value() == PAYLOADS[1]
        assert page.dialogs == [] and page.refusals == []

    in_browser(steps)


def test_the_site_scripts_work_under_the_policy(in_browser):
    """legalkb.js runs: it reveals the copy buttons and hides the no-JavaScript button."""
    passage = create_payloads()

    def steps(page):
        page.goto(passage.get_absolute_url())
        buttons = page.locator("[data-copy]")
        assert buttons.count() == 2 and buttons.first.is_visible() and buttons.last.is_visible()
        page.goto("/search/?q=alert")
        assert page.locator("[data-without-js]").is_hidden()
        assert page.refusals == []

    in_browser(steps)


def test_the_admin_works_under_the_policy(in_browser):
    passage = create_payloads()
    User.objects.create_superuser("admin", password="a-long-admin-password")

    def steps(page):
        page.goto("/admin/login/")
        page.fill("#id_username", "admin")
        page.fill("#id_password", "a-long-admin-password")
        page.click("input[type=submit]")
        page.wait_for_url("**/admin/")

        page.goto(f"/admin/legalkb/passage/{passage.pk}/change/")
        assert page.locator("button.annotate-selection").is_visible()  # our admin script ran
        page.locator("#annotations-group .add-row a").click()  # and Django's inlines script
        assert page.locator("#annotations-group .inline-related:not(.empty-form)").count() == 2
        page.goto("/admin/legalkb/principle/add/")
        page.locator(".select2-selection").first.click()  # the parent autocomplete opens
        assert page.locator(".select2-results").is_visible()
        page.goto("/admin/legalkb/passage/")
        page.goto("/admin/legalkb/annotation/")
        assert page.dialogs == [] and page.refusals == []

    in_browser(steps)
