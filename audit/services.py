"""Writing to the audit log (see ``audit/models.py``)."""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from audit.models import AuditEvent


def audit_record(
    *,
    action: str,
    subject: str,
    subject_id: int,
    who: str,
    user: AbstractBaseUser | AnonymousUser | None = None,
    plan_id: int | None = None,
    what: str = "",
) -> AuditEvent:
    """Record that ``who`` did ``action`` to a subject. Never raises for a long text.

    ``action`` and ``subject`` are ``AuditEvent.Action`` and ``AuditEvent.Subject``
    values. ``user`` is the signed-in account, if any (anonymous users are not kept).
    """
    if action not in AuditEvent.Action.values:
        raise ValueError(f"Unknown audit action {action!r}")
    if subject not in AuditEvent.Subject.values:
        raise ValueError(f"Unknown audit subject {subject!r}")
    account = user if user is not None and user.is_authenticated else None
    return AuditEvent.objects.create(
        action=action,
        subject=subject,
        subject_id=subject_id,
        plan_id=plan_id,
        user=account,
        who=who[:160],
        what=what[:200],
    )
