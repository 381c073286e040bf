"""The metric code, on hand-made rankings."""

import json

import pytest

from legalkb.evaluation import KINDS, evaluate, first_hit_rank, load_eval_set

EVAL_SET = [
    {"query": "first", "expected": [("a", 1)], "kind": "inflected"},
    {"query": "second", "expected": [("a", 2), ("b", 5)], "kind": "phrase"},
    {"query": "third", "expected": [("b", 9)], "kind": "concept"},
]
RANKINGS = {
    "first": [("a", 1), ("a", 2)],  # rank 1
    "second": [("a", 7), ("b", 5), ("a", 2)],  # rank 2, both expected found
    "third": [("a", 1)] * 10 + [("b", 9)],  # rank 11: outside the top 10
}


def test_first_hit_rank_is_one_based_and_none_when_absent():
    assert first_hit_rank([("a", 3), ("a", 1)], [("a", 1)]) == 2
    assert first_hit_rank([("a", 3)], [("a", 1)]) is None


def test_recall_counts_queries_with_an_expected_passage_in_the_top_10():
    result = evaluate(RANKINGS.get, EVAL_SET)
    assert result["recall@10"] == pytest.approx(2 / 3)


def test_mrr_averages_the_reciprocal_rank_of_the_first_expected_passage():
    result = evaluate(RANKINGS.get, EVAL_SET)
    assert result["mrr@10"] == pytest.approx((1 + 1 / 2 + 0) / 3)


def test_passage_recall_is_the_mean_share_of_expected_passages_found():
    result = evaluate(RANKINGS.get, EVAL_SET)
    assert result["passage_recall@10"] == pytest.approx((1 + 1 + 0) / 3)


def test_per_query_rows_say_where_the_answer_was():
    rows = evaluate(RANKINGS.get, EVAL_SET)["per_query"]
    assert [row["rank"] for row in rows] == [1, 2, None]


def test_load_eval_set_reads_pairs_as_tuples(tmp_path):
    path = tmp_path / "set.json"
    path.write_text(json.dumps([{"query": "q", "expected": [["a", 3]], "kind": "phrase"}]), encoding="utf-8")
    assert load_eval_set(path) == [{"query": "q", "expected": [("a", 3)], "kind": "phrase"}]


def test_the_shipped_set_is_large_and_covers_every_kind():
    eval_set = load_eval_set()
    assert len(eval_set) >= 60
    assert {item["kind"] for item in eval_set} == KINDS
    assert all(item["expected"] for item in eval_set)


def test_every_expected_passage_exists(corpus):
    from legalkb.models import Passage

    known = set(Passage.objects.values_list("source__slug", "position"))
    missing = [pair for item in load_eval_set() for pair in item["expected"] if pair not in known]
    assert missing == []
