"""python -m bench [--sizes 1000,10000 --runs 1]: the growth benchmark (docs/benchmarks.md)."""

import argparse
from pathlib import Path

from .runner import default_paths, run_benchmark


def main(argv=None):
    defaults = default_paths()
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--sizes", default="1000,10000,100000", help="Comma-separated passage counts.")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work-dir", type=Path, default=defaults["work_dir"])
    parser.add_argument("--json", type=Path, default=defaults["json_path"])
    parser.add_argument("--markdown", type=Path, default=defaults["markdown_path"])
    args = parser.parse_args(argv)
    sizes = [int(size) for size in args.sizes.split(",")]
    run_benchmark(sizes, args.runs, args.work_dir, args.json, args.markdown)
    print(f"Wrote {args.json} and {args.markdown}.")


if __name__ == "__main__":
    main()
