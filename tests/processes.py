"""Helpers for tests that run legalkb in real separate processes, on a database and
an index of their own in a temporary folder."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def project_env(tmp_path, **extra):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "legalkb.settings",  # the project's own, not the test suite's
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "LEGALKB_INDEX_PATH": str(tmp_path / "index"),
        "PYTHONIOENCODING": "utf-8",
        **extra,
    }


def manage(args, env, stdin=None):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=600,
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


def start_editors(env, seconds):
    """Editors "a" and "b" (tests/concurrent_editor.py), each in its own process."""
    return [
        subprocess.Popen(
            [sys.executable, "tests/concurrent_editor.py", name, str(seconds)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("a", "b")
    ]
