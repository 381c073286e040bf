"""Passages have a kind (paragraph, heading, list item, table) instead of a heading flag, a
level, table cells and printed page numbers; passages have notes; sources keep their abstracts,
keywords, references and original file; an import job keeps the document it read, the record the
editor confirmed, and the source whose file it replaces."""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


def headings_become_a_kind(apps, schema_editor):
    for name in ("Passage", "HistoricalPassage"):
        apps.get_model("legalkb", name).objects.filter(is_heading=True).update(kind="heading", level=1)


def headings_back_to_a_flag(apps, schema_editor):
    for name in ("Passage", "HistoricalPassage"):
        apps.get_model("legalkb", name).objects.filter(kind="heading").update(is_heading=True)


class Migration(migrations.Migration):

    dependencies = [
        ('legalkb', '0015_import_job_attempts'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='historicalpassage',
            name='kind',
            field=models.CharField(choices=[('paragraph', 'Paragraph'), ('heading', 'Heading'), ('list_item', 'List item'), ('table', 'Table')], default='paragraph', max_length=10, verbose_name='kind'),
        ),
        migrations.AddField(
            model_name='historicalpassage',
            name='label_end',
            field=models.CharField(blank=True, max_length=20, verbose_name='last printed page'),
        ),
        migrations.AddField(
            model_name='historicalpassage',
            name='label_start',
            field=models.CharField(blank=True, help_text="The page number printed on the page (or the PDF's page label), when known.", max_length=20, verbose_name='first printed page'),
        ),
        migrations.AddField(
            model_name='historicalpassage',
            name='level',
            field=models.PositiveSmallIntegerField(default=0, help_text='1 for a chapter.', verbose_name='heading level'),
        ),
        migrations.AddField(
            model_name='historicalpassage',
            name='rows',
            field=models.JSONField(blank=True, default=list, help_text="A table's cells, row by row.", verbose_name='table cells'),
        ),
        migrations.AddField(
            model_name='historicalsource',
            name='original',
            field=models.TextField(blank=True, help_text="The imported file itself, kept in the site's file storage.", max_length=100, verbose_name='original file'),
        ),
        migrations.AddField(
            model_name='historicalsource',
            name='original_public',
            field=models.BooleanField(default=False, help_text="Readers may download the original file from the source's page.", verbose_name='original file public'),
        ),
        migrations.AddField(
            model_name='historicalsource',
            name='speciality_name',
            field=models.CharField(blank=True, help_text="The speciality's name, as printed.", max_length=300, verbose_name='speciality'),
        ),
        migrations.AddField(
            model_name='importjob',
            name='counting',
            field=models.CharField(blank=True, choices=[('pages', 'pages read'), ('passages', 'passages')], max_length=10, verbose_name='counting'),
        ),
        migrations.AddField(
            model_name='importjob',
            name='document',
            field=models.JSONField(blank=True, help_text='What was read from the file, which the import saves.', null=True, verbose_name='document'),
        ),
        migrations.AddField(
            model_name='importjob',
            name='record',
            field=models.JSONField(blank=True, help_text='The bibliographic record the editor confirmed.', null=True, verbose_name='record'),
        ),
        migrations.AddField(
            model_name='importjob',
            name='replaces',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='legalkb.source', verbose_name='replaces the file of'),
        ),
        migrations.AddField(
            model_name='passage',
            name='kind',
            field=models.CharField(choices=[('paragraph', 'Paragraph'), ('heading', 'Heading'), ('list_item', 'List item'), ('table', 'Table')], default='paragraph', max_length=10, verbose_name='kind'),
        ),
        migrations.AddField(
            model_name='passage',
            name='label_end',
            field=models.CharField(blank=True, max_length=20, verbose_name='last printed page'),
        ),
        migrations.AddField(
            model_name='passage',
            name='label_start',
            field=models.CharField(blank=True, help_text="The page number printed on the page (or the PDF's page label), when known.", max_length=20, verbose_name='first printed page'),
        ),
        migrations.AddField(
            model_name='passage',
            name='level',
            field=models.PositiveSmallIntegerField(default=0, help_text='1 for a chapter.', verbose_name='heading level'),
        ),
        migrations.AddField(
            model_name='passage',
            name='rows',
            field=models.JSONField(blank=True, default=list, help_text="A table's cells, row by row.", verbose_name='table cells'),
        ),
        migrations.AddField(
            model_name='source',
            name='original',
            field=models.FileField(blank=True, help_text="The imported file itself, kept in the site's file storage.", upload_to='originals/', verbose_name='original file'),
        ),
        migrations.AddField(
            model_name='source',
            name='original_public',
            field=models.BooleanField(default=False, help_text="Readers may download the original file from the source's page.", verbose_name='original file public'),
        ),
        migrations.AddField(
            model_name='source',
            name='speciality_name',
            field=models.CharField(blank=True, help_text="The speciality's name, as printed.", max_length=300, verbose_name='speciality'),
        ),
        migrations.AlterField(
            model_name='creator',
            name='role',
            field=models.CharField(choices=[('author', 'Author'), ('supervisor', 'Supervisor'), ('editor', 'Editor'), ('opponent', 'Official opponent')], default='author', max_length=20, verbose_name='role'),
        ),
        migrations.AlterField(
            model_name='historicalcreator',
            name='role',
            field=models.CharField(choices=[('author', 'Author'), ('supervisor', 'Supervisor'), ('editor', 'Editor'), ('opponent', 'Official opponent')], default='author', max_length=20, verbose_name='role'),
        ),
        migrations.AlterField(
            model_name='importjob',
            name='done',
            field=models.PositiveIntegerField(default=0, verbose_name='done'),
        ),
        migrations.AlterField(
            model_name='importjob',
            name='kind',
            field=models.CharField(blank=True, choices=[('abstract', 'Dissertation abstract'), ('dissertation', 'Dissertation'), ('article', 'Article'), ('monograph', 'Monograph'), ('textbook', 'Textbook'), ('collection_paper', 'Paper in a collection'), ('other', 'Other')], help_text='Empty: as the file says.', max_length=20, verbose_name='kind'),
        ),
        migrations.AlterField(
            model_name='importjob',
            name='total',
            field=models.PositiveIntegerField(default=0, verbose_name='in all'),
        ),
        migrations.CreateModel(
            name='Abstract',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('position', models.PositiveSmallIntegerField(default=1, verbose_name='order')),
                ('text', models.TextField(verbose_name='text')),
                ('language', models.CharField(choices=[('kk', 'Kazakh'), ('ru', 'Russian'), ('en', 'English')], max_length=2, verbose_name='language')),
                ('source', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='%(class)ss', to='legalkb.source', verbose_name='source')),
            ],
            options={
                'verbose_name': 'abstract',
                'verbose_name_plural': 'abstracts',
                'ordering': ['source_id', 'position', 'id'],
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='HistoricalAbstract',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('position', models.PositiveSmallIntegerField(default=1, verbose_name='order')),
                ('text', models.TextField(verbose_name='text')),
                ('language', models.CharField(choices=[('kk', 'Kazakh'), ('ru', 'Russian'), ('en', 'English')], max_length=2, verbose_name='language')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('source', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='legalkb.source', verbose_name='source')),
            ],
            options={
                'verbose_name': 'historical abstract',
                'verbose_name_plural': 'historical abstracts',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalKeyword',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('position', models.PositiveSmallIntegerField(default=1, verbose_name='order')),
                ('language', models.CharField(choices=[('kk', 'Kazakh'), ('ru', 'Russian'), ('en', 'English')], max_length=2, verbose_name='language')),
                ('text', models.CharField(max_length=200, verbose_name='keyword')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('source', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='legalkb.source', verbose_name='source')),
            ],
            options={
                'verbose_name': 'historical keyword',
                'verbose_name_plural': 'historical keywords',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalNote',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('position', models.PositiveSmallIntegerField(default=1, verbose_name='order')),
                ('kind', models.CharField(choices=[('footnote', 'Footnote'), ('endnote', 'Endnote')], default='footnote', max_length=10, verbose_name='kind')),
                ('mark', models.CharField(help_text='As printed: 1, 2, *…', max_length=20, verbose_name='mark')),
                ('offset', models.PositiveIntegerField(help_text='Characters of the passage text before the mark.', verbose_name='place in the text')),
                ('text', models.TextField(verbose_name='text')),
                ('language', models.CharField(choices=[('kk', 'Kazakh'), ('ru', 'Russian')], max_length=2, verbose_name='language')),
                ('page', models.PositiveIntegerField(blank=True, help_text='Counted from 1 in the file.', null=True, verbose_name='page')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('passage', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='legalkb.passage', verbose_name='passage')),
            ],
            options={
                'verbose_name': 'historical note',
                'verbose_name_plural': 'historical notes',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalReference',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('position', models.PositiveSmallIntegerField(default=1, verbose_name='order')),
                ('text', models.TextField(verbose_name='text')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('source', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='legalkb.source', verbose_name='source')),
            ],
            options={
                'verbose_name': 'historical reference',
                'verbose_name_plural': 'historical references',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='Keyword',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('position', models.PositiveSmallIntegerField(default=1, verbose_name='order')),
                ('language', models.CharField(choices=[('kk', 'Kazakh'), ('ru', 'Russian'), ('en', 'English')], max_length=2, verbose_name='language')),
                ('text', models.CharField(max_length=200, verbose_name='keyword')),
                ('source', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='%(class)ss', to='legalkb.source', verbose_name='source')),
            ],
            options={
                'verbose_name': 'keyword',
                'verbose_name_plural': 'keywords',
                'ordering': ['source_id', 'position', 'id'],
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='Note',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('position', models.PositiveSmallIntegerField(default=1, verbose_name='order')),
                ('kind', models.CharField(choices=[('footnote', 'Footnote'), ('endnote', 'Endnote')], default='footnote', max_length=10, verbose_name='kind')),
                ('mark', models.CharField(help_text='As printed: 1, 2, *…', max_length=20, verbose_name='mark')),
                ('offset', models.PositiveIntegerField(help_text='Characters of the passage text before the mark.', verbose_name='place in the text')),
                ('text', models.TextField(verbose_name='text')),
                ('language', models.CharField(choices=[('kk', 'Kazakh'), ('ru', 'Russian')], max_length=2, verbose_name='language')),
                ('page', models.PositiveIntegerField(blank=True, help_text='Counted from 1 in the file.', null=True, verbose_name='page')),
                ('passage', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='notes', to='legalkb.passage', verbose_name='passage')),
            ],
            options={
                'verbose_name': 'note',
                'verbose_name_plural': 'notes',
                'ordering': ['passage_id', 'position'],
            },
        ),
        migrations.CreateModel(
            name='Reference',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('position', models.PositiveSmallIntegerField(default=1, verbose_name='order')),
                ('text', models.TextField(verbose_name='text')),
                ('source', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='%(class)ss', to='legalkb.source', verbose_name='source')),
            ],
            options={
                'verbose_name': 'reference',
                'verbose_name_plural': 'references',
                'ordering': ['source_id', 'position', 'id'],
                'abstract': False,
            },
        ),
            migrations.RunPython(headings_become_a_kind, headings_back_to_a_flag),
        migrations.RemoveField(
            model_name='historicalpassage',
            name='is_heading',
        ),
        migrations.RemoveField(
            model_name='passage',
            name='is_heading',
        ),
    ]
