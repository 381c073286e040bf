"""Two sources of 10 MB each, and a principle linked to 2,000 of their passages. No page
that lists, searches or exports passages may read a source's raw text, so these pages
cost what they cost with small sources. tests/test_large_sources.py holds them to it;
`python -m bench --large-sources` times them (docs/benchmarks.md)."""

import hashlib
import statistics
import time
import tracemalloc
from pathlib import Path
from urllib.parse import urlencode

from django.db import connection
from django.test.utils import CaptureQueriesContext

from legalkb.models import Passage, Principle, PrincipleLink, Source, TaxonomyLink

ARTICLE = Path(__file__).resolve().parent.parent / "fixtures" / "sources" / "state-legal-responsibility.txt"
MEGABYTES = 10
LINKED = 2000
PASSAGE_CHARS = 400
PRINCIPLE = "legality"
QUERY = "жауапкершілік"
TIMED_RUNS = 5


def create_large_sources(megabytes=MEGABYTES, linked=LINKED, principle_slug=PRINCIPLE):
    """Two sources whose raw text is the real article repeated to `megabytes` MB of UTF-8,
    each cut into linked / 2 passages spread over the whole text, every passage linked to
    the principle (confirmed). Written with bulk_create; returns the two sources."""
    article = ARTICLE.read_text(encoding="utf-8")
    size = megabytes * 2**20
    raw_text = (article * (size // len(article.encode()) + 1)).encode()[:size].decode(errors="ignore")
    principle = Principle.objects.get(slug=principle_slug)
    sources = []
    for number in (1, 2):
        text = f"{number}\n{raw_text}"
        source = Source.objects.create(
            slug=f"large-source-{number}",
            title=f"Large source {number} ({megabytes} MB)",
            raw_text=text,
            checksum=hashlib.sha256(text.encode()).hexdigest(),
        )
        count = linked // 2
        step = len(text) // count
        passages = Passage.objects.bulk_create(
            Passage(source=source, position=i + 1, text=text[i * step : i * step + PASSAGE_CHARS].strip(),
                    start=i * step, end=i * step + PASSAGE_CHARS, language="kk")
            for i in range(count)
        )
        PrincipleLink.objects.bulk_create(
            PrincipleLink(passage=p, principle=principle, origin=TaxonomyLink.Origin.EDITOR,
                          status=TaxonomyLink.Status.CONFIRMED)
            for p in passages
        )
        sources.append(source)
    return sources


def public_urls(sources):
    """Every public page that lists, shows, searches or exports passages of the sources."""
    passage = sources[0].passages.get(position=LINKED // 4)
    search = urlencode({"q": QUERY, "principle": PRINCIPLE})
    return {
        "home": "/",
        "principle list": "/principles/",
        "principle, 2,000 passages": f"/principles/{PRINCIPLE}/",
        "source": sources[0].get_absolute_url(),
        "passage": passage.get_absolute_url(),
        "search page": f"/search/?{search}",
        "API search": f"/api/search/?{search}&page_size=100",
        "JSON export, 1,000 hits": f"/search/export.json?{search}",
        "CSV export, 1,000 hits": f"/search/export.csv?{search}",
    }


def selects_raw_text(sql):
    """Whether a query reads a source's whole raw text (cutting a passage's part out of it
    in SQL, SUBSTR, is what the passage page does on purpose)."""
    return '"raw_text"' in sql.replace('SUBSTR("legalkb_source"."raw_text"', "").replace(
        'SUBSTRING("legalkb_source"."raw_text"', ""
    )


def measure(client, url):
    """A page's status, SQL queries and peak Python memory (tracemalloc) on one request."""
    with CaptureQueriesContext(connection) as queries:
        tracemalloc.start()
        try:
            response = client.get(url, secure=True)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    return response, [q["sql"] for q in queries], peak


def timed(client, url, runs=TIMED_RUNS):
    """Median milliseconds of a page over runs requests."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        client.get(url, secure=True)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)
