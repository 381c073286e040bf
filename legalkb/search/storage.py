"""Index generations on disk, switched atomically.

The index root (settings.SEARCH_INDEX_PATH) holds one folder per generation and two
pointer files naming them:

    CURRENT    the generation searches read (replaced in one rename)
    BUILDING   the generation a rebuild is writing, if one runs
    OWNER      the database the index was built from
    gen-…/     an engine's own files

An index belongs to one database: writing into one built from another database (a
restore pointed at the live site's index, say) is refused with IndexOwnedElsewhere.

A rebuild writes a new generation beside the live one and publishes it by renaming a
new CURRENT into place, so a search sees the complete old or the complete new index,
whenever the rebuild is killed. Writes that happen during a rebuild go to both
generations (IndexStore.writable). Leftovers of a killed rebuild are removed by the next
one, or by `manage.py clean_index`.
"""

import fcntl
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

CURRENT = "CURRENT"
BUILDING = "BUILDING"
OWNER = "OWNER"
PREFIX = "gen-"
SCHEMA_FILE = "SCHEMA"
PUBLISHED = ".published"  # in a generation that was live once: replaced, not abandoned
# A replaced generation stays this long for searches that opened it just before the switch.
RETIRED_GRACE_SECONDS = 600
# A writer asks whether a rebuild runs by taking the rebuild lock shared for an instant: a
# rebuild that starts then tries again rather than believe another one runs.
REBUILD_LOCK_TRIES, REBUILD_LOCK_WAIT_SECONDS = 10, 0.02

# A generation as the store names it: a folder (Path) here, a collection's name (str) in a
# store that keeps them elsewhere (legalkb.search.backends.solr.CollectionStore).
Generation = Any


class RebuildRunning(RuntimeError):
    """Another process is rebuilding this index."""


class IndexOwnedElsewhere(RuntimeError):
    """The index was built from another database."""


class IndexStore:
    """The generations of one index root, and the pointers that name the live one and the one being built."""

    def __init__(self, root: str | Path, owner: Callable[[], str] | None = None) -> None:
        """owner() names the database this process writes from (None: any)."""
        self.root = Path(root)
        self.owner = owner

    def live(self) -> Generation | None:
        """The generation searches read, or None when there is none yet."""
        return self._pointed(CURRENT)

    def building(self) -> Generation | None:
        """The generation a running rebuild writes, or None. A BUILDING pointer left by a
        killed rebuild counts only while its rebuild lock is held."""
        path = self._pointed(BUILDING)
        if path is None or not self._rebuild_lock_held():
            return None
        return path

    def writable(self) -> list[Generation]:
        """Every generation a change must reach: the live one and the one being built."""
        self.check_owner()
        paths = (self.live(), self.building())  # the same one at the instant it is published
        return list(dict.fromkeys(path for path in paths if path is not None))

    def check_owner(self) -> None:
        """Refuse an index built from another database than this process's."""
        if self.owner is None:
            return
        try:
            recorded = (self.root / OWNER).read_text(encoding="utf-8").strip()
        except OSError:
            return
        if recorded != self.owner():
            raise IndexOwnedElsewhere(
                f"The search index in {self.root} belongs to the database {recorded}, not to "
                f"{self.owner()}. Point LEGALKB_INDEX_PATH at a folder of this database's own."
            )

    def schema(self, path: Generation) -> str | None:
        """The schema version a generation was built with, or None."""
        try:
            return (path / SCHEMA_FILE).read_text(encoding="utf-8").strip()
        except OSError:
            return None

    @contextmanager
    def rebuilding(
        self, schema_version: str, create: Callable[[Generation], object]
    ) -> Iterator[Generation]:
        """A new generation, made an empty index by create(path) before changes are sent to
        it, for the body to fill; published when the body returns, removed if it raises.
        Only one rebuild at a time (RebuildRunning otherwise)."""
        self.root.mkdir(parents=True, exist_ok=True)
        self.check_owner()
        with self._rebuild_lock():
            self._remove_leftovers(RETIRED_GRACE_SECONDS)
            path = Path(tempfile.mkdtemp(prefix=f"{PREFIX}{time.strftime('%Y%m%d-%H%M%S')}-", dir=self.root))
            try:
                (path / SCHEMA_FILE).write_text(schema_version, encoding="utf-8")
                create(path)
                self._point(BUILDING, path)
                yield path
            except BaseException:
                (self.root / BUILDING).unlink(missing_ok=True)
                shutil.rmtree(path, ignore_errors=True)
                raise
            if self.owner is not None:
                (self.root / OWNER).write_text(self.owner(), encoding="utf-8")
            self._point(CURRENT, path)
            (self.root / BUILDING).unlink(missing_ok=True)

    def generations(self) -> list[str]:
        """The names of every generation, live or not."""
        return sorted(path.name for path in self.root.glob(f"{PREFIX}*") if path.is_dir())

    def clean(self, grace: float = RETIRED_GRACE_SECONDS) -> list[str]:
        """Remove generations that are neither live nor being built: those of killed
        rebuilds at once, replaced ones after the grace period. Returns their names."""
        self.root.mkdir(parents=True, exist_ok=True)
        with self._rebuild_lock():
            return self._remove_leftovers(grace)

    def _remove_leftovers(self, grace: float) -> list[str]:
        live = self.live()
        removed = []
        for path in self.root.glob(f"{PREFIX}*"):
            if path == live or not path.is_dir():
                continue
            published = (path / PUBLISHED).exists()
            if published and time.time() - path.stat().st_mtime < grace:
                continue
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path.name)
        (self.root / BUILDING).unlink(missing_ok=True)
        for temporary in self.root.glob(".*.tmp"):
            temporary.unlink(missing_ok=True)
        return removed

    def _pointed(self, name: str) -> Generation | None:
        try:
            target = (self.root / name).read_text(encoding="utf-8").strip()
        except OSError:
            return None
        path = self.root / target
        return path if target.startswith(PREFIX) and path.is_dir() else None

    def _point(self, name: str, path: Generation) -> None:
        """Name path in a pointer file, replaced in one rename."""
        temporary = self.root / f".{name}.{os.getpid()}.tmp"
        temporary.write_text(path.name, encoding="utf-8")
        with open(temporary, "rb") as handle:
            os.fsync(handle.fileno())
        if name == CURRENT:
            (path / PUBLISHED).touch()
            previous = self.live()
            if previous is not None:
                os.utime(previous)  # its grace period starts now
        os.replace(temporary, self.root / name)

    @contextmanager
    def _rebuild_lock(self) -> Iterator[None]:
        with open(self.root / ".rebuild.lock", "a+") as handle:
            self._lock_exclusively(handle)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def _lock_exclusively(self, handle: IO[str]) -> None:
        for _ in range(REBUILD_LOCK_TRIES):
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return
            except BlockingIOError:
                time.sleep(REBUILD_LOCK_WAIT_SECONDS)
        raise RebuildRunning(f"Another process is rebuilding the index in {self.root}.")

    def _rebuild_lock_held(self) -> bool:
        """Whether some process holds the rebuild lock (a killed process holds none)."""
        try:
            handle = open(self.root / ".rebuild.lock", "rb")
        except OSError:
            return False
        with handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)
            except BlockingIOError:
                return True
            fcntl.flock(handle, fcntl.LOCK_UN)
            return False
