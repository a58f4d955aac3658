"""Password reset by email, for every kind of account: forms in plain English and a
limit on how often a reset can be asked for.

Django's views do the work (``cms.accounts``): a link with a one-time token,
valid for ``PASSWORD_RESET_TIMEOUT``, sent only to an active account with that
email address. The page says the same whether or not there is one. The limit
stops two things: filling someone's inbox (a few emails per address an hour,
after which nothing more is sent, and the page still says the same), and one
connection asking about many addresses (more requests than a venue would make
in an hour are refused for a while).
"""

from django.contrib.auth.forms import PasswordResetForm, SetPasswordForm
from django.core.cache import cache

from cms.tokens import token_hash

WINDOW_SECONDS = 60 * 60
PER_EMAIL = 3
PER_ADDRESS = 30


def _keys(*, email: str, address: str) -> dict[str, tuple[str, int]]:
    return {
        "email": (f"password-reset:email:{token_hash(email.strip().lower())}", PER_EMAIL),
        "address": (f"password-reset:address:{token_hash(address)}", PER_ADDRESS),
    }


def password_reset_limit_reached(*, email: str, address: str) -> str:
    """Which limit stops this request, if any.

    "address" if this connection asked too often in the last hour, "email" if
    this email address was sent enough links, else "" (go ahead).
    """
    keys = _keys(email=email, address=address)
    for which in ("address", "email"):
        key, allowed = keys[which]
        if (cache.get(key) or 0) >= allowed:
            return which
    return ""


def password_reset_count(*, email: str, address: str) -> None:
    """Count one request for a link; the hour runs from the first."""
    for key, _ in _keys(email=email, address=address).values():
        cache.add(key, 0, WINDOW_SECONDS)
        try:
            cache.incr(key)
        except ValueError:  # the hour ended between add and incr
            cache.set(key, 1, WINDOW_SECONDS)


class PasswordResetRequestForm(PasswordResetForm):
    """Django's "email me a link" form, with messages that say what to do."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        email = self.fields["email"]
        email.label = "Email address"
        email.help_text = "The email address on your account."
        email.error_messages.update(
            {
                "required": "Enter the email address on your account",
                "invalid": "Enter an email address like name@example.org",
            }
        )
        email.widget.attrs.update({"autocomplete": "email", "spellcheck": "false"})


class SetNewPasswordForm(SetPasswordForm):
    """Django's "choose a new password" form, in plain English."""

    error_messages = {
        **SetPasswordForm.error_messages,
        "password_mismatch": "The passwords do not match. Type the same password in both boxes",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        first, second = self.fields["new_password1"], self.fields["new_password2"]
        first.label = "New password"
        first.help_text = "At least 8 characters. Not only numbers, and not like your username."
        first.error_messages["required"] = "Enter a new password"
        second.label = "Type the new password again"
        second.help_text = ""
        second.error_messages["required"] = "Type the new password again"
