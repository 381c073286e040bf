"""Search quality on the evaluation set (fixtures/search_eval.json), against the
session corpus: legalkb must stay above the target and above Haystack's defaults."""

import pytest

from legalkb.evaluation import evaluate, haystack_default_search_fn, legalkb_search_fn

pytestmark = pytest.mark.usefixtures("search_engine")


def test_legalkb_finds_the_expected_passage_for_nearly_every_query(corpus):
    result = evaluate(legalkb_search_fn())
    failing = [q["query"] for q in result["per_query"] if q["rank"] is None]
    assert result["recall@10"] >= 0.95, failing
    assert result["mrr@10"] >= 0.90


def test_haystack_defaults_are_measured_and_do_worse(corpus, tmp_path):
    stock = evaluate(haystack_default_search_fn(tmp_path / "stock"))
    ours = evaluate(legalkb_search_fn())
    assert 0 <= stock["recall@10"] < ours["recall@10"]
    assert 0 <= stock["mrr@10"] < ours["mrr@10"]
