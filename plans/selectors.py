"""Reading plans: their saved versions."""

from datetime import date

from plans.documents import PlanDocument
from plans.models import Plan, PlanVersion
from plans.versions import document_from_content


def plan_versions(*, plan: Plan | None) -> list[PlanVersion]:
    """The versions of ``plan`` the person chose to keep, oldest first (none without a plan)."""
    if plan is None:
        return []
    return list(plan.versions.defer("content"))


def plan_version_find(*, plan: Plan | None, version_id: int) -> PlanVersion | None:
    """One saved version of ``plan``, or None if it is not one of this plan's."""
    if plan is None:
        return None
    return PlanVersion.objects.filter(plan=plan, pk=version_id).first()


def plan_version_document(*, version: PlanVersion, made_on: date) -> PlanDocument:
    """The plan exactly as this version kept it, for its page and downloads."""
    return document_from_content(
        version.content,
        label=version.label,
        saved_on=version.saved_at.date(),
        made_on=made_on,
    )
