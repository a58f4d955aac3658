"""The learning records move from ``courses`` to this app, keeping their data.

This step only changes Django's idea of which app owns them (the tables stay as
``courses_*``); 0002 then renames the tables. Content types (and so any
permissions given on them) move with the models.
"""

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MODELS = ['Cohort', 'CohortInvitation', 'CohortSession', 'Attendance', 'Enrolment', 'MentoringLog', 'ModuleProgress', 'SessionFeedback']


def _content_types_relabel(apps, old: str, new: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    models_ = [name.lower() for name in MODELS]
    # A type already made under the new label (after going back and forth) wins.
    taken = set(ContentType.objects.filter(app_label=new, model__in=models_).values_list("model", flat=True))
    ContentType.objects.filter(app_label=old, model__in=models_).exclude(model__in=taken).update(
        app_label=new
    )


def content_types_move(apps, schema_editor):
    _content_types_relabel(apps, "courses", "learning")


def content_types_back(apps, schema_editor):
    _content_types_relabel(apps, "learning", "courses")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("courses", "0004_learning_records"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
            migrations.CreateModel(
                name='Cohort',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('name', models.CharField(max_length=120)),
                    ('created_at', models.DateTimeField(auto_now_add=True)),
                    ('course', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='cohorts', to='courses.coursepage')),
                    ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ('learners', models.ManyToManyField(blank=True, related_name='cohorts_learning', to=settings.AUTH_USER_MODEL)),
                    ('trainers', models.ManyToManyField(related_name='cohorts_training', to=settings.AUTH_USER_MODEL)),
                ],
                options={
                    'db_table': 'courses_cohort',
                    'ordering': ['-created_at', '-id'],
                },
            ),
            migrations.CreateModel(
                name='CohortInvitation',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('email', models.EmailField(max_length=254)),
                    ('token_hash', models.CharField(max_length=64, unique=True)),
                    ('created_at', models.DateTimeField(auto_now_add=True)),
                    ('expires_at', models.DateTimeField()),
                    ('accepted_at', models.DateTimeField(blank=True, null=True)),
                    ('accepted_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='cohort_invitations_accepted', to=settings.AUTH_USER_MODEL)),
                    ('cohort', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='invitations', to='learning.cohort')),
                    ('invited_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ],
                options={
                    'db_table': 'courses_cohortinvitation',
                    'ordering': ['-created_at', '-id'],
                },
            ),
            migrations.CreateModel(
                name='CohortSession',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('session_type', models.CharField(choices=[('induction', 'Induction'), ('training_day', 'Training day'), ('drop_in', 'Drop-in'), ('action_learning_set', 'Action learning set')], max_length=30)),
                    ('date', models.DateField()),
                    ('start_time', models.TimeField()),
                    ('end_time', models.TimeField()),
                    ('venue', models.CharField(blank=True, max_length=200)),
                    ('online_link', models.URLField(blank=True)),
                    ('created_at', models.DateTimeField(auto_now_add=True)),
                    ('cohort', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='sessions', to='learning.cohort')),
                    ('modules', models.ManyToManyField(blank=True, related_name='+', to='courses.modulepage')),
                ],
                options={
                    'db_table': 'courses_cohortsession',
                    'ordering': ['date', 'start_time', 'id'],
                },
            ),
            migrations.CreateModel(
                name='Attendance',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('status', models.CharField(choices=[('present', 'Present'), ('absent', 'Absent'), ('apologies', 'Apologies')], max_length=20)),
                    ('recorded_at', models.DateTimeField(auto_now=True)),
                    ('learner', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='attendance', to=settings.AUTH_USER_MODEL)),
                    ('recorded_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ('session', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='attendance', to='learning.cohortsession')),
                ],
                options={
                    'db_table': 'courses_attendance',
                    'verbose_name_plural': 'attendance',
                },
            ),
            migrations.CreateModel(
                name='Enrolment',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('enrolled_at', models.DateTimeField(auto_now_add=True)),
                    ('course', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='enrolments', to='courses.coursepage')),
                    ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='enrolments', to=settings.AUTH_USER_MODEL)),
                ],
                options={
                    'db_table': 'courses_enrolment',
                    'ordering': ['-enrolled_at', '-id'],
                },
            ),
            migrations.CreateModel(
                name='MentoringLog',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('met_on', models.DateField()),
                    ('notes', models.TextField(blank=True)),
                    ('next_meeting_on', models.DateField(blank=True, null=True)),
                    ('created_at', models.DateTimeField(auto_now_add=True)),
                    ('champion', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='mentoring_received', to=settings.AUTH_USER_MODEL)),
                    ('cohort', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='mentoring_logs', to='learning.cohort')),
                    ('mentor', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='mentoring_given', to=settings.AUTH_USER_MODEL)),
                ],
                options={
                    'db_table': 'courses_mentoringlog',
                    'ordering': ['-met_on', '-id'],
                },
            ),
            migrations.CreateModel(
                name='ModuleProgress',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('completed_at', models.DateTimeField(auto_now_add=True)),
                    ('module', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='progress', to='courses.modulepage')),
                    ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='module_progress', to=settings.AUTH_USER_MODEL)),
                ],
                options={
                    'db_table': 'courses_moduleprogress',
                    'verbose_name_plural': 'module progress',
                },
            ),
            migrations.CreateModel(
                name='SessionFeedback',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('rating', models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(5)])),
                    ('went_well', models.TextField(blank=True)),
                    ('could_be_better', models.TextField(blank=True)),
                    ('created_at', models.DateTimeField(auto_now_add=True)),
                    ('updated_at', models.DateTimeField(auto_now=True)),
                    ('learner', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='session_feedback', to=settings.AUTH_USER_MODEL)),
                    ('session', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='feedback', to='learning.cohortsession')),
                ],
                options={
                    'db_table': 'courses_sessionfeedback',
                    'verbose_name_plural': 'session feedback',
                    'ordering': ['created_at', 'id'],
                },
            ),
            migrations.AddConstraint(
                model_name='cohortsession',
                constraint=models.CheckConstraint(condition=models.Q(('end_time__gt', models.F('start_time'))), name='cohort_session_ends_after_start'),
            ),
            migrations.AddConstraint(
                model_name='attendance',
                constraint=models.UniqueConstraint(fields=('session', 'learner'), name='attendance_once'),
            ),
            migrations.AddConstraint(
                model_name='enrolment',
                constraint=models.UniqueConstraint(fields=('user', 'course'), name='enrolment_once_per_course'),
            ),
            migrations.AddConstraint(
                model_name='moduleprogress',
                constraint=models.UniqueConstraint(fields=('user', 'module'), name='module_progress_once'),
            ),
            migrations.AddConstraint(
                model_name='sessionfeedback',
                constraint=models.UniqueConstraint(fields=('session', 'learner'), name='feedback_once'),
            ),
            migrations.AddConstraint(
                model_name='sessionfeedback',
                constraint=models.CheckConstraint(condition=models.Q(('rating__gte', 1), ('rating__lte', 5)), name='feedback_rating_1_to_5'),
            ),
    
            ],
        ),
        migrations.RunPython(content_types_move, content_types_back),
    ]
