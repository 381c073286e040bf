"""Run every measurement in its own subprocess, then keep the medians across runs."""

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from .report import machine, render_large_sources, write_markdown, write_section
from .stats import median_of

ROOT = Path(__file__).resolve().parent.parent
SECRET_KEY = "bench-only-key-not-for-production"
ENGINES = ("whoosh", "tantivy")
TASKS_PER_ENGINE = ("rebuild", "serve")
WHOOSH_UP_TO = 100_000  # Whoosh takes hours beyond this; larger sizes measure tantivy alone
ONE_RUN_FROM = 1_000_000  # a corpus this large is measured once (minutes per run)


def run_benchmark(sizes, runs, work_dir, json_path, markdown_path, log=print, engines=ENGINES):
    """Measure each size `runs` times on each engine, and the baselines once per run;
    write the JSON results and the Markdown tables.

    Figures measured earlier on the same machine stay in the results (each says when and
    how often it was measured), so a slow size or engine can be measured on its own.
    """
    work_dir.mkdir(parents=True, exist_ok=True)
    results = previous_results(json_path)
    results.update(
        date=time.strftime("%Y-%m-%d %H:%M %Z"),
        memory_measure="resource.getrusage(RUSAGE_SELF).ru_maxrss of each worker process",
    )
    for size in sizes:
        runs_here = runs if size < ONE_RUN_FROM else 1
        measured = measure_size(size, runs_here, engines_at(size, engines), work_dir, log)
        earlier = results["sizes"].get(str(size), {})
        measured["engines"] = {**earlier.get("engines", {}), **measured["engines"]}
        results["sizes"][str(size)] = measured
    results["sizes"] = dict(sorted(results["sizes"].items(), key=lambda item: int(item[0])))
    log("recall on the evaluation set")
    results["recall"] = {
        engine: run_worker("recall", 0, engine_env(fresh_env(work_dir, "eval"), work_dir, "eval", engine),
                           work_dir)
        for engine in engines
    }
    json_path.parent.mkdir(parents=True, exist_ok=True)
    json_path.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    write_markdown(results, markdown_path)
    return results


def run_large_sources(work_dir, json_path, markdown_path, log=print):
    """Time the pages over two 10 MB sources (bench/large_sources.py) in a worker of their own."""
    work_dir.mkdir(parents=True, exist_ok=True)
    log("pages over two 10 MB sources")
    result = run_worker("large_sources", 0, fresh_env(work_dir, "large"), work_dir)
    result.update(date=time.strftime("%Y-%m-%d %H:%M %Z"), machine=machine())
    json_path.parent.mkdir(parents=True, exist_ok=True)
    json_path.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    write_section(markdown_path, "large", render_large_sources(result))
    return result


def engines_at(size, engines):
    return [engine for engine in engines if engine != "whoosh" or size <= WHOOSH_UP_TO]


def previous_results(json_path):
    """The earlier results in json_path if they come from this machine and this layout
    (one entry per engine), else a fresh start."""
    here = machine()
    if json_path.exists():
        earlier = json.loads(json_path.read_text(encoding="utf-8"))
        same_layout = all("engines" in figures for figures in earlier.get("sizes", {}).values())
        if earlier.get("machine") == here and same_layout:
            return earlier
    return {"machine": here, "sizes": {}}


def measure_size(size, runs, engines, work_dir, log):
    """The corpus once; then, each run, the baselines and each engine's rebuild and serving."""
    env = fresh_env(work_dir, str(size))
    log(f"{size} passages: building the corpus")
    corpus = run_worker("corpus", size, env, work_dir)
    baselines, measured = [], {engine: [] for engine in engines}
    for run in range(1, runs + 1):
        log(f"{size} passages: run {run}/{runs}, baselines")
        baselines.append(run_worker("baselines", size, env, work_dir))
        for engine in engines:
            log(f"{size} passages: run {run}/{runs}, {engine}")
            engine_run = engine_env(env, work_dir, str(size), engine)
            measured[engine].append(
                {task: run_worker(task, size, engine_run, work_dir) for task in TASKS_PER_ENGINE}
            )
    date = time.strftime("%Y-%m-%d %H:%M %Z")
    return {
        "corpus": corpus,
        "baselines": {"date": date, "runs": baselines, "median": median_of(baselines)},
        "engines": {
            engine: {"date": date, "runs": runs_of, "median": median_of(runs_of)}
            for engine, runs_of in measured.items()
        },
    }


def engine_env(env, work_dir, name, engine):
    """env, with an engine and an index of its own (removed first)."""
    index = work_dir / f"index-{name}-{engine}"
    shutil.rmtree(index, ignore_errors=True)
    return {**env, "LEGALKB_SEARCH_ENGINE": engine, "LEGALKB_INDEX_PATH": str(index.resolve())}


def fresh_env(work_dir, name, keep=False):
    """Environment for a worker on its own database, removed first unless kept."""
    database = work_dir / f"bench-{name}.sqlite3"
    if not keep:
        database.unlink(missing_ok=True)
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "legalkb.settings",
        "DATABASE_URL": f"sqlite:///{database.resolve()}",
        "DJANGO_DEBUG": "0",  # as served: no query log growing in memory
        "DJANGO_SECRET_KEY": SECRET_KEY,
        "DJANGO_ALLOWED_HOSTS": "testserver",  # Django's test client
        "LEGALKB_THROTTLE": "0",  # every request comes from one address
        "LEGALKB_CACHE_PATH": str((work_dir / "cache").resolve()),
    }


def run_worker(task, size, env, work_dir):
    out = work_dir / f"{task}-{size}.json"
    subprocess.run(
        [sys.executable, "-m", "bench.worker", task, "--size", str(size), "--out", str(out)],
        env=env, cwd=ROOT, check=True,
    )
    return json.loads(out.read_text(encoding="utf-8"))


def default_paths():
    return {
        "work_dir": ROOT / "var" / "bench",
        "json_path": ROOT / "bench" / "results" / "latest.json",
        "large_json_path": ROOT / "bench" / "results" / "large_sources.json",
        "markdown_path": ROOT / "docs" / "benchmarks.md",
    }
