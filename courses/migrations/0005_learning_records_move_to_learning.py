"""The learning records now belong to the ``learning`` app (its 0001 and 0002).

State only: the tables are not dropped here; ``learning`` renames them.
"""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("courses", "0004_learning_records"),
        ("learning", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name='Attendance'),
                migrations.DeleteModel(name='SessionFeedback'),
                migrations.DeleteModel(name='CohortInvitation'),
                migrations.DeleteModel(name='MentoringLog'),
                migrations.DeleteModel(name='CohortSession'),
                migrations.DeleteModel(name='Cohort'),
                migrations.DeleteModel(name='Enrolment'),
                migrations.DeleteModel(name='ModuleProgress'),
            ],
        ),
    ]
