"""Run django-haystack's own test suite of a backend (Whoosh or Solr) with its connection on
legalkb's engine, and fail below the target (docs/search.md, "Haystack's contract").

The suite is taken from the sdist of the django-haystack version installed in the
project's venv, fetched from the package index into a temporary folder; the test
requirements the sdist declares go into a temporary venv that also sees the project's
packages. The Solr suite runs on the SolrCloud at $LEGALKB_SOLR_URL, or on a one-node
cluster started for the run: its own schema, ported to Solr 9 (solr_configset), is uploaded
as a configset and its "solr" connection reads an alias of its own. Nothing is left behind.

    .venv/bin/python .ci/haystack_contract.py
    .venv/bin/python .ci/haystack_contract.py --engine haystack.backends.whoosh_backend.WhooshEngine
    .venv/bin/python .ci/haystack_contract.py solr
    .venv/bin/python .ci/haystack_contract.py solr --engine haystack.backends.solr_backend.SolrEngine
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
import time
import tomllib
from contextlib import contextmanager
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from xml.etree import ElementTree

from django.test.runner import DiscoverRunner

CI = Path(__file__).resolve().parent
ROOT = CI.parent
DISTRIBUTION = "django-haystack"
OUTCOMES = "HAYSTACK_CONTRACT_OUTCOMES"  # where CountingRunner writes the outcomes
# The Whoosh suite's test_non_silent builds a backend on this path (legalkb's engine writes there).
NON_SILENT_PATH = Path("/tmp/bad_whoosh")
SOLR_ALIAS = "haystack-contract"  # the suite's alias, and its collections' and configsets' prefix


@dataclass(frozen=True)
class Suite:
    module: str  # a dotted name, or a folder whose package's load_tests needs discovery's pattern
    engine: str  # legalkb's engine
    target: int  # tests of the suite that must pass on legalkb's engine


SUITES = {
    # every one of django-haystack 3.4.0's 86
    "whoosh": Suite("test_haystack.whoosh_tests", "legalkb.search.backends.whoosh.KazakhWhooshEngine", 86),
    # every one of the 100 of 107 that pass on Haystack's SolrEngine (docs/search.md)
    "solr": Suite("test_haystack/solr_tests", "legalkb.search.backends.solr.SolrCloudEngine", 100),
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("backend", nargs="?", choices=SUITES, default="whoosh")
    parser.add_argument("--engine", help="the Haystack engine to test (default legalkb's)")
    parser.add_argument("--target", type=int, help="tests that must pass (default the suite's target)")
    args = parser.parse_args()
    suite = SUITES[args.backend]
    engine, target = args.engine or suite.engine, args.target or suite.target
    haystack_version = version(DISTRIBUTION)
    with tempfile.TemporaryDirectory(prefix="haystack-contract-") as folder:
        folder = Path(folder)
        source = fetch_sdist(haystack_version, folder)
        python = suite_venv(folder / "venv", source)
        env = {"HAYSTACK_CONTRACT_BACKEND": args.backend, "HAYSTACK_CONTRACT_ENGINE": engine}
        if args.backend == "solr":
            with solr_collection(source, folder) as (solr_url, configset):
                env.update(
                    HAYSTACK_CONTRACT_SOLR_URL=solr_url,
                    HAYSTACK_CONTRACT_SOLR_ALIAS=SOLR_ALIAS,
                    HAYSTACK_CONTRACT_SOLR_CONFIGSET=configset,
                )
                outcomes = run_suite(python, source, suite.module, env, folder / "outcomes.json")
        else:
            outcomes = run_suite(python, source, suite.module, env, folder / "outcomes.json")
    print(f"\n{DISTRIBUTION} {haystack_version} {suite.module}, its '{args.backend}' connection on {engine}:")
    print(summary(outcomes, target))
    sys.exit(0 if outcomes["passed"] >= target else 1)


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


def run_suite(python, source, module, env, outcomes):
    """Run the suite in its sdist's folder; the outcomes CountingRunner wrote."""
    env = {
        **os.environ,
        **env,
        "TMPDIR": str(outcomes.parent),  # the suite's index folders (mkdtemp) go with the rest
        "PYTHONPATH": os.pathsep.join(map(str, (source, ROOT, CI))),
        "DJANGO_SETTINGS_MODULE": "haystack_contract_settings",
        OUTCOMES: str(outcomes),
    }
    left_before = NON_SILENT_PATH.exists()
    command = [python, "-m", "django", "test", "--top-level-directory", ".", module]
    subprocess.run(command, cwd=source, env=env)
    if not left_before:
        shutil.rmtree(NON_SILENT_PATH, ignore_errors=True)
    if not outcomes.exists():
        sys.exit(f"The suite did not run: see the output above. Engine: {env['HAYSTACK_CONTRACT_ENGINE']}")
    return json.loads(outcomes.read_text(encoding="utf-8"))


