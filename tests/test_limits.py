"""A function run in a process of its own, limited in time and memory (legalkb.limits): the
functions below are what the process runs."""

import mmap
import os
import resource
import signal
import time
from pathlib import Path

import pytest
from processes import ROOT, start_python, wait_until

from legalkb.limits import LimitExceeded, refused_memory, run_limited

MB = 1024 * 1024


def write(path, text):
    with open(path, "w") as file:
        file.write(text)


def take_a_gigabyte():
    bytearray(1024 * MB)


def spin():
    while True:
        pass


def end_abruptly():
    os._exit(9)


def map_more_than_allowed():
    mmap.mmap(-1, 1024 * MB)  # refused at once, far from the limit: no peak near it


def be_killed():
    os.kill(os.getpid(), signal.SIGKILL)


def test_a_function_within_its_limits_runs_to_the_end(tmp_path):
    run_limited(write, (tmp_path / "done", "готово"), seconds=60, memory_bytes=512 * MB)

    assert (tmp_path / "done").read_text() == "готово"


def test_a_function_taking_more_memory_than_allowed_is_stopped_for_memory():
    with pytest.raises(LimitExceeded) as stopped:
        run_limited(take_a_gigabyte, (), seconds=60, memory_bytes=512 * MB)

    assert stopped.value.reason == "memory"


def test_a_mapping_refused_far_from_the_limit_is_stopped_for_memory():
    with pytest.raises(LimitExceeded) as stopped:
        run_limited(map_more_than_allowed, (), seconds=60, memory_bytes=512 * MB)

    assert stopped.value.reason == "memory"


def test_a_library_the_loader_could_not_map_ran_out_of_memory():
    def far_from_the_limit():
        return 40 * MB

    loader = OSError("/venv/lib/libpdfium.so: failed to map segment from shared object")
    assert refused_memory(loader, 64 * MB, peak=far_from_the_limit)
    assert refused_memory(ImportError(str(loader)), 64 * MB, peak=far_from_the_limit)
    for refused in (
        "cannot map zero-fill pages",
        "cannot create shared object descriptor: Cannot allocate memory",
    ):
        assert refused_memory(OSError(f"libpdfium.so: {refused}"), 64 * MB, peak=far_from_the_limit)
    static_tls = OSError("libgomp.so.1: cannot allocate memory in static TLS block")  # not the limit
    assert not refused_memory(static_tls, 64 * MB, peak=far_from_the_limit)
    assert not refused_memory(ImportError("No module named 'pdfium'"), 64 * MB, peak=far_from_the_limit)
    assert not refused_memory(ValueError("bad file"), 64 * MB, peak=far_from_the_limit)
    assert refused_memory(ValueError("bad file"), 64 * MB, peak=lambda: 60 * MB)


def test_a_process_too_near_its_limit_to_read_its_own_status_ran_out_of_memory():
    def status_unreadable():
        raise MemoryError

    assert refused_memory(ValueError("bad file"), 64 * MB, peak=status_unreadable)


def test_a_function_running_past_its_time_is_ended_for_time():
    with pytest.raises(LimitExceeded) as stopped:
        run_limited(spin, (), seconds=1, memory_bytes=512 * MB)

    assert stopped.value.reason == "time"


def test_a_process_that_dies_otherwise_is_reported_stopped():
    with pytest.raises(LimitExceeded) as stopped:
        run_limited(end_abruptly, (), seconds=60, memory_bytes=512 * MB)

    assert (stopped.value.reason, stopped.value.exit_code) == ("stopped", 9)
    assert str(stopped.value) == "stopped, exit code 9"


def test_a_process_ended_by_a_signal_is_reported_stopped_with_the_signal():
    with pytest.raises(LimitExceeded) as stopped:
        run_limited(be_killed, (), seconds=60, memory_bytes=512 * MB)

    assert (stopped.value.reason, stopped.value.exit_code) == ("stopped", -signal.SIGKILL)


def test_the_caller_keeps_its_own_memory_limit():
    before = resource.getrlimit(resource.RLIMIT_AS)

    run_limited(write, (os.devnull, ""), seconds=60, memory_bytes=512 * MB)

    assert resource.getrlimit(resource.RLIMIT_AS) == before


def test_the_process_ends_with_the_one_that_started_it(tmp_path):
    pid_file = tmp_path / "pid"
    starter = start_python(
        ["-c", STARTER, str(pid_file)], {**os.environ, "PYTHONPATH": f"{ROOT}:{ROOT / 'tests'}"}
    )
    wait_until(lambda: pid_file.exists() and pid_file.read_text(), starter, "the limited process")
    child = Path(f"/proc/{pid_file.read_text()}/stat")

    starter.kill()  # as kill -9 ends a worker
    starter.wait()

    deadline = time.monotonic() + 60
    while child.exists() and child.read_text().split()[2] != "Z" and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not child.exists() or child.read_text().split()[2] == "Z"


def record_pid_and_wait(path):
    Path(path).write_text(str(os.getpid()))
    while True:
        time.sleep(1)


STARTER = """
import sys
from legalkb.limits import run_limited
from test_limits import record_pid_and_wait
run_limited(record_pid_and_wait, (sys.argv[1],), seconds=600, memory_bytes=512 * 1024 * 1024)
"""
