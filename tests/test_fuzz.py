"""Generated requests against every public URL: never a 5xx, and bad parameters get
a 400 or 404 with a message. Text includes lone surrogates, which reach the site as bytes
that are not UTF-8. The profile size is set by HYPOTHESIS_PROFILE: ci (the default, 1,000
examples a test), fast (100, for make test-fast) or long (5,000). A sample also goes
through a real gunicorn."""

import itertools
import json
import os
from urllib.parse import quote, urlencode

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from processes import http_get

# No deadline: how long an example takes says how busy the machine is. A blow-up shows in
# the database queries a request makes instead (at most 14 on any page today), a hang in
# the suite not ending.
MAX_QUERIES = 30
for name, examples in {"ci": 1000, "fast": 100, "long": 5000}.items():
    fixtures = [HealthCheck.function_scoped_fixture]
    settings.register_profile(name, max_examples=examples, deadline=None, suppress_health_check=fixtures)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

PARAMETERS = [
    "q", "principle", "author", "reform", "source", "language", "sort", "page", "page_size", "kind", "year",
]
ANY_CHARACTER = st.characters(exclude_categories=[])  # lone surrogates (Cs) too
ODD_TEXT = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=300),
    st.text(alphabet=ANY_CHARACTER, min_size=1, max_size=40),
    st.sampled_from(
        ["", " ", "0", "-1", "1e9", "99999999999999999999", "NaN", "None", "source", "relevance"]
    ),
    st.sampled_from(
        ["жауапкершілік", '"заң үстемдігі', "AND", "*", "-", "\x00\x1b[31m", "<script>", "legality", "\ud800"]
    ),
    st.text(min_size=2000, max_size=2500),
)
NAME = st.sampled_from(PARAMETERS) | st.text(ANY_CHARACTER, max_size=10)
QUERY = st.lists(st.tuples(NAME, ODD_TEXT), max_size=8)
SEARCH_PATHS = ["/search/", "/api/search/", "/search/export.csv", "/search/export.json"]
BROWSE_PATHS = ["/", "/principles/", "/authors/", "/reforms/", "/sources/"]
DETAIL_PREFIXES = ["/principles/", "/authors/", "/reforms/", "/sources/", "/passages/"]
SLUG = st.one_of(
    st.text(ANY_CHARACTER, max_size=60),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.sampled_from(["legality", "mironenko-m-b", "administrative-reform", "0", "../../etc/passwd"]),
)


def with_query(path, query):
    """The URL a browser would send: text as UTF-8, lone surrogates as the bytes they would be."""
    return f"{path}?{urlencode(query, errors='surrogatepass')}"


def detail_url(prefix, slug):
    return prefix + quote(slug, safe="", errors="surrogatepass") + "/"


def get(client, url):
    """The test client's answer to a GET of url, which made at most MAX_QUERIES queries."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert len(queries) <= MAX_QUERIES, url
    return response


def check(status, content_type, body):
    assert status < 500, status
    if status in (400, 404) and content_type.startswith("application/json"):
        assert json.loads(body)["error"]


@pytest.mark.django_db
@given(path=st.sampled_from(SEARCH_PATHS + BROWSE_PATHS), query=QUERY)
def test_search_and_browse_urls_never_fail_on_any_parameters(corpus, client, path, query):
    response = get(client, with_query(path, query))
    check(response.status_code, response["Content-Type"], response.content)


@pytest.mark.django_db
@given(prefix=st.sampled_from(DETAIL_PREFIXES), slug=SLUG)
def test_detail_urls_never_fail_on_any_slug(corpus, client, prefix, slug):
    response = get(client, detail_url(prefix, slug))
    check(response.status_code, response["Content-Type"], response.content)


# Each request comes from an address of its own (the server trusts X-Real-IP), so the
# throttle lets every one through.
ADDRESSES = (f"10.0.{n // 256}.{n % 256}" for n in itertools.count())


@pytest.mark.slow
@settings(max_examples=60)
@given(url=st.one_of(
    st.builds(with_query, st.sampled_from(SEARCH_PATHS + BROWSE_PATHS), QUERY),
    st.builds(detail_url, st.sampled_from(DETAIL_PREFIXES), SLUG),
))
def test_a_sample_through_gunicorn_never_fails(production_server, url):
    headers = {"X-Forwarded-Proto": "https", "X-Real-IP": next(ADDRESSES)}
    status, response_headers, body = http_get(production_server + url, **headers)
    check(status, response_headers.get("Content-Type", ""), body)
