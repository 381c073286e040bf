"""The pages a passage stands on, for PDFs and texts with form feeds (empty otherwise)."""

from django.db import migrations, models

PAGE_START = models.PositiveIntegerField(
    blank=True,
    help_text="Counted from 1 in the file; empty when it has no pages.",
    null=True,
    verbose_name="first page",
)
PAGE_END = models.PositiveIntegerField(blank=True, null=True, verbose_name="last page")


class Migration(migrations.Migration):
    dependencies = [
        ("legalkb", "0005_indexing_outbox"),
    ]

    operations = [
        migrations.AddField(model_name="passage", name="page_start", field=PAGE_START),
        migrations.AddField(model_name="passage", name="page_end", field=PAGE_END),
        migrations.AddField(model_name="historicalpassage", name="page_start", field=PAGE_START.clone()),
        migrations.AddField(model_name="historicalpassage", name="page_end", field=PAGE_END.clone()),
    ]
