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
import requests

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "legalkb.settings")
django.setup()
warnings.filterwarnings("ignore", message="No directory at")  # whitenoise: static files are not collected

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from haystack import connections  # noqa: E402

from legalkb.models import Passage  # noqa: E402
from legalkb.search.backends.solr import CollectionStore  # noqa: E402

from . import baselines, large_sources, postgres, profile, recall  # noqa: E402
from .corpus import TAXONOMY_FILE, build_corpus  # noqa: E402
from .hostile import HOSTILE_QUERIES, HOSTILE_RUNS  # noqa: E402
from .queries import build_queries  # noqa: E402
from .stats import latency_summary  # noqa: E402

WARMUP_QUERIES = 10


def peak_memory_mb():
    """Peak resident set size of this process (getrusage ru_maxrss, KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu_seconds(who=resource.RUSAGE_SELF):
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def timed_ms(call, items):
    """Run call on each item; wall and CPU milliseconds per call, and the results."""
    wall, cpu, results = [], [], []
    for item in items:
        start, start_cpu = time.perf_counter(), time.process_time()
        results.append(call(item))
        cpu.append((time.process_time() - start_cpu) * 1000)
        wall.append((time.perf_counter() - start) * 1000)
    return wall, cpu, results


class EngineClock:
    """Wall milliseconds spent in the search backend (Haystack's backend.search), so a
    request's time splits into the engine's share and the rest (database, highlighting,
    JSON)."""

    def __init__(self):
        self.ms = 0.0
        backend = connections["default"].get_backend()
        search = backend.search

        def timed_search(*args, **kwargs):
            start = time.perf_counter()
            try:
                return search(*args, **kwargs)
            finally:
                self.ms += (time.perf_counter() - start) * 1000

        backend.search = timed_search

    def lap(self, call):
        """call(), and the engine's milliseconds within it."""
        self.ms = 0.0
        result = call()
        return result, self.ms


def task_corpus(size):
    call_command("migrate", interactive=False, verbosity=0)
    call_command("load_taxonomy", str(TAXONOMY_FILE), stdout=io.StringIO())
    start = time.perf_counter()
    counts = build_corpus(size)
    return {**counts, "seconds": time.perf_counter() - start}


def task_rebuild(size):
    """rebuild_index through call_command; CPU time includes the worker processes that
    analyse passages."""
    start, start_cpu = time.perf_counter(), cpu_seconds() + cpu_seconds(resource.RUSAGE_CHILDREN)
    call_command("rebuild_index", interactive=False, verbosity=0)
    seconds = time.perf_counter() - start
    cpu = cpu_seconds() + cpu_seconds(resource.RUSAGE_CHILDREN) - start_cpu
    passages = Passage.objects.count()
    return {
        "seconds": seconds,
        "cpu_seconds": cpu,
        "passages": passages,
        "passages_per_s": passages / seconds,
        "index_mb": index_megabytes(),
        "peak_memory_mb": peak_memory_mb(),
    }


def index_megabytes():
    """The live index's size on disk: its folder, or on Solr every replica of its collection."""
    store = connections["default"].get_backend().store
    if not isinstance(store, CollectionStore):
        return sum(f.stat().st_size for f in store.live().rglob("*") if f.is_file()) / 2**20
    cores = []
    for url in store.admin.base_urls:
        status = {"action": "STATUS", "wt": "json"}
        answer = requests.get(f"{url}/admin/cores", params=status, timeout=60).json()
        cores += [core for name, core in answer["status"].items() if name.startswith(f"{store.live()}_")]
    return sum(core["index"]["sizeInBytes"] for core in cores) / 2**20


def task_serve(size):
    """/api/search/ and /search/ through Django's test client, facets and highlighting
    included; over HTTPS, as served with DEBUG off. Wall and CPU time per request, and
    for the API the engine's share of it (EngineClock)."""
    queries = build_queries()
    client = Client()
    clock = EngineClock()
    result = {}
    for name, url in (("api", "/api/search/"), ("html", "/search/")):
        for query in queries[:WARMUP_QUERIES]:
            client.get(url, query["params"], secure=True)
        engine_ms = []

        def get(query, url=url, engine_ms=engine_ms):
            response, ms = clock.lap(lambda: client.get(url, query["params"], secure=True))
            engine_ms.append(ms)
            return response

        wall, cpu, responses = timed_ms(get, queries)
        bad = [r.status_code for r in responses if r.status_code != 200]
        if bad:
            raise RuntimeError(f"{url} answered {bad[:5]}")
        result[name] = {**latency_summary(wall, queries), "cpu": latency_summary(cpu, queries)}
        if name == "api":
            result["hits"] = _median_hits(queries, [r.json()["count"] for r in responses])
            result["api_engine"] = latency_summary(engine_ms, queries)
            rest = [w - e for w, e in zip(wall, engine_ms, strict=True)]
            result["api_rest"] = latency_summary(rest, queries)

    def search(q):
        return client.get("/api/search/", {"q": q}, secure=True)

    runs = HOSTILE_RUNS
    result["hostile"] = {name: max(timed_ms(search, [q] * runs)[0]) for name, q in HOSTILE_QUERIES.items()}
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
    admin_times, _, _ = timed_ms(lambda q: baselines.admin_search(q["params"]), queries)
    fts_times, _, _ = timed_ms(lambda q: baselines.fts_search(connection, q["params"]), queries)
    return {
        "admin": latency_summary(admin_times, queries),
        "fts5": {**latency_summary(fts_times, queries), "build_seconds": fts_build},
    }


def task_postgres_corpus(size):
    """The same corpus in the bench's PostgreSQL database (emptied first), with the baseline's
    generated tsvector column and GIN index."""
    postgres.reset_schema()
    counts = task_corpus(size)
    start = time.perf_counter()
    postgres.build_tsvector()
    return {**counts, "tsvector_seconds": time.perf_counter() - start}


def task_postgres_baseline(size):
    """A count and the top 10 for each query, after the warm-up queries; wall time (the work is
    the server's, so this process's CPU time would not tell)."""
    queries = build_queries()
    for query in queries[:WARMUP_QUERIES]:
        postgres.postgres_search(query["params"])
    wall, _, _ = timed_ms(lambda q: postgres.postgres_search(q["params"]), queries)
    return latency_summary(wall, queries)


def task_profile(size):
    """CPU milliseconds per request by phase (bench/profile.py) for the API and the search page."""
    queries = build_queries()
    client = Client()
    clock = profile.install(connections["default"].get_backend())
    result = {}
    for url in ("/api/search/", "/search/"):
        for query in queries[:WARMUP_QUERIES]:
            client.get(url, query["params"], secure=True)
        result[url] = profile.measure(
            clock, lambda query, url=url: client.get(url, query["params"], secure=True), queries
        )
    return result


def task_queries(size):
    """The benchmark's queries as URL parameters (for make load, which runs without Django)."""
    return [query["params"] for query in build_queries()]


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


def task_acts(size):
    """Cite every passage's acts, as the migration and manage.py find_acts do."""
    from legalkb.acts import cite_all
    from legalkb.models import ActCitation

    start = time.perf_counter()
    changed = cite_all()
    seconds = time.perf_counter() - start
    passages = Passage.objects.count()
    return {
        "seconds": seconds,
        "passages_per_s": passages / seconds,
        "passages_citing": len(changed),
        "citations": ActCitation.objects.count(),
    }


def task_bulk(size):
    """manage.py export_bulk into a folder of its own; the process's peak memory."""
    import shutil

    from legalkb.bulk import export_bulk

    folder = Path(os.environ["LEGALKB_CACHE_PATH"]).parent / f"bulk-{size}"
    shutil.rmtree(folder, ignore_errors=True)
    start = time.perf_counter()
    manifest = export_bulk(folder)
    seconds = time.perf_counter() - start
    shutil.rmtree(folder)
    return {
        "seconds": seconds,
        "peak_memory_mb": peak_memory_mb(),
        "megabytes": sum(f["bytes"] for f in manifest["files"].values()) / 2**20,
        "records": {name: f["records"] for name, f in manifest["files"].items()},
    }


RELATED_SAMPLE = 200


def task_related(size):
    """related_passages() of RELATED_SAMPLE passages spread through the corpus."""
    from legalkb.search.related import related_passages

    from .stats import percentile

    ids = list(Passage.objects.order_by("pk").values_list("pk", flat=True)[:: max(1, size // RELATED_SAMPLE)])
    passages = [Passage.objects.with_source().with_tags().with_acts().get(pk=pk) for pk in ids]
    for passage in passages[:WARMUP_QUERIES]:
        related_passages(passage)
    wall, _cpu, found = timed_ms(related_passages, passages)
    return {
        "passages": len(passages),
        "p50_ms": percentile(wall, 50),
        "p95_ms": percentile(wall, 95),
        "p99_ms": percentile(wall, 99),
        "median_found": sorted(len(f) for f in found)[len(found) // 2],
        "peak_memory_mb": peak_memory_mb(),
    }


TASKS = {
    "corpus": task_corpus,
    "acts": task_acts,
    "bulk": task_bulk,
    "related": task_related,
    "rebuild": task_rebuild,
    "serve": task_serve,
    "baselines": task_baselines,
    "postgres_corpus": task_postgres_corpus,
    "postgres_baseline": task_postgres_baseline,
    "recall": task_recall,
    "queries": task_queries,
    "profile": task_profile,
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
