"""Granting the Editors group more permissions, for the migrations that do."""

from django.contrib.auth.management import create_permissions


def editors_permissions(codenames):
    """(grant, revoke): RunPython functions adding or removing legalkb permissions to Editors."""

    def chosen(apps):
        for app_config in apps.get_app_configs():
            app_config.models_module = True
            create_permissions(app_config, verbosity=0)
            app_config.models_module = None
        permissions = apps.get_model("auth", "Permission").objects
        editors = apps.get_model("auth", "Group").objects.get(name="Editors")
        return editors, permissions.filter(content_type__app_label="legalkb", codename__in=codenames)

    def grant(apps, schema_editor):
        editors, permissions = chosen(apps)
        editors.permissions.add(*permissions)

    def revoke(apps, schema_editor):
        editors, permissions = chosen(apps)
        editors.permissions.remove(*permissions)

    return grant, revoke
