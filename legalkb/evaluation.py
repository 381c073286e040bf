"""Measure search quality on a fixed set of real queries (fixtures/search_eval.json).

A search function takes a query and returns passages best first, each as
(source slug, position). Two metrics over the first k results:

- recall@k: the share of queries with at least one expected passage in the top k
  (query-level recall, the figure the issue quotes for the stock tools);
- mrr@k: the mean over queries of 1 / rank of the first expected passage (0 when
  none is in the top k);

and, for information, passage_recall@k: the mean share of each query's expected
passages that are in the top k. Recall and MRR count the queries that expect
something; an antonym query may expect nothing and list "forbidden" passages
instead (кінәлілік for кінәсіздік), scored by clean@k: the share of queries with
forbidden passages that have none of them in the top k.
"""

import json
from pathlib import Path

from django.conf import settings

DEFAULT_PATH = Path(settings.BASE_DIR) / "fixtures" / "search_eval.json"
K = 10
CYRILLIC_KINDS = frozenset(
    "inflected lookalike-text lookalike-query russian author-case extra-word phrase concept".split()
)
# Kazakh typed in another script or language, typos, and antonyms that must not match.
CROSS_SCRIPT_KINDS = frozenset("latin2021 ascii russian-keyboard russian-term typo antonym".split())
# How researchers ask: questions, the concept in other words, a derived word for the text's,
# the query language, a sentence pasted from a text, Russian and English phrasing.
PHRASING_KINDS = frozenset(
    "question paraphrase derived operator quotation russian-phrase english-phrase".split()
)
KINDS = CYRILLIC_KINDS | CROSS_SCRIPT_KINDS | PHRASING_KINDS


def load_eval_set(path=None):
    """The queries as dicts {"query", "expected": [(slug, position)], "forbidden": [...], "kind"}."""
    rows = json.loads(Path(path or DEFAULT_PATH).read_text(encoding="utf-8"))
    return [
        {
            "query": row["query"],
            "expected": [(slug, int(position)) for slug, position in row["expected"]],
            "forbidden": [(slug, int(position)) for slug, position in row.get("forbidden", [])],
            "kind": row["kind"],
        }
        for row in rows
    ]


def first_hit_rank(ranked, expected):
    """1-based rank of the first expected passage in ranked, or None."""
    wanted = set(expected)
    return next((rank for rank, hit in enumerate(ranked, 1) if tuple(hit) in wanted), None)


def evaluate(search_fn, eval_set=None, k=K):
    """Run every query through search_fn and score the top k results."""
    eval_set = load_eval_set() if eval_set is None else eval_set
    per_query = []
    for item in eval_set:
        ranked = [tuple(hit) for hit in search_fn(item["query"])][:k]
        expected, forbidden = set(item["expected"]), set(item.get("forbidden", ()))
        per_query.append(
            {
                "query": item["query"],
                "kind": item["kind"],
                "expected": item["expected"],
                "rank": first_hit_rank(ranked, item["expected"]),
                "passage_recall": len(set(ranked) & expected) / len(expected) if expected else None,
                "forbidden_found": [hit for hit in ranked if hit in forbidden],
                "top": ranked,
            }
        )
    expecting = [q for q in per_query if q["expected"]]
    guarded = [q for item, q in zip(eval_set, per_query, strict=True) if item.get("forbidden")]
    return {
        f"recall@{k}": _mean(q["rank"] is not None for q in expecting),
        f"mrr@{k}": _mean(1 / q["rank"] if q["rank"] else 0 for q in expecting),
        f"passage_recall@{k}": _mean(q["passage_recall"] for q in expecting),
        f"clean@{k}": _mean(not q["forbidden_found"] for q in guarded),
        "per_query": per_query,
    }


def _mean(values):
    values = list(values)
    return sum(values) / len(values) if values else 0.0


def legalkb_search_fn(k=K):
    """legalkb's own search (legalkb.search.search_passages), first page of k."""
    from .search import SearchRequest, search_passages

    def search(query):
        hits = search_passages(SearchRequest(q=query, page_size=k)).hits
        return [(hit.passage.source.slug, hit.passage.position) for hit in hits]

    return search


def haystack_default_search_fn(tmp_index_dir, k=K):
    """Plain Whoosh as Haystack sets it up by default, over the same passages.

    The schema is Haystack's for a document CharField (build_schema: TEXT with
    StemmingAnalyzer, English stemming); the query is Haystack's AutoQuery string
    parsed by Whoosh's QueryParser, whose default group ANDs the words.
    """
    from haystack.backends.whoosh_backend import WhooshSearchQuery
    from haystack.inputs import AutoQuery
    from whoosh import index
    from whoosh.analysis import StemmingAnalyzer
    from whoosh.fields import ID, TEXT, Schema
    from whoosh.qparser import QueryParser

    from .models import Passage

    schema = Schema(
        key=ID(stored=True, unique=True),
        text=TEXT(stored=True, analyzer=StemmingAnalyzer(), sortable=True),
    )
    folder = Path(tmp_index_dir)
    folder.mkdir(parents=True, exist_ok=True)
    ix = index.create_in(str(folder), schema)
    with ix.writer() as writer:
        for passage in Passage.objects.select_related("source").defer("source__raw_text"):
            writer.add_document(key=f"{passage.source.slug}\t{passage.position}", text=passage.text)
    parser = QueryParser("text", schema=ix.schema)

    def search(query):
        query_string = AutoQuery(query).prepare(WhooshSearchQuery())
        with ix.searcher() as searcher:
            hits = searcher.search(parser.parse(query_string), limit=k)
            keys = [hit["key"].split("\t") for hit in hits]
        return [(slug, int(position)) for slug, position in keys]

    return search
