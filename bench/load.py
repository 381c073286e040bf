"""make load: the site's capacity through gunicorn on 127.0.0.1, on 100,000 passages on tantivy
(bench/corpus.py), with production settings and the throttle on. Figures: bench/results/load.json
and the "Load test" section of docs/benchmarks.md.

Two loads, each sent by wrk with more and more connections at once (STEPS, STEP_SECONDS each),
every request from one of ADDRESSES client addresses behind the proxy (so no reader meets its
own limits; the machine-wide search slots and their waiting do apply):

- api: /api/search/ alone, the benchmark's 210 queries with their filters;
- mix: what readers and editors do together (MIX's shares): search pages, API searches,
  passage pages, source pages and exports, while an editor saves a principle and a passage in
  the admin every EDITOR_PAUSE seconds and an import of a generated source runs, one after
  another, with the worker indexing the outbox beside gunicorn.

A load's capacity is the highest rate of answers whose p95 stays within P95_LIMIT_MS with no
reader told the site is busy (503), read off its curve, the percentiles taken from every
answer's own latency (bench/load.lua); the curve goes on to the first step past that knee.
Each worker's memory (resident and proportional set sizes) is read after each load.
"""

import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode

from .report import machine, write_section
from .runner import engine_env, fresh_env, run_worker, served_env
from .stats import PERCENTILES, percentile

ROOT = Path(__file__).resolve().parent.parent
WORKERS = int(os.environ.get("WEB_CONCURRENCY", "4"))
STEPS = (1, 2, 4, 8, 16, 32, 64)  # connections at once
STEP_SECONDS = 20
WARMUP_SECONDS = 5
P95_LIMIT_MS = 300
ADDRESSES = 1000
URLS_PER_LOAD = 4000
SEED = 24
# The mix's shares of requests (an editor's saves and an import run beside them)
MIX = {"search_page": 0.25, "api": 0.25, "passage": 0.37, "source": 0.12, "export": 0.01}
EDITOR = ("load-editor", "load-editor-password-not-secret")
EDITOR_PAUSE = 2.0
IMPORT_COPIES = 20  # the two real sources, this many times over, make a generated source


def load_urls(kind, size, sources, queries, count=URLS_PER_LOAD, seed=SEED):
    """The URLs wrk sends for a load ("api" or "mix"); queries are the benchmark's parameters."""
    rng = random.Random(seed)
    make = {
        "api": lambda: "/api/search/?" + urlencode(rng.choice(queries)),
        "search_page": lambda: "/search/?" + urlencode(rng.choice(queries)),
        "passage": lambda: f"/passages/{rng.randint(1, size)}/",
        "source": lambda: f"/sources/{rng.choice(sources)}/",
        "export": lambda: "/search/export.csv?" + urlencode({"q": rng.choice(queries)["q"]}),
    }
    if kind == "api":
        return [make["api"]() for _ in range(count)]
    kinds, weights = zip(*MIX.items(), strict=True)
    return [make[rng.choices(kinds, weights)[0]]() for _ in range(count)]


def serve(env, port, workers):
    """gunicorn with gunicorn.conf.py on 127.0.0.1:port, returned once it answers."""
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "legalkb.wsgi",
            "--config",
            "gunicorn.conf.py",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--log-level",
            "warning",
            "--access-logfile",
            "/dev/null",
        ],
        cwd=ROOT,
        env=env,
    )
    for _ in range(300):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5)
            return server
        except urllib.error.HTTPError:  # an answer all the same
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not answer on 127.0.0.1")


