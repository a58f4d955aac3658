"""Rename the learning tables from ``courses_*`` to ``learning_*`` (with their
many-to-many tables), now that ``courses`` no longer claims them."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("courses", "0005_learning_records_move_to_learning"),
        ("learning", "0001_initial"),
    ]

    operations = [
        migrations.AlterModelTable(name='cohort', table=None),
        migrations.AlterModelTable(name='cohortinvitation', table=None),
        migrations.AlterModelTable(name='cohortsession', table=None),
        migrations.AlterModelTable(name='attendance', table=None),
        migrations.AlterModelTable(name='enrolment', table=None),
        migrations.AlterModelTable(name='mentoringlog', table=None),
        migrations.AlterModelTable(name='moduleprogress', table=None),
        migrations.AlterModelTable(name='sessionfeedback', table=None),
    ]
