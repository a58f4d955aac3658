"""Learning rules: enrolment, progress, certificates, accounts."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from cms.roles import LEARNERS
from courses.models import ModulePage
from learning import selectors, services
from learning.models import Enrolment, ModuleProgress
from learning.services import LearningError
from learning.services_certificates import certificate_issue_if_earned
from tests.learning.factories import (
    LearningModuleFactory,
    course_with_modules,
    learner,
)

pytestmark = pytest.mark.django_db


def _modules(course):
    return list(ModulePage.objects.child_of(course).order_by("path"))


def test_learner_account_create_makes_a_learner_with_their_whole_name():
    user = services.learner_account_create(
        username="amira",
        email="amira@example.org",
        password="a-long-pass-phrase",
        full_name=" Amira Hussain ",
    )
    assert user.groups.filter(name=LEARNERS).exists()
    assert user.get_full_name() == "Amira Hussain"
    assert user.check_password("a-long-pass-phrase")


def test_enrolment_create_is_idempotent():
    course = course_with_modules()
    person = learner()
    first = services.enrolment_create(user=person, course=course)
    second = services.enrolment_create(user=person, course=course)
    assert first.pk == second.pk
    assert Enrolment.objects.filter(user=person).count() == 1


def test_enrolment_create_refuses_a_course_that_is_not_live():
    course = course_with_modules()
    course.unpublish()
    with pytest.raises(LearningError) as error:
        services.enrolment_create(user=learner(), course=course)
    assert error.value.code == "course_not_live"


def test_marking_a_module_done_enrols_on_its_course_and_counts_towards_progress():
    course = course_with_modules(required=3)
    person = learner()
    first = _modules(course)[0]
    services.module_progress_mark(user=person, module=first)
    services.module_progress_mark(user=person, module=first)  # twice changes nothing
    progress = selectors.course_progress(user=person, course=course)
    assert progress.enrolment is not None
    assert (progress.required_done, progress.required_total) == (1, 3)
    assert progress.summary == "1 of 3 required modules done"
    assert ModuleProgress.objects.filter(user=person).count() == 1


def test_undo_removes_the_mark():
    course = course_with_modules(required=2)
    person = learner()
    first = _modules(course)[0]
    services.module_progress_mark(user=person, module=first)
    services.module_progress_undo(user=person, module=first)
    assert selectors.course_progress(user=person, course=course).required_done == 0


def test_next_module_is_the_first_required_module_not_done_in_course_order():
    course = course_with_modules(required=3, optional=1)
    person = learner()
    first, second, third, _optional = _modules(course)
    services.module_progress_mark(user=person, module=first)
    services.module_progress_mark(user=person, module=third)
    assert selectors.course_progress(user=person, course=course).next_module == second


def test_optional_modules_do_not_count_towards_the_certificate():
    course = course_with_modules(required=2, optional=2)
    person = learner()
    required = [m for m in _modules(course) if m.is_required]
    for module in required:
        services.module_progress_mark(user=person, module=module)
    progress = selectors.course_progress(user=person, course=course)
    assert progress.is_complete
    assert progress.summary == "2 of 2 required modules done"


def test_unpublished_modules_are_not_counted():
    course = course_with_modules(required=2)
    extra = LearningModuleFactory(parent=course)
    extra.unpublish()
    assert selectors.course_progress(user=learner(), course=course).required_total == 2


def test_certificate_only_when_every_required_module_is_done():
    course = course_with_modules(required=2, title="Support planning for champions")
    person = learner(first_name="Sam Taylor")
    first, second = _modules(course)
    enrolment = services.enrolment_create(user=person, course=course)
    services.module_progress_mark(user=person, module=first)
    assert selectors.certificate_get(user=person, enrolment_id=enrolment.pk) is None
    services.module_progress_mark(user=person, module=second)
    certificate = selectors.certificate_get(user=person, enrolment_id=enrolment.pk)
    assert certificate is not None
    assert certificate.learner_name == "Sam Taylor"
    assert certificate.course_title == "Support planning for champions"
    assert certificate.hours == course.total_hours
    assert certificate.completed_on == timezone.localdate()
    # Issue 14: a certificate, once issued, is kept; undoing a module does not take it away
    # (only withdrawing does: tests/learning/test_completion.py).
    services.module_progress_undo(user=person, module=second)
    assert selectors.certificate_get(user=person, enrolment_id=enrolment.pk) is not None


def test_certificate_date_is_when_the_last_required_module_was_done():
    course = course_with_modules(required=2)
    person = learner()
    first, second = _modules(course)
    enrolment = services.enrolment_create(user=person, course=course)
    # Modules done a month ago (before certificates were kept as records), issued now.
    for module in (first, second):
        ModuleProgress.objects.create(user=person, module=module)
    earlier = timezone.now() - timedelta(days=30)
    ModuleProgress.objects.filter(user=person).update(completed_at=earlier)
    certificate_issue_if_earned(enrolment=enrolment)
    certificate = selectors.certificate_get(user=person, enrolment_id=enrolment.pk)
    assert certificate.completed_on == timezone.localtime(earlier).date()


def test_a_course_with_no_required_modules_has_no_certificate():
    course = course_with_modules(required=0, optional=1)
    person = learner()
    enrolment = services.enrolment_create(user=person, course=course)
    services.module_progress_mark(user=person, module=_modules(course)[0])
    assert not selectors.course_progress(user=person, course=course).is_complete
    assert selectors.certificate_get(user=person, enrolment_id=enrolment.pk) is None


def test_nobody_gets_someone_elses_certificate():
    course = course_with_modules(required=1)
    owner, other = learner(), learner()
    enrolment = services.enrolment_create(user=owner, course=course)
    services.module_progress_mark(user=owner, module=_modules(course)[0])
    services.module_progress_mark(user=other, module=_modules(course)[0])
    assert selectors.certificate_get(user=owner, enrolment_id=enrolment.pk) is not None
    assert selectors.certificate_get(user=other, enrolment_id=enrolment.pk) is None


def test_my_learning_lists_each_enrolled_course_with_its_own_progress():
    index_course = course_with_modules(required=2)
    second_course = course_with_modules(required=3, index=index_course.get_parent())
    person = learner()
    services.enrolment_create(user=person, course=index_course)
    services.module_progress_mark(user=person, module=_modules(second_course)[0])
    rows = {row.course.pk: row for row in selectors.my_learning(user=person)}
    assert rows[index_course.pk].summary == "0 of 2 required modules done"
    assert rows[second_course.pk].summary == "1 of 3 required modules done"


def test_learning_page_context_for_course_and_module_pages(rf):
    course = course_with_modules(required=2)
    person = learner()
    first = _modules(course)[0]

    request = rf.get("/")
    request.user = person
    context = selectors.learning_page_context(request=request, page=course)["learning"]
    assert context["enrolled"] is False
    services.module_progress_mark(user=person, module=first)
    context = selectors.learning_page_context(request=request, page=course)["learning"]
    assert context["enrolled"] is True
    assert context["progress"].required_done == 1
    module_context = selectors.learning_page_context(request=request, page=first)["learning"]
    assert module_context["done"] is True


def test_learning_page_context_for_someone_not_signed_in(rf):
    course = course_with_modules(required=1)
    request = rf.get("/")
    request.user = AnonymousUser()
    context = selectors.learning_page_context(request=request, page=course)
    assert context["learning"] == {"signed_in": False}
    # The course page (in ``courses``) shows it through the template it is given.
    assert context["learning_panel"] == "learning/_course_enrol.html"
