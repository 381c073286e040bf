from pathlib import Path

from django.core.management.base import BaseCommand

from bench.runner import default_paths, run_benchmark


class Command(BaseCommand):
    help = "Benchmark legalkb on synthetic corpora of growing size (see docs/benchmarks.md)."

    def add_arguments(self, parser):
        defaults = default_paths()
        parser.add_argument(
            "--sizes", default="1000,10000,100000,1000000", help="Comma-separated passage counts."
        )
        parser.add_argument("--runs", type=int, default=3)
        parser.add_argument("--work-dir", type=Path, default=defaults["work_dir"])
        parser.add_argument("--json", type=Path, default=defaults["json_path"])
        parser.add_argument("--markdown", type=Path, default=defaults["markdown_path"])

    def handle(self, sizes, runs, work_dir, json, markdown, **options):
        run_benchmark(
            [int(size) for size in sizes.split(",")], runs, work_dir, json, markdown,
            log=lambda message: self.stdout.write(message),
        )
        self.stdout.write(f"Wrote {json} and {markdown}.")
