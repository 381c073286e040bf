"""A backup restored into a new database (a temporary SQLite file, in another process)
loses nothing: every model, history included; and search works on the restored copy.
The archive holds password hashes: only its owner can ever read it."""

import json
import os
import re
import stat
import tarfile

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, User
from processes import manage, project_env

from legalkb.backup import DUMPED, NOT_DUMPED, backup, dump_data
from legalkb.models import Annotation, Passage, PrincipleLink, TaxonomyLink

SEARCHES = """
from legalkb.models import Passage
from legalkb.search import SearchRequest, search_passages
print(Passage.objects.count(), search_passages(SearchRequest()).count,
      search_passages(SearchRequest(q="палимпсест")).count)
"""


def objects(data):
    """dumpdata's objects in an order that does not depend on the database. dumpdata cuts
    times to milliseconds, so 10:00:00.000400 is written "10:00:00.000" and, restored as
    10:00:00, written "10:00:00" again: the same time."""
    data = re.sub(r"(T\d\d:\d\d:\d\d)\.000(?=Z|[+-])", r"\1", data)
    return sorted(json.loads(data), key=lambda o: json.dumps([o["model"], o.get("pk"), o["fields"]]))


def edit_as_an_editor(corpus):
    """An editor, a passage edited by them (a history record), annotations with a reply,
    a confirmed link."""
    editor = User.objects.create_user("aigerim", password="a-long-editor-password", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    link = PrincipleLink.objects.filter(passage__source=corpus.article).first()
    passage = link.passage
    passage._history_user = editor
    passage.text += " палимпсест"
    passage.save()
    note = Annotation.objects.create(
        passage=passage, editor=editor, note="Дереккөзді тексеру керек", quote=passage.text.split()[0]
    )
    Annotation.objects.create(passage=passage, parent=note, editor=editor, note="Тексерілді")
    link.status, link.reviewed_by = TaxonomyLink.Status.CONFIRMED, editor
    link.save()
    return passage


@pytest.mark.slow
def test_a_backup_restored_into_a_new_database_has_everything_and_search_works(corpus, tmp_path):
    passage = edit_as_an_editor(corpus)
    assert passage.history.count() == 2 and passage.history.first().history_user.username == "aigerim"
    original = dump_data()

    archive = backup(tmp_path / "backups")

    with tarfile.open(archive) as members:
        manifest = json.loads(members.extractfile("manifest.json").read())
        assert {"data.json", "sources/legal-status-of-the-person.txt"} <= set(members.getnames())
        originals = {name for name in members.getnames() if name.startswith("originals/")}
    assert originals == {source.original.name for source in (corpus.abstract, corpus.article)}
    models = [User, Group, *apps.get_app_config("legalkb").get_models()]
    dumped_models = [m for m in models if m._meta.label not in NOT_DUMPED]
    expected = {m._meta.label_lower: m.objects.count() for m in dumped_models if m.objects.exists()}
    assert manifest["counts"] == expected
    assert {"legalkb.historicalpassage", "legalkb.historicalannotation"} <= set(expected)

    (tmp_path / "restored").mkdir()
    env = project_env(tmp_path / "restored")
    restored = manage(["restore", str(archive)], env)
    assert restored.returncode == 0, restored.stderr
    excluded = [f"--exclude={label}" for label in NOT_DUMPED]
    dumped = manage(["dumpdata", *DUMPED, *excluded, "--natural-foreign", "--natural-primary"], env)
    assert dumped.returncode == 0, dumped.stderr
    assert objects(dumped.stdout) == objects(original)

    restored_file = tmp_path / "restored" / "media" / corpus.article.original.name
    assert restored_file.read_bytes() == corpus.article.original.read()

    searches = manage(["shell", "-v0", "-c", SEARCHES], env)
    assert searches.stdout.split() == [str(Passage.objects.count())] * 2 + ["1"], searches.stderr

    again = manage(["restore", str(archive)], env)
    assert again.returncode != 0 and "not empty" in again.stderr


@pytest.mark.slow
def test_a_restore_refuses_to_replace_an_index_that_belongs_to_another_database(corpus, tmp_path):
    live = project_env(tmp_path / "live")
    (tmp_path / "live").mkdir()
    assert manage(["migrate", "-v0"], live).returncode == 0
    assert manage(["rebuild_index", "--noinput", "-v0"], live).returncode == 0
    live_index = sorted((tmp_path / "live" / "index").iterdir())
    archive = backup(tmp_path / "backups")

    (tmp_path / "new").mkdir()
    into_new_database = {**project_env(tmp_path / "new"), "LEGALKB_INDEX_PATH": live["LEGALKB_INDEX_PATH"]}
    refused = manage(["restore", str(archive)], into_new_database)

    assert refused.returncode != 0
    assert "belongs to the database" in refused.stderr and "LEGALKB_INDEX_PATH" in refused.stderr
    assert sorted((tmp_path / "live" / "index").iterdir()) == live_index


def mode(path):
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def permissive_umask():
    """umask 0: whatever mode a file or folder is created with is the mode it gets."""
    previous = os.umask(0)
    yield
    os.umask(previous)


def test_the_archive_is_readable_by_its_owner_only_in_a_folder_only_they_can_enter(
    corpus, tmp_path, permissive_umask
):
    archive = backup(tmp_path / "backups")

    assert mode(archive) == 0o600
    assert mode(archive.parent) == 0o700


def test_a_backup_folder_open_to_others_is_closed(corpus, tmp_path, permissive_umask):
    folder = tmp_path / "backups"
    folder.mkdir(mode=0o755)

    backup(folder)

    assert mode(folder) == 0o700


def test_the_archive_is_created_0600_before_its_first_byte(corpus, tmp_path, monkeypatch, permissive_umask):
    """Every os.open of the archive is observed: it is created once, exclusively, and fstat
    right after creation, before anything is written, shows 0600. (With umask 0 that mode can
    only come from the call itself.) What this cannot see is a chmod between two writes; the
    code has none, and the final mode is checked above."""
    real_open, created = os.open, []

    def observed_open(path, flags, mode=0o777, **kwargs):
        descriptor = real_open(path, flags, mode, **kwargs)
        if str(path).endswith(".tar.gz"):
            created.append((flags, stat.S_IMODE(os.fstat(descriptor).st_mode), os.fstat(descriptor).st_size))
        return descriptor

    monkeypatch.setattr(os, "open", observed_open)
    archive = backup(tmp_path / "backups")

    ((flags, mode_at_creation, size_at_creation),) = created
    assert flags & os.O_CREAT and flags & os.O_EXCL
    assert (mode_at_creation, size_at_creation) == (0o600, 0)
    assert archive.stat().st_size > 0
