"""python -m bench.ab WORK_DIR [--size 100000] [--runs 2]: the CPU time of /api/search/ over
the benchmark's 210 requests, in this process, on a corpus and tantivy index `make bench` left
in WORK_DIR (bench-SIZE.sqlite3, index-SIZE-tantivy). Run it from two checkouts of the code,
alternately, to compare two versions in the same conditions (docs/benchmarks.md): CPU time,
which other people's work on a shared machine moves far less than wall time."""

import argparse
import os
import statistics
import time
from pathlib import Path


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench.ab", description=__doc__)
    parser.add_argument("work_dir", type=Path)
    parser.add_argument("--size", type=int, default=100_000, help="The corpus size measured.")
    parser.add_argument("--runs", type=int, default=2, help="Times each request is sent.")
    args = parser.parse_args(argv)
    work = args.work_dir.resolve()
    os.environ.update(
        DJANGO_SETTINGS_MODULE="legalkb.settings",
        DATABASE_URL=f"sqlite:///{work / f'bench-{args.size}.sqlite3'}",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="bench-only-key-not-for-production",
        DJANGO_ALLOWED_HOSTS="testserver",
        LEGALKB_THROTTLE="0",
        LEGALKB_CACHE_PATH=str(work / "cache"),
        LEGALKB_SEARCH_ENGINE="tantivy",
        LEGALKB_INDEX_PATH=str(work / f"index-{args.size}-tantivy"),
    )
    import django

    django.setup()
    from django.test import Client

    from .queries import build_queries

    client, queries = Client(), build_queries()
    for query in queries[:10]:  # warm-up
        client.get("/api/search/", query["params"], secure=True)
    cpu_ms = []
    for query in queries * args.runs:
        started = time.process_time()
        client.get("/api/search/", query["params"], secure=True)
        cpu_ms.append((time.process_time() - started) * 1000)
    cpu_ms.sort()
    print(
        f"CPU ms per request: p50 {statistics.median(cpu_ms):.1f}, "
        f"p95 {cpu_ms[int(len(cpu_ms) * 0.95)]:.1f}, mean {statistics.mean(cpu_ms):.1f}"
    )


if __name__ == "__main__":
    main()
