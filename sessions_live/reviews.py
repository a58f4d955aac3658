"""Reviews that prompt: when a plan's review date is near, the person and their
facilitator are told, on their pages and by email where they gave an address.

A review starts from the plan as it is now, and looks at what changed since the
last version a council's panel agreed (or, if none was agreed, the last version
saved). This module knows who the person and the facilitator are (the seat the
plan is written on now, ``selectors.plan_seat_now``), which ``plans`` cannot;
``plans.services.plan_reviews_tell`` chooses the plans and marks them told.

The email never holds the plan's words: health, money and family details stay
on the site, behind the plan page's own checks. It says the date, what a
review is, and where the plan is.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from plans import panels
from plans import services as plan_services
from plans.formats.common import date_words
from plans.models import PanelSubmission, Plan, PlanVersion
from plans.versions import review_due
from sessions_live.models import Chart, FocusPerson, Participant
from sessions_live.selectors import plan_seat_now

# How many days before the review date the prompts begin (and stay, once it has passed).
REVIEW_SOON_DAYS = 14

# One sentence, the same everywhere, so the person hears the same thing from the
# page and from the email.
REVIEW_MEANS = (
    "A review is when you, the people who help you and the council look at your plan "
    "again, to check it still works for you and change what needs to change."
)
REVIEW_MEANS_OTHERS = (
    "A review is when the person, the people who help them and the council look at their "
    "plan again, to check it still works for them and change what needs to change."
)


# --- Where a review starts from -----------------------------------------------------------


@dataclass(frozen=True)
class ReviewStart:
    """The version a review compares the plan now with, and why that one."""

    version_id: int
    label: str
    # "the panel agreed" the version on ``on``, or it was saved then.
    agreed: bool
    on: date

    @property
    def words(self) -> str:
        """In words: the panel agreed "for the panel" on 4 December 2026, or
        "after meeting 1" was saved on 2 December 2026 (with curly quotes)."""
        if self.agreed:
            return f"the panel agreed \u201c{self.label}\u201d on {date_words(self.on)}"
        return f"\u201c{self.label}\u201d was saved on {date_words(self.on)}"


def review_start(*, plan: Plan, versions: list[PlanVersion] | None = None) -> ReviewStart | None:
    """The last version a panel agreed (with or without conditions, as
    ``plans.selectors.PanelSubmissionLine.is_agreed`` counts it); else the last version
    saved; None when no version was ever saved. ``versions`` are the plan's, oldest
    first, when the caller has them already."""
    agreed = (
        PanelSubmission.objects.filter(
            plan=plan,
            decision__in=(panels.AGREED, panels.CONDITIONS),
            decided_at__isnull=False,
        )
        .select_related("version")
        .order_by("-decided_at", "-id")
        .first()
    )
    if agreed is not None:
        return ReviewStart(
            version_id=agreed.version_id,
            label=agreed.version.label,
            agreed=True,
            on=_local_day(agreed.decided_at),
        )
    if versions is None:
        last = PlanVersion.objects.filter(plan=plan).order_by("-saved_at", "-id").first()
    else:
        last = versions[-1] if versions else None
    if last is None:
        return None
    return ReviewStart(
        version_id=last.pk, label=last.label, agreed=False, on=_local_day(last.saved_at)
    )


def _local_day(moment) -> date:
    return timezone.localdate(moment)


# --- On the plan page ---------------------------------------------------------------------


@dataclass(frozen=True)
class ReviewPrompt:
    """What the plan page says when the review is near or has passed."""

    on: date
    on_words: str  # "12 January 2027"
    is_past: bool
    start: ReviewStart | None
    # The compare page: the start version beside the plan now. Empty with no version.
    compare_url: str
    # The person's own first name when someone else reads the page; "" for the person.
    person: str
    means: str


def review_is_near(*, review_on: date | None, today: date, within_days: int) -> bool:
    """Whether a review date is within ``within_days`` of ``today``, or has passed."""
    return review_on is not None and review_on <= today + timedelta(days=within_days)


def review_prompt(
    *,
    seat: FocusPerson,
    versions: list[PlanVersion],
    today: date,
    for_person: bool,
    within_days: int = REVIEW_SOON_DAYS,
) -> ReviewPrompt | None:
    """The plan page's prompt for ``seat``'s plan, or None while the review is far off
    (or no date is set). ``for_person``: the reader is the person, so it says "your".
    Reading it saves nothing."""
    review_on = seat.plan.review_on
    if not review_is_near(review_on=review_on, today=today, within_days=within_days):
        return None
    start = review_start(plan=seat.plan, versions=versions)
    compare_url = ""
    if start is not None:
        compare_url = (
            reverse("live:plan_compare", args=[seat.session_id, seat.pk])
            + f"?older={start.version_id}&newer=now"
        )
    return ReviewPrompt(
        on=review_on,
        on_words=date_words(review_on),
        is_past=review_on < today,
        start=start,
        compare_url=compare_url,
        person="" if for_person else seat.first_name,
        means=REVIEW_MEANS if for_person else REVIEW_MEANS_OTHERS,
    )


# --- On the facilitator's list of sessions ------------------------------------------------


@dataclass(frozen=True)
class ReviewDueLine:
    """A plan on one of the facilitator's boards whose review is near or has passed."""

    person: str
    session: str
    review_on: date
    words: str  # plans.versions.review_due: "The review is due on ..., in 5 days."
    plan_url: str


