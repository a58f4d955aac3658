"""Writing to the audit log (see ``audit/models.py``)."""

from datetime import timedelta

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.utils import timezone

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


def audit_record_unless_recent(*, within: timedelta, **fields) -> AuditEvent | None:
    """``audit_record``, unless the same reader did the same thing to the same subject
    within ``within``: a page that redraws itself live (or is reloaded) is one reading in
    the person's log, not dozens. Returns None when it was already recorded."""
    since = timezone.now() - within
    recent = AuditEvent.objects.filter(
        action=fields["action"],
        subject=fields["subject"],
        subject_id=fields["subject_id"],
        who=fields["who"][:160],
        what=fields.get("what", "")[:200],
        at__gte=since,
    )
    if recent.exists():
        return None
    return audit_record(**fields)