def run_wrk(base, url_file, connections, seconds):
    """wrk's figures for one step: requests, rate, latency percentiles of the answers (from each
    answer's own latency, bench/load.lua), answers by class."""
    with tempfile.TemporaryDirectory(prefix="wrk-samples-") as samples:
        output = subprocess.run(
            wrk_command(base, url_file, connections, seconds, samples),
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        latencies = sampled_latencies(Path(samples))
    result = json.loads(re.search(r"^RESULT (.*)$", output, re.M).group(1))
    result["requests_per_second"] = result["requests"] / result["seconds"]
    result.update({f"p{p}_ms": percentile(latencies, p) if latencies else 0.0 for p in PERCENTILES})
    return {"connections": connections, **result}


def wrk_command(base, url_file, connections, seconds, samples):
    """wrk with a thread per connection, so that bench/load.lua knows which request each answer
    answers."""
    return [
        "wrk",
        f"-t{connections}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "10s",
        "-s",
        str(ROOT / "bench" / "load.lua"),
        base,
        "--",
        str(url_file),
        str(ADDRESSES),
        str(samples),
    ]


def sampled_latencies(samples):
    """Every answer's latency in ms, from the files bench/load.lua's threads wrote."""
    return [float(line) for path in sorted(samples.glob("thread-*.txt")) for line in path.read_text().split()]


def curve(server, base, url_file, steps=STEPS, seconds=STEP_SECONDS, log=print):
    """wrk at each step of connections, up to the first step past the limits (p95, no 503), after
    WARMUP_SECONDS unmeasured (every worker opens the index and builds its thesaurus first). Each
    step also gives the workers' CPU time per answer, which other work on the machine barely moves."""
    run_wrk(base, url_file, WORKERS, WARMUP_SECONDS)
    points = []
    for connections in steps:
        cpu = workers_cpu_seconds(server)
        point = run_wrk(base, url_file, connections, seconds)
        point["cpu_ms_per_request"] = (workers_cpu_seconds(server) - cpu) * 1000 / max(1, point["requests"])
        log(
            f"  {connections} connections: {point['requests_per_second']:.1f}/s, "
            f"p95 {point['p95_ms']:.0f} ms, CPU {point['cpu_ms_per_request']:.1f} ms an answer"
        )
        points.append(point)
        if not within_limits(point):
            break
    return points


def capacity(points):
    """The highest rate of answers among the steps whose p95 is within the limit and where no
    reader was told the site is busy (503), 0 if none."""
    return max((p["requests_per_second"] for p in points if within_limits(p)), default=0)


def within_limits(point):
    return point["p95_ms"] <= P95_LIMIT_MS and not point["busy"]


def workers(server):
    return Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()


def workers_cpu_seconds(server):
    """User and system CPU time of the gunicorn workers, in seconds (/proc/PID/stat)."""
    total = 0
    for pid in workers(server):
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime and stime, the 14th and 15th of the file
    return total / os.sysconf("SC_CLK_TCK")


def worker_memory(server):
    """Resident and proportional set sizes (MB) of each gunicorn worker."""
    return [
        {"rss_mb": _kb(pid, "status", "VmRSS") / 1024, "pss_mb": _kb(pid, "smaps_rollup", "Pss") / 1024}
        for pid in workers(server)
    ]


def _kb(pid, name, field):
    for line in Path(f"/proc/{pid}/{name}").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


class FormFields(HTMLParser):
    """The fields a form of a page would send as they are (inputs, selects, text areas)."""

    def __init__(self):
        super().__init__()
        self.fields, self.select, self.textarea = [], None, None

    def handle_starttag(self, tag, attributes):
        a = dict(attributes)
        if tag == "input" and a.get("name") and a.get("type") not in ("submit", "button", "file"):
            if a.get("type") not in ("checkbox", "radio") or "checked" in a:
                self.fields.append((a["name"], a.get("value") or ""))
        elif tag == "select" and a.get("name"):
            self.select = a["name"]
        elif tag == "option" and self.select and "selected" in a:
            self.fields.append((self.select, a.get("value") or ""))
        elif tag == "textarea" and a.get("name"):
            self.textarea = [a["name"], ""]

    def handle_data(self, data):
        if self.textarea:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None
        elif tag == "textarea" and self.textarea:
            self.fields.append(tuple(self.textarea))
            self.textarea = None


class Editor:
    """An editor in the admin through plain HTTP (cookies kept by hand: they are Secure)."""

    def __init__(self, base):
        self.base, self.cookies = base, {}

    def request(self, path, data=None):
        headers = {
            "X-Forwarded-Proto": "https",
            "X-Real-IP": "192.0.2.10",
            "Referer": f"https://{self.base.removeprefix('http://')}{path}",
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
        }
        body = urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body, headers=headers)
        try:
            response = urllib.request.build_opener(NoRedirect).open(request, timeout=60)
        except urllib.error.HTTPError as error:
            response = error
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, value = header.split(";")[0].partition("=")
            self.cookies[name.strip()] = value
        return response.status, response.read().decode()

    def form(self, path):
        parser = FormFields()
        parser.feed(self.request(path)[1])
        return parser.fields

    def log_in(self):
        fields = dict(self.form("/admin/login/"))
        fields.update(username=EDITOR[0], password=EDITOR[1])
        status, _ = self.request("/admin/login/", fields)
        if status != 302:
            raise SystemExit(f"The editor could not log in (HTTP {status}).")

    def save(self, path):
        """Send a change form back as it is, with "Save"; the HTTP status (302 when saved)."""
        return self.request(path, [*self.form(path), ("_save", "Save")])[0]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def edit_steadily(base, stop, statuses):
    editor = Editor(base)
    editor.log_in()
    pages = ["/admin/legalkb/principle/1/change/", "/admin/legalkb/passage/1/change/"]
    for n in range(10**9):
        if stop.wait(EDITOR_PAUSE):
            return
        statuses.append(editor.save(pages[n % len(pages)]))


