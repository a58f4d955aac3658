"""A trainer who erases their account leaves the certificates they signed standing."""

import pytest

from learning.models import Certificate, SignOff
from learning.selectors import certificate_details
from sessions_live.erasure import account_holdings
from tests.learning.factories import (
    champion,
    cohort_with_learners,
    course_with_modules,
    learner,
    roles_certificate,
)

pytestmark = pytest.mark.django_db


def test_a_trainer_who_signed_people_off_can_still_erase_their_account():
    trainer = champion(first_name="Priya Shah")
    amira = learner(first_name="Amira Hussain", email="amira@example.org")
    cohort = cohort_with_learners(
        course=course_with_modules(required=1, needs_sign_off=True),
        trainer=trainer,
        learners=[amira],
    )
    certificate = roles_certificate(user=amira, cohort=cohort, signed_by=trainer)
    assert certificate_details(certificate=certificate).signed_off_by == "Priya Shah"
    # Nothing the sign-off holds stops the account going.
    assert account_holdings(user=trainer) == []

    trainer.delete()

    certificate = Certificate.objects.select_related("enrolment__user", "enrolment__course").get()
    assert certificate.is_valid
    assert SignOff.objects.get().signed_by is None
    assert certificate_details(certificate=certificate).signed_off_by == "A trainer who has left"
