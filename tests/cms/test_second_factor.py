"""A second factor for everyone who can see other people's plans or personal data:
after the password, a code from an authenticator app (or a single-use recovery
code), asked for on every page of the site, Wagtail's admin included, until typed."""

import re
import time

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.models import AuditEvent
from cms import second_factor as factor
from cms.roles import (
    CHAMPIONS,
    ENABLERS,
    FACILITATORS,
    LEARNERS,
    PANEL_MEMBERS,
    SECOND_FACTOR_ROLES,
)
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
SIGN_IN = "/accounts/login/"


@pytest.fixture
def required(settings):
    """The second factor on, as production has it (off in local development and tests)."""
    settings.SECOND_FACTOR_REQUIRED = True


def app_code(device: TOTPDevice, *, steps_ahead: int = 0) -> str:
    """What the person's phone shows now (or ``steps_ahead`` 30-second steps later)."""
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():06d}"


def app_for(user) -> TOTPDevice:
    """A confirmed app and ten recovery codes, as after setting up."""
    device = TOTPDevice.objects.create(user=user, name=factor.APP_NAME, confirmed=True)
    factor.recovery_codes_make(user=user)
    return device


def sign_in(client: Client, username: str, path: str = SIGN_IN):
    return client.post(path, {"username": username, "password": TEST_PASSWORD})


# --- Who needs it -----------------------------------------------------------------------------


@pytest.mark.parametrize("role", [FACILITATORS, ENABLERS, CHAMPIONS, PANEL_MEMBERS])
def test_every_role_that_sees_other_peoples_data_needs_a_second_factor(role):
    assert role in SECOND_FACTOR_ROLES
    assert factor.second_factor_needed(user=UserFactory(roles=[role]))


def test_staff_superusers_and_wagtail_editors_need_it_learners_do_not():
    editors = Group.objects.create(name="Some editors")
    editors.permissions.add(
        Permission.objects.get(codename="access_admin", content_type__app_label="wagtailadmin")
    )
    editor = UserFactory(username="ed")
    editor.groups.add(editors)
    assert factor.second_factor_needed(user=UserFactory(is_staff=True))
    assert factor.second_factor_needed(user=UserFactory(is_superuser=True))
    assert factor.second_factor_needed(user=editor)
    assert not factor.second_factor_needed(user=UserFactory(roles=[LEARNERS]))
    assert not factor.second_factor_needed(user=UserFactory())


def test_a_learner_signs_in_with_a_password_only(required):
    UserFactory(username="lee", roles=[LEARNERS])
    client = Client()
    sign_in(client, "lee")
    assert client.get("/training/my-learning/").status_code == 200


def test_with_the_setting_off_nobody_is_asked_for_a_code():
    user = UserFactory(username="fran", roles=[FACILITATORS])
    app_for(user)
    client = Client()
    sign_in(client, "fran")
    assert client.get(reverse("live:index")).status_code == 200


# --- Setting it up ----------------------------------------------------------------------------


