"""Run a function in a process of its own, limited in time and memory: a hostile or
unexpectedly costly file cannot take the background worker's time or memory with it.

The process is started fresh (multiprocessing's "spawn": nothing of the worker's threads,
locks or database connections is inherited) and limits its own address space and CPU time
with resource.setrlimit before it runs anything; the caller ends it at the time limit. A
function that needs Django names it with django_call, which sets Django up first.
"""

import ctypes
import errno
import multiprocessing
import os
import resource
import signal

MEMORY_EXIT = 3  # the exit status of a process that ran out of its memory
NEAR_LIMIT = 0.9
# What glibc's dynamic loader says when it is refused memory for a library (the last: ENOMEM's text)
LOADER_REFUSED_MEMORY = ("failed to map segment", "cannot map zero-fill pages", "Cannot allocate memory")
PR_SET_PDEATHSIG = 1  # from Linux's <sys/prctl.h>


class LimitExceeded(Exception):
    """The process did not finish: reason is "time", "memory" or "stopped" (it died otherwise,
    with exit_code: negative for the signal that ended it)."""

    def __init__(self, reason, exit_code=None):
        super().__init__(reason if exit_code is None else f"{reason}, exit code {exit_code}")
        self.reason = reason
        self.exit_code = exit_code


def run_limited(function, args, seconds, memory_bytes):
    """Call function(*args) in a process of its own, at most seconds long (wall time) and
    memory_bytes of address space; LimitExceeded if it does not finish."""
    process = multiprocessing.get_context("spawn").Process(
        target=_limited, args=(function, args, seconds, memory_bytes), daemon=True
    )
    process.start()
    process.join(seconds)
    if process.is_alive():
        process.kill()
        process.join()
        raise LimitExceeded("time")
    if process.exitcode == MEMORY_EXIT:
        raise LimitExceeded("memory")
    if process.exitcode != 0:
        raise LimitExceeded("stopped", process.exitcode)


def _limited(function, args, seconds, memory_bytes):
    die_with_parent()
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    resource.setrlimit(resource.RLIMIT_CPU, (seconds + 5, seconds + 6))  # a fence if the caller is gone
    try:
        function(*args)
    except BaseException as error:
        if refused_memory(error, memory_bytes):
            os._exit(MEMORY_EXIT)
        raise


def refused_memory(error, memory_bytes, peak=None):
    """Whether error came from the address-space limit. An allocation refused to a library may
    raise ImportError or OSError, not MemoryError: a process that failed with its address space
    near the limit (peak(), in bytes) ran out of memory, and so did one refused a mapping
    (ENOMEM, or one of the dynamic loader's messages), however far from the limit, for a library
    of many megabytes is mapped at once."""
    if isinstance(error, MemoryError):
        return True
    try:
        if (peak or peak_address_space)() > NEAR_LIMIT * memory_bytes:
            return True
    except MemoryError:  # too near the limit even to read its own status
        return True
    if isinstance(error, OSError) and error.errno == errno.ENOMEM:
        return True
    if not isinstance(error, ImportError | OSError):
        return False
    return any(words in str(error) for words in LOADER_REFUSED_MEMORY)


def die_with_parent():
    """Ask Linux to end this process when the worker that started it ends, even by kill -9:
    an import left running alone would hold its transaction while the next worker retries."""
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


def peak_address_space():
    """The most address space this process has held, in bytes (Linux's VmPeak)."""
    with open("/proc/self/status") as status:
        line = next(line for line in status if line.startswith("VmPeak:"))
    return int(line.split()[1]) * 1024


def django_call(dotted_path, *args):
    """Set Django up in this process, then call the function at dotted_path."""
    import django
    from django.utils.module_loading import import_string

    django.setup()
    import_string(dotted_path)(*args)
