"""Which plans' reviews are told, and that each review date is told once
(``plans.services.plan_reviews_tell``). Who is told, and how, is Planning Live's
part: tests/sessions_live/test_reviews.py."""

from datetime import date, timedelta

import pytest

from plans.models import Plan
from plans.services import plan_review_set, plan_reviews_tell

pytestmark = pytest.mark.django_db

TODAY = date(2027, 1, 1)


class Teller:
    """Tells whom it is asked to, as the real teller does: True when someone was told
    (an address to send to), False when nobody could be."""

    def __init__(self, *, nobody: set[int] = frozenset()) -> None:
        self.nobody = nobody
        self.asked: list[tuple[int, date]] = []

    def __call__(self, plan: Plan) -> bool:
        self.asked.append((plan.pk, plan.review_on))
        return plan.pk not in self.nobody


def plan_due_in(days: int | None) -> Plan:
    return Plan.objects.create(review_on=None if days is None else TODAY + timedelta(days=days))


def test_reviews_within_two_weeks_or_past_are_told_and_later_or_unset_ones_are_not():
    soon, edge, past = plan_due_in(3), plan_due_in(14), plan_due_in(-5)
    later, unset = plan_due_in(15), plan_due_in(None)
    teller = Teller()
    assert plan_reviews_tell(today=TODAY, tell=teller) == 3
    # Longest overdue first, then the soonest.
    assert [plan_id for plan_id, _ in teller.asked] == [past.pk, soon.pk, edge.pk]
    for plan in (soon, edge, past, later, unset):
        plan.refresh_from_db()
    assert soon.review_told_on == soon.review_on
    assert past.review_told_on == past.review_on
    assert later.review_told_on is None
    assert unset.review_told_on is None


def test_a_review_date_is_told_once():
    plan = plan_due_in(10)
    assert plan_reviews_tell(today=TODAY, tell=Teller()) == 1
    teller = Teller()
    assert plan_reviews_tell(today=TODAY, tell=teller) == 0
    assert plan_reviews_tell(today=TODAY + timedelta(days=5), tell=teller) == 0
    assert teller.asked == []
    plan.refresh_from_db()
    assert plan.review_told_on == TODAY + timedelta(days=10)


def test_a_new_review_date_is_told_again():
    plan = plan_due_in(10)
    assert plan_reviews_tell(today=TODAY, tell=Teller()) == 1
    new_date = TODAY + timedelta(days=40)
    plan_review_set(plan=plan, review_on=new_date, today=TODAY)
    teller = Teller()
    # Not yet: the new date is far off.
    assert plan_reviews_tell(today=TODAY, tell=teller) == 0
    # Two weeks before it, it is told.
    assert plan_reviews_tell(today=new_date - timedelta(days=14), tell=teller) == 1
    assert teller.asked == [(plan.pk, new_date)]
    plan.refresh_from_db()
    assert plan.review_told_on == new_date


def test_a_plan_nobody_could_be_told_about_is_not_marked_and_is_asked_again():
    lonely, heard = plan_due_in(2), plan_due_in(2)
    teller = Teller(nobody={lonely.pk})
    assert plan_reviews_tell(today=TODAY, tell=teller) == 1
    lonely.refresh_from_db()
    assert lonely.review_told_on is None
    # The next day it is asked about again (someone may have given an address since).
    again = Teller()
    assert plan_reviews_tell(today=TODAY + timedelta(days=1), tell=again) == 1
    assert again.asked == [(lonely.pk, lonely.review_on)]
    assert heard.pk not in [plan_id for plan_id, _ in again.asked]


def test_the_window_can_be_narrowed():
    plan_due_in(3)
    assert plan_reviews_tell(today=TODAY, within_days=2, tell=Teller()) == 0
    assert plan_reviews_tell(today=TODAY, within_days=3, tell=Teller()) == 1
