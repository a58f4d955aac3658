"""Deleting a staff account in Wagtail's admin never fails with a server error (issue 11, item 10).

A facilitator's sessions and a mentor's records refuse to lose their account
(on_delete=PROTECT), which made Wagtail's "Delete user" raise ProtectedError.
Now the admin is told what the account still holds and how to hand it over.
"""

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from audit.models import AuditEvent
from learning.models import MentoringLog
from sessions_live.models import Note, PlanningSession
from tests.factories import UserFactory
from tests.sessions_live.factories import facilitator_make, session_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client():
    admin = UserFactory(username="admin", is_superuser=True, is_staff=True)
    client = Client(raise_request_exception=False)
    client.force_login(admin)
    return client


@pytest.fixture
def fran():
    user = facilitator_make("fran")
    user.first_name = "Fran"
    user.save()
    for title in ("Spring group", "Summer group", "Autumn group"):
        session_make(facilitator=user, title=title)
    return user


def delete_url(user):
    return reverse("wagtailusers_users:delete", args=[user.pk])


def test_deleting_a_facilitator_who_runs_sessions_says_what_they_run_not_a_server_error(
    admin_client, fran
):
    page = admin_client.get(delete_url(fran))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Fran runs 3 Planning Live sessions." in text
    assert "Give them to another facilitator first." in text
    assert reverse("live_account_hand_over", args=[fran.pk]) in text


def test_posting_the_delete_anyway_deletes_nothing_and_does_not_fail(admin_client, fran):
    answer = admin_client.post(delete_url(fran))
    assert answer.status_code == 200
    assert "Fran runs 3 Planning Live sessions." in answer.content.decode()
    assert get_user_model().objects.filter(pk=fran.pk).exists()


def test_deleting_a_mentor_names_the_mentoring_records(admin_client):
    mentor = UserFactory(username="maya", first_name="Maya")
    MentoringLog.objects.create(mentor=mentor, champion=UserFactory(), met_on=date(2026, 1, 5))
    answer = admin_client.post(delete_url(mentor))
    assert answer.status_code == 200
    assert "Maya is the mentor on 1 mentoring record." in answer.content.decode()
    assert get_user_model().objects.filter(pk=mentor.pk).exists()


def test_deleting_several_users_at_once_is_refused_the_same_way(admin_client, fran):
    other = UserFactory(username="sam")
    url = (
        reverse("wagtail_bulk_action", args=["auth", "user", "delete"])
        + f"?next=/admin/users/&id={fran.pk}&id={other.pk}"
    )
    answer = admin_client.post(url)
    assert answer.status_code == 200
    assert "Fran runs 3 Planning Live sessions." in answer.content.decode()
    assert get_user_model().objects.filter(pk__in=[fran.pk, other.pk]).count() == 2


def test_handing_over_then_deleting_works(admin_client, fran):
    olu = facilitator_make("olu")
    url = reverse("live_account_hand_over", args=[fran.pk])
    assert admin_client.get(url).status_code == 200

    answer = admin_client.post(url, {"hand_to": olu.pk, "then": "hand_over"})

    assert answer.status_code == 302
    assert answer["Location"] == delete_url(fran)
    assert set(PlanningSession.objects.values_list("facilitator", flat=True)) == {olu.pk}
    assert admin_client.post(delete_url(fran)).status_code == 302
    assert not get_user_model().objects.filter(pk=fran.pk).exists()


def test_hand_over_and_erase_at_once_can_take_their_name_off_their_notes(admin_client, fran):
    from sessions_live import services
    from sessions_live.selectors import facilitator_actor

    session = PlanningSession.objects.filter(facilitator=fran).first()
    person = services.focus_person_add(session=session, first_name="Amira")
    services.board_command_apply(
        session_id=session.pk,
        actor=facilitator_actor(user=fran),
        message={
            "type": "add_note",
            "op_id": "f1",
            "chart_id": person.charts.first().pk,
            "text": "Likes buses",
        },
    )
    olu = facilitator_make("olu")

    answer = admin_client.post(
        reverse("live_account_hand_over", args=[fran.pk]),
        {"hand_to": olu.pk, "forget_name": "on", "then": "erase"},
    )

    assert answer.status_code == 302
    assert not get_user_model().objects.filter(pk=fran.pk).exists()
    note = Note.objects.get(text="Likes buses")
    assert note.author_name == "Someone who has left"
    assert AuditEvent.objects.filter(action="erased", subject="account").exists()


def test_handing_over_to_nobody_says_what_to_do(admin_client, fran):
    facilitator_make("olu")
    answer = admin_client.post(reverse("live_account_hand_over", args=[fran.pk]), {"then": "x"})
    assert answer.status_code == 400
    assert "You did not choose who takes them over." in answer.content.decode()


def test_handing_over_someone_who_does_not_exist_is_not_found(admin_client):
    assert admin_client.get(reverse("live_account_hand_over", args=[999999])).status_code == 404


def test_someone_who_may_not_delete_users_cannot_hand_over(fran):
    editor = UserFactory(username="ed", is_staff=True)
    client = Client()
    client.force_login(editor)
    answer = client.get(reverse("live_account_hand_over", args=[fran.pk]))
    assert answer.status_code in (302, 403)
    assert PlanningSession.objects.filter(facilitator=fran).count() == 3


def test_a_facilitator_who_runs_nothing_is_deleted_as_before(admin_client):
    nobody = facilitator_make("nobody")
    assert admin_client.post(delete_url(nobody)).status_code == 302
    assert not get_user_model().objects.filter(pk=nobody.pk).exists()
