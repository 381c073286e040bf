"""Recall of legalkb and both baselines on the project's evaluation set
(legalkb.evaluation, fixtures/search_eval.json), on the two real sources."""

import io

from django.core.management import call_command

from legalkb.search import SearchRequest, search_passages

from . import baselines
from .corpus import SOURCES, TAXONOMY_FILE

PAGE = 10
METRICS = ("recall@10", "mrr@10")


def recall_figures(evaluate, connection):
    """evaluate(search_fn) for each search; search_fn(query) -> [(source slug, position)]."""
    searches = {
        "legalkb": legalkb_top,
        "admin": lambda q: baselines.admin_search({"q": q}, PAGE)[1],
        "fts5": lambda q: baselines.fts_search(connection, {"q": q}, PAGE)[1],
    }
    figures = {}
    for name, search in searches.items():
        scores = evaluate(search)
        figures[name] = {metric: scores[metric] for metric in METRICS}
    return figures


def legalkb_top(q):
    response = search_passages(SearchRequest(q=q, page_size=PAGE))
    return [(hit.passage.source.slug, hit.passage.position) for hit in response.hits]


def load_real_sources():
    """What `make setup` does, on the benchmark's own database and index."""
    quiet = io.StringIO()
    call_command("migrate", interactive=False, verbosity=0)
    call_command(
        "import_source", str(SOURCES / "legal-status-of-the-person.txt"),
        language="kk", kind="abstract", stdout=quiet,
    )
    call_command(
        "import_source", str(SOURCES / "state-legal-responsibility.txt"), language="kk", kind="article",
        title="Мемлекеттің заңды жауапкершілігі", stdout=quiet,
    )
    call_command("load_taxonomy", str(TAXONOMY_FILE), stdout=quiet)
    call_command("rebuild_index", interactive=False, verbosity=0)
