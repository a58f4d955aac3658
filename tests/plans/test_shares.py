"""Sharing a plan: the link's secret, which parts a share shows, whether it still works,
and the rules the person's choices are checked against."""

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from plans import services, shares
from plans.documents import PlanActionItem, PlanMoney
from plans.models import PlanShare, ShareComment
from plans.services import PlanError
from tests.plans.documents import AMIRA

TODAY = date(2026, 12, 4)


def test_a_link_carries_at_least_128_random_bits_and_only_its_hash_is_kept():
    tokens = {shares.share_token_new() for _ in range(200)}
    assert len(tokens) == 200
    for token in tokens:
        assert len(token) * 6 >= 128  # URL-safe base64: 6 bits a character
        assert shares.share_token_hash(token) != token
        assert len(shares.share_token_hash(token)) == 64


def test_the_parts_offered_are_the_profile_every_heading_the_money_and_the_actions():
    parts = shares.share_parts(AMIRA)
    assert parts[0].key == "profile"
    assert [p.label for p in parts[1:-2]] == [section.title for section in AMIRA.sections]
    assert [p.key for p in parts[-2:]] == ["money", "actions"]


def test_a_share_of_chosen_parts_leaves_the_rest_out_of_the_document():
    document = replace(
        AMIRA, money=PlanMoney(budget_per_week="£350.00"), actions=(PlanActionItem("Swim"),)
    )
    support = f"heading:{AMIRA.sections[5].title}"
    shared = shares.document_shared(document, [support])
    assert [s.title for s in shared.sections] == [AMIRA.sections[5].title]
    assert shared.profile == ()
    assert shared.money is None
    assert shared.actions == ()
    assert shares.document_shared(document, []) == document  # the whole plan
    everything = shares.document_shared(document, ["profile", "money", "actions"])
    assert everything.money == document.money
    assert everything.sections == ()


@given(st.lists(st.sampled_from([p.key for p in shares.share_parts(AMIRA)]), unique=True))
def test_a_shared_document_never_holds_a_part_that_was_not_chosen(chosen):
    shared = shares.document_shared(AMIRA, chosen)
    if not chosen:
        assert shared == AMIRA
        return
    titles = {key.removeprefix("heading:") for key in chosen if key.startswith("heading:")}
    assert {s.title for s in shared.sections} == titles
    assert bool(shared.profile) == ("profile" in chosen and bool(AMIRA.profile))


def test_the_parts_are_said_in_words():
    assert shares.share_parts_words([]) == "the whole plan"
    assert shares.share_parts_words(["heading:A good day", "money"]) == (
        "“A good day” and the money"
    )


def test_a_link_works_until_stopped_or_past_its_last_day():
    assert shares.share_state(stopped_at=None, ends_on=None, today=TODAY).works
    assert shares.share_state(stopped_at=None, ends_on=TODAY, today=TODAY).works
    ended = shares.share_state(stopped_at=None, ends_on=TODAY - timedelta(days=1), today=TODAY)
    assert not ended.works
    assert ended.words.startswith("This link ended on 3 December 2026")
    stopped = shares.share_state(
        stopped_at=datetime(2026, 12, 1, 9, tzinfo=UTC), ends_on=None, today=TODAY
    )
    assert stopped.words.startswith("This link was stopped on 1 December 2026")


# --- The services ----------------------------------------------------------------------------


PARTS = ["profile", "heading:A good day", "money", "actions"]


def share(plan, **fields):
    values = {
        "plan": plan,
        "recipient_name": "Dr Patel",
        "recipient_role": "gp",
        "parts": [],
        "allowed_parts": PARTS,
        "version_id": None,
        "may_comment": False,
        "ends_on": None,
        "shared_by": "Amira (themself)",
        "today": TODAY,
    }
    return services.plan_share_create(**{**values, **fields})


@pytest.fixture
def plan(db):
    return services.plan_create()


def test_a_share_is_made_with_the_parts_in_the_plans_order_and_a_hashed_link(plan):
    made, token = share(plan, parts=["money", "heading:A good day"])
    assert made.parts == ["heading:A good day", "money"]
    assert made.token_hash == shares.share_token_hash(token)
    assert not PlanShare.objects.filter(token_hash=token).exists()


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ({"recipient_name": "  "}, "Write the name of the person"),
        ({"recipient_role": "boss"}, "Choose who they are"),
        ({"parts": ["heading:Not here"]}, "not in the plan any more"),
        ({"version_id": 99999}, "not one of this plan"),
        ({"ends_on": TODAY - timedelta(days=1)}, "has passed"),
        ({"ends_on": TODAY + timedelta(days=400)}, "more than a year away"),
    ],
)
def test_a_share_that_cannot_be_made_says_why_and_makes_nothing(plan, fields, words):
    with pytest.raises(PlanError) as refused:
        share(plan, **fields)
    assert words in refused.value.message
    assert not PlanShare.objects.exists()


def test_stopping_is_at_once_and_twice_is_harmless(plan):
    made, _ = share(plan)
    stopped = services.plan_share_stop(plan=plan, share_id=made.pk)
    assert stopped.stopped_at is not None
    again = services.plan_share_stop(plan=plan, share_id=made.pk)
    assert again.stopped_at == stopped.stopped_at
    other = services.plan_create()
    with pytest.raises(PlanError):
        services.plan_share_stop(plan=other, share_id=made.pk)  # not that plan's


def test_a_comment_is_kept_only_when_asked_for_and_while_the_link_works(plan):
    quiet, _ = share(plan)
    with pytest.raises(PlanError, match="did not ask for comments"):
        services.share_comment_add(share=quiet, text="Hello", today=TODAY)
    open_to_comments, _ = share(plan, may_comment=True)
    with pytest.raises(PlanError, match="empty"):
        services.share_comment_add(share=open_to_comments, text="   ", today=TODAY)
    with pytest.raises(PlanError, match=r"up to 1,000 characters\. Yours has 1,001"):
        services.share_comment_add(share=open_to_comments, text="x" * 1001, today=TODAY)
    services.share_comment_add(share=open_to_comments, text="Thank you, Amira.", today=TODAY)
    services.plan_share_stop(plan=plan, share_id=open_to_comments.pk)
    open_to_comments.refresh_from_db()
    with pytest.raises(PlanError, match="stopped"):
        services.share_comment_add(share=open_to_comments, text="Late", today=TODAY)
    assert list(ShareComment.objects.values_list("text", flat=True)) == ["Thank you, Amira."]
