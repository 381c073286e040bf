"""Fail when the docs (README.md, docs/*.md) name something the project does not have: a
module or one of its names (legalkb.tasks.drain_outbox), a file or folder of the repository
(legalkb/search/plan.py), an environment variable or setting (LEGALKB_INDEX_PATH,
SILENTLY_FAIL), a make target (make test-fast) or a command (manage.py update_index,
python -m bench.load). Run by make lint:

    .venv/bin/python .ci/check_docs.py
"""

import ast
import os
import re
import sys
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ["README.md", "docs/*.md"]
# Where a variable or setting must be read, or a name defined, for the docs to name it.
CODE = ["legalkb/**/*.py", "bench/**/*.py", "gunicorn.conf.py", "manage.py", "Makefile", ".ci/run"]
PACKAGES = ("legalkb", "bench")

# Not after a letter, a slash or a dot: /etc/legalkb.env and /srv/legalkb/.venv are not ours.
MODULE = re.compile(rf"(?<![\w/.-])(?:{'|'.join(PACKAGES)})(?:\.[A-Za-z_]\w*)+")
# A file (with its extension) or a folder (with its slash): legalkb/admin in a table's
# heading is a label.
PATH = re.compile(r"(?<![\w/.-])(?:legalkb|bench|tests|solr|fixtures|docs|\.ci)/[\w./-]*(?:\.\w+|/)")
VARIABLE = re.compile(r"\b(?:LEGALKB|DJANGO)_[A-Z0-9_]*[A-Z0-9]\b")
CONSTANT = re.compile(r"^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$")  # a whole code span: SILENTLY_FAIL
CHECK_ID = re.compile(r"\.[A-Z]\d{3}$")  # a system check's id: legalkb.W001
# make as a command: first on the line (after variables set for it) or after ; && || |
MAKE = re.compile(r"(?:^\s*(?:[A-Z_]+=\S*\s+)*|[;&|]\s*)make(?:\s+-{1,2}[\w-]+)*\s+([a-z][\w-]*)")
MANAGE = re.compile(r"\bmanage\.py\s+([a-z_]+)")
PYTHON_MODULE = re.compile(r"\bpython3?\s+-m\s+([\w.]+)")
CODE_SPAN = re.compile(r"`([^`\n]+)`")
FENCE = re.compile(r"^\s*```")


def code_lines(text):
    """(line number, code) for each code span, fenced line and indented line of markdown."""
    fenced = False
    for number, line in enumerate(text.splitlines(), 1):
        if FENCE.match(line):
            fenced = not fenced
        elif fenced or line.startswith("    "):
            yield number, line
        else:
            yield from ((number, span) for span in CODE_SPAN.findall(line))


def problems(text):
    """(line number, message) for every name in the markdown text that does not exist."""
    found = []
    for number, line in enumerate(text.splitlines(), 1):
        found += [(number, f"module {m}") for m in MODULE.findall(line) if not module_exists(m)]
        found += [(number, f"file {p}") for p in PATH.findall(line) if not path_exists(p)]
        found += [(number, f"variable {v}") for v in VARIABLE.findall(line) if not in_code(v)]
        found += [(number, f"command manage.py {c}") for c in MANAGE.findall(line) if c not in commands()]
        found += [(number, f"module python -m {m}") for m in PYTHON_MODULE.findall(line) if not runnable(m)]
    for number, code in code_lines(text):
        found += [(number, f"make target {t}") for t in MAKE.findall(code) if t not in make_targets()]
        if CONSTANT.match(code) and not (in_code(code) or is_library_setting(code)):
            found.append((number, f"setting {code}"))
    return sorted(set(found))


def path_exists(path):
    return (ROOT / path.rstrip(".")).exists()


def module_file(dotted):
    """The file of a module or package of the repository, or None."""
    path = ROOT.joinpath(*dotted.split("."))
    for candidate in (path.with_suffix(".py"), path / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def module_exists(dotted):
    """A module of the repository, a name its module defines (a class's too: Class.name), or
    the id of one of the project's system checks."""
    if CHECK_ID.search(dotted):
        return f'"{dotted}"' in code_text()
    parts = dotted.rstrip(".").split(".")
    for split in range(len(parts), 0, -1):
        path = module_file(".".join(parts[:split]))
        if path is not None:
            return defines(ast.parse(path.read_text(encoding="utf-8")).body, parts[split:])
    return False


def defines(body, names):
    """Whether the statements define the first of names, and what it defines the rest."""
    if not names:
        return True
    for node in body:
        if isinstance(node, ast.ClassDef) and node.name == names[0]:
            return defines(node.body, names[1:])
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name == names[0]:
            return len(names) == 1
        targets = [node.target] if isinstance(node, ast.AnnAssign) else getattr(node, "targets", [])
        assigned = {n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)}
        imported = {(a.asname or a.name) for a in getattr(node, "names", []) if isinstance(a, ast.alias)}
        if names[0] in assigned | imported:
            return len(names) == 1
    return False


def runnable(module):
    """What python -m runs: a module of the repository (checked as any other), or an installed one."""
    from importlib.util import find_spec

    return module.split(".")[0] in PACKAGES or find_spec(module.split(".")[0]) is not None


@cache
def code_text():
    return "\n".join(
        path.read_text(encoding="utf-8") for pattern in CODE for path in ROOT.glob(pattern) if path.is_file()
    )


def in_code(name):
    return re.search(rf"\b{name}\b", code_text()) is not None


@cache
def haystack_code():
    import haystack

    return "\n".join(p.read_text(encoding="utf-8") for p in Path(haystack.__file__).parent.rglob("*.py"))


def is_library_setting(name):
    """A setting of Django's, or an option of a Haystack connection."""
    from django.conf import global_settings

    return hasattr(global_settings, name) or f'"{name}"' in haystack_code()


@cache
def make_targets():
    targets = set()
    for line in (ROOT / "Makefile").read_text(encoding="utf-8").splitlines():
        rule = re.match(r"^([A-Za-z.$][^:=#\t]*?)\s*:(?![:=])", line)
        if rule:
            targets.update(rule.group(1).split())
    return targets


@cache
def commands():
    """manage.py's commands: legalkb's, Django's and its installed apps'."""
    import django
    from django.core.management import get_commands

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "legalkb.settings")
    django.setup()
    return set(get_commands())


def main():
    sys.path.insert(0, str(ROOT))
    failures = [
        f"{path.relative_to(ROOT)}:{number}: names {what}, which does not exist"
        for pattern in DOCS
        for path in sorted(ROOT.glob(pattern))
        for number, what in problems(path.read_text(encoding="utf-8"))
    ]
    print("\n".join(failures) or "The docs name only what exists.")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
