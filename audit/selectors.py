"""Reading the audit log (see ``audit/models.py``)."""

from django.db.models import QuerySet

from audit.models import AuditEvent


def audit_for_plan(*, plan_id: int, limit: int = 200) -> list[AuditEvent]:
    """The newest ``limit`` things done to one plan, newest first."""
    return list(AuditEvent.objects.filter(plan_id=plan_id)[:limit])


def audit_for_subject(*, subject: str, subject_id: int) -> QuerySet[AuditEvent]:
    """Everything done to one subject (a session, a participant, an account), newest first."""
    return AuditEvent.objects.filter(subject=subject, subject_id=subject_id)
