"""Migrations that change data: a database of an earlier version comes through with its meaning."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("legalkb", "0015_import_job_attempts")]
AFTER = [("legalkb", "0016_document_structure")]


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_heading_flag_becomes_the_heading_kind_with_its_history():
    Group.objects.get_or_create(name="Editors")  # gone if a test before flushed the database
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    source = old.get_model("legalkb", "Source").objects.create(
        slug="s", title="T", raw_text="x", checksum="c"
    )
    Passage = old.get_model("legalkb", "Passage")
    for position, is_heading in ((1, True), (2, False)):
        Passage.objects.create(
            source=source, position=position, text="x", start=0, end=1, language="kk", is_heading=is_heading
        )
    old.get_model("legalkb", "HistoricalPassage").objects.create(
        id=1,
        source_id=source.pk,
        position=1,
        text="x",
        start=0,
        end=1,
        language="kk",
        is_heading=True,
        history_date="2026-01-01T00:00:00Z",
        updated_at="2026-01-01T00:00:00Z",
        history_type="+",
    )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    passages = new.get_model("legalkb", "Passage").objects.filter(source_id=source.pk).order_by("position")
    assert list(passages.values_list("kind", "level")) == [("heading", 1), ("paragraph", 0)]
    assert new.get_model("legalkb", "HistoricalPassage").objects.get(source_id=source.pk).kind == "heading"

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
