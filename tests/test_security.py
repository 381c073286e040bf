"""Bad input and access: script payloads everywhere a reader's or an editor's text is
shown, security headers, login throttling, password rules and who reaches the admin."""

from datetime import timedelta
from html import escape
from html.parser import HTMLParser
from urllib.parse import urlencode

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db.models import F

from legalkb.models import (
    Act,
    Annotation,
    Author,
    AuthorLink,
    Creator,
    Passage,
    Principle,
    PrincipleLink,
    Reform,
    ReformLink,
    Source,
    TaxonomyLink,
)
from legalkb.search.rebuild import rebuild

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "</textarea><svg onload=alert(1)>",
    "{{7*7}}",
    "'';!--\"<XSS>=&{()}",
]
EVERY_PAYLOAD = " ".join(PAYLOADS)
# Payloads with HTML's special characters must never reach a page as they are.
MARKUP_PAYLOADS = [p for p in PAYLOADS if set(p) & set("<>\"'&")]
WORD = "Жауапкершілік"  # the passage's first word, which its public note quotes


def create_payloads():
    """A source with a creator, a passage (citing a law whose title is a payload), a principle, an
    author, a reform and a public note, each with every payload in each of its texts; returns the
    passage."""
    source = Source.objects.create(
        slug="xss-source",
        title=f"Source {EVERY_PAYLOAD}",
        container=EVERY_PAYLOAD,
        publisher=EVERY_PAYLOAD,
        url="https://example.test/?q=<script>alert(1)</script>",
        raw_text=EVERY_PAYLOAD,
        checksum="0" * 64,
    )
    Creator.objects.create(source=source, family_name=EVERY_PAYLOAD, given_names=EVERY_PAYLOAD)
    text = f"{WORD} «{PAYLOADS[1]}» Заңы {EVERY_PAYLOAD}"
    passage = Passage.objects.create(source=source, position=1, text=text, start=0, end=0, language="kk")
    confirmed = {"origin": TaxonomyLink.Origin.EDITOR, "status": TaxonomyLink.Status.CONFIRMED}
    names = {"name_kk": f"Principle {EVERY_PAYLOAD}", "name_ru": EVERY_PAYLOAD, "name_en": EVERY_PAYLOAD}
    principle = Principle.objects.create(slug="xss-principle", description=EVERY_PAYLOAD, **names)
    PrincipleLink.objects.create(passage=passage, principle=principle, **confirmed)
    author = Author.objects.create(
        slug="xss-author",
        full_name=f"Author {EVERY_PAYLOAD}",
        role=EVERY_PAYLOAD,
        country=EVERY_PAYLOAD[:100],  # the column's length, which PostgreSQL enforces
        description=EVERY_PAYLOAD,
    )
    AuthorLink.objects.create(passage=passage, author=author, **confirmed)
    names["name_kk"] = f"Reform {EVERY_PAYLOAD}"
    reform = Reform.objects.create(slug="xss-reform", kind="law", description=EVERY_PAYLOAD, **names)
    ReformLink.objects.create(passage=passage, reform=reform, **confirmed)
    Annotation.objects.create(
        passage=passage,
        note=f"{EVERY_PAYLOAD}\n{EVERY_PAYLOAD}",
        quote=WORD,
        quote_start=0,
        quote_end=len(WORD),
        visibility=Annotation.Visibility.PUBLIC,
    )
    return passage


def public_urls(passage):
    """Every public page that shows the payloads, and searches that carry them."""
    searches = [{"q": p} for p in PAYLOADS] + [
        {"q": "alert"},
        {"q": "alert", "principle": "xss-principle", "author": "xss-author", "reform": "xss-reform"},
        *({"q": "alert", "principle": p} for p in PAYLOADS),
        *({"q": "alert", "sort": p} for p in PAYLOADS),
        *({"q": "alert", "page": p} for p in PAYLOADS),
    ]
    return [
        "/",
        "/principles/",
        "/authors/",
        "/reforms/",
        "/sources/",
        "/principles/xss-principle/",
        "/authors/xss-author/",
        "/reforms/xss-reform/",
        passage.source.get_absolute_url(),
        passage.get_absolute_url(),
        "/acts/",
        *(f"/acts/{act.slug}/" for act in Act.objects.filter(citations__passage=passage)),
        "/account/signup/",
        "/account/login/",
        *(f"/search/?{urlencode(params)}" for params in searches),
        *(f"/no-such-page/?{urlencode({'q': p})}" for p in PAYLOADS),
    ]


