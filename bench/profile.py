"""python -m bench.profile [--size 100000] [--engine tantivy]: where a search request's time goes.

The benchmark's 210 requests to /api/search/ and /search/ (Django's test client, production
settings) under pyinstrument, on the corpus and index `make bench` left in var/bench/ for that
size and engine. Each sample's call stack is put in the first category of CATEGORIES one of its
frames belongs to, so a word analysed while highlighting counts as highlighting. Prints
milliseconds per request by category; bench/results/profile-SIZE-ENGINE.json keeps them.
"""

import argparse
import json

from .runner import ROOT, fresh_env, run_worker

# (category, where its frames are: a path fragment, and optionally a function name), first match wins
CATEGORIES = (
    ("highlighting", (("legalkb/text/highlight.py", None),)),
    ("facet values: labels and order", (("legalkb/search/__init__.py", "_facets"),)),
    ("filters checked", (("legalkb/search/params.py", None),)),
    ("the page's passages, sources and links (database)", (("legalkb/search/results.py", None),)),
    (
        "engine: tantivy or Whoosh",
        (
            ("legalkb/search/backends/tantivy.py", None),
            ("/whoosh/", None),
            ("legalkb/search/backends/whoosh.py", None),
        ),
    ),
    (
        "query plan: parsing, words, typos, thesaurus",
        (
            ("legalkb/search/plan.py", None),
            ("legalkb/text/", None),
            ("legalkb/search/thesaurus.py", None),
            ("legalkb/search/query.py", None),
        ),
    ),
    ("JSON", (("legalkb/api.py", "response_json"), ("/json/", None), ("django/http/response.py", None))),
    (
        "template rendering",
        (("django/template/", None), ("django/templatetags/", None), ("legalkb/templatetags/", None)),
    ),
    ("other database queries", (("django/db/", None),)),
    (
        "Django's request handling and middleware",
        (
            ("django/", None),
            ("/csp/", None),
            ("/axes/", None),
            ("/whitenoise/", None),
            ("/simple_history/", None),
        ),
    ),
)
OTHER = "other"


def category(stack):
    """The category of a sample's call stack (frames as pyinstrument names them, root first)."""
    frames = [frame.split("\x00") for frame in stack]
    for name, places in CATEGORIES:
        for function, path, *_ in frames:
            if any(fragment in path and wanted in (None, function) for fragment, wanted in places):
                return name
    return OTHER


def by_category(session, requests):
    """{category: milliseconds per request} of a pyinstrument session over that many requests."""
    totals = {}
    for stack, seconds in session.frame_records:
        name = category(stack)
        totals[name] = totals.get(name, 0.0) + seconds
    return {name: totals[name] * 1000 / requests for name in sorted(totals, key=totals.get, reverse=True)}


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
        print(f"{url}: {sum(figures.values()):.1f} ms per request (sampled wall time)")
        for name, ms in figures.items():
            print(f"  {ms:7.2f}  {name}")
    print(f"Wrote {out.relative_to(ROOT)}.")


if __name__ == "__main__":
    main()
