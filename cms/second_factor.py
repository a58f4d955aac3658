"""A second factor for everyone who can see other people's plans or personal data.

After the right password, such a person also types a 6-digit code from an
authenticator app on their phone (TOTP, django-otp), or one of ten single-use
recovery codes (django-otp's static tokens). Who needs it is
``cms.roles.SECOND_FACTOR_ROLES``, staff, superusers and anyone who may use
Wagtail's admin (``second_factor_needed``). Until they have typed a code in
this sign-in, ``SecondFactorMiddleware`` lets them reach only the pages that
set up or check the code, and signing out; ``SecondFactorSocketMiddleware``
makes their live-board socket count as nobody signed in.

The setting ``SECOND_FACTOR_REQUIRED`` (environment ``DJANGO_SECOND_FACTOR_REQUIRED``)
turns the requirement on: on in production, off for local development and tests.
"""

import math
import secrets
from base64 import b32encode
from dataclasses import dataclass
from urllib.parse import quote, urlencode

import segno
from channels.db import database_sync_to_async
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.dispatch import Signal
from django.shortcuts import redirect
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp import login as otp_login
from django_otp import verify_token as otp_verify_token
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from cms.privacy import data_controller
from cms.roles import SECOND_FACTOR_ROLES

RECOVERY_CODE_COUNT = 10
# Ten letters and digits that cannot be mistaken for each other (no 0/o, 1/l/i):
# about 49 bits each, and each works once.
RECOVERY_CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
RECOVERY_CODE_LENGTH = 10
APP_NAME = "Authenticator app"
RECOVERY_NAME = "Recovery codes"
# Pages a person who still owes their code may open: to set it up or type it,
# to sign out, and the display settings (large text helps with typing codes).
OPEN_BEFORE_CODE = frozenset(
    {
        "second_factor_verify",
        "second_factor_setup",
        "logout",
        "display_settings",
        "wagtailadmin_logout",
    }
)
NEXT_SESSION_KEY = "second_factor_next"
REPLACING_SESSION_KEY = "second_factor_replacing"
NEW_CODES_SESSION_KEY = "second_factor_new_codes"

WRONG_CODE = "That code did not work. Codes change every 30 seconds: type the one showing now."
WRONG_RECOVERY_CODE = (
    "That recovery code did not work. Check it against your printed list: each code works once."
)
NO_CODE = "Type the 6-digit code from your authenticator app, or one of your recovery codes."

# Sent after an administrator takes away someone's second factor. The audit log
# (an app that builds on this one) records it; this app cannot import it.
second_factor_was_reset = Signal()


@dataclass(frozen=True)
class CodeCheck:
    """What came of a typed code: the device that accepted it, or why not."""

    device: Device | None = None
    # Wrong codes were typed too often just now: wait this long before the next try.
    wait_seconds: int = 0
    was_recovery_code: bool = False
    message: str = ""

    @property
    def ok(self) -> bool:
        return self.device is not None


# --- Who needs it, and who has given it -------------------------------------------------


def second_factor_needed(*, user) -> bool:
    """Does this account sign in with a code as well as a password?

    Everyone who can see other people's plans or personal data: the roles in
    ``SECOND_FACTOR_ROLES``, staff, superusers and anyone allowed into
    Wagtail's admin (where they see documents and, for some, every user).
    """
    if user is None or not user.is_authenticated:
        return False
    if user.is_superuser or user.is_staff:
        return True
    admin = Q(
        permissions__codename="access_admin", permissions__content_type__app_label="wagtailadmin"
    )
    if user.groups.filter(Q(name__in=SECOND_FACTOR_ROLES) | admin).exists():
        return True
    return user.user_permissions.filter(
        codename="access_admin", content_type__app_label="wagtailadmin"
    ).exists()


def second_factor_verified(*, user, django_session) -> bool:
    """Has this sign-in typed a right code (with a device the account still has)?"""
    if user is None or not user.is_authenticated or django_session is None:
        return False
    persistent_id = django_session.get(DEVICE_ID_SESSION_KEY)
    if not persistent_id:
        return False
    device = Device.from_persistent_id(persistent_id)
    return device is not None and device.user_id == user.pk and device.confirmed


def second_factor_owed(*, user, django_session) -> bool:
    """Must this signed-in person still type a code before using the site?"""
    if not settings.SECOND_FACTOR_REQUIRED or user is None or not user.is_authenticated:
        return False
    # The session check first: it is one query, and settles most requests of staff.
    if second_factor_verified(user=user, django_session=django_session):
        return False
    return second_factor_needed(user=user)


def second_factor_app(*, user) -> TOTPDevice | None:
    """The account's confirmed authenticator app, if it has set one up."""
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).order_by("-pk").first()


def recovery_codes_left(*, user) -> int:
    """How many unused recovery codes the account has."""
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