def test_a_facilitator_without_an_app_is_sent_to_set_one_up_and_reaches_nothing_else(required):
    UserFactory(username="fran", roles=[FACILITATORS])
    client = Client()
    response = client.post(
        SIGN_IN, {"username": "fran", "password": TEST_PASSWORD, "next": "/live/"}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("second_factor_setup")
    page = response.content.decode()
    assert "Set up a sign-in code" in page
    assert "Google Authenticator" in page
    assert "<svg" in page  # the square code to scan
    for path in ["/live/", "/training/cohorts/", "/admin/", "/", "/accounts/sign-in-settings/"]:
        assert client.get(path)["Location"] == reverse("second_factor_verify"), path
    assert client.post("/live/")["Location"] == reverse("second_factor_verify")
    # Signing out is always possible.
    assert client.post(reverse("logout")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_setting_up_the_app_by_its_typed_key_then_shows_ten_recovery_codes_once(required):
    user = UserFactory(username="fran", roles=[FACILITATORS])
    client = Client()
    client.post(SIGN_IN, {"username": "fran", "password": TEST_PASSWORD, "next": "/live/"})
    client.get("/live/")  # where they were going, remembered
    page = client.get(reverse("second_factor_setup")).content.decode()
    typed_key = re.search(
        r'<code class="second-factor__key" id="setup-key">([A-Z2-7 ]+)</code>', page
    )
    # The same key on a reload, so a code scanned before the reload still works.
    assert typed_key.group(1) in client.get(reverse("second_factor_setup")).content.decode()
    device = TOTPDevice.objects.get(user=user)
    assert not device.confirmed
    assert typed_key.group(1).replace(" ", "") == factor.totp_key_base32(device=device)
    before = client.session.session_key

    response = client.post(reverse("second_factor_setup"), {"code": app_code(device)})
    assert response["Location"] == reverse("second_factor_codes")
    assert client.session.session_key != before  # a fresh session key once verified
    device.refresh_from_db()
    assert device.confirmed
    codes_page = client.get(reverse("second_factor_codes")).content.decode()
    shown = re.findall(r"<li><code>([a-z2-9]{5}-[a-z2-9]{5})</code></li>", codes_page)
    assert len(shown) == 10
    assert 'href="/live/"' in codes_page  # then on to where they were going
    assert sorted(c.replace("-", "") for c in shown) == sorted(
        StaticToken.objects.filter(device__user=user).values_list("token", flat=True)
    )
    again = client.get(reverse("second_factor_codes")).content.decode()
    assert "Recovery codes are shown once" in again
    assert not any(code in again for code in shown)
    assert client.get("/live/").status_code == 200


def test_a_wrong_code_while_setting_up_says_what_to_do(required):
    user = UserFactory(username="fran", roles=[FACILITATORS])
    client = Client()
    sign_in(client, "fran")
    client.get(reverse("second_factor_setup"))
    response = client.post(reverse("second_factor_setup"), {"code": "000000"})
    assert response.status_code == 400
    assert factor.WRONG_CODE in response.content.decode()
    assert not TOTPDevice.objects.get(user=user).confirmed
    assert client.get("/live/")["Location"] == reverse("second_factor_verify")


def test_someone_with_an_app_cannot_set_up_another_with_the_password_alone(required):
    user = UserFactory(username="fran", roles=[FACILITATORS])
    app_for(user)
    client = Client()
    sign_in(client, "fran")
    assert client.get(reverse("second_factor_setup"))["Location"] == reverse("second_factor_verify")
    assert client.post(reverse("second_factor_setup"), {"code": "123456"}).status_code == 302
    assert TOTPDevice.objects.filter(user=user).count() == 1


# --- Signing in with it ---------------------------------------------------------------------


def test_with_an_app_the_password_alone_opens_nothing_until_the_code(required):
    user = UserFactory(username="fran", roles=[FACILITATORS])
    device = app_for(user)
    client = Client()
    sign_in(client, "fran")
    assert client.get("/live/")["Location"] == reverse("second_factor_verify")
    wrong = client.post(reverse("second_factor_verify"), {"code": "000000"})
    assert wrong.status_code == 400
    page = wrong.content.decode()
    assert (
        "That code did not work. Codes change every 30 seconds: type the one showing now." in page
    )
    assert 'aria-invalid="true"' in page
    time.sleep(1.1)  # django-otp makes the next try wait a second after one wrong code
    right = client.post(reverse("second_factor_verify"), {"code": app_code(device)})
    assert right["Location"] == "/live/"
    assert client.get("/live/").status_code == 200


def test_a_recovery_code_works_once_and_says_how_many_are_left(required):
    user = UserFactory(username="fran", roles=[FACILITATORS])
    app_for(user)
    code = StaticToken.objects.filter(device__user=user).first().token
    client = Client()
    sign_in(client, "fran")
    client.get("/live/")
    typed = f" {code[:5].upper()}-{code[5:]} "  # as read off paper
    response = client.post(reverse("second_factor_verify"), {"code": typed}, follow=True)
    assert response.status_code == 200
    assert "You have 9 recovery codes left." in response.content.decode()
    again = Client()
    sign_in(again, "fran")
    refused = again.post(reverse("second_factor_verify"), {"code": code})
    assert refused.status_code == 400
    assert "That recovery code did not work" in refused.content.decode()


def test_wrong_codes_make_the_next_try_wait_even_for_the_right_code(required):
    user = UserFactory(username="fran", roles=[FACILITATORS])
    device = app_for(user)
    client = Client()
    sign_in(client, "fran")
    client.post(reverse("second_factor_verify"), {"code": "000000"})
    client.post(reverse("second_factor_verify"), {"code": "111111"})
    response = client.post(reverse("second_factor_verify"), {"code": app_code(device)})
    assert response.status_code == 400
    assert "Too many codes did not work, so wait" in response.content.decode()
    assert client.get("/live/")["Location"] == reverse("second_factor_verify")


def test_wagtails_own_sign_in_also_asks_for_the_code(required):
    user = UserFactory(username="ada", is_staff=True, is_superuser=True)
    device = app_for(user)
    client = Client()
    response = sign_in(client, "ada", "/admin/login/")
    assert response.status_code == 302
    assert client.get("/admin/")["Location"] == reverse("second_factor_verify")
    assert client.get("/admin/users/")["Location"] == reverse("second_factor_verify")
    response = client.post(reverse("second_factor_verify"), {"code": app_code(device)})
    assert response["Location"] == "/admin/users/"
    assert client.get("/admin/").status_code == 200


def test_a_reset_device_no_longer_counts_for_a_session_it_verified(required):
    user = UserFactory(username="fran", roles=[FACILITATORS])
    device = app_for(user)
    client = Client()
    sign_in(client, "fran")
    client.post(reverse("second_factor_verify"), {"code": app_code(device)})
    assert client.get("/live/").status_code == 200
    factor.second_factor_reset(user=user, by=None)
    assert client.get("/live/")["Location"] == reverse("second_factor_verify")


# --- Sign-in settings: new recovery codes, a new phone -------------------------------------


def verified_client(user, device) -> Client:
    client = Client()
    sign_in(client, user.username)
    client.post(reverse("second_factor_verify"), {"code": app_code(device)})
    return client


def test_new_recovery_codes_need_a_code_now_and_stop_the_old_ones(required):
    user = UserFactory(username="fran", roles=[FACILITATORS])
    device = app_for(user)
    old = set(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))
    client = verified_client(user, device)
    refused = client.post(
        reverse("second_factor_manage"), {"code": "000000", "action": "new_codes"}
    )
    assert refused.status_code == 400
    assert set(StaticToken.objects.values_list("token", flat=True)) == old
    time.sleep(1.1)
    response = client.post(
        reverse("second_factor_manage"),
        {"code": app_code(device, steps_ahead=1), "action": "new_codes"},
    )
    assert response["Location"] == reverse("second_factor_codes")
    new = set(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))
    assert len(new) == 10
    assert not new & old
    page = client.get(reverse("second_factor_codes")).content.decode()
    assert len(re.findall(r"<li><code>", page)) == 10


