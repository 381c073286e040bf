"""python -m bench --discovery: what the discovery features cost as the corpus grows.

For each size, on the growth benchmark's synthetic corpus (bench/corpus.py), each in a
process of its own: citing every passage's acts (manage.py find_acts, the migration's work),
the bulk export (manage.py export_bulk) with its peak memory, and related passages on tantivy
(the engine for such sizes), on a sample of passages. Writes bench/results/discovery.json and
a section of docs/benchmarks.md.
"""

import json
import time

from .report import _table, machine, write_section
from .runner import engine_env, fresh_env, run_worker

DEFAULT_SIZES = "100000,1000000"
RELATED_ENGINE = "tantivy"


def run_discovery(sizes, work_dir, json_path, markdown_path, log=print):
    work_dir.mkdir(parents=True, exist_ok=True)
    earlier = json.loads(json_path.read_text(encoding="utf-8")) if json_path.exists() else {}
    kept = earlier.get("sizes", {}) if earlier.get("machine") == machine() else {}  # measured here before
    results = {"machine": machine(), "date": time.strftime("%Y-%m-%d %H:%M %Z"), "sizes": kept}
    for size in sizes:
        env = fresh_env(work_dir, f"discovery-{size}")
        log(f"{size} passages: building the corpus")
        figures = {"corpus": run_worker("corpus", size, env, work_dir)}
        for task in ("acts", "bulk"):
            log(f"{size} passages: {task}")
            figures[task] = run_worker(task, size, env, work_dir)
        indexed = engine_env(env, work_dir, f"discovery-{size}", RELATED_ENGINE)
        log(f"{size} passages: rebuilding the {RELATED_ENGINE} index")
        run_worker("rebuild", size, indexed, work_dir)
        log(f"{size} passages: related passages")
        figures["related"] = run_worker("related", size, indexed, work_dir)
        results["sizes"][str(size)] = figures
    results["sizes"] = dict(sorted(results["sizes"].items(), key=lambda item: int(item[0])))
    json_path.parent.mkdir(parents=True, exist_ok=True)
    json_path.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    write_section(markdown_path, "discovery", render(results))
    return results


def render(results):
    m = results["machine"]
    rows = []
    for size, figures in results["sizes"].items():
        acts, bulk, related = figures["acts"], figures["bulk"], figures["related"]
        rows.append(
            [
                f"{int(size):,}",
                f"{acts['seconds']:.0f} s ({acts['passages_per_s']:,.0f}/s)",
                f"{bulk['seconds']:.0f} s",
                f"{bulk['peak_memory_mb']:.0f}",
                f"{bulk['megabytes']:.0f}",
                f"{related['p50_ms']:.0f} / {related['p95_ms']:.0f}",
            ]
        )
    return "\n".join(
        [
            f"Measured {results['date']} on {m['nproc']} × {m['cpu']} ({m['ram_gib']} GiB, shared with other "
            "work: figures are indicative). Each figure comes from one process of its own on the synthetic "
            f"corpus; related passages on {RELATED_ENGINE}, for passages spread through the corpus "
            "(about 200 at each size), after 10 to warm up.",
            "",
            _table(
                [
                    "passages",
                    "find_acts (all passages)",
                    "export_bulk",
                    "export peak MB (RSS)",
                    "export MB written",
                    "related passages p50 / p95 ms",
                ],
                rows,
            ),
        ]
    )
