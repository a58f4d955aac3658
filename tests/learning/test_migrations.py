"""The learning records moved from ``courses`` to ``learning`` without losing a row."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("courses", "0004_learning_records")]
AFTER = [("learning", "0002_rename_tables"), ("courses", "0005_learning_records_move_to_learning")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _root_page(apps):
    """Wagtail's root page, which a flush by an earlier committed-data test removes."""
    locale, _ = apps.get_model("wagtailcore", "Locale").objects.get_or_create(language_code="en")
    page_type, _ = apps.get_model("contenttypes", "ContentType").objects.get_or_create(
        app_label="wagtailcore", model="page"
    )
    return apps.get_model("wagtailcore", "Page").objects.create(
        title="Root",
        slug="root",
        path="0001",
        depth=1,
        numchild=0,
        url_path="/",
        content_type_id=page_type.pk,
        locale_id=locale.pk,
    )


@pytest.mark.django_db(transaction=True)
def test_cohorts_and_their_learners_survive_the_move_to_the_learning_app():
    old = _migrate(BEFORE)
    User = old.get_model("auth", "User")
    Page = old.get_model("wagtailcore", "Page")
    ContentType = old.get_model("contenttypes", "ContentType")
    CoursePage = old.get_model("courses", "CoursePage")
    Cohort = old.get_model("courses", "Cohort")
    CohortSession = old.get_model("courses", "CohortSession")
    Attendance = old.get_model("courses", "Attendance")
    learner = User.objects.create(username="amira-move")
    root = Page.objects.filter(depth=1).first() or _root_page(old)
    course_type, _ = ContentType.objects.get_or_create(app_label="courses", model="coursepage")
    course = CoursePage.objects.create(
        title="Champions",
        slug="champions-move",
        path=root.path + "9999",
        depth=2,
        content_type_id=course_type.pk,
        locale_id=root.locale_id,
        summary="s",
        audience="champions",
        delivery_format="d",
        learning_outcomes="o",
        total_hours=1,
        body=[],
    )
    cohort = Cohort.objects.create(course=course, name="Walsall spring")
    cohort.learners.add(learner)
    session = CohortSession.objects.create(
        cohort=cohort,
        session_type="induction",
        date="2026-03-02",
        start_time="10:00",
        end_time="12:00",
    )
    Attendance.objects.create(session=session, learner=learner, status="present")
    ContentType.objects.get_or_create(app_label="courses", model="cohort")

    new = _migrate(AFTER)
    moved = new.get_model("learning", "Cohort").objects.get(pk=cohort.pk)
    assert moved.name == "Walsall spring"
    assert list(moved.learners.values_list("username", flat=True)) == ["amira-move"]
    attendance = new.get_model("learning", "Attendance").objects.get()
    assert (attendance.session_id, attendance.status) == (session.pk, "present")
    # Permissions given on the old content type still point at the moved model.
    assert (
        new.get_model("contenttypes", "ContentType")
        .objects.filter(app_label="learning", model="cohort")
        .exists()
    )
    tables = connection.introspection.table_names()
    assert "learning_cohort_learners" in tables
    assert "courses_cohort" not in tables
