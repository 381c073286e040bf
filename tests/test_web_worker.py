"""gunicorn's worker for the site: threads, and a request that never ends restarts its worker."""

import subprocess
import sys

import pytest
from processes import ROOT, free_port, http_get, listening, wait_until

from legalkb.web_worker import overdue


def test_a_request_is_overdue_once_it_has_run_longer_than_the_timeout():
    assert not overdue([100.0, 150.0], now=200.0, timeout=120)
    assert overdue([100.0, 150.0], now=221.0, timeout=120)
    assert not overdue([], now=221.0, timeout=120)


@pytest.mark.slow
def test_a_request_that_never_ends_restarts_its_worker_and_the_site_answers_again(tmp_path):
    port, log_path = free_port(), tmp_path / "gunicorn.log"
    options = ["--config", "gunicorn.conf.py", "--timeout", "10", "--workers", "1", "-b", f"127.0.0.1:{port}"]
    with log_path.open("w") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", *options, "--pythonpath", "tests", "hanging_site:application"],
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_until(lambda: listening(port), server, "gunicorn listening")
            with pytest.raises(ConnectionError):
                http_get(f"http://127.0.0.1:{port}/hang")

            assert "A request ran longer than 10 s" in log_path.read_text()
            wait_until(lambda: log_path.read_text().count("Booting worker") >= 2, server, "a new worker")
            assert http_get(f"http://127.0.0.1:{port}/")[::2] == (200, b"ok")
        finally:
            server.terminate()
            server.wait(timeout=60)
