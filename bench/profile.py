"""python -m bench.profile [--size 100000] [--engine tantivy]: where a search request's time goes.

The benchmark's 210 requests to /api/search/ and /search/ (Django's test client, production
settings), on the corpus and index `make bench` left in var/bench/ for that size and engine.
Each phase of a request (PHASES: functions of legalkb wrapped by a clock) is charged the CPU time
spent in it, less what the phases it calls take (highlighting runs inside JSON and template
rendering); the rest of a request is Django's handling and middleware. CPU time, which other
work on the machine barely moves, and only a few clock readings a request, so the figures are
the request's own. Prints CPU milliseconds per request by phase; bench/results/profile-SIZE-ENGINE.json
keeps them.
"""

import argparse
import importlib
import json
import time
from collections import Counter

from .runner import ROOT, fresh_env, run_worker

ENGINE = "engine: query plan, counts, page, facets (backend.search)"
# phase: [(module, attribute) of a function whose time it is, …]
PHASES = {
    "filters checked": [("legalkb.api", "parse_search_params"), ("legalkb.views", "parse_search_params")],
    ENGINE: [],  # the backend's own search method, wrapped by install
    "the page's passages, sources and links (database)": [("legalkb.search", "shown_passages")],
    "facet values: labels and order": [("legalkb.search", "_facets")],
    "highlighting": [("legalkb.search", "highlight")],
    "JSON": [("legalkb.api", "response_json"), ("legalkb.api", "JsonResponse")],
    "template rendering": [("legalkb.views", "render")],
}
REST = "Django's request handling, middleware and the rest"


class PhaseClock:
    """CPU time per phase, each phase charged only while it is the innermost one running."""

    def __init__(self):
        self.totals, self.running = Counter(), []

    def wrap(self, phase, function):
        def timed(*args, **kwargs):
            self._switch(lambda now: self.running.append([phase, now]))
            try:
                return function(*args, **kwargs)
            finally:
                self._switch(lambda now: self.running.pop())

        return timed

    def _switch(self, change):
        now = time.process_time()
        if self.running:
            phase, since = self.running[-1]
            self.totals[phase] += now - since
        change(now)
        if self.running:
            self.running[-1][1] = now


def install(backend):
    """A PhaseClock around every phase's function (and the backend's search)."""
    clock = PhaseClock()
    for phase, places in PHASES.items():
        for module_name, name in places:
            module = importlib.import_module(module_name)
            setattr(module, name, clock.wrap(phase, getattr(module, name)))
    backend.search = clock.wrap(ENGINE, backend.search)
    return clock


def measure(clock, get, requests):
    """{phase: CPU milliseconds per request} over get(request) for each request."""
    clock.totals.clear()
    started = time.process_time()
    for request in requests:
        get(request)
    total = time.process_time() - started
    figures = {phase: seconds * 1000 / len(requests) for phase, seconds in clock.totals.most_common()}
    return {**figures, REST: total * 1000 / len(requests) - sum(figures.values())}


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench.profile", description=__doc__)
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--engine", default="tantivy")
    args = parser.parse_args(argv)
    work_dir = ROOT / "var" / "bench"
    index = work_dir / f"index-{args.size}-{args.engine}"
    if not (work_dir / f"bench-{args.size}.sqlite3").exists() or not index.exists():
        raise SystemExit(
            f"No corpus and {args.engine} index of {args.size} passages in {work_dir}: run make bench."
        )
    env = {
        **fresh_env(work_dir, str(args.size), keep=True),
        "LEGALKB_SEARCH_ENGINE": args.engine,
        "LEGALKB_INDEX_PATH": str(index.resolve()),
    }
    result = run_worker("profile", args.size, env, work_dir)
    out = ROOT / "bench" / "results" / f"profile-{args.size}-{args.engine}.json"
    out.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    for url, figures in result.items():
        print(f"{url}: {sum(figures.values()):.1f} ms of CPU per request")
        for name, ms in figures.items():
            print(f"  {ms:7.2f}  {name}")
    print(f"Wrote {out.relative_to(ROOT)}.")


if __name__ == "__main__":
    main()
