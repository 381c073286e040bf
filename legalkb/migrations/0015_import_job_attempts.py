"""An import job counts the times the worker started its current step (at most 3)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('legalkb', '0014_editors_input_bounded'),
    ]

    operations = [
        migrations.AddField(
            model_name='importjob',
            name='attempts',
            field=models.PositiveSmallIntegerField(default=0, help_text='Times the worker started the current step.', verbose_name='attempts'),
        ),
    ]
