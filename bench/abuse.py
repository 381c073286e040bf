"""make abuse: what a flood of refused requests and the worst queries the limits allow do to
other readers, through gunicorn (4 workers, production settings, the throttle on) on a
corpus of 100,000 passages on tantivy (bench/corpus.py). Figures: bench/results/abuse.json
and the "Under abuse" section of docs/benchmarks.md.

Readers (four addresses, each well within its limits) load passage pages, browsing pages and
searches at a steady pace and time each answer, in three phases of PHASE_SECONDS:

- quiet: the readers alone;
- flood: beside them, one address sends API requests as fast as wrk can (CONNECTIONS at
  once), answered 429 but for the first of its window;
- hostile: beside them, six addresses each send the worst queries of bench/hostile.py to
  the API and export the largest result (every passage, 1,000 rows) as often as their
  limits allow.

Also the cost of one refused request in this process, through the site's WSGI application,
beside one throttle counter increment and one lookup in Django's file cache.
"""

import argparse
import json
import random
import runpy
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from datetime import datetime
from pathlib import Path
from urllib.parse import urlencode

from .hostile import HOSTILE_QUERIES
from .load import serve
from .report import machine, write_section
from .runner import engine_env, fresh_env, run_worker, served_env
from .stats import median_of

ROOT = Path(__file__).resolve().parent.parent
WORKERS = 4
PHASE_SECONDS = 40
READERS = [f"198.51.100.{n}" for n in range(1, 5)]
READER_PAUSE = 0.8  # seconds between a reader's requests: 75 a minute, well within its limits
HOSTILE = [f"203.0.113.{n}" for n in range(1, 7)]
FLOODER = "192.0.2.66"
CONNECTIONS = 16
PHASES = ("quiet", "flood", "hostile")
PAGES = ("passages", "search", "api")  # what readers load, by the first part of its path


def reader_urls(size, count=400, seed=11):
    """Passage pages and searches (the page and the API), as a reader clicks through them. The
    lists of the whole taxonomy are left out: at 100,000 passages they take a second or two
    on their own (counting every link), which would hide what abuse adds."""
    rng = random.Random(seed)
    kinds = [
        lambda: f"/passages/{rng.randint(1, size)}/",
        lambda: f"/passages/{rng.randint(1, size)}/",
        lambda: "/search/?" + urlencode({"q": rng.choice(["жауапкершілік", "мемлекеттік қызмет", "заң"])}),
        lambda: "/api/search/?" + urlencode({"q": rng.choice(["кінәлілік презумпциясы", "реформа"])}),
    ]
    return [rng.choice(kinds)() for _ in range(count)]


def get(base, url, address):
    """(status, milliseconds) of a GET from address."""
    request = urllib.request.Request(base + url, headers={"X-Real-IP": address, "X-Forwarded-Proto": "https"})
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        error.read()
        status = error.code
    return status, (time.perf_counter() - start) * 1000


def read_steadily(base, address, urls, stop, timings, statuses):
    for url in urls:
        if stop.is_set():
            return
        status, ms = get(base, url, address)
        timings.append((ms, url.split("/")[1]))
        statuses.append(status)
        stop.wait(READER_PAUSE)


def send_worst_allowed(base, address, stop, statuses):
    """The hostile queries to the API at a minute's limit, and the largest export at its own."""
    queries = list(HOSTILE_QUERIES.values())
    next_export = 0.0
    for n in range(10**9):
        if stop.is_set():
            return
        if time.monotonic() >= next_export:
            statuses.append(get(base, "/search/export.json?sort=source", address)[0])
            next_export = time.monotonic() + 12  # 5 a minute
        statuses.append(get(base, "/api/search/?" + urlencode({"q": queries[n % len(queries)]}), address)[0])
        stop.wait(1.0)  # 60 a minute


def run_phase(base, phase, size):
    stop, timings, reader_statuses, other_statuses = threading.Event(), [], [], []
    urls = reader_urls(size)
    threads = [
        threading.Thread(
            target=read_steadily,
            args=(base, address, urls[i :: len(READERS)], stop, timings, reader_statuses),
        )
        for i, address in enumerate(READERS)
    ]
    if phase == "hostile":
        threads += [
            threading.Thread(target=send_worst_allowed, args=(base, address, stop, other_statuses))
            for address in HOSTILE
        ]
    for thread in threads:
        thread.start()
    flood = None
    if phase == "flood":
        flood = flood_with_wrk(base)
    else:
        time.sleep(PHASE_SECONDS)
    stop.set()
    for thread in threads:
        thread.join()
    result = {
        **reader_figures(timings),
        "reader_errors": sum(status >= 400 for status in reader_statuses),
        "reader_busy": reader_statuses.count(503),
    }
    if flood:
        result["flood"] = flood
    if other_statuses:
        result["hostile_answers"] = {str(s): other_statuses.count(s) for s in sorted(set(other_statuses))}
    return result


