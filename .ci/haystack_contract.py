"""Run django-haystack's own Whoosh test suite with its "whoosh" connection on legalkb's
Whoosh engine, and fail below the target (docs/search.md, "Haystack's contract").

The suite is taken from the sdist of the django-haystack version installed in the
project's venv, fetched from the package index into a temporary folder; the test
requirements the sdist declares go into a temporary venv that also sees the project's
packages. Nothing is left behind.

    .venv/bin/python .ci/haystack_contract.py
    .venv/bin/python .ci/haystack_contract.py --engine haystack.backends.whoosh_backend.WhooshEngine
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import tempfile
import tomllib
from importlib.metadata import version
from pathlib import Path

from django.test.runner import DiscoverRunner

CI = Path(__file__).resolve().parent
ROOT = CI.parent
DISTRIBUTION = "django-haystack"
SUITE = "test_haystack.whoosh_tests"
ENGINE = "legalkb.search.backends.whoosh.KazakhWhooshEngine"
TARGET = 86  # tests of the suite's 86 (django-haystack 3.4.0) that must pass: every one
OUTCOMES = "HAYSTACK_CONTRACT_OUTCOMES"  # where CountingRunner writes the outcomes
# The suite's test_non_silent builds a backend on this path (legalkb's engine writes there).
NON_SILENT_PATH = Path("/tmp/bad_whoosh")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--engine", default=ENGINE, help=f"the Haystack engine to test (default {ENGINE})")
    parser.add_argument("--target", type=int, default=TARGET, help=f"tests that must pass (default {TARGET})")
    args = parser.parse_args()
    haystack_version = version(DISTRIBUTION)
    with tempfile.TemporaryDirectory(prefix="haystack-contract-") as folder:
        folder = Path(folder)
        source = fetch_sdist(haystack_version, folder)
        python = suite_venv(folder / "venv", source)
        outcomes = run_suite(python, source, args.engine, folder / "outcomes.json")
    print(f"\n{DISTRIBUTION} {haystack_version} {SUITE}, its 'whoosh' connection on {args.engine}:")
    print(summary(outcomes, args.target))
    sys.exit(0 if outcomes["passed"] >= args.target else 1)


def fetch_sdist(haystack_version, folder):
    """The unpacked sdist's folder."""
    pip("download", "--no-binary", ":all:", "--no-deps", f"{DISTRIBUTION}=={haystack_version}", "-d", folder)
    (archive,) = folder.glob("*.tar.gz")
    with tarfile.open(archive) as tar:
        tar.extractall(folder, filter="data")
    return folder / archive.name.removesuffix(".tar.gz")


def suite_venv(path, source):
    """A venv that sees the project's packages and holds the suite's test requirements;
    returns its python."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", path], check=True)
    python = path / "bin" / "python"
    site = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True, capture_output=True, text=True,
    ).stdout.strip()
    Path(site, "legalkb-venv.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    with open(source / "pyproject.toml", "rb") as handle:
        requirements = tomllib.load(handle)["project"]["optional-dependencies"]["testing"]
    pip("--python", python, "install", *requirements)
    return python


def run_suite(python, source, engine, outcomes):
    """Run the suite in its sdist's folder; the outcomes CountingRunner wrote."""
    env = {
        **os.environ,
        "TMPDIR": str(outcomes.parent),  # the suite's index folders (mkdtemp) go with the rest
        "PYTHONPATH": os.pathsep.join(map(str, (source, ROOT, CI))),
        "DJANGO_SETTINGS_MODULE": "haystack_contract_settings",
        "HAYSTACK_CONTRACT_ENGINE": engine,
        OUTCOMES: str(outcomes),
    }
    left_before = NON_SILENT_PATH.exists()
    subprocess.run([python, "-m", "django", "test", SUITE], cwd=source, env=env)
    if not left_before:
        shutil.rmtree(NON_SILENT_PATH, ignore_errors=True)
    if not outcomes.exists():
        sys.exit(f"The suite did not run: see the output above. Engine: {engine}")
    return json.loads(outcomes.read_text(encoding="utf-8"))


def pip(*args):
    subprocess.run(
        [sys.executable, "-m", "pip", "--quiet", "--disable-pip-version-check", *map(str, args)], check=True
    )


def summary(outcomes, target):
    lines = [
        f"passed {outcomes['passed']}/{outcomes['total']} ({outcomes['skipped']} skipped, "
        f"{outcomes['expected_failures']} expected failures), failed {len(outcomes['failed'])}, "
        f"errors {len(outcomes['errors'])}; target {target}/{outcomes['total']}"
    ]
    for kind in ("failed", "errors"):
        lines += [f"  {kind.upper()} {test}: {reason}" for test, reason in outcomes[kind]]
    return "\n".join(lines)


class CountingRunner(DiscoverRunner):
    """Django's test runner, also writing the outcomes to the JSON file named by
    $HAYSTACK_CONTRACT_OUTCOMES (haystack_contract_settings selects it)."""

    def run_suite(self, suite, **kwargs):
        total = suite.countTestCases()
        result = super().run_suite(suite, **kwargs)
        failed = result.failures + [(test, "unexpected success") for test in result.unexpectedSuccesses]
        outcomes = {
            "total": total,
            "passed": result.testsRun - len(failed) - len(result.errors),
            "skipped": len(result.skipped),
            "expected_failures": len(result.expectedFailures),
            "failed": [(test.id(), last_line(trace)) for test, trace in failed],
            "errors": [(test.id(), last_line(trace)) for test, trace in result.errors],
        }
        Path(os.environ[OUTCOMES]).write_text(json.dumps(outcomes), encoding="utf-8")
        return result


def last_line(trace):
    """The exception a traceback ends with."""
    return trace.strip().splitlines()[-1]


if __name__ == "__main__":
    main()
