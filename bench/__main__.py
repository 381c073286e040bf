"""python -m bench [--sizes 1000,10000 --runs 1 --engines solr]: the growth benchmark (1k, 10k and
100k passages on every engine, 1,000,000 on tantivy and SolrCloud, once); python -m bench
--large-sources: the pages over two 10 MB sources; python -m bench --discovery [--sizes …]:
acts cited, the bulk export and related passages at 100k and 1,000,000 passages
(docs/benchmarks.md)."""

import argparse
from pathlib import Path

from .discovery import DEFAULT_SIZES as DISCOVERY_SIZES
from .discovery import run_discovery
from .runner import ENGINES, default_paths, run_benchmark, run_large_sources

DEFAULT_SIZES = "1000,10000,100000,1000000"


def main(argv=None):
    defaults = default_paths()
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--sizes", help=f"Comma-separated passage counts (default {DEFAULT_SIZES}).")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--engines", default=",".join(ENGINES), help="Comma-separated engines; solr starts its own cluster."
    )
    parser.add_argument("--work-dir", type=Path, default=defaults["work_dir"])
    parser.add_argument("--json", type=Path, default=defaults["json_path"])
    parser.add_argument("--markdown", type=Path, default=defaults["markdown_path"])
    parser.add_argument("--large-sources", action="store_true", help="Only the pages over two 10 MB sources.")
    parser.add_argument(
        "--discovery", action="store_true", help=f"Acts, bulk export, related (sizes {DISCOVERY_SIZES})."
    )
    args = parser.parse_args(argv)
    if args.discovery:
        json_path = args.json if args.json != defaults["json_path"] else defaults["discovery_json_path"]
        sizes = [int(size) for size in (args.sizes or DISCOVERY_SIZES).split(",")]
        run_discovery(sizes, args.work_dir, json_path, args.markdown)
        print(f"Wrote {json_path} and {args.markdown}.")
        return
    if args.large_sources:
        json_path = args.json if args.json != defaults["json_path"] else defaults["large_json_path"]
        run_large_sources(args.work_dir, json_path, args.markdown)
        print(f"Wrote {json_path} and {args.markdown}.")
        return
    sizes = [int(size) for size in (args.sizes or DEFAULT_SIZES).split(",")]
    engines = [engine for engine in args.engines.split(",") if engine]
    unknown = set(engines) - set(ENGINES)
    if unknown:
        parser.error(f"unknown engine {', '.join(sorted(unknown))}: use {', '.join(ENGINES)}")
    run_benchmark(sizes, args.runs, args.work_dir, args.json, args.markdown, engines=engines)
    print(f"Wrote {args.json} and {args.markdown}.")


if __name__ == "__main__":
    main()
