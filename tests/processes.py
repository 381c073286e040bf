"""Helpers for tests that run legalkb in real separate processes, on a database and
an index of their own in a temporary folder."""

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The Solr aliases and collections of this test process start with it (removed at its end).
SOLR_PREFIX = f"test-{secrets.token_hex(3)}"


def project_env(tmp_path, **extra):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "legalkb.settings",  # the project's own, not the test suite's
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "LEGALKB_INDEX_PATH": str(tmp_path / "index"),
        "LEGALKB_MEDIA_PATH": str(tmp_path / "media"),
        # On Solr, an alias of its own, as the index folder is.
        "LEGALKB_SOLR_COLLECTION": f"{SOLR_PREFIX}-{secrets.token_hex(4)}",
        "PYTHONIOENCODING": "utf-8",
        **extra,
    }


def run_python(args, env, stdin=None):
    """python args, run to the end in the project's folder; its output captured."""
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, input=stdin, capture_output=True, text=True, timeout=600
    )


def manage(args, env, stdin=None):
    return run_python(["manage.py", *args], env, stdin)


def start_python(args, env, **popen):
    """python args, started in the project's folder with its output piped; popen adds to
    subprocess.Popen's arguments (stdin=subprocess.PIPE, for one)."""
    return subprocess.Popen(
        [sys.executable, *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **popen,
    )


def set_up(env, *sources):
    """Migrate, import the sources, load the taxonomy and build the index."""
    steps = [
        ["migrate", "-v0"],
        *(["import_source", str(s)] for s in sources),
        ["load_taxonomy"],
        ["rebuild_index", "--noinput", "-v0"],
    ]
    for step in steps:
        result = manage(step, env)
        assert result.returncode == 0, result.stderr


def start_worker(env):
    """The background worker (manage.py run_worker): it indexes what waits in the outbox every
    few seconds, as beside a served site."""
    return start_python(["manage.py", "run_worker", "--no-resume"], env)


def stop(process):
    process.terminate()
    return process.communicate(timeout=60)


WAITING = "from legalkb.models import PendingIndexUpdate; print(PendingIndexUpdate.objects.count())"


def outbox_drained(env):
    """Whether nothing waits in the site's indexing outbox (asked in a new process)."""
    return manage(["shell", "-v0", "-c", WAITING], env).stdout.split()[-1:] == ["0"]


def start_gunicorn(env, port, log, workers=2):
    """gunicorn serving the site on 127.0.0.1:port with gunicorn.conf.py, its log in log."""
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py", "legalkb.wsgi"],
        cwd=ROOT,
        env={**env, "BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": str(workers)},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    wait_until(lambda: listening(port), server, f"gunicorn listening, log in {log.name}")
    return server


# How long a test waits for work it counts (saves, searches) before it gives up: far beyond
# what the work takes on a busy machine, reached only when something hangs.
SAFETY_SECONDS = 600


def running(processes):
    return any(process.poll() is None for process in processes)


def update_index_while(env, processes):
    """manage.py update_index, run again and again until every one of processes has ended
    (and at least once); the completed runs."""
    runs, deadline = [], time.monotonic() + SAFETY_SECONDS
    while not runs or (running(processes) and time.monotonic() < deadline):
        runs.append(manage(["update_index", "-v0"], env))
    return runs


def start_editors(env, rounds):
    """Editors "a" and "b" (tests/concurrent_editor.py), each in its own process, each saving
    rounds passages."""
    return [start_python(["tests/concurrent_editor.py", name, str(rounds)], env) for name in ("a", "b")]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def listening(port):
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
        return True
    except OSError:
        return False


def wait_until(ready, process, what, timeout=180):
    """Wait until ready() is true, checking between tries whether the process has ended
    (it fails the test then, as does a timeout)."""
    deadline = time.monotonic() + timeout
    while not ready():
        assert time.monotonic() < deadline, f"{what}: not after {timeout} s"
        try:
            process.wait(timeout=0.05)
        except subprocess.TimeoutExpired:
            continue
        raise AssertionError(f"{what}: the process ended first (exit status {process.returncode})")


def http_get(url, **headers):
    """(status, headers, body) of a GET that does not follow redirects."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.build_opener(NoRedirect).open(request, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


# Limits low enough for a test to reach: five API calls an hour from one address.
SERVED_API_RATE = 5


@contextmanager
def make_serve(folder):
    """`make serve` with production settings and nothing else in its environment: its own
    database, index and throttle counts in folder, behind a (pretend) TLS-terminating proxy.
    Yields the base URL."""
    port = free_port()
    env = {
        "PATH": os.environ["PATH"],
        "HOME": os.environ.get("HOME", str(folder)),
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_BEHIND_PROXY": "1",
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        "LEGALKB_SEARCH_ENGINE": "whoosh",
        "LEGALKB_INDEX_PATH": str(folder / "index"),
        "LEGALKB_CACHE_PATH": str(folder / "cache"),
        "LEGALKB_MEDIA_PATH": str(folder / "media"),
        "LEGALKB_THROTTLE_PATH": str(folder / "throttle.sqlite3"),
        "LEGALKB_API_RATE": f"{SERVED_API_RATE}/h",
        "BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "2",
    }
    log = (folder / "serve.log").open("w")
    server = subprocess.Popen(
        ["make", "serve"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    try:
        wait_until(lambda: listening(port), server, "make serve listening", timeout=300)
        yield f"http://127.0.0.1:{port}"
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)
        log.close()


@contextmanager
def running_redis(folder):
    """Debian's redis-server on a free port of 127.0.0.1, its files in folder, nothing saved to
    disk; yields its URL."""
    port = free_port()
    server = subprocess.Popen(
        ["redis-server", "--bind", "127.0.0.1", "--port", str(port), "--dir", str(folder), "--save", ""],
        stdout=subprocess.DEVNULL,
    )
    try:
        wait_until(lambda: listening(port), server, "redis-server listening", timeout=60)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.terminate()
        server.wait(timeout=30)