def import_steadily(env, work_dir, stop, imports):
    """Import generated sources through the worker, as an editor does in the admin (the job
    read, previewed, confirmed, saved and indexed), one after another until stopped."""
    sources = sorted((ROOT / "fixtures" / "sources").glob("*.txt"))
    text = "\n\n".join(path.read_text(encoding="utf-8") for path in sources)
    for n in range(10**9):
        if stop.is_set():
            return
        path = work_dir / "load-import.txt"
        unique = f"Load test {time.time_ns()} {n}"
        path.write_text(unique + "\n\n" + "\n\n".join([text] * IMPORT_COPIES), encoding="utf-8")
        started = time.perf_counter()
        finished = subprocess.run(
            [sys.executable, "-c", IMPORT_SCRIPT, str(path), unique],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        imports.append({"seconds": time.perf_counter() - started, "status": finished.stdout.strip()})


def prepare(size, keep):
    """The corpus and index (kept from an earlier run when asked), and an editor."""
    work_dir = ROOT / "var" / "bench"
    work_dir.mkdir(parents=True, exist_ok=True)
    name = f"load-{size}"
    index = work_dir / f"index-{name}-tantivy"
    if keep and (work_dir / f"bench-{name}.sqlite3").exists():
        env = {
            **fresh_env(work_dir, name, keep=True),
            "LEGALKB_SEARCH_ENGINE": "tantivy",
            "LEGALKB_INDEX_PATH": str(index.resolve()),
        }
    else:
        env = engine_env(fresh_env(work_dir, name), work_dir, name, "tantivy")
        print(f"{size} passages: building the corpus and the tantivy index", flush=True)
        run_worker("corpus", size, env, work_dir)
        run_worker("rebuild", size, env, work_dir)
    subprocess.run([sys.executable, "-c", EDITOR_SCRIPT, *EDITOR], cwd=ROOT, env=env, check=True)
    return env, work_dir


IMPORT_SCRIPT = """
import sys, time, django
django.setup()
from pathlib import Path
from django.db import transaction
from legalkb import tasks
from legalkb.models import ImportJob
Status = ImportJob.Status
path = Path(sys.argv[1])
with transaction.atomic():
    job = tasks.start(path.name, path.read_bytes(), None, title=sys.argv[2], language="kk")
deadline = time.monotonic() + 600
while ImportJob.objects.get(pk=job.pk).status == Status.READING and time.monotonic() < deadline:
    time.sleep(0.2)
with transaction.atomic():
    tasks.confirm(job)
while ImportJob.objects.get(pk=job.pk).status not in ImportJob.FINISHED and time.monotonic() < deadline:
    time.sleep(0.2)
print(ImportJob.objects.get(pk=job.pk).status)
"""
EDITOR_SCRIPT = """
import sys, django
django.setup()
from django.contrib.auth.models import User
user = User.objects.filter(username=sys.argv[1]).first() or User(username=sys.argv[1])
user.is_staff = user.is_superuser = True
user.set_password(sys.argv[2])
user.save()
"""


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__)
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--port", type=int, default=8011)
    parser.add_argument("--step-seconds", type=int, default=STEP_SECONDS)
    parser.add_argument("--keep-corpus", action="store_true", help="Reuse the corpus and index built before.")
    args = parser.parse_args(argv)
    env, work_dir = prepare(args.size, args.keep_corpus)
    served = served_env(env, work_dir / f"throttle-load-{args.size}.sqlite3")
    sources = _source_slugs(env)
    queries = run_worker("queries", args.size, env, work_dir)
    base = f"http://127.0.0.1:{args.port}"
    result = {
        "size": args.size,
        "workers": WORKERS,
        "step_seconds": args.step_seconds,
        "mix": MIX,
        "loads": {},
    }
    server = serve(served, args.port, WORKERS)
    worker = subprocess.Popen([sys.executable, "manage.py", "run_worker"], cwd=ROOT, env=served)
    try:
        for kind in ("api", "mix"):
            url_file = work_dir / f"load-{kind}.txt"
            url_file.write_text(
                "\n".join(load_urls(kind, args.size, sources, queries)) + "\n", encoding="utf-8"
            )
            print(f"load {kind}", flush=True)
            result["loads"][kind] = run_load(
                kind, server, base, url_file, served, work_dir, args.step_seconds
            )
            result["loads"][kind]["memory"] = worker_memory(server)
    finally:
        worker.terminate()
        server.terminate()
        worker.wait(timeout=60)
        server.wait(timeout=60)
    result.update(date=datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"), machine=machine())
    write_report(result)
    print(json.dumps(result, indent=2))


def run_load(kind, server, base, url_file, env, work_dir, seconds):
    stop, editor_statuses, imports = threading.Event(), [], []
    beside = []
    if kind == "mix":
        beside = [
            threading.Thread(target=edit_steadily, args=(base, stop, editor_statuses)),
            threading.Thread(target=import_steadily, args=(env, work_dir, stop, imports)),
        ]
    for thread in beside:
        thread.start()
    try:
        points = curve(server, base, url_file, seconds=seconds)
    finally:
        stop.set()
        for thread in beside:
            thread.join()
    load = {"points": points, "capacity": capacity(points)}
    if kind == "mix":
        load["editor_saves"] = {str(s): editor_statuses.count(s) for s in sorted(set(editor_statuses))}
        load["imports"] = imports
    return load


def _source_slugs(env):
    script = (
        "import django; django.setup(); from legalkb.models import Source; "
        "print(' '.join(Source.objects.values_list('slug', flat=True)[:1000]))"
    )
    return subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    ).stdout.split()


