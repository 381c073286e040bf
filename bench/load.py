"""make load: gunicorn serving the set-up database on 127.0.0.1, and wrk sending a mix
of browse and search requests at the highest rate the machine holds for 60 seconds.
The figures go to bench/results/load.json and a section of docs/benchmarks.md."""

import json
import os
import random
import re
import secrets
import subprocess
import sys
import time
import urllib.error
import urllib.request
from datetime import datetime
from pathlib import Path
from urllib.parse import urlencode

from .report import write_section

ROOT = Path(__file__).resolve().parent.parent
PORT = 8011
WORKERS = int(os.environ.get("WEB_CONCURRENCY", "4"))
CONNECTIONS = 16
DURATION = os.environ.get("LOAD_DURATION", "60s")
SEARCH_SHARE = 0.5
QUERIES = [
    "жауапкершілік",
    "мемлекеттік қызмет",
    "кінәлілік презумпциясы",
    "заң үстемдігі",
    "Мироненконың",
    "әкімшілік реформа",
    "правовые механизмы",
    '"заңды жауапкершілік"',
    "реформа -әкімшілік",
    "",
]
FACETS = [
    {},
    {"principle": "legality"},
    {"language": "kk"},
    {"principle": "legal-responsibility", "source": None},
]


def load_urls(count=2000, seed=7):
    """A fixed mix of browse pages and searches (HTML and API, with facets)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "legalkb.settings")
    import django

    django.setup()
    from legalkb.models import Author, Passage, Principle, Reform, Source

    browse = ["/", "/principles/", "/authors/", "/reforms/"]
    browse += [
        e.get_absolute_url() for model in (Principle, Author, Reform, Source) for e in model.objects.all()
    ]
    browse += [p.get_absolute_url() for p in Passage.objects.all()]
    sources = list(Source.objects.values_list("slug", flat=True))
    rng = random.Random(seed)
    urls = []
    for _ in range(count):
        if rng.random() >= SEARCH_SHARE:
            urls.append(rng.choice(browse))
            continue
        params = {"q": rng.choice(QUERIES)}
        facet = rng.choice(FACETS)
        params.update({k: v or rng.choice(sources) for k, v in facet.items()})
        urls.append(rng.choice(["/search/", "/api/search/"]) + "?" + urlencode(params))
    return urls


def start_server():
    env = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "LEGALKB_THROTTLE": "0",  # wrk sends everything from one address
    }
    return serve(env, PORT, WORKERS)


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


def run_wrk(url_file):
    output = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{CONNECTIONS}",
            f"-d{DURATION}",
            "--timeout",
            "10s",
            "-s",
            str(ROOT / "bench" / "load.lua"),
            f"http://127.0.0.1:{PORT}",
            "--",
            str(url_file),
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    result = json.loads(re.search(r"^RESULT (.*)$", output, re.M).group(1))
    result["requests_per_second"] = result["requests"] / result["seconds"]
    result["errors"] = sum(result[k] for k in ("non_2xx_3xx", "connect", "read", "write", "timeout"))
    return result


def write_report(result):
    results = ROOT / "bench" / "results"
    results.mkdir(parents=True, exist_ok=True)
    (results / "load.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    body = (
        f"Load test, {result['date']}: gunicorn with {result['workers']} workers on 127.0.0.1, "
        f"wrk with 2 threads and {CONNECTIONS} connections for {result['seconds']:.0f} s, "
        "half browse pages and half searches "
        "(HTML and API, with and without facets), on the set-up corpus.\n\n"
        "| requests | requests/s | p50 ms | p95 ms | p99 ms | errors |\n|---|---|---|---|---|---|\n"
        f"| {result['requests']:,} | {result['requests_per_second']:.0f} | {result['p50_ms']:.1f} | "
        f"{result['p95_ms']:.1f} | {result['p99_ms']:.1f} | {result['errors']} |"
    )
    write_section(ROOT / "docs" / "benchmarks.md", "load", body)


def main():
    url_file = ROOT / "var" / "load-urls.txt"
    url_file.parent.mkdir(exist_ok=True)
    url_file.write_text("\n".join(load_urls()) + "\n", encoding="utf-8")
    server = start_server()
    try:
        result = run_wrk(url_file)
    finally:
        server.terminate()
        server.wait(timeout=30)
    result.update(workers=WORKERS, date=datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"))
    write_report(result)
    print(json.dumps(result, indent=2))
    if result["errors"]:
        raise SystemExit(f"{result['errors']} failed requests")


if __name__ == "__main__":
    main()
