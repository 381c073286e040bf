"""How legalkb behaves as its corpus grows: `python -m bench` (see docs/benchmarks.md).

The runner (runner.py) starts one subprocess per measurement (worker.py), each on its
own database and index under var/bench/, so the user's data is never touched and each
process's peak memory is its own.
"""
