"""Editors' input bounded: control characters stripped from the text already saved (as the
fields of legalkb.fields now strip them on every save), and years from 1 to 9999, pages from
1 to 100,000."""

import django.core.validators
from django.db import migrations, models

from legalkb.text.normalize import strip_controls

# model: (one-line fields, fields of several lines, lists of phrases), as legalkb.fields declares them
TYPED = {
    "source": (
        ["title", "container", "volume", "issue", "publisher", "city", "speciality", "doi", "isbn", "issn", "file_name"],
        ["note"],
        [],
    ),
    "creator": (["family_name", "given_names"], [], []),
    "principle": (["name_kk", "name_ru", "name_en"], ["description"], ["aliases"]),
    "reform": (["name_kk", "name_ru", "name_en"], ["description"], ["aliases"]),
    "author": (["full_name", "role", "country"], ["description"], ["aliases", "short_forms"]),
    "passage": ([], ["text"], []),
    "annotation": ([], ["note", "quote"], []),
    "glossaryterm": (["kk", "ru", "en"], ["note"], []),
    "importjob": (["title", "file_name"], [], []),
    "principlelink": (["matched"], [], []),
    "authorlink": (["matched"], [], []),
    "reformlink": (["matched"], [], []),
}


def cleaned(value, kind):
    if kind == "phrases":
        return [strip_controls(p, one_line=True).strip() if isinstance(p, str) else p for p in value]
    return strip_controls(value, one_line=kind == "line")


def strip_saved_controls(apps, schema_editor):
    """Rewrite the rows whose typed text holds control characters (only those)."""
    for model_name, (lines, blocks, phrases) in TYPED.items():
        model = apps.get_model("legalkb", model_name)
        kinds = {**dict.fromkeys(lines, "line"), **dict.fromkeys(blocks, "block"), **dict.fromkeys(phrases, "phrases")}
        for row in model.objects.values("pk", *kinds).iterator(chunk_size=2000):
            changes = {name: cleaned(row[name], kind) for name, kind in kinds.items()}
            changes = {name: value for name, value in changes.items() if value != row[name]}
            if changes:
                model.objects.filter(pk=row["pk"]).update(**changes)


class Migration(migrations.Migration):

    dependencies = [
        ('legalkb', '0013_annotation_threads_without_loops'),
    ]

    operations = [
        migrations.RunPython(strip_saved_controls, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='historicalreform',
            name='year',
            field=models.PositiveSmallIntegerField(blank=True, null=True, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(9999)], verbose_name='year'),
        ),
        migrations.AlterField(
            model_name='historicalsource',
            name='first_page',
            field=models.PositiveIntegerField(blank=True, null=True, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(100000)], verbose_name='first page'),
        ),
        migrations.AlterField(
            model_name='historicalsource',
            name='last_page',
            field=models.PositiveIntegerField(blank=True, null=True, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(100000)], verbose_name='last page'),
        ),
        migrations.AlterField(
            model_name='historicalsource',
            name='year',
            field=models.PositiveSmallIntegerField(blank=True, null=True, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(9999)], verbose_name='year'),
        ),
        migrations.AlterField(
            model_name='importjob',
            name='year',
            field=models.PositiveSmallIntegerField(blank=True, null=True, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(9999)], verbose_name='year'),
        ),
        migrations.AlterField(
            model_name='reform',
            name='year',
            field=models.PositiveSmallIntegerField(blank=True, null=True, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(9999)], verbose_name='year'),
        ),
        migrations.AlterField(
            model_name='source',
            name='first_page',
            field=models.PositiveIntegerField(blank=True, null=True, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(100000)], verbose_name='first page'),
        ),
        migrations.AlterField(
            model_name='source',
            name='last_page',
            field=models.PositiveIntegerField(blank=True, null=True, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(100000)], verbose_name='last page'),
        ),
        migrations.AlterField(
            model_name='source',
            name='year',
            field=models.PositiveSmallIntegerField(blank=True, null=True, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(9999)], verbose_name='year'),
        ),
    ]
