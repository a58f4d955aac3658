"""Reading the audit log (see ``audit/models.py``)."""

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet

from audit.models import AuditEvent


def audit_for_plan(*, plan_id: int, limit: int = 200) -> list[AuditEvent]:
    """The newest ``limit`` things done to one plan, newest first."""
    return list(AuditEvent.objects.filter(plan_id=plan_id)[:limit])


def audit_for_plan_page(*, plan_id: int, page_number, per_page: int = 25) -> Page:
    """One page of what was done to one plan, newest first.

    ``page_number`` is as typed in the address (``?page=``): anything that is not
    a page there gives the nearest page (the first, or the last), never an error.
    """
    events = AuditEvent.objects.filter(plan_id=plan_id).only(
        "at", "action", "subject", "who", "what"
    )
    return Paginator(events, per_page).get_page(page_number)


def audit_for_plan_all(*, plan_id: int) -> QuerySet[AuditEvent]:
    """Everything done to one plan, newest first (for a copy of everything held)."""
    return AuditEvent.objects.filter(plan_id=plan_id)


def audit_for_subject(*, subject: str, subject_id: int) -> QuerySet[AuditEvent]:
    """Everything done to one subject (a session, a participant, an account), newest first."""
    return AuditEvent.objects.filter(subject=subject, subject_id=subject_id)
