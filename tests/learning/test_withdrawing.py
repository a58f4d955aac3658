"""Withdrawing a certificate ends the role it gave: the enabler leaves the register."""

import pytest
from django.urls import reverse

from cms.roles import ENABLERS
from learning.models import RoleAward
from learning.roles import role_awards_on_certificate
from learning.selectors_roles import enablers_register
from learning.services_certificates import certificate_withdraw
from tests.learning.factories import (
    champion,
    cohort_with_learners,
    course_with_modules,
    learner,
    roles_certificate,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def enabler_setup():
    trainer = champion(first_name="Lena Okoro")
    kofi = learner(first_name="Kofi Mensah", email="kofi@example.org")
    cohort = cohort_with_learners(
        course=course_with_modules(required=1, makes_role="enabler"),
        trainer=trainer,
        learners=[kofi],
    )
    certificate = roles_certificate(user=kofi, cohort=cohort)
    role_awards_on_certificate(certificate=certificate, cohort=cohort)
    return {"trainer": trainer, "kofi": kofi, "certificate": certificate}


def test_withdrawing_an_enablers_certificate_ends_the_enabler_role(enabler_setup):
    kofi = enabler_setup["kofi"]
    assert [entry.name for entry in enablers_register()] == ["Kofi Mensah"]

    withdrawn = certificate_withdraw(
        certificate=enabler_setup["certificate"],
        by=enabler_setup["trainer"],
        reason="Issued to the wrong person.",
    )

    assert withdrawn.roles_ended == ["enabler"]
    assert not kofi.groups.filter(name=ENABLERS).exists()
    assert not RoleAward.objects.filter(user=kofi).exists()
    assert enablers_register(include_not_taking=True) == []


def test_the_trainer_is_told_the_role_ended_too(client, enabler_setup):
    client.force_login(enabler_setup["trainer"])
    certificate = enabler_setup["certificate"]
    url = reverse("training:certificate_withdraw", args=[certificate.pk])
    response = client.post(url, {"reason": "Issued to the wrong person."}, follow=True)
    text = response.content.decode()
    assert f"The certificate {certificate.code} for Kofi Mensah is withdrawn." in text
    assert "Kofi Mensah is no longer an enabler." in text
