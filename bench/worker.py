"""One measurement in its own process: python -m bench.worker TASK --size N --out FILE.

The runner sets DATABASE_URL and LEGALKB_INDEX_PATH so each size has its own
database and index. Each task writes a JSON object to --out.
"""

import argparse
import io
import json
import os
import resource
import time
import warnings
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "legalkb.settings")
django.setup()
warnings.filterwarnings("ignore", message="No directory at")  # whitenoise: static files are not collected

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

from legalkb.models import Passage  # noqa: E402

from . import baselines, large_sources, recall  # noqa: E402
from .corpus import TAXONOMY_FILE, build_corpus  # noqa: E402
from .queries import build_queries  # noqa: E402
from .stats import latency_summary  # noqa: E402

WARMUP_QUERIES = 10


def peak_memory_mb():
    """Peak resident set size of this process (getrusage ru_maxrss, KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed_ms(call, items):
    """Run call on each item; milliseconds per call, and the results."""
    times, results = [], []
    for item in items:
        start = time.perf_counter()
        results.append(call(item))
        times.append((time.perf_counter() - start) * 1000)
    return times, results


def task_corpus(size):
    call_command("migrate", interactive=False, verbosity=0)
    call_command("load_taxonomy", str(TAXONOMY_FILE), stdout=io.StringIO())
    start = time.perf_counter()
    counts = build_corpus(size)
    return {**counts, "seconds": time.perf_counter() - start}


def task_rebuild(size):
    start = time.perf_counter()
    call_command("rebuild_index", interactive=False, verbosity=0)
    seconds = time.perf_counter() - start
    passages = Passage.objects.count()
    index = Path(settings.SEARCH_INDEX_PATH)
    return {
        "seconds": seconds,
        "passages": passages,
        "passages_per_s": passages / seconds,
        "index_mb": sum(f.stat().st_size for f in index.rglob("*") if f.is_file()) / 2**20,
        "peak_memory_mb": peak_memory_mb(),
    }


def task_serve(size):
    """/api/search/ and /search/ through Django's test client, facets and highlighting
    included; over HTTPS, as served with DEBUG off."""
    queries = build_queries()
    client = Client()
    result = {}
    for name, url in (("api", "/api/search/"), ("html", "/search/")):
        for query in queries[:WARMUP_QUERIES]:
            client.get(url, query["params"], secure=True)
        times, responses = timed_ms(lambda q, url=url: client.get(url, q["params"], secure=True), queries)
        bad = [r.status_code for r in responses if r.status_code != 200]
        if bad:
            raise RuntimeError(f"{url} answered {bad[:5]}")
        result[name] = latency_summary(times, queries)
        if name == "api":
            result["hits"] = _median_hits(queries, [r.json()["count"] for r in responses])
    result["peak_memory_mb"] = peak_memory_mb()
    return result


def _median_hits(queries, counts):
    by_kind = {}
    for query, count in zip(queries, counts, strict=True):
        by_kind.setdefault(query["kind"], []).append(count)
    return {kind: sorted(c)[len(c) // 2] for kind, c in by_kind.items()}


def task_large_sources(size):
    """Each page over two 10 MB sources: median time, SQL queries, tracemalloc peak."""
    call_command("migrate", interactive=False, verbosity=0)
    call_command("load_taxonomy", str(TAXONOMY_FILE), stdout=io.StringIO())
    sources = large_sources.create_large_sources()
    call_command("rebuild_index", interactive=False, verbosity=0)
    client = Client()
    pages = {}
    for name, url in large_sources.public_urls(sources).items():
        response, queries, peak = large_sources.measure(client, url)
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}")
        pages[name] = {
            "ms": large_sources.timed(client, url),
            "queries": len(queries),
            "peak_mb": peak / 2**20,
            "reads_raw_text": any(large_sources.selects_raw_text(sql) for sql in queries),
        }
    return {"megabytes": large_sources.MEGABYTES, "linked": large_sources.LINKED, "pages": pages}


def task_baselines(size):
    queries = build_queries()
    connection = baselines.fts_connection()
    start = time.perf_counter()
    baselines.build_fts(connection)
    fts_build = time.perf_counter() - start
    admin_times, _ = timed_ms(lambda q: baselines.admin_search(q["params"]), queries)
    fts_times, _ = timed_ms(lambda q: baselines.fts_search(connection, q["params"]), queries)
    return {
        "admin": latency_summary(admin_times, queries),
        "fts5": {**latency_summary(fts_times, queries), "build_seconds": fts_build},
    }


def task_recall(size):
    """Recall on the evaluation set; "available": False until that set exists."""
    try:
        from legalkb.evaluation import evaluate, load_eval_set

        load_eval_set()
    except (ImportError, FileNotFoundError) as error:
        return {"available": False, "reason": str(error)}
    recall.load_real_sources()
    connection = baselines.fts_connection()
    baselines.build_fts(connection)
    return {"available": True, **recall.recall_figures(evaluate, connection)}


TASKS = {
    "corpus": task_corpus,
    "rebuild": task_rebuild,
    "serve": task_serve,
    "baselines": task_baselines,
    "recall": task_recall,
    "large_sources": task_large_sources,
}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("task", choices=TASKS)
    parser.add_argument("--size", type=int, default=0)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    result = TASKS[args.task](args.size)
    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