def test_a_new_phone_is_set_up_after_a_code_and_the_old_app_stops_only_then(required):
    user = UserFactory(username="fran", roles=[FACILITATORS])
    old_phone = app_for(user)
    client = verified_client(user, old_phone)
    response = client.post(
        reverse("second_factor_manage"),
        {"code": app_code(old_phone, steps_ahead=1), "action": "replace"},
    )
    assert response["Location"] == reverse("second_factor_setup")
    assert "Set up your new phone" in client.get(reverse("second_factor_setup")).content.decode()
    new_phone = TOTPDevice.objects.get(user=user, confirmed=False)
    assert TOTPDevice.objects.filter(pk=old_phone.pk, confirmed=True).exists()
    client.post(reverse("second_factor_setup"), {"code": app_code(new_phone)})
    assert list(TOTPDevice.objects.filter(user=user).values_list("pk", "confirmed")) == [
        (new_phone.pk, True)
    ]


# --- An administrator's reset ---------------------------------------------------------------


def test_a_superuser_resets_someones_second_factor_and_the_audit_log_says_so():
    admin = UserFactory(username="ada", first_name="Ada", is_staff=True, is_superuser=True)
    fran = UserFactory(username="fran", roles=[FACILITATORS])
    app_for(fran)
    client = Client()
    client.force_login(admin)
    listing = client.get("/admin/users/").content.decode()
    url = reverse("second_factor_reset", args=[fran.pk])
    assert url in listing
    assert "Reset second factor" in listing
    confirm = client.get(url).content.decode()
    assert "Reset the sign-in code" in confirm
    assert TOTPDevice.objects.filter(user=fran).exists()  # nothing happens on GET
    response = client.post(url)
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=fran).exists()
    assert not StaticDevice.objects.filter(user=fran).exists()
    event = AuditEvent.objects.get()
    assert (event.action, event.subject, event.subject_id) == ("changed", "account", fran.pk)
    assert event.user == admin
    assert event.who == "Ada (administrator)"
    assert "fran" in event.what


