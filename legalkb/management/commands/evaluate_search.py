import tempfile

from django.core.management.base import BaseCommand

from legalkb.evaluation import K, evaluate, haystack_default_search_fn, legalkb_search_fn, load_eval_set


class Command(BaseCommand):
    help = "Score legalkb's search and plain Whoosh with Haystack's defaults on fixtures/search_eval.json."

    def add_arguments(self, parser):
        parser.add_argument("--path", help="another evaluation set (JSON)")

    def handle(self, path=None, **options):
        eval_set = load_eval_set(path)
        ours = evaluate(legalkb_search_fn(), eval_set)
        with tempfile.TemporaryDirectory() as folder:
            stock = evaluate(haystack_default_search_fn(folder), eval_set)
        self.stdout.write(f"{len(eval_set)} queries, top {K}")
        self.stdout.write(f"{'':<28}{'recall@10':>10}{'mrr@10':>10}{'clean@10':>10}")
        for name, result in (("legalkb", ours), ("Haystack default (Whoosh)", stock)):
            scores = "".join(f"{result[metric]:>10.3f}" for metric in ("recall@10", "mrr@10", "clean@10"))
            self.stdout.write(f"{name:<28}{scores}")
        rows = ours["per_query"]
        failing = [q for q in rows if (q["expected"] and q["rank"] is None) or q["forbidden_found"]]
        self.stdout.write(f"legalkb failing queries: {len(failing)}")
        for q in failing:
            found = f"  forbidden found {q['forbidden_found']}" if q["forbidden_found"] else ""
            self.stdout.write(f"  [{q['kind']}] {q['query']}  expected {q['expected']}{found}")
