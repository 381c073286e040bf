"""Anonymous searches, exports and API calls are limited per client address; over the
limit they answer 429 with Retry-After: JSON for the API, a translated page otherwise."""

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.test import override_settings

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def low_limits():
    """Throttling on (the test settings turn it off): three searches and two API calls an hour,
    so that no window ends during a test."""
    cache.clear()
    with override_settings(RATELIMIT_ENABLE=True, THROTTLE_RATES={"search": "3/h", "api": "2/h"}):
        yield
    cache.clear()


def assert_retry_after(response):
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 3600


def test_the_api_answers_429_in_json_past_its_limit(client, corpus):
    assert [client.get("/api/search/", {"q": "заң"}).status_code for _ in range(2)] == [200, 200]

    response = client.get("/api/search/", {"q": "заң"})

    assert_retry_after(response)
    assert response["Content-Type"] == "application/json"
    assert f"{response['Retry-After']} " in response.json()["error"]


def test_search_pages_and_exports_share_one_limit_and_answer_a_page(client, corpus):
    for url in ("/search/", "/search/export.csv", "/search/export.json"):
        assert client.get(url, {"q": "заң"}).status_code == 200

    response = client.get("/search/", {"q": "заң"})

    assert_retry_after(response)
    assert response["Content-Type"].startswith("text/html")
    assert "Сұраныстар тым көп" in response.content.decode()  # Kazakh, the default language


def test_the_429_page_speaks_the_readers_language(client, corpus):
    client.cookies["django_language"] = "ru"
    for _ in range(3):
        client.get("/search/", {"q": "заң"})

    html = client.get("/search/", {"q": "заң"}).content.decode()

    assert "Слишком много запросов" in html


def test_each_address_has_its_own_count(client, corpus):
    for _ in range(2):
        client.get("/api/search/", REMOTE_ADDR="198.51.100.1")
    assert client.get("/api/search/", REMOTE_ADDR="198.51.100.1").status_code == 429
    assert client.get("/api/search/", REMOTE_ADDR="198.51.100.2").status_code == 200


@override_settings(BEHIND_PROXY=True)
def test_behind_the_proxy_each_client_address_has_its_own_count(client, corpus):
    for _ in range(2):
        client.get("/api/search/", HTTP_X_REAL_IP="203.0.113.1")
    assert client.get("/api/search/", HTTP_X_REAL_IP="203.0.113.1").status_code == 429
    assert client.get("/api/search/", HTTP_X_REAL_IP="203.0.113.2").status_code == 200


def test_browsing_is_not_limited(client, corpus):
    for _ in range(5):
        assert client.get("/principles/").status_code == 200


def test_editors_are_not_limited(client, corpus):
    client.force_login(User.objects.create_user("aigerim", password="a-long-editor-password", is_staff=True))
    for _ in range(5):
        assert client.get("/api/search/", {"q": "заң"}).status_code == 200


def test_signed_in_readers_are_limited_like_anyone(client, corpus):
    client.force_login(User.objects.create_user("reader@example.org", password="a-long-reader-password"))
    for _ in range(2):
        client.get("/api/search/", {"q": "заң"})

    assert client.get("/api/search/", {"q": "заң"}).status_code == 429


def test_feeds_and_the_passage_api_are_limited(client, corpus):
    passage = corpus.article.passages.first()
    for _ in range(3):
        assert client.get("/search/feed.atom", {"q": "заң"}).status_code == 200
    assert client.get("/principles/legality/feed.atom").status_code == 429
    for _ in range(2):
        assert client.get(f"/api/passages/{passage.pk}/").status_code == 200
    assert client.get(f"/api/passages/{passage.pk}/").status_code == 429