class MarkupCheck(HTMLParser):
    """Collects what in a page could run a script: inline scripts, event-handler
    attributes, javascript: URLs and the payloads' own elements."""

    def __init__(self):
        super().__init__()
        self.problems = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "xss" or (tag == "img" and attributes.get("src") == "x"):
            self.problems.append(f"<{tag}> element")
        if tag == "script" and "src" not in attributes and attributes.get("type") != "application/json":
            self.problems.append("inline <script>")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"{name} attribute on <{tag}>")
            if name in {"href", "src", "action", "formaction"} and (value or "").strip().lower().startswith(
                "javascript:"
            ):
                self.problems.append(f"javascript: URL in {name}")


def assert_safe_html(response, url):
    assert response["Content-Type"].startswith("text/html"), url
    html = response.content.decode()
    check = MarkupCheck()
    check.feed(html)
    assert check.problems == [], url
    for payload in MARKUP_PAYLOADS:
        assert payload not in html, (url, payload)
    return html


@pytest.fixture
def payloads(corpus, private_index):
    passage = create_payloads()
    rebuild()
    return passage


@pytest.fixture
def superuser_client(client):
    client.force_login(User.objects.create_superuser("admin", password="a-long-admin-password"))
    return client


def test_payloads_come_out_escaped_in_every_public_page(client, payloads):
    for url in public_urls(payloads):
        response = client.get(url)
        assert response.status_code in {200, 400, 404}, url
        assert_safe_html(response, url)


def test_payloads_are_shown_as_text_where_they_were_written(client, payloads):
    html = assert_safe_html(client.get(payloads.get_absolute_url()), "passage")
    for payload in PAYLOADS:
        assert escape(payload) in html
    results = assert_safe_html(client.get("/search/", {"q": "alert"}), "search")
    assert escape(f"Principle {EVERY_PAYLOAD}") in results  # the facet and badge labels


def test_payloads_come_out_escaped_in_the_admin(superuser_client, payloads):
    urls = [
        "/admin/legalkb/passage/",
        f"/admin/legalkb/passage/{payloads.pk}/change/",
        "/admin/legalkb/principle/",
        f"/admin/legalkb/principle/{payloads.principles.get().pk}/change/",
        "/admin/legalkb/author/",
        "/admin/legalkb/reform/",
        "/admin/legalkb/annotation/",
        "/admin/legalkb/principlelink/",
        f"/admin/legalkb/source/{payloads.source.pk}/change/",
    ]
    for url in urls:
        response = superuser_client.get(url)
        assert response.status_code == 200, url
        assert_safe_html(response, url)


def test_a_payload_in_an_acts_title_comes_out_escaped_in_its_feed_and_the_api(client, payloads):
    act = Act.objects.get(citations__passage=payloads)
    assert act.title == PAYLOADS[1]

    feed = client.get(f"/acts/{act.slug}/feed.atom").content.decode()
    passage = client.get(f"/api/passages/{payloads.pk}/").json()

    assert PAYLOADS[1] not in feed and escape(escape(PAYLOADS[1])) in feed  # XML around escaped HTML
    assert passage["acts"][0]["label"].endswith(f"«{PAYLOADS[1]}»")  # data in JSON, as written


def test_the_api_returns_payloads_as_json_data_and_escaped_highlights(client, payloads):
    response = client.get("/api/search/", {"q": "alert"})
    assert response["Content-Type"] == "application/json"
    assert response["X-Content-Type-Options"] == "nosniff"
    (hit,) = response.json()["results"]
    assert hit["text"] == payloads.text
    for payload in MARKUP_PAYLOADS:
        assert payload not in hit["highlighted"]
    for payload in PAYLOADS:
        echoed = client.get("/api/search/", {"q": payload})
        assert echoed["Content-Type"] == "application/json"
        assert echoed.json()["query"] == payload


