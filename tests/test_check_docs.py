"""The docs check (.ci/check_docs.py, run by make lint): what a line of markdown may name."""

import runpy
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
problems = runpy.run_path(str(ROOT / ".ci" / "check_docs.py"))["problems"]


@pytest.mark.parametrize(
    "line",
    [
        "Suggestions come from `legalkb.search.plan.suggestion`.",
        "The worker runs legalkb.tasks.drain_outbox every 2 seconds.",
        "`SearchResponse.total` is legalkb.search.SearchResponse.total.",
        "The plan is in `legalkb/search/plan.py`; the sources in `fixtures/sources/`.",
        "Set `LEGALKB_INDEX_PATH` and `DJANGO_SECRET_KEY`; Haystack's `SILENTLY_FAIL` is off.",
        "`check --deploy` warns (legalkb.W001).",
        "    make test-fast",
        "`DJANGO_DEBUG=1 make setup`, then `.venv/bin/python manage.py update_index`",
        "`python -m bench.load` and `python -m gunicorn`",
        "Make sure the file /etc/legalkb.env is read by /srv/legalkb/.venv/bin/gunicorn.",
        "    apt-get install -y python3 make nginx",
        "| passages | legalkb/admin p50 |",
    ],
)
def test_a_line_naming_what_exists_passes(line):
    assert problems(line) == []


@pytest.mark.parametrize(
    "line, named",
    [
        ("Suggestions come from `legalkb.search.spelling`.", "module legalkb.search.spelling"),
        ("The worker runs legalkb.tasks.drain_everything.", "module legalkb.tasks.drain_everything"),
        ("See `legalkb/search/spelling.py`.", "file legalkb/search/spelling.py"),
        ("Set LEGALKB_INDEX_FOLDER.", "variable LEGALKB_INDEX_FOLDER"),
        ("Haystack's `SILENTLY_FAILS` is off.", "setting SILENTLY_FAILS"),
        ("`check --deploy` warns (legalkb.W999).", "module legalkb.W999"),
        ("    make test-fastest", "make target test-fastest"),
        ("`make lint && make docs`", "make target docs"),
        ("`manage.py rebuild_indexes`", "command manage.py rebuild_indexes"),
        ("`python -m bench.speed`", "module bench.speed"),
        ("`python -m gunicorns`", "module python -m gunicorns"),
    ],
)
def test_a_line_naming_what_does_not_exist_is_reported_with_its_number(line, named):
    assert problems(f"# Title\n\n{line}\n") == [(3, named)]


def test_a_fenced_block_is_code():
    assert problems("```sh\nmake nothing-such\n```\n") == [(2, "make target nothing-such")]
