"""A facilitator who has typed their password but not their code has no live board:
on the socket they count as nobody signed in (cms.second_factor, config/asgi.py)."""

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings as django_settings
from django.contrib.sessions.backends.db import SessionStore
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from config.asgi import application
from tests.sessions_live.factories import session_make

# The consumer reads the database from worker threads, so the test data must be committed.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def required(settings):
    settings.SECOND_FACTOR_REQUIRED = True


def signed_in_cookie(user, *, device=None) -> str:
    """A saved session for ``user`` after the password, and after the code if ``device``."""
    store = SessionStore()
    store["_auth_user_id"] = str(user.pk)
    store["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    store["_auth_user_hash"] = user.get_session_auth_hash()
    if device is not None:
        store[DEVICE_ID_SESSION_KEY] = device.persistent_id
    store.save()
    return f"{django_settings.SESSION_COOKIE_NAME}={store.session_key}"


def arrange():
    session = session_make()
    device = TOTPDevice.objects.create(user=session.facilitator, name="app", confirmed=True)
    return session, device


async def first_message(session_id: int, cookie: str) -> dict:
    headers = [(b"origin", b"http://testserver"), (b"cookie", cookie.encode())]
    socket = WebsocketCommunicator(application, f"/ws/live/{session_id}/", headers=headers)
    connected, _ = await socket.connect()
    assert connected
    await socket.send_json_to({"type": "hello", "last_seq": None})
    message = await socket.receive_json_from(timeout=3)
    if message["type"] == "welcome":
        assert (await socket.receive_json_from(timeout=3))["type"] == "presence"
    await socket.disconnect()
    return message


async def test_a_facilitator_who_has_not_typed_the_code_has_no_board_on_the_socket(required):
    session, _device = await sync_to_async(arrange)()
    cookie = await sync_to_async(signed_in_cookie)(session.facilitator)
    message = await first_message(session.pk, cookie)
    assert message["code"] == "not_allowed"


async def test_after_the_code_the_facilitators_board_opens(required):
    session, device = await sync_to_async(arrange)()
    cookie = await sync_to_async(signed_in_cookie)(session.facilitator, device=device)
    message = await first_message(session.pk, cookie)
    assert message["type"] == "welcome"
    assert message["you"]["role"] == "facilitator"


async def test_with_the_setting_off_the_password_is_enough_on_the_socket():
    session, _device = await sync_to_async(arrange)()
    cookie = await sync_to_async(signed_in_cookie)(session.facilitator)
    message = await first_message(session.pk, cookie)
    assert message["type"] == "welcome"
