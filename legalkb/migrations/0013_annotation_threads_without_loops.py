"""Annotation threads without loops: every loop already saved (A replies to B, B to A) is
broken at its oldest annotation, which becomes the note that starts the thread; nothing is
deleted. Then the database refuses an annotation that is its own parent."""

from django.db import migrations, models


def loops(parents):
    """Each loop of {pk: parent pk or None}, as a list of pks, once."""
    found, done = [], set()
    for start in parents:
        path, pk = [], start
        while pk is not None and pk not in done and pk not in path:
            path.append(pk)
            pk = parents.get(pk)
        if pk in path:
            found.append(path[path.index(pk) :])
        done.update(path)
    return found


def break_loops(apps, schema_editor):
    Annotation = apps.get_model("legalkb", "Annotation")
    rows = list(Annotation.objects.values_list("pk", "parent_id", "created_at"))
    parents = {pk: parent for pk, parent, _created in rows}
    created = {pk: created_at for pk, _parent, created_at in rows}
    oldest = [min(loop, key=lambda pk: (created[pk], pk)) for loop in loops(parents)]
    Annotation.objects.filter(pk__in=oldest).update(parent=None)


class Migration(migrations.Migration):
    dependencies = [("legalkb", "0012_editors_follow_imports")]

    operations = [
        migrations.RunPython(break_loops, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="annotation",
            constraint=models.CheckConstraint(
                condition=models.Q(("parent", models.F("pk")), _negated=True),
                name="annotation_not_its_own_parent",
            ),
        ),
    ]