def test_only_a_superuser_may_reset_a_second_factor():
    fran = UserFactory(username="fran", roles=[FACILITATORS])
    app_for(fran)
    url = reverse("second_factor_reset", args=[fran.pk])
    staff = UserFactory(username="sam", is_staff=True)
    staff.user_permissions.add(
        Permission.objects.get(codename="access_admin", content_type__app_label="wagtailadmin")
    )
    client = Client()
    assert client.post(url)["Location"].startswith("/admin/login/")
    client.force_login(staff)
    refused = client.post(url)
    # Wagtail's admin answers "permission denied" by going back to its dashboard.
    assert (refused.status_code, refused.get("Location")) in ((403, None), (302, "/admin/"))
    assert "Reset second factor" not in client.get("/admin/users/").content.decode()
    client.force_login(fran)
    assert client.post(url).status_code in (302, 403)  # no admin access at all
    assert client.get(url).status_code in (302, 403)
    assert TOTPDevice.objects.filter(user=fran).exists()
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize(
    "name",
    ["second_factor_verify", "second_factor_setup", "second_factor_codes", "second_factor_manage"],
)
def test_the_code_pages_ask_someone_not_signed_in_to_sign_in(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(SIGN_IN)


def test_someone_who_needs_no_second_factor_is_not_offered_one(client):
    client.force_login(UserFactory(roles=[LEARNERS]))
    assert client.get(reverse("second_factor_setup"))["Location"] == reverse("second_factor_manage")
    assert client.get(reverse("second_factor_verify")).status_code == 302
    page = client.get(reverse("second_factor_manage")).content.decode()
    assert "Your account signs in with a password only." in page
    assert not TOTPDevice.objects.exists()


# --- The owner hears of every change ---------------------------------------------------------


def notices_to(address: str) -> list[str]:
    return [m.body for m in mail.outbox if m.to == [address]]


def test_setting_up_an_app_emails_the_owner_who_can_act_if_it_was_not_them(
    required, django_capture_on_commit_callbacks, settings
):
    # The first set-up needs only the password: the email is how the owner learns
    # that someone who knew it set up their own phone.
    settings.ORGANISATION_CONTACT = "privacy@ulo.example"
    user = UserFactory(username="fran", first_name="Fran", roles=[FACILITATORS])
    client = Client()
    sign_in(client, "fran")
    client.get(reverse("second_factor_setup"))
    device = TOTPDevice.objects.get(user=user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("second_factor_setup"), {"code": app_code(device)})
    (body,) = notices_to("fran@example.org")
    assert body.startswith("Hello Fran,")
    assert "An authenticator app was set up for signing in to your account." in body
    assert "http://testserver/accounts/password_reset/" in body
    assert "Then tell us: privacy@ulo.example" in body


def test_new_codes_a_new_phone_and_a_used_recovery_code_each_email_the_owner(
    required, django_capture_on_commit_callbacks
):
    user = UserFactory(username="fran", roles=[FACILITATORS])
    device = app_for(user)
    client = verified_client(user, device)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("second_factor_manage"),
            {"action": "new_codes", "code": app_code(device, steps_ahead=1)},
        )
    assert notices_to("fran@example.org")[-1].split("\n")[2] == factor.CHANGE_NOTICES["new_codes"]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("second_factor_manage"),
            {"action": "replace", "code": StaticToken.objects.filter(device__user=user)[0].token},
        )
        client.get(reverse("second_factor_setup"))
        new_phone = TOTPDevice.objects.get(user=user, confirmed=False)
        client.post(reverse("second_factor_setup"), {"code": app_code(new_phone)})
    assert [b.split("\n")[2] for b in notices_to("fran@example.org")] == [
        factor.CHANGE_NOTICES["new_codes"],
        factor.CHANGE_NOTICES["recovery_code_used"],
        factor.CHANGE_NOTICES["replaced"],
    ]


def test_an_administrators_reset_emails_the_owner_and_no_address_means_no_email(
    django_capture_on_commit_callbacks,
):
    admin = UserFactory(username="ada", is_staff=True, is_superuser=True)
    fran = UserFactory(username="fran", roles=[FACILITATORS])
    nomail = UserFactory(username="nomail", email="", roles=[FACILITATORS])
    client = Client()
    client.force_login(admin)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("second_factor_reset", args=[fran.pk]))
        response = client.post(reverse("second_factor_reset", args=[nomail.pk]))
    assert response.status_code == 302
    (body,) = notices_to("fran@example.org")
    assert factor.CHANGE_NOTICES["reset"] in body
    assert len(mail.outbox) == 1