@pytest.mark.parametrize(("path", "content_type"), [("csv", "text/csv"), ("json", "application/json")])
def test_exports_are_downloads_never_pages(client, payloads, path, content_type):
    response = client.get(f"/search/export.{path}", {"q": "alert"})
    assert response["Content-Type"].startswith(content_type)
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "alert" in response.content.decode()
    for payload in PAYLOADS:
        refused = client.get(f"/search/export.{path}", {"q": "alert", "principle": payload})
        assert refused.status_code == 400
        assert refused["Content-Type"].startswith("text/plain")


@pytest.mark.parametrize("url", ["/", "/search/?q=x", "/admin/login/"])
def test_every_response_carries_the_security_headers(client, url):
    response = client.get(url)
    policy = response["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["default-src"] == "'self'"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_templates_use_no_inline_scripts(client, payloads):
    """Our own pages load scripts only from static files (the markup check allows none inline)."""
    for url in ["/", "/search/?q=alert", payloads.get_absolute_url()]:
        html = assert_safe_html(client.get(url), url)
        assert "<script src=" in html


# Login throttling


def log_in(client, password, address="198.51.100.7", username="aigerim"):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
    )


def test_five_wrong_passwords_lock_that_username_out_from_that_address(client, editor):
    for _ in range(4):
        assert log_in(client, "wrong-guess").status_code == 200
    assert log_in(client, "wrong-guess").status_code == 429

    refused = log_in(client, "a-long-editor-password")

    assert refused.status_code == 429
    assert "_auth_user_id" not in client.session
    assert log_in(client, "a-long-editor-password", address="203.0.113.9").status_code == 302


def test_the_lockout_ends_after_fifteen_minutes(client, editor):
    for _ in range(5):
        log_in(client, "wrong-guess")
    assert log_in(client, "a-long-editor-password").status_code == 429

    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=16))

    assert log_in(client, "a-long-editor-password").status_code == 302
    assert client.session["_auth_user_id"] == str(editor.pk)


def test_a_right_password_clears_earlier_failures(client, editor):
    for _ in range(4):
        log_in(client, "wrong-guess")
    assert log_in(client, "a-long-editor-password").status_code == 302
    client.logout()
    for _ in range(4):
        assert log_in(client, "wrong-guess").status_code == 200


# Passwords


def test_a_weak_password_is_refused():
    with pytest.raises(ValidationError):
        validate_password("12345678")
    with pytest.raises(ValidationError):
        validate_password("password")
    validate_password("a-long-editor-password")


def test_the_admin_refuses_to_give_a_new_user_a_weak_password(superuser_client):
    form = {"username": "dana", "usable_password": "true", "password1": "qwerty12", "password2": "qwerty12"}
    response = superuser_client.post("/admin/auth/user/add/", form)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["password2"]
    assert not User.objects.filter(username="dana").exists()


# Who reaches the admin

CHANGE_VIEWS = [
    "/admin/",
    "/admin/legalkb/passage/",
    "/admin/legalkb/passage/{passage}/change/",
    "/admin/legalkb/source/{source}/change/",
    "/admin/legalkb/source/{source}/delete/",
    "/admin/legalkb/source/import/",
    "/admin/legalkb/passage/review/",
    "/admin/legalkb/principle/add/",
    "/admin/legalkb/annotation/add/",
]


def change_views(corpus):
    passage = corpus.article.passages.first()
    return [url.format(passage=passage.pk, source=corpus.article.pk) for url in CHANGE_VIEWS]


def assert_sent_to_login(response, url):
    assert response.status_code == 302, url
    assert response["Location"].startswith("/admin/login/?next="), url


def test_anonymous_visitors_are_sent_to_the_login_page(client, corpus):
    for url in change_views(corpus):
        assert_sent_to_login(client.get(url), url)
    url = f"/admin/legalkb/source/{corpus.article.pk}/delete/"
    assert_sent_to_login(client.post(url, {"post": "yes"}), url)
    assert Source.objects.filter(pk=corpus.article.pk).exists()


def test_signed_in_readers_who_are_not_staff_are_sent_to_the_login_page(client, corpus):
    client.force_login(User.objects.create_user("reader", password="a-long-reader-password"))
    for url in change_views(corpus):
        assert_sent_to_login(client.get(url), url)
    url = f"/admin/legalkb/passage/{corpus.article.passages.first().pk}/change/"
    assert_sent_to_login(client.post(url, {"text": "changed"}), url)
