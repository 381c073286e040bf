"""Back up the knowledge base into one archive, and restore it into an empty database.

An archive (var/backups/legalkb-YYYYMMDD-HHMMSS.tar.gz) holds:
- data.json: dumpdata of auth users and groups and of every legalkb model, history
  included, with natural keys for users, groups and permissions (never axes' records);
- sources/: the original files of fixtures/sources (each source's text is in data.json too);
- originals/: the imported files the sources keep in the file storage (Source.original), each
  under its name there, read and written one at a time;
- manifest.json: when, how many objects of each model, and the SHA-256 of every other member.
"""

import hashlib
import io
import json
import os
import tarfile
import tempfile
from collections import Counter
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import User
from django.core.management import call_command
from django.utils import timezone

from .models import Source
from .search import outbox
from .search.storage import IndexOwnedElsewhere

BACKUP_DIR = settings.BASE_DIR / "var" / "backups"
SOURCES_DIR = settings.BASE_DIR / "fixtures" / "sources"
DUMPED = ["auth.user", "auth.group", "legalkb"]
NOT_DUMPED = ["legalkb.PendingIndexUpdate"]  # the indexing outbox: a restore rebuilds the index anyway
ORIGINALS = Source._meta.get_field("original").storage
ORIGINALS_FOLDER = Source._meta.get_field("original").upload_to


class RestoreRefused(Exception):
    """The archive is damaged or the database already has content."""


def sha256(data):
    return hashlib.sha256(data).hexdigest()


def dump_data():
    """The database content that a backup holds, as dumpdata's JSON text."""
    out = io.StringIO()
    call_command(
        "dumpdata",
        *DUMPED,
        exclude=NOT_DUMPED,
        use_natural_foreign_keys=True,
        use_natural_primary_keys=True,
        stdout=out,
    )
    return out.getvalue()


def backup(directory=BACKUP_DIR):
    """Write a new archive in directory and return its path."""
    data = dump_data().encode()
    sources = {f"sources/{p.name}": p.read_bytes() for p in sorted(SOURCES_DIR.iterdir()) if p.is_file()}
    members = {"data.json": data, **sources}
    checksums = {name: sha256(content) for name, content in members.items()}
    path = private_folder(directory) / f"legalkb-{timezone.localtime():%Y%m%d-%H%M%S}.tar.gz"
    # It holds password hashes: readable by its owner only from its first byte. O_EXCL: never
    # overwrite an archive.
    file = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(file, "wb") as out, tarfile.open(fileobj=out, mode="w:gz") as archive:
        for name, content in members.items():
            add_member(archive, name, content)
        for name in original_names():
            with ORIGINALS.open(name) as original:
                content = original.read()
            add_member(archive, name, content)
            checksums[name] = sha256(content)
        manifest = {
            "created": timezone.now().isoformat(),
            "counts": dict(sorted(Counter(obj["model"] for obj in json.loads(data)).items())),
            "sha256": checksums,
        }
        add_member(archive, "manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2).encode())
    return path


def add_member(archive, name, content):
    info = tarfile.TarInfo(name)
    info.size, info.mtime = len(content), int(timezone.now().timestamp())
    archive.addfile(info, io.BytesIO(content))


def original_names():
    """The names of the files the sources keep in the storage (originals/…), each once."""
    names = Source.objects.exclude(original="").values_list("original", flat=True)
    return sorted(set(names))


def private_folder(directory):
    """The folder, created or made 0700 (only its owner may list or enter it)."""
    directory = Path(directory)
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    directory.chmod(0o700)
    return directory


def read_archive(path):
    """The data.json text of an archive, once its manifest's checksums match."""
    with tarfile.open(path, "r:gz") as archive:
        members = {m.name: archive.extractfile(m).read() for m in archive.getmembers() if m.isfile()}
    if "manifest.json" not in members:
        raise RestoreRefused(f"{path} is not a legalkb backup: it has no manifest.json.")
    for name, digest in json.loads(members["manifest.json"])["sha256"].items():
        if name not in members or sha256(members[name]) != digest:
            raise RestoreRefused(f"{path} is damaged: {name} is missing or does not match its checksum.")
    return members["data.json"].decode()


def restore_originals(path):
    """Put the archive's original files back into the file storage, one at a time, under the
    names the sources give them."""
    with tarfile.open(path, "r:gz") as archive:
        for member in archive.getmembers():
            original = member.isfile() and member.name.startswith(ORIGINALS_FOLDER)
            if original and not ORIGINALS.exists(member.name):
                ORIGINALS.save(member.name, archive.extractfile(member))


def content_models():
    """Models whose rows mean the database is in use (migrations create none of them)."""
    models = [User, *apps.get_app_config("legalkb").get_models()]
    return [model for model in models if model._meta.label not in NOT_DUMPED]


def restore(path):
    """Migrate, load an archive's data into a database that has no content yet, and rebuild
    the search index for that database. Refuses a database with content, a damaged archive,
    and an index folder that belongs to another database (the live site's, say)."""
    data = read_archive(path)
    try:
        outbox.backend().store.check_owner()
    except IndexOwnedElsewhere as error:
        raise RestoreRefused(str(error)) from None
    call_command("migrate", interactive=False, verbosity=0)
    in_use = [m._meta.label for m in content_models() if m.objects.exists()]
    if in_use:
        raise RestoreRefused(
            f"The database is not empty ({', '.join(in_use)} have rows). Restore into a new, empty "
            "database: point DATABASE_URL at it."
        )
    with tempfile.TemporaryDirectory() as folder:
        fixture = Path(folder) / "data.json"
        fixture.write_text(data, encoding="utf-8")
        signals = apps.get_app_config("haystack").signal_processor
        signals.teardown()  # the index is rebuilt once, below, not passage by passage
        try:
            call_command("loaddata", str(fixture), verbosity=0)
        finally:
            signals.setup()
    restore_originals(path)
    call_command("rebuild_index", interactive=False, verbosity=0)
