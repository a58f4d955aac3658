"""Reading plans: their saved versions."""

from datetime import date

from plans.cards import card_code_hash, card_code_normalise
from plans.documents import PlanDocument
from plans.models import Plan, PlanCard, PlanVersion
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


def plan_card_find(*, typed: str) -> Plan | None:
    """The plan whose card has these words, if the card has not been stopped."""
    if not card_code_normalise(typed):
        return None
    return plan_card_find_by_hash(code_hash=card_code_hash(typed))


def plan_card_find_by_hash(*, code_hash: str) -> Plan | None:
    """The plan whose working card has this hash (a card checked a moment ago, again)."""
    if not code_hash:
        return None
    card = (
        PlanCard.objects.select_related("plan")
        .filter(code_hash=code_hash, stopped_at__isnull=True)
        .first()
    )
    return card.plan if card else None


def plan_card_issued_at(*, plan: Plan | None):
    """When the plan's working card was made, or None if it has none."""
    if plan is None:
        return None
    card = PlanCard.objects.filter(plan=plan, stopped_at__isnull=True).first()
    return card.issued_at if card else None
