"""A copy of everything held about a person (UK GDPR right of access): JSON and HTML made
from one dict, only for the person and the facilitator, with nobody else's words in it."""

import json
import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from plans import services as plan_services
from plans.models import PlanCard
from sessions_live import exports, services
from sessions_live.models import Participant
from tests.factories import UserFactory
from tests.sessions_live.factories import participant_actor
from tests.sessions_live.rooms import add_note, client_as, remember_participant

pytestmark = pytest.mark.django_db

TOP_KEYS = {
    "about",
    "person",
    "plan",
    "participant_records",
    "devices",
    "accounts",
    "notes_on_others_charts",
    "allies",
    "budgets",
    "costing",
    "actions",
    "shares",
    "panel_decisions",
    "audit_log",
}
PLAN_KEYS = {
    "created_at",
    "review_on",
    "review_reminder_sent_for",
    "sessions",
    "headings",
    "notes_taken_back_by_others",
    "versions",
    "cards",
}
NOTE_KEYS = {
    "text",
    "writer",
    "writer_is",
    "written_at",
    "last_changed_at",
    "changed_by",
    "day",
    "removed",
    "starred",
    "question",
    "answer",
    "suggested_wording",
    "suggested_by",
    "earlier_words",
}


def as_participant(room, name: str) -> Client:
    client = Client()
    remember_participant(client, room[name])
    return client


def copy_url(room, kind="json", person="amira") -> str:
    return reverse("live:plan_everything", args=[room["session"].pk, room[person].pk, kind])


def _remove(room, author: str, note) -> None:
    services.board_command_apply(
        session_id=room["session"].pk,
        actor=participant_actor(participant=room[author]),
        message={"type": "remove_note", "op_id": f"rm-{note.pk}", "note_id": note.pk},
    )


def _edit(room, author: str, note, text: str) -> None:
    services.board_command_apply(
        session_id=room["session"].pk,
        actor=participant_actor(participant=room[author]),
        message={
            "type": "edit_note",
            "op_id": f"ed-{note.pk}",
            "note_id": note.pk,
            "text": text,
            "base_version": note.version,
        },
    )


@pytest.fixture
def written(room):
    """Amira's plan with her words, her ally's words, and other people's words nearby."""
    mine = add_note(room, text="Swimming on Saturdays")
    _edit(room, "amira_me", mine, "Swimming on Sundays")
    add_note(room, author="yusuf", text="She loves her cat, Pepper")
    ally_slip = add_note(room, author="yusuf", text="My own doctor's news")
    _remove(room, "yusuf", ally_slip)
    add_note(room, author="ben_me", person="ben", text="Ben likes football")
    room["amira"].plan.versions.create(
        label="for the panel", saved_by="x", content={"sections": []}
    )
    return room


def test_the_json_copy_has_every_named_part_and_each_note_its_writer_and_dates(written):
    copy = exports.person_copy(plan_id=written["amira"].plan_id, made_at=timezone.now())
    assert set(copy) == TOP_KEYS
    assert set(copy["plan"]) == PLAN_KEYS
    notes = [note for heading in copy["plan"]["headings"] for note in heading["notes"]]
    assert {note["text"] for note in notes} == {"Swimming on Sundays", "She loves her cat, Pepper"}
    assert all(set(note) == NOTE_KEYS for note in notes)
    mine = next(note for note in notes if note["writer"] == "Amira")
    assert mine["earlier_words"] == ["Swimming on Saturdays"]  # her own earlier words
    assert mine["writer_is"] == "the person themself"
    assert copy["plan"]["notes_taken_back_by_others"] == 1
    assert copy["plan"]["versions"][0]["label"] == "for the panel"
    assert copy["budgets"] == {"held": True, "items": [], "about": exports.BUDGETS_ABOUT}
    assert copy["costing"]["rows"] == []
    assert copy["actions"] == []
    assert [a["name"] for a in copy["allies"]] == ["Yusuf"]
    assert copy["devices"] == 1
    assert copy["about"]["format"] == exports.COPY_FORMAT
    json.dumps(copy)  # plain data all the way down


def test_another_persons_words_are_not_in_the_copy(written):
    text = exports.person_copy_json(
        exports.person_copy(plan_id=written["amira"].plan_id, made_at=timezone.now())
    )
    assert "Ben likes football" not in text  # someone else's chart
    assert "My own doctor's news" not in text  # an ally took it back: theirs, not hers
    assert "Ben" not in text


def test_no_device_id_card_hash_or_password_is_in_the_copy(written):
    fran = client_as(written, "facilitator_here")
    fran.post(reverse("live:plan_card", args=[written["session"].pk, written["amira"].pk]))
    text = exports.person_copy_json(
        exports.person_copy(plan_id=written["amira"].plan_id, made_at=timezone.now())
    )
    me = Participant.objects.get(pk=written["amira_me"].pk)
    assert me.device_hash not in text
    assert PlanCard.objects.get().code_hash not in text
    assert '"cards": [' in text
    assert '"made_at"' in text


