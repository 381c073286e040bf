"""The metric code, on hand-made rankings."""

import json

import pytest

from legalkb.evaluation import CROSS_SCRIPT_KINDS, KINDS, evaluate, first_hit_rank, load_eval_set

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
    assert load_eval_set(path) == [{"query": "q", "expected": [("a", 3)], "forbidden": [], "kind": "phrase"}]


def test_forbidden_passages_are_read_as_tuples(tmp_path):
    path = tmp_path / "set.json"
    row = {"query": "кінәсіздік", "expected": [], "forbidden": [["a", 30]], "kind": "antonym"}
    path.write_text(json.dumps([row]), encoding="utf-8")
    assert load_eval_set(path)[0]["forbidden"] == [("a", 30)]


ANTONYMS = [
    {"query": "without", "expected": [], "forbidden": [("a", 30)], "kind": "antonym"},
    {"query": "opposite", "expected": [("a", 1)], "forbidden": [("a", 2)], "kind": "antonym"},
]


def test_clean_is_the_share_of_guarded_queries_with_no_forbidden_passage_in_the_top_10():
    rankings = {"without": [("a", 1)], "opposite": [("a", 1), ("a", 2)]}
    result = evaluate(rankings.get, ANTONYMS)
    assert result["clean@10"] == pytest.approx(1 / 2)
    assert result["per_query"][1]["forbidden_found"] == [("a", 2)]


def test_a_query_expecting_nothing_is_left_out_of_recall_and_mrr():
    rankings = {"without": [], "opposite": [("a", 1)]}
    result = evaluate(rankings.get, ANTONYMS)
    assert result["recall@10"] == result["mrr@10"] == 1.0


def test_the_shipped_set_is_large_and_covers_every_kind():
    eval_set = load_eval_set()
    assert len(eval_set) >= 60
    assert {item["kind"] for item in eval_set} == KINDS
    assert all(item["expected"] or item["forbidden"] for item in eval_set)
    assert all(item["expected"] for item in eval_set if item["kind"] != "antonym")


def test_the_shipped_set_has_at_least_60_cross_script_queries():
    assert len([item for item in load_eval_set() if item["kind"] in CROSS_SCRIPT_KINDS]) >= 60


def test_every_expected_passage_exists(corpus):
    from legalkb.models import Passage

    known = set(Passage.objects.values_list("source__slug", "position"))
    listed = [pair for item in load_eval_set() for pair in item["expected"] + item["forbidden"]]
    missing = [pair for pair in listed if pair not in known]
    assert missing == []