def over_runs(runs):
    """A phase's figures over its runs: the median of each, the readers' errors and the abusers'
    answers counted over all runs, and each run's readers' p95."""
    answers, figures = Counter(), []
    for run in runs:
        answers.update(run.get("hostile_answers", {}))
        figures.append({key: value for key, value in run.items() if key != "hostile_answers"})
    result = {
        **median_of(figures),
        "reader_errors": sum(run["reader_errors"] for run in runs),
        "reader_busy": sum(run["reader_busy"] for run in runs),
        "reader_p95_ms_each_run": [run["reader_p95_ms"] for run in runs],
    }
    if answers:
        result["hostile_answers"] = dict(sorted(answers.items()))
    return result


def reader_figures(timings):
    """Count, p50 and p95 of the readers' (milliseconds, page) answers, and p95 by page."""
    every = sorted(ms for ms, _ in timings)
    return {
        "reader_requests": len(every),
        "reader_p50_ms": percentile(every, 0.5),
        "reader_p95_ms": percentile(every, 0.95),
        "reader_p95_ms_by_page": {
            page: percentile(sorted(ms for ms, kind in timings if kind == page), 0.95)
            for page in sorted({kind for _, kind in timings})
        },
    }


def percentile(sorted_ms, share):
    return sorted_ms[int(len(sorted_ms) * share)]


def flood_with_wrk(base):
    script = ROOT / "var" / "abuse-flood.lua"
    script.write_text(f'wrk.headers["X-Real-IP"] = "{FLOODER}"\nwrk.headers["X-Forwarded-Proto"] = "https"\n')
    output = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{CONNECTIONS}",
            f"-d{PHASE_SECONDS}s",
            "-s",
            str(script),
            f"{base}/api/search/?q=x",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    requests = int(output.split(" requests in ")[0].split()[-1])
    refused = int(output.split("Non-2xx or 3xx responses: ")[1].split()[0]) if "Non-2xx" in output else 0
    return {"requests": requests, "per_second": requests / PHASE_SECONDS, "refused": refused}


def refusal_cost(env):
    """Microseconds per refused request, counter increment and file-cache lookup (median of 5)."""
    script = "import json; from bench.abuse import measure_refusal; print(json.dumps(measure_refusal()))"
    runs = [
        json.loads(
            subprocess.run(
                [sys.executable, "-c", script], env=env, cwd=ROOT, capture_output=True, text=True, check=True
            ).stdout
        )
        for _ in range(5)
    ]
    return {key: median_of([run[key] for run in runs]) for key in runs[0]}


