"""The sample files of bench.documents, made once per test session (LibreOffice, Chromium,
Pillow) in pytest's cache, keyed by the generator's own source: they are made, not stored,
so that what is tested is what today's tools produce, and the repository holds no binaries."""

import hashlib
import json
import os
from pathlib import Path

import bench.documents

GENERATOR = Path(bench.documents.__file__).parent


def generator_key():
    digest = hashlib.sha256()
    for path in sorted(GENERATOR.glob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def sample_files(cache):
    """The folder of sample files, made when the generator changed since they were made. A
    folder of its own per process, renamed into place, so parallel test processes never see
    half-made files."""
    from bench.documents.make_files import make_files

    root = Path(cache.mkdir("documents"))
    folder = root / generator_key()
    if not folder.exists():
        work = root / f"making-{os.getpid()}"
        make_files(work)
        try:
            work.rename(folder)
        except OSError:
            pass  # another process made them first
    return folder


def truth(path):
    return json.loads(path.with_name(path.name + ".truth.json").read_text(encoding="utf-8"))
