"""Saving versions and setting the review date: the rules, and the words for mistakes."""

from datetime import date

import pytest

from plans import services
from plans.models import PlanVersion
from tests.plans.documents import AMIRA

pytestmark = pytest.mark.django_db
TODAY = date(2026, 12, 3)


def test_a_saved_version_keeps_the_plan_and_never_changes():
    plan = services.plan_create()
    version = services.plan_version_save(
        plan=plan, document=AMIRA, label="  for   the panel ", saved_by="Amira"
    )
    assert version.label == "for the panel"
    stored = PlanVersion.objects.get(pk=version.pk)
    assert stored.content["sections"][0]["title"] == AMIRA.sections[0].title
    stored.label = "something else"
    with pytest.raises(ValueError, match="never changes"):
        stored.save()
    assert PlanVersion.objects.get(pk=version.pk).label == "for the panel"


@pytest.mark.parametrize(
    ("label", "says"),
    [("   ", "did not give this version a name"), ("x" * 81, "81 characters long")],
)
def test_a_version_without_a_usable_name_is_not_saved(label, says):
    plan = services.plan_create()
    with pytest.raises(services.PlanError, match=says):
        services.plan_version_save(plan=plan, document=AMIRA, label=label, saved_by="Amira")
    assert not PlanVersion.objects.exists()


def test_the_review_date_is_set_and_cleared():
    plan = services.plan_create()
    services.plan_review_set(plan=plan, review_on=date(2027, 3, 1), today=TODAY)
    plan.refresh_from_db()
    assert plan.review_on == date(2027, 3, 1)
    services.plan_review_set(plan=plan, review_on=None, today=TODAY)
    plan.refresh_from_db()
    assert plan.review_on is None


@pytest.mark.parametrize(
    ("review_on", "says"),
    [(date(2026, 12, 2), "already passed"), (date(2030, 1, 1), "more than three years away")],
)
def test_a_review_date_in_the_past_or_far_away_is_refused_in_plain_words(review_on, says):
    plan = services.plan_create()
    with pytest.raises(services.PlanError, match=says):
        services.plan_review_set(plan=plan, review_on=review_on, today=TODAY)
    plan.refresh_from_db()
    assert plan.review_on is None
