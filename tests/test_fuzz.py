"""Generated requests against every public URL: never a 5xx, and bad parameters get
a 400 or 404 with a message. The profile size is set by HYPOTHESIS_PROFILE (ci by default)."""

import os
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

settings.register_profile(
    "ci", max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
settings.register_profile(
    "long", max_examples=5000, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

PARAMETERS = [
    "q", "principle", "author", "reform", "source", "language", "sort", "page", "page_size", "kind", "year",
]
ODD_TEXT = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=300),
    st.sampled_from(
        ["", " ", "0", "-1", "1e9", "99999999999999999999", "NaN", "None", "source", "relevance"]
    ),
    st.sampled_from(
        ["жауапкершілік", '"заң үстемдігі', "AND", "*", "-", "\x00\x1b[31m", "<script>", "legality"]
    ),
    st.text(min_size=2000, max_size=2500),
)
QUERY = st.lists(st.tuples(st.sampled_from(PARAMETERS) | st.text(max_size=10), ODD_TEXT), max_size=8)
SEARCH_PATHS = ["/search/", "/api/search/", "/search/export.csv", "/search/export.json"]
BROWSE_PATHS = ["/", "/principles/", "/authors/", "/reforms/", "/sources/"]
DETAIL_PREFIXES = ["/principles/", "/authors/", "/reforms/", "/sources/", "/passages/"]


def check(response):
    assert response.status_code < 500, response.status_code
    if response.status_code in (400, 404) and response["Content-Type"].startswith("application/json"):
        assert response.json()["error"]


@pytest.mark.django_db
@given(path=st.sampled_from(SEARCH_PATHS + BROWSE_PATHS), query=QUERY)
def test_search_and_browse_urls_never_fail_on_any_parameters(corpus, client, path, query):
    check(client.get(path, query))


@pytest.mark.django_db
@given(
    prefix=st.sampled_from(DETAIL_PREFIXES),
    slug=st.one_of(
        st.text(max_size=60),
        st.integers(min_value=-(2**70), max_value=2**70).map(str),
        st.sampled_from(["legality", "mironenko-m-b", "administrative-reform", "0", "../../etc/passwd"]),
    ),
)
def test_detail_urls_never_fail_on_any_slug(corpus, client, prefix, slug):
    check(client.get(prefix + quote(slug, safe="") + "/"))