@contextmanager
def solr_collection(source, folder):
    """(the Solr base URL, a configset's name) of a cluster holding the suite's configset and a
    collection of it behind the alias SOLR_ALIAS, both removed when the block ends. One shard
    of one replica: Solr's /mlt handler, which Haystack's more_like_this() asks, reads one core."""
    sys.path[:0] = [str(ROOT), str(ROOT / "tests")]
    from solr_cluster import remove_collections

    from legalkb.solrcloud.admin import SolrAdmin

    confdir = source / "test_haystack" / "solr_tests" / "server" / "confdir"
    configset = solr_configset(confdir, folder / "conf")
    with solr_cluster(folder / "solr") as solr_url:
        admin = SolrAdmin(solr_url)
        remove_solr_collection(admin, remove_collections)
        # A name of its own: Solr nodes keep reading a configset of the same name uploaded before.
        configset_name = f"{SOLR_ALIAS}-{time.strftime('%Y%m%d-%H%M%S')}"
        admin.upload_configset(configset_name, configset)
        admin.create_collection(f"{SOLR_ALIAS}-initial", configset_name, 1, 1)
        admin.create_alias(SOLR_ALIAS, f"{SOLR_ALIAS}-initial")
        try:
            yield admin.base_url, configset_name
        finally:
            remove_solr_collection(admin, remove_collections)


def remove_solr_collection(admin, remove_collections):
    """Remove the suite's aliases, collections and configsets (a run's, or a killed one's)."""
    remove_collections(admin, SOLR_ALIAS)
    for name in admin.configsets():
        if name.startswith(SOLR_ALIAS):
            admin.delete_configset(name)


@contextmanager
def solr_cluster(folder):
    """The Solr base URL of $LEGALKB_SOLR_URL, or of a one-node cluster started in folder."""
    if os.environ.get("LEGALKB_SOLR_URL"):
        yield os.environ["LEGALKB_SOLR_URL"]
        return
    from solr_cluster import local_cluster

    with local_cluster(folder, nodes=1) as cluster:
        yield cluster.base_url


def drop_field_type(schema, name):
    """Remove a field type and the fields of it from a schema."""
    for parent in list(schema.iter()):
        for element in list(parent):
            if (element.tag, element.get("name")) == ("fieldType", name) or element.get("type") == name:
                parent.remove(element)


# Solr 9 has none of Solr 6's Trie fields: their Point equivalents (without precisionStep).
SOLR9_CLASSES = {
    **{f"solr.Trie{kind}Field": f"solr.{kind}PointField" for kind in ("Int", "Float", "Long", "Double")},
    "solr.TrieDateField": "solr.DatePointField",
    "solr.LatLonType": "solr.LatLonPointSpatialField",
}

# Solr 6's plugins Solr 9 has not (or only as modules legalkb's cluster does not load), and
# the sample's query elevation, which needs an elevate.xml the suite does not give.
SOLR9_MISSING = {"solr.XSLTResponseWriter", "solr.VelocityResponseWriter", "solr.QueryElevationComponent"}
SOLR9_DROPPED_HANDLERS = {"/browse", "/elevate"}  # on the velocity writer and query elevation


def solr_configset(confdir, folder):
    """The suite's configset (written for Solr 6) ported to Solr 9 in folder; returns folder."""
    shutil.copytree(confdir, folder)
    port_schema(folder)
    port_solrconfig(folder / "solrconfig.xml")
    return folder


def port_schema(folder):
    """Trie and LatLonType fields become Point fields, the currency type (it needs a
    currency.xml) goes, and the word lists the analysers name, which Solr 6's basic configset
    gave, are empty (a comment line)."""
    schema = ElementTree.parse(folder / "schema.xml")
    drop_field_type(schema.getroot(), "currency")
    for field_type in schema.getroot().iter("fieldType"):
        if field_type.get("class") in SOLR9_CLASSES:
            field_type.set("class", SOLR9_CLASSES[field_type.get("class")])
            for attribute in ("precisionStep", "subFieldSuffix"):
                field_type.attrib.pop(attribute, None)
        for element in field_type.iter():
            for attribute in ("words", "synonyms", "protected", "dictionary", "articles", "tags"):
                for name in filter(None, element.get(attribute, "").split(",")):
                    (folder / name).parent.mkdir(parents=True, exist_ok=True)
                    (folder / name).write_text("# none\n", encoding="utf-8")  # ZooKeeper drops empty files
    schema.write(folder / "schema.xml", encoding="UTF-8", xml_declaration=True)


def port_solrconfig(path):
    """Without <lib> (refused for a configset uploaded without authentication) and the
    plugins Solr 9 lacks; Caffeine caches for the LRU ones Solr 9 removed."""
    config = ElementTree.parse(path)
    root = config.getroot()
    for element in list(root):
        if (
            element.tag == "lib"
            or element.get("class") in SOLR9_MISSING
            or element.get("name") in SOLR9_DROPPED_HANDLERS
        ):
            root.remove(element)
    for cache in root.iter():
        if cache.get("class") in ("solr.LRUCache", "solr.FastLRUCache", "solr.search.LRUCache"):
            cache.set("class", "solr.CaffeineCache")
    config.write(path, encoding="UTF-8", xml_declaration=True)


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
