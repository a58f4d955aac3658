"""Admins read the whole audit log in the Wagtail admin: read-only, filterable, and
only for superusers or those given the dedicated "Can view audit event" permission."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client

from audit.models import AuditEvent
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LOG = "/admin/auditevent/"


def _admin_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def events():
    AuditEvent.objects.create(
        action="viewed",
        subject="plan",
        subject_id=3,
        plan_id=3,
        who="Fran (facilitator)",
        what="Opened the plan",
    )
    AuditEvent.objects.create(
        action="downloaded",
        subject="plan",
        subject_id=4,
        plan_id=4,
        who="Sam (ally: friend)",
        what="Downloaded the plan: PDF",
    )


def test_a_superuser_reads_the_log_and_filters_it_by_action_and_subject(events):
    admin = _admin_client(UserFactory(username="root", is_staff=True, is_superuser=True))
    page = admin.get(LOG)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Fran (facilitator)" in text
    assert "Sam (ally: friend)" in text
    downloads = admin.get(LOG, {"action": "downloaded"}).content.decode()
    assert "Sam (ally: friend)" in downloads
    assert "Fran (facilitator)" not in downloads
    plan_3 = admin.get(LOG, {"subject": "plan", "subject_id": 3}).content.decode()
    assert "Fran (facilitator)" in plan_3
    assert "Sam (ally: friend)" not in plan_3
    assert AuditEvent.objects.count() == 2  # reading the log is not logged


def test_nobody_can_add_change_or_delete_a_row(events):
    admin = _admin_client(UserFactory(username="root", is_staff=True, is_superuser=True))
    event = AuditEvent.objects.get(who="Fran (facilitator)")
    for path in (
        f"{LOG}new/",
        f"{LOG}edit/{event.pk}/",
        f"{LOG}delete/{event.pk}/",
        f"{LOG}copy/{event.pk}/",
    ):
        assert admin.get(path).status_code == 404
        assert admin.post(path, {"what": "rewritten"}).status_code == 404
    assert admin.get(f"{LOG}inspect/{event.pk}/").status_code == 200
    assert "Add audit event" not in admin.get(LOG).content.decode()
    event.refresh_from_db()
    assert event.what == "Opened the plan"


def test_staff_without_the_permission_do_not_see_the_log(events):
    editor = UserFactory(username="editor", is_staff=True)
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client = _admin_client(editor)
    assert client.get(LOG).status_code in (302, 403)
    assert "Fran (facilitator)" not in client.get(LOG, follow=True).content.decode()
    assert LOG not in client.get("/admin/").content.decode()


def test_the_dedicated_permission_lets_a_group_read_the_log_but_not_change_it(events):
    group = Group.objects.create(name="Data protection lead")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_auditevent"),
    )
    lead = UserFactory(username="dpo", is_staff=True)
    lead.groups.add(group)
    client = _admin_client(lead)
    assert client.get(LOG).status_code == 200
    assert LOG in client.get("/admin/").content.decode()
    assert client.get(f"{LOG}new/").status_code == 404
