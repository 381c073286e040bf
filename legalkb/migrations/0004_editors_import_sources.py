"""Editors import new sources (from the admin's import page); they still never delete one."""

from django.db import migrations


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Group.objects.get(name="Editors").permissions.add(
        Permission.objects.get(content_type__app_label="legalkb", codename="add_source")
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Group.objects.get(name="Editors").permissions.remove(
        Permission.objects.get(content_type__app_label="legalkb", codename="add_source")
    )


class Migration(migrations.Migration):
    dependencies = [("legalkb", "0003_history")]

    operations = [migrations.RunPython(grant, revoke)]
