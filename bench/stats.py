"""Percentiles and medians, without numpy."""

import math
import statistics

PERCENTILES = (50, 95, 99)


def percentile(values, p):
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def latency_summary(times_ms, queries):
    """p50/p95/p99 over all queries, and p50 per query kind."""
    by_kind = {}
    for query, ms in zip(queries, times_ms, strict=True):
        by_kind.setdefault(query["kind"], []).append(ms)
    return {
        **{f"p{p}_ms": percentile(times_ms, p) for p in PERCENTILES},
        "p50_ms_by_kind": {kind: percentile(ms, 50) for kind, ms in by_kind.items()},
    }


def median_of(runs):
    """The median of each number across runs, for nested dicts of the same shape."""
    first = runs[0]
    if isinstance(first, dict):
        return {key: median_of([run[key] for run in runs]) for key in first}
    if isinstance(first, (int, float)) and not isinstance(first, bool):
        return statistics.median(runs)
    return first