# --- Setting it up ------------------------------------------------------------------------


@transaction.atomic
def second_factor_setup_start(*, user) -> TOTPDevice:
    """The app being set up: the same one on every reload until a code confirms it.

    Kept unconfirmed (it lets nobody in) until the person types a code from it.
    """
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).order_by("-pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_NAME, confirmed=False)
    return device


@transaction.atomic
def second_factor_setup_finish(*, user, code: str) -> CodeCheck:
    """Confirm the app being set up with a code from it; it replaces any earlier app."""
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).order_by("-pk").first()
    digits = _digits(code)
    if device is None:
        return CodeCheck(message="Start again: the set-up page has a new code to scan.")
    if not digits:
        return CodeCheck(message="Type the 6-digit code your app shows.")
    check = _device_check(user=user, device=device, code=digits, wrong=WRONG_CODE)
    if not check.ok:
        return check
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    TOTPDevice.objects.filter(pk=device.pk).update(confirmed=True)
    device.confirmed = True
    return check


@transaction.atomic
def recovery_codes_make(*, user) -> list[str]:
    """Ten new single-use recovery codes; the old ones stop working. Shown once."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
    codes = [
        "".join(secrets.choice(RECOVERY_CODE_ALPHABET) for _ in range(RECOVERY_CODE_LENGTH))
        for _ in range(RECOVERY_CODE_COUNT)
    ]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def recovery_code_text(code: str) -> str:
    """A recovery code as printed: two groups of five, easier to copy."""
    half = len(code) // 2
    return f"{code[:half]}-{code[half:]}"


def totp_key_text(*, device: TOTPDevice) -> str:
    """The app's secret key as people type it into an app: groups of four letters."""
    key = totp_key_base32(device=device)
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def totp_key_base32(*, device: TOTPDevice) -> str:
    """The app's secret key in base 32, the form authenticator apps ask for."""
    return b32encode(device.bin_key).decode().rstrip("=")


def totp_setup_url(*, device: TOTPDevice) -> str:
    """The ``otpauth://`` address a phone reads from the QR code (RFC 6238 apps)."""
    issuer = settings.WAGTAIL_SITE_NAME.replace(":", "")
    label = f"{issuer}:{device.user.get_username()}"
    query = urlencode(
        {
            "secret": totp_key_base32(device=device),
            "issuer": issuer,
            "algorithm": "SHA1",
            "digits": device.digits,
            "period": device.step,
        }
    )
    return f"otpauth://totp/{quote(label)}?{query}"


def totp_qr_svg(*, device: TOTPDevice) -> str:
    """The set-up address as an inline SVG QR code (segno, as plan cards use)."""
    return segno.make(totp_setup_url(device=device), error="m").svg_inline(
        scale=5, dark="#000", light="#fff"
    )


# --- Checking a code ------------------------------------------------------------------------


def second_factor_code_check(*, user, code: str) -> CodeCheck:
    """Check a typed code: 6 digits go to the app, anything else to the recovery codes.

    Each device counts wrong codes and makes the next try wait longer (1, 2,
    4, 8... seconds: django-otp's throttling), so codes cannot be guessed.
    """
    digits = _digits(code)
    if digits:
        device = second_factor_app(user=user)
        if device is None:
            return CodeCheck(message=WRONG_CODE)
        return _device_check(user=user, device=device, code=digits, wrong=WRONG_CODE)
    recovery = _recovery_code(code)
    if not recovery:
        return CodeCheck(message=NO_CODE)
    device = StaticDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        return CodeCheck(message=WRONG_RECOVERY_CODE)
    check = _device_check(user=user, device=device, code=recovery, wrong=WRONG_RECOVERY_CODE)
    if check.ok:
        return CodeCheck(device=check.device, was_recovery_code=True)
    return check


def _device_check(*, user, device: Device, code: str, wrong: str) -> CodeCheck:
    allowed, data = device.verify_is_allowed()
    if not allowed:
        return _wait(data)
    accepted = otp_verify_token(user, device.persistent_id, code)
    if accepted is not None:
        return CodeCheck(device=accepted)
    return CodeCheck(message=wrong)


def _wait(data: dict | None) -> CodeCheck:
    until = (data or {}).get("locked_until")
    seconds = max(1, math.ceil((until - timezone.now()).total_seconds())) if until else 1
    unit = "second" if seconds == 1 else "seconds"
    return CodeCheck(
        wait_seconds=seconds,
        message=(
            f"Too many codes did not work, so wait {seconds} {unit}, then type the code "
            "showing now. Each wrong code makes the wait longer, to keep the account safe."
        ),
    )


def _digits(code: str) -> str:
    """The code as 6 digits, if that is what was typed (spaces allowed: "123 456")."""
    squeezed = "".join((code or "").split())
    return squeezed if len(squeezed) == 6 and squeezed.isascii() and squeezed.isdigit() else ""


