"""Smoke test of the benchmark at 1,000 passages: files and fields, never timings
(the machines are shared and noisy)."""

import json
import re
import subprocess
import sys

import pytest
from django.db import connection

from bench import baselines, postgres
from bench.queries import build_queries
from bench.recall import recall_figures
from bench.report import render
from bench.runner import ENGINES, ROOT

KINDS = {"rare", "common", "two_words", "three_words", "phrase", "russian"}


def test_query_mix_is_fixed_and_varied():
    queries = build_queries()
    assert queries == build_queries()
    assert len(queries) >= 200
    assert {q["kind"] for q in queries} == KINDS
    assert {q["filters"] for q in queries} == {0, 1, 2}
    assert any(q["params"]["q"].startswith('"') for q in queries)


# The FTS5 baseline lives in SQLite: the bench always runs on its own SQLite databases.
@pytest.mark.skipif(connection.vendor != "sqlite", reason="FTS5 is SQLite's")
def test_recall_figures_with_a_stand_in_evaluation(corpus):
    calls = []

    def evaluate(search):
        calls.append(search("жауапкершілігі"))
        return {"recall@10": 1.0, "mrr@10": 0.5, "per_query": []}

    connection = baselines.fts_connection()
    baselines.build_fts(connection)
    figures = recall_figures(evaluate, connection)
    assert set(figures) == {"legalkb", "admin", "fts5"}
    assert figures["admin"] == {"recall@10": 1.0, "mrr@10": 0.5}
    slug = corpus.article.slug
    assert all(calls) and all(hit[0] in {slug, corpus.abstract.slug} for hits in calls for hit in hits)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the baseline is PostgreSQL's full-text search")
def test_postgres_baseline_counts_and_ranks_within_the_filters(corpus):
    postgres.build_tsvector()

    count, top = postgres.postgres_search({"q": "жауапкершілігі"})
    within, top_within = postgres.postgres_search({"q": "жауапкершілігі", "source": corpus.article.slug})

    assert count > within > 0 and len(top) == min(count, postgres.TOP)
    assert {slug for slug, _ in top_within} == {corpus.article.slug}
    assert postgres.postgres_search({"q": "жауапкершілігі -мемлекеттің"})[0] < count


@pytest.mark.slow
def test_bench_at_1000_passages(tmp_path):
    json_path, markdown = tmp_path / "latest.json", tmp_path / "benchmarks.md"
    markdown.write_text("# Benchmarks\n\nHand-written notes.\n", encoding="utf-8")
    command = [
        "--sizes",
        "1000",
        "--runs",
        "1",
        "--work-dir",
        tmp_path / "work",
        "--json",
        json_path,
        "--markdown",
        markdown,
    ]
    subprocess.run([sys.executable, "-m", "bench", *map(str, command)], cwd=ROOT, check=True, timeout=900)

    results = json.loads(json_path.read_text(encoding="utf-8"))
    assert results["machine"]["nproc"] >= 1 and results["machine"]["cpu"]
    figures = results["sizes"]["1000"]
    assert figures["corpus"]["passages"] == 1000 and figures["corpus"]["sources"] == 10
    baselines = figures["baselines"]["median"]
    assert set(figures["engines"]) == set(ENGINES)  # the default: every engine, Solr on a cluster of its own
    for engine in figures["engines"].values():
        median = engine["median"]
        assert median["rebuild"]["passages"] == 1000
        assert median["rebuild"]["passages_per_s"] > 0 and median["rebuild"]["index_mb"] > 0
        assert median["rebuild"]["cpu_seconds"] > 0
        serve = median["serve"]
        for summary in (serve["api"], serve["api"]["cpu"], serve["html"], *baselines.values()):
            assert 0 < summary["p50_ms"] <= summary["p95_ms"] <= summary["p99_ms"]
            assert set(summary["p50_ms_by_kind"]) == KINDS
        assert 0 < serve["api_engine"]["p50_ms"] < serve["api"]["p99_ms"]
        assert serve["hits"]["common"] > serve["hits"]["rare"]
        assert 0 < serve["peak_memory_mb"] < 10_000
    assert set(results["recall"]) == set(ENGINES)

    text = markdown.read_text(encoding="utf-8")
    assert "Hand-written notes." in text and "| 1,000 | tantivy |" in text and "legalkb/admin p50" in text

    ab = [sys.executable, "-m", "bench.ab", str(tmp_path / "work"), "--size", "1000", "--runs", "1"]
    out = subprocess.run(ab, cwd=ROOT, check=True, timeout=300, capture_output=True, text=True).stdout
    p50, p95, _ = (float(n) for n in re.findall(r"[\d.]+(?=,|$)", out.strip()))
    assert 0 < p50 <= p95


def test_the_benchmark_refuses_an_unknown_engine():
    refused = subprocess.run(
        [sys.executable, "-m", "bench", "--engines", "vespa,tantivy"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert refused.returncode == 2 and "unknown engine vespa" in refused.stderr


def test_the_committed_results_render_with_figures_of_every_date():
    """Older runs lack the worst queries added since; their cells say so instead of failing."""
    results = json.loads((ROOT / "bench" / "results" / "latest.json").read_text(encoding="utf-8"))
    text = render(results)
    assert "| 1,000,000 | solr |" in text
    assert "| 1,000 | whoosh | 7.26 | 4.57 | 5.34 | 10.4 | 153 | 208 | – | – |" in text