def write_report(result):
    (ROOT / "bench" / "results" / "load.json").write_text(
        json.dumps(result, indent=2) + "\n", encoding="utf-8"
    )
    write_section(ROOT / "docs" / "benchmarks.md", "load", render(result))


def cpu_bound(result, load):
    """Answers a second the machine's cores would give at the CPU time an answer took at the
    capacity's step (or the first step): what the rate would be with nothing else running."""
    within = [p for p in load["points"] if within_limits(p)] or load["points"][:1]
    point = max(within, key=lambda p: p["requests_per_second"])
    return result["machine"]["nproc"] * 1000 / point["cpu_ms_per_request"]


def render(result):
    lines = [
        f"Measured {result['date']}: gunicorn with {result['workers']} workers on 127.0.0.1 "
        f"({result['machine']['nproc']} cores), production settings, the throttle on, {result['size']:,} "
        f"passages on tantivy; wrk for {result['step_seconds']} s at each number of connections, requests "
        f"from {ADDRESSES:,} addresses, a connection to each of wrk's threads. Percentiles of the "
        f"answers' own latencies (wrk's p95, beside them, adds samples for requests a slow answer held "
        f"back). Capacity: the highest rate whose p95 is within {P95_LIMIT_MS} ms with no answer 503.",
        "",
        "| load | connections | requests/s | p50 ms | p95 ms | p99 ms | wrk's p95 ms | not 2xx/3xx "
        "| of which 503 | workers' CPU ms an answer |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for kind, load in result["loads"].items():
        for p in load["points"]:
            lines.append(
                f"| {kind} | {p['connections']} | {p['requests_per_second']:.1f} | {p['p50_ms']:.0f} | "
                f"{p['p95_ms']:.0f} | {p['p99_ms']:.0f} | {p['wrk_corrected_p95_ms']:.0f} | "
                f"{p['non_2xx_3xx']} | {p['busy']} | {p['cpu_ms_per_request']:.1f} |"
            )
    lines += [
        "",
        "| load | capacity (requests/s at p95 ≤ 300 ms) | the cores' worth at its CPU time an answer "
        "| worker RSS MB | worker PSS MB |",
        "|---|---|---|---|---|",
    ]
    for kind, load in result["loads"].items():
        rss = ", ".join(f"{m['rss_mb']:.0f}" for m in load["memory"])
        pss = ", ".join(f"{m['pss_mb']:.0f}" for m in load["memory"])
        lines.append(f"| {kind} | {load['capacity']:.1f} | {cpu_bound(result, load):.0f} | {rss} | {pss} |")
    mix = result["loads"].get("mix", {})
    if mix:
        imports = ", ".join(f"{i['status']} in {i['seconds']:.0f} s" for i in mix["imports"])
        lines += [
            "",
            f"Beside the mix: the editor's saves answered {mix['editor_saves']} (302: saved); "
            f"imports of a generated source of {IMPORT_COPIES} copies of the two real ones through the "
            f"worker (read, previewed, confirmed, saved, indexed), one after another: "
            f"{imports}.",
        ]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