def _recovery_code(code: str) -> str:
    """A recovery code as stored: lower case, without the spaces and dash people type."""
    squeezed = "".join((code or "").split()).replace("-", "").lower()
    return squeezed if 0 < len(squeezed) <= 16 and squeezed.isalnum() else ""


# --- Signing in with it ---------------------------------------------------------------------


def second_factor_sign_in(*, request, device: Device) -> None:
    """This sign-in has typed a right code: remember the device, with a fresh session key."""
    otp_login(request, device)
    request.session.cycle_key()


@transaction.atomic
def second_factor_reset(*, user, by) -> int:
    """Take away an account's app and recovery codes (an administrator's act).

    For someone who lost their phone: at their next sign-in they set up a new
    app. Sessions verified with the old devices need a code again. Returns how
    many devices went; ``second_factor_was_reset`` tells the audit log.
    """
    removed = 0
    for model in (TOTPDevice, StaticDevice):
        count, _ = model.objects.filter(user=user).delete()
        removed += count
    second_factor_was_reset.send(sender=second_factor_reset, user=user, by=by)
    return removed


# --- Telling the owner -----------------------------------------------------------------------


# What an account's owner is told by email whenever its second factor changes.
# The first set-up needs only the password (there is nothing else yet to ask
# for), so someone who knew the password could set up their own phone: this email
# is how the owner finds out. The same goes for every later change.
CHANGE_NOTICES = {
    "set_up": "An authenticator app was set up for signing in to your account.",
    "replaced": (
        "Your account now signs in with a new authenticator app. The old one no longer works."
    ),
    "new_codes": "New recovery codes were made for your account. The old ones no longer work.",
    "recovery_code_used": "A recovery code was used to sign in to your account.",
    "reset": (
        "An administrator took away your account's authenticator app and recovery codes. "
        "You will set up a new app when you next sign in."
    ),
}


def second_factor_change_tell(*, user, change: str, reset_link: str) -> bool:
    """Email ``user`` that their sign-in changed (``change``, a key of ``CHANGE_NOTICES``).

    Sent once the change is committed, outside the transaction (a slow mail
    server must not hold the database). Returns False, sending nothing, for an
    account with no email address.
    """
    if not user.email:
        return False
    when = timezone.localtime()
    contact = data_controller().contact
    body = (
        f"Hello {user.get_full_name() or user.get_username()},\n\n"
        f"{CHANGE_NOTICES[change]}\n"
        f"This happened on {when:%d %B %Y} at {when:%H:%M}.\n\n"
        "If this was you, you need do nothing.\n\n"
        "If it was not you, someone may know your password. Choose a new password now:\n"
        f"{reset_link}\n"
        f"Then tell us: {contact}\n"
    )
    subject = f"{settings.WAGTAIL_SITE_NAME}: your sign-in changed"
    email = user.email
    transaction.on_commit(
        lambda: send_mail(subject=subject, message=body, from_email=None, recipient_list=[email])
    )
    return True


# --- Enforcing it -----------------------------------------------------------------------------


class SecondFactorMiddleware:
    """Keep a signed-in person who still owes their code to the code pages.

    One middleware for the whole site, Wagtail's admin and its sign-in
    included: any other page sends them to type (or set up) their code, and
    back to where they were going afterwards.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not settings.SECOND_FACTOR_REQUIRED:
            return None
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        match = request.resolver_match
        if match is not None and match.view_name in OPEN_BEFORE_CODE:
            return None
        if not second_factor_owed(user=user, django_session=request.session):
            return None
        if request.method == "GET":
            request.session[NEXT_SESSION_KEY] = request.get_full_path()
        return redirect("second_factor_verify")


class SecondFactorSocketMiddleware:
    """For sockets: a person who still owes their code counts as not signed in.

    Sits inside Channels' ``AuthMiddlewareStack`` (``config/asgi.py``), so a
    facilitator's board socket opens nothing of theirs until they have typed
    their code; a device's own seat on a board (joined by link or code) is
    unaffected.
    """

    def __init__(self, inner):
        self.inner = inner

    async def __call__(self, scope, receive, send):
        if settings.SECOND_FACTOR_REQUIRED:
            user = scope.get("user")
            if user is not None and user.is_authenticated:
                owed = await database_sync_to_async(second_factor_owed)(
                    user=user, django_session=scope.get("session")
                )
                if owed:
                    scope = {**scope, "user": AnonymousUser()}
        return await self.inner(scope, receive, send)


def next_page_after_code(request) -> str:
    """Where to go once the code is typed: where they were going, or the home page."""
    return request.session.pop(NEXT_SESSION_KEY, None) or settings.LOGIN_REDIRECT_URL