def measure_refusal(times=20_000):
    import io

    from django.core.cache import cache

    from legalkb.throttle import counters
    from legalkb.wsgi import application

    def environ():
        return {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": "/api/search/",
            "QUERY_STRING": "q=x",
            "SERVER_NAME": "testserver",
            "SERVER_PORT": "443",
            "REMOTE_ADDR": FLOODER,
            "wsgi.input": io.BytesIO(),
            "wsgi.url_scheme": "https",
            "HTTP_ACCEPT_LANGUAGE": "kk",
        }

    def microseconds(call):
        start = time.perf_counter()
        for _ in range(times):
            call()
        return (time.perf_counter() - start) / times * 1e6

    statuses = []
    for _ in range(100):  # past the limit
        application(environ(), lambda status, headers: statuses.append(status))
    assert statuses[-1].startswith("429"), statuses[-1]
    store = counters()
    cache.set("bench", 1)
    return {
        "refused_request_us": microseconds(lambda: application(environ(), lambda status, headers: None)),
        "counter_increment_us": microseconds(lambda: store.hit("api:bench", 3600)),
        "file_cache_lookup_us": microseconds(lambda: cache.get("bench")),
    }


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench.abuse", description=__doc__)
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--port", type=int, default=8160)
    parser.add_argument("--keep-corpus", action="store_true", help="Reuse the corpus and index built before.")
    parser.add_argument("--runs", type=int, default=3, help="The three phases are run this many times.")
    args = parser.parse_args(argv)
    work_dir = ROOT / "var" / "bench"
    work_dir.mkdir(parents=True, exist_ok=True)
    name = f"abuse-{args.size}"
    database = work_dir / f"bench-{name}.sqlite3"
    if args.keep_corpus and database.exists():
        env = {
            **fresh_env(work_dir, name, keep=True),
            "LEGALKB_SEARCH_ENGINE": "tantivy",
            "LEGALKB_INDEX_PATH": str((work_dir / f"index-{name}-tantivy").resolve()),
        }
    else:
        env = engine_env(fresh_env(work_dir, name), work_dir, name, "tantivy")
        print(f"{args.size} passages: building the corpus and the tantivy index", flush=True)
        run_worker("corpus", args.size, env, work_dir)
        run_worker("rebuild", args.size, env, work_dir)
    served = served_env(env, work_dir / f"throttle-{name}.sqlite3")
    result = {
        "size": args.size,
        "workers": WORKERS,
        "threads": runpy.run_path(str(ROOT / "gunicorn.conf.py"))["threads"],
        "runs": args.runs,
        "phase_seconds": PHASE_SECONDS,
        "refusal": refusal_cost({**served, "DJANGO_ALLOWED_HOSTS": "testserver"}),
    }
    server = serve(served, args.port, WORKERS)
    try:
        base = f"http://127.0.0.1:{args.port}"
        for url in reader_urls(args.size, 40):  # warm every worker's caches
            get(base, url, "198.51.100.250")
        measured = {phase: [] for phase in PHASES}
        for run in range(1, args.runs + 1):
            for phase in PHASES:
                print(f"run {run}, phase {phase}", flush=True)
                measured[phase].append(run_phase(base, phase, args.size))
                time.sleep(1)
        result.update({phase: over_runs(runs) for phase, runs in measured.items()})
    finally:
        server.terminate()
        server.wait(timeout=60)
    result.update(date=datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"), machine=machine())
    write_report(result)
    print(json.dumps(result, indent=2))


def write_report(result):
    (ROOT / "bench" / "results" / "abuse.json").write_text(
        json.dumps(result, indent=2) + "\n", encoding="utf-8"
    )
    quiet = result["quiet"]["reader_p95_ms"]
    rows = "\n".join(
        f"| {phase} | {result[phase]['reader_requests']} | {result[phase]['reader_p50_ms']:.0f} | "
        f"{result[phase]['reader_p95_ms']:.0f} | {result[phase]['reader_p95_ms'] / quiet:.2f} | "
        + " / ".join(f"{result[phase]['reader_p95_ms_by_page'][page]:.0f}" for page in PAGES)
        + f" | {result[phase]['reader_busy']} of {result[phase]['reader_errors']} errors |"
        for phase in ("quiet", "flood", "hostile")
    )
    flood, refusal = result["flood"]["flood"], result["refusal"]
    body = (
        f"Measured {result['date']}: gunicorn with {result['workers']} workers of {result['threads']} "
        f"threads on 127.0.0.1, production settings, the throttle on with its default limits, "
        f"{result['size']:,} passages on tantivy; the three phases of {result['phase_seconds']} s run "
        f"{result['runs']} times on the same server, each figure the median of the runs, errors and "
        "answers counted over all (bench/abuse.py). Four readers (four addresses, one request every "
        "0.8 s each: passage pages, the search page, API searches) time every answer.\n\n"
        "| phase | reader requests | reader p50 ms | reader p95 ms | p95 / quiet p95 "
        "| p95 ms: passage pages / search page / API | reader answers 503 (search busy) |\n"
        "|---|---|---|---|---|---|---|\n"
        f"{rows}\n\n"
        f"The readers' p95 / quiet p95 in each run: {each_run_ratios(result)}.\n\n"
        f"Flood: one address, wrk with {CONNECTIONS} connections: {flood['requests']:,} requests "
        f"({flood['per_second']:,.0f}/s), {flood['refused']:,} answered 429. Hostile: six addresses, each "
        "sending the worst queries of bench/hostile.py to the API once a second and exporting all "
        "1,000 rows every 12 s (their limits by count; their server time is limited too): answers "
        f"{result['hostile']['hostile_answers']}.\n\n"
        f"One refused request through the site's WSGI application: {refusal['refused_request_us']:.0f} µs, "
        f"of which one throttle counter increment (SQLite, WAL) is {refusal['counter_increment_us']:.0f} µs; "
        f"one lookup in Django's file cache takes {refusal['file_cache_lookup_us']:.0f} µs (medians of "
        "5 runs of 20,000, in one process)."
    )
    write_section(ROOT / "docs" / "benchmarks.md", "abuse", body)


def each_run_ratios(result):
    """ "flood 1.52, 1.40, 1.61; hostile …": each run's phase p95 over that run's quiet p95."""
    quiet = result["quiet"]["reader_p95_ms_each_run"]

    def ratios(phase):
        each = zip(result[phase]["reader_p95_ms_each_run"], quiet, strict=True)
        return ", ".join(f"{p95 / quiet_p95:.2f}" for p95, quiet_p95 in each)

    return "; ".join(f"{phase} {ratios(phase)}" for phase in ("flood", "hostile"))


if __name__ == "__main__":
    main()
