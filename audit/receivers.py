"""Things other apps announce that belong in the audit log.

``cms`` sits below this app and cannot import it, so it sends signals instead.
"""

from audit.models import AuditEvent
from audit.services import audit_record


def _name(user) -> str:
    return user.get_full_name() or user.get_username()


def second_factor_reset_record(sender, *, user, by, **kwargs) -> None:
    """An administrator took away someone's authenticator app and recovery codes."""
    audit_record(
        action=AuditEvent.Action.CHANGED,
        subject=AuditEvent.Subject.ACCOUNT,
        subject_id=user.pk,
        who=f"{_name(by)} (administrator)" if by is not None else "An administrator",
        user=by,
        what=f"reset the sign-in code (second factor) of {user.get_username()}",
    )
