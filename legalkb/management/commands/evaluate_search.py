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
        self.stdout.write(f"{'':<28}{'recall@10':>10}{'mrr@10':>10}")
        for name, result in (("legalkb", ours), ("Haystack default (Whoosh)", stock)):
            self.stdout.write(f"{name:<28}{result['recall@10']:>10.3f}{result['mrr@10']:>10.3f}")
        failing = [q for q in ours["per_query"] if q["rank"] is None]
        self.stdout.write(f"legalkb failing queries: {len(failing)}")
        for q in failing:
            self.stdout.write(f"  [{q['kind']}] {q['query']}  expected {q['expected']}")
