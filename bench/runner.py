"""Run every measurement in its own subprocess, then keep the medians across runs."""

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from contextlib import contextmanager, nullcontext
from pathlib import Path

from legalkb.solrcloud.admin import SolrAdmin
from legalkb.solrcloud.cluster import Cluster

from .report import machine, render_large_sources, write_markdown, write_section
from .stats import median_of

ROOT = Path(__file__).resolve().parent.parent
SECRET_KEY = "bench-only-key-not-for-production"
ENGINES = ("whoosh", "tantivy", "solr")
TASKS_PER_ENGINE = ("rebuild", "serve")
SOLR_HEAP = "1g"  # each node's; a node holds a replica of every shard, so every passage
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
    with solr_cluster(work_dir, log) if "solr" in engines else nullcontext() as cluster:
        for size in sizes:
            runs_here = runs if size < ONE_RUN_FROM else 1
            measured = measure_size(size, runs_here, engines_at(size, engines), work_dir, log, cluster)
            earlier = results["sizes"].get(str(size), {})
            measured["engines"] = {**earlier.get("engines", {}), **measured["engines"]}
            if not measured["baselines"]["runs"]:  # only Solr was measured: keep the earlier baselines
                measured["baselines"] = earlier.get("baselines", measured["baselines"])
            results["sizes"][str(size)] = measured
        log("recall on the evaluation set")
        eval_env = fresh_env(work_dir, "eval")
        results["recall"] = {
            **results.get("recall", {}),
            **{
                name: run_worker("recall", 0, engine_env(eval_env, work_dir, "eval", name, cluster), work_dir)
                for name in engines
            },
        }
    results["sizes"] = dict(sorted(results["sizes"].items(), key=lambda item: int(item[0])))
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


def measure_size(size, runs, engines, work_dir, log, cluster=None):
    """The corpus once; then, each run, the baselines (unless only Solr is measured) and each
    engine's rebuild and serving; on Solr also each node's memory, and serving with one node
    down."""
    env = fresh_env(work_dir, str(size))
    log(f"{size} passages: building the corpus")
    corpus = run_worker("corpus", size, env, work_dir)
    on_postgres = postgres_env(env)
    if on_postgres:
        log(f"{size} passages: building the corpus in PostgreSQL")
        corpus["postgres"] = run_worker("postgres_corpus", size, on_postgres, work_dir)
    baselines, measured = [], {engine: [] for engine in engines}
    for run in range(1, runs + 1):
        if engines != ["solr"]:
            log(f"{size} passages: run {run}/{runs}, baselines")
            baselines.append(run_worker("baselines", size, env, work_dir))
            if on_postgres:
                baselines[-1]["postgres"] = run_worker("postgres_baseline", size, on_postgres, work_dir)
        for engine in engines:
            log(f"{size} passages: run {run}/{runs}, {engine}")
            engine_run = engine_env(env, work_dir, str(size), engine, cluster)
            figures = {task: run_worker(task, size, engine_run, work_dir) for task in TASKS_PER_ENGINE}
            if engine == "solr":
                figures.update(measure_cluster(cluster, size, engine_run, work_dir, log))
            measured[engine].append(figures)
    date = time.strftime("%Y-%m-%d %H:%M %Z")
    return {
        "corpus": corpus,
        "baselines": {"date": date, "runs": baselines, "median": median_of(baselines) if baselines else {}},
        "engines": {
            engine: {"date": date, "runs": runs_of, "median": median_of(runs_of)}
            for engine, runs_of in measured.items()
        },
    }


def postgres_env(env):
    """env on the PostgreSQL database BENCH_POSTGRES_URL names (make bench creates one), for
    the PostgreSQL full-text baseline; None without one."""
    url = os.environ.get("BENCH_POSTGRES_URL")
    return {**env, "DATABASE_URL": url} if url else None


def engine_env(env, work_dir, name, engine, cluster=None):
    """env, with an engine and an index of its own (removed first; on Solr, rebuild_index
    replaces the collection behind the alias bench-NAME)."""
    index = work_dir / f"index-{name}-{engine}"
    shutil.rmtree(index, ignore_errors=True)
    env = {**env, "LEGALKB_SEARCH_ENGINE": engine, "LEGALKB_INDEX_PATH": str(index.resolve())}
    if engine == "solr":
        urls = ",".join(cluster.node_url(n) for n in range(len(cluster.node_ports)))
        env.update(LEGALKB_SOLR_URL=urls, LEGALKB_SOLR_COLLECTION=f"bench-{name}")
    return env


@contextmanager
def solr_cluster(work_dir, log):
    """A local SolrCloud of 2 nodes on free ports, its data in work_dir/solr (removed first)."""
    root = work_dir / "solr"
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    classpath = ROOT / "var" / "solr" / "classpath.txt"
    cluster = Cluster(root, _free_port(), (_free_port(), _free_port()), SOLR_HEAP, classpath=classpath)
    log("starting a SolrCloud of 2 nodes")
    try:
        cluster.start(collection=None)
        yield cluster
    finally:
        cluster.stop()


def measure_cluster(cluster, size, env, work_dir, log):
    """Each node's resident memory after serving; then serving again with the second node
    killed, and the node started again (its replicas recover before the next run)."""
    nodes = range(1, len(cluster.node_ports) + 1)
    memory = {f"node_{n}_rss_mb": _rss_mb(cluster.pid(f"node-{n}")) for n in nodes}
    log(f"{size} passages: solr with one node down")
    cluster.kill_node(1)
    try:
        one_down = run_worker("serve", size, env, work_dir)
    finally:
        cluster.start_node(1)
        cluster.wait_for_nodes(2)
        admin = SolrAdmin(env["LEGALKB_SOLR_URL"])
        live = admin.aliases()[0][env["LEGALKB_SOLR_COLLECTION"]]
        admin.wait_until(lambda: admin.replicas_active(live), "every replica active again", seconds=1800)
    return {"nodes": memory, "serve_one_node_down": one_down}


def _rss_mb(pid):
    with open(f"/proc/{pid}/status", encoding="utf-8") as status:
        line = next(line for line in status if line.startswith("VmRSS:"))
    return int(line.split()[1]) / 1024


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def served_env(env, throttle_path):
    """env for gunicorn as served behind the proxy, production settings and the throttle on, its
    counts and search slots in a fresh file at throttle_path."""
    throttle_path.unlink(missing_ok=True)
    return {
        **env,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_BEHIND_PROXY": "1",
        "LEGALKB_THROTTLE": "1",
        "LEGALKB_THROTTLE_PATH": str(throttle_path.resolve()),
    }


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
        "discovery_json_path": ROOT / "bench" / "results" / "discovery.json",
        "markdown_path": ROOT / "docs" / "benchmarks.md",
    }