def reviews_due_for(
    *, user, today: date, within_days: int = REVIEW_SOON_DAYS
) -> list[ReviewDueLine]:
    """Plans written now on ``user``'s own boards whose review is within
    ``within_days`` or has passed, soonest (or longest overdue) first."""
    if user is None or not user.is_authenticated:
        return []
    seats = (
        FocusPerson.objects.filter(
            session__facilitator=user,
            plan__review_on__isnull=False,
            plan__review_on__lte=today + timedelta(days=within_days),
        )
        # The seat the plan is written on now holds its charts; an earlier seat has none.
        .filter(Exists(Chart.objects.filter(focus_person=OuterRef("pk"))))
        .select_related("plan", "session")
        .order_by("plan__review_on", "first_name", "pk")
    )
    return [
        ReviewDueLine(
            person=seat.first_name,
            session=seat.session.title,
            review_on=seat.plan.review_on,
            words=review_due(review_on=seat.plan.review_on, today=today).words,
            plan_url=reverse("live:plan", args=[seat.session_id, seat.pk]),
        )
        for seat in seats
    ]


# --- By email -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ReviewEmail:
    """One email about one plan's review, to one address."""

    to: str
    subject: str
    body: str


def _site_url(path: str) -> str:
    # No request here (a daily command), so the site's public address comes from the
    # setting Wagtail's own emails use.
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def _greeting_name(user) -> str:
    return user.get_full_name() or user.get_username()


def review_emails(*, seat: FocusPerson, review_on: date, today: date) -> list[ReviewEmail]:
    """The emails about ``seat``'s plan's review: to the person (each account their
    confirmed "This is me" keeps the plan on, with an address) and to the facilitator of
    the board the plan is on now (with an address). Empty when nobody has one."""
    when = date_words(review_on)
    is_due = "was due" if review_on < today else "is due"
    plan_url = _site_url(reverse("live:plan", args=[seat.session_id, seat.pk]))
    site = settings.WAGTAIL_SITE_NAME
    emails: list[ReviewEmail] = []
    seen: set[str] = set()
    people = (
        Participant.objects.filter(
            focus_person=seat,
            relation=Participant.Relation.ME,
            me_confirmed=True,
            removed_at__isnull=True,
            account__is_active=True,
        )
        .exclude(account__email="")
        .select_related("account")
        .order_by("pk")
    )
    for participant in people:
        account = participant.account
        address = account.email.strip()
        if address.lower() in seen:
            continue
        seen.add(address.lower())
        emails.append(
            ReviewEmail(
                to=address,
                subject=f"{site}: your support plan\u2019s review {is_due} on {when}",
                body=(
                    f"Hello {_greeting_name(account)},\n\n"
                    f"Your support plan\u2019s review {is_due} on {when}.\n\n"
                    f"{REVIEW_MEANS}\n\n"
                    "Before the review, open your plan and look at what has changed. "
                    "Sign in with your account first if the page asks you to:\n"
                    f"{plan_url}\n\n"
                    "To keep your plan private, this email does not say what is in it.\n"
                ),
            )
        )
    facilitator = seat.session.facilitator
    if facilitator is not None and facilitator.is_active and facilitator.email.strip():
        address = facilitator.email.strip()
        if address.lower() not in seen:
            emails.append(
                ReviewEmail(
                    to=address,
                    subject=f"{site}: a support plan\u2019s review {is_due} on {when}",
                    body=(
                        f"Hello {_greeting_name(facilitator)},\n\n"
                        f"The review of {seat.first_name}\u2019s support plan "
                        f"(on your session \u201c{seat.session.title}\u201d) {is_due} "
                        f"on {when}.\n\n"
                        f"{REVIEW_MEANS_OTHERS}\n\n"
                        "Before the review, open the plan with them and look at what has "
                        "changed. Sign in first if the page asks you to:\n"
                        f"{plan_url}\n\n"
                        "To keep the plan private, this email does not say what is in it.\n"
                    ),
                )
            )
    return emails


def plan_review_tell(*, plan: Plan, today: date) -> bool:
    """Email the person and the facilitator about ``plan``'s review, once the caller's
    transaction commits (a slow mail server must not hold the database). Returns
    whether anyone was emailed: False for a plan on no board now, or nobody with an
    address."""
    seat = plan_seat_now(plan_id=plan.pk)
    if seat is None or plan.review_on is None:
        return False
    emails = review_emails(seat=seat, review_on=plan.review_on, today=today)
    for email in emails:
        # robust: a mail server refusing one address is logged, and the other emails
        # (and the other plans of a daily run) still go.
        transaction.on_commit(
            lambda email=email: send_mail(
                subject=email.subject,
                message=email.body,
                from_email=None,
                recipient_list=[email.to],
            ),
            robust=True,
        )
    return bool(emails)


def reviews_tell(*, today: date, within_days: int = REVIEW_SOON_DAYS) -> int:
    """Tell every plan whose review is within ``within_days`` of ``today`` (or has
    passed) and was not told of that date yet; returns how many plans were told.
    Run daily by ``manage.py plan_reviews_tell``."""
    return plan_services.plan_reviews_tell(
        today=today,
        within_days=within_days,
        tell=lambda plan: plan_review_tell(plan=plan, today=today),
    )