def test_notes_the_person_wrote_on_someone_elses_charts_are_theirs_alone(room):
    """Through an account she keeps, Amira is also Ben's friend on his plan."""
    account = UserFactory(username="amira")
    services.participant_account_link(participant_id=room["amira_me"].pk, user=account)
    from tests.sessions_live.factories import participant_make

    room["amira_for_ben"] = participant_make(room["ben"], "Amira", "friend", device="a-2")
    services.participant_account_link(participant_id=room["amira_for_ben"].pk, user=account)
    add_note(room, author="amira_for_ben", person="ben", text="Ben makes great tea")
    add_note(room, author="ben_me", person="ben", text="Ben's own words")
    copy = exports.person_copy(plan_id=room["amira"].plan_id, made_at=timezone.now())
    assert [n["text"] for n in copy["notes_on_others_charts"]] == ["Ben makes great tea"]
    assert "Ben's own words" not in exports.person_copy_json(copy)
    assert copy["accounts"][0]["username"] == "amira"
    assert len(copy["participant_records"]) == 2


@pytest.mark.parametrize(
    ("reader", "allowed"),
    [
        ("anonymous", False),
        ("amira_me", True),
        ("yusuf", False),
        ("ben_me", False),
        ("participant_elsewhere", False),
        ("facilitator_here", True),
        ("facilitator_elsewhere", False),
    ],
)
@pytest.mark.parametrize("kind", ["json", "html"])
def test_only_the_person_and_the_facilitator_download_the_copy_a_stranger_gets_404(
    written, reader, allowed, kind
):
    if reader in {"amira_me", "yusuf", "ben_me"}:
        client = as_participant(written, reader)
    else:
        client = client_as(written, reader)
    response = client.get(copy_url(written, kind))
    assert response.status_code == (200 if allowed else 404)
    if allowed:
        assert "no-store" in response["Cache-Control"]
        disposition = response["Content-Disposition"]
        assert re.fullmatch(
            rf'attachment; filename="everything-held-about-amira-\d{{4}}-\d\d-\d\d\.{kind}"',
            disposition,
        )


def test_an_unknown_kind_is_not_found(written):
    assert as_participant(written, "amira_me").get(copy_url(written, "xml")).status_code == 404


def test_the_json_and_html_downloads_say_the_same_and_are_recorded_as_exported(written):
    amira = as_participant(written, "amira_me")
    data = json.loads(amira.get(copy_url(written, "json")).content)
    assert set(data) == TOP_KEYS
    html = amira.get(copy_url(written, "html")).content.decode()
    for note in (n for h in data["plan"]["headings"] for n in h["notes"]):
        assert note["text"].replace("'", "&#x27;") in html
    assert "Ben likes football" not in html
    assert "Budgets and shares" in html
    exported = AuditEvent.objects.filter(action="exported", plan_id=written["amira"].plan_id)
    assert [e.who for e in exported] == ["Amira (themself)", "Amira (themself)"]
    # The HTML download made second lists the JSON one made first in its log.
    assert "Downloaded a copy of everything held about the person (for a computer)" in html


def test_the_copy_has_the_costing_and_the_action_plan_with_their_writers(room):
    yusuf = participant_actor(participant=room["yusuf"])
    for message in (
        {"type": "save_cost_line", "what": "Swimming", "amount": "30", "period": "month"},
        {"type": "save_action", "what": "Go swimming", "who": "Me", "when": "every week"},
    ):
        services.board_command_apply(
            session_id=room["session"].pk,
            actor=yusuf,
            message={**message, "op_id": message["type"], "focus_person_id": room["amira"].pk},
        )
    copy = exports.person_copy(plan_id=room["amira"].plan_id, made_at=timezone.now())
    (row,) = copy["costing"]["rows"]
    assert (row["what"], row["cost"], row["for_a_year"]) == (
        "Swimming",
        "£30.00 a month",
        "£360.00 a year",
    )
    assert row["written_by"].startswith("Yusuf")
    assert [a["what"] for a in copy["actions"]] == ["Go swimming"]
    assert copy["costing"]["difference"] == ""  # no budget shown yet


def test_the_copy_has_how_often_a_shown_direct_payment_is_paid_and_never_a_sealed_one(room):
    plan = room["amira"].plan
    plan_services.budget_part_record(
        plan=plan,
        amount=Decimal("18200"),
        period="year",
        source="council",
        managed_as="direct_payment",
        paid_every="month",
        recorded_by="Fran (facilitator)",
    )
    sealed = exports.person_copy(plan_id=plan.pk, made_at=timezone.now())
    assert sealed["budgets"]["items"] == []
    plan_services.budget_reveal(plan=plan)
    plan_services.budget_part_record(
        plan=plan,
        amount=Decimal("20"),
        period="week",
        source="nhs",
        managed_as="isf",
        recorded_by="Fran (facilitator)",
    )
    plan_services.budget_reveal(plan=plan)
    items = exports.person_copy(plan_id=plan.pk, made_at=timezone.now())["budgets"]["items"]
    assert [(i["amount"], i["paid_every"], i["each_payment"]) for i in items] == [
        ("£18,200.00 a year", "every month", "£1,516.67"),
        ("£20.00 a week", None, None),
    ]
