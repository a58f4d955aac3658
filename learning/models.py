"""Learning records: enrolments, progress, cohorts, attendance, mentoring and feedback.

The models hold data only. The rules live in ``learning/services.py``
(writes) and ``learning/selectors.py`` (reads).
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

__all__ = [
    "Attendance",
    "Certificate",
    "Cohort",
    "CohortInvitation",
    "CohortSession",
    "Enrolment",
    "MentoringLog",
    "ModuleProgress",
    "RoleAward",
    "SessionFeedback",
    "SignOff",
]


class Enrolment(models.Model):
    """A learner taking a course, on their own or as part of a cohort."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrolments"
    )
    course = models.ForeignKey(
        "courses.CoursePage", on_delete=models.CASCADE, related_name="enrolments"
    )
    enrolled_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-enrolled_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "course"], name="enrolment_once_per_course")
        ]

    def __str__(self) -> str:
        return f"{self.user} on {self.course_id}"


class ModuleProgress(models.Model):
    """A module a learner has marked as done. Undo deletes the row."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="module_progress"
    )
    module = models.ForeignKey(
        "courses.ModulePage", on_delete=models.CASCADE, related_name="progress"
    )
    completed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "module progress"
        constraints = [
            models.UniqueConstraint(fields=["user", "module"], name="module_progress_once")
        ]

    def __str__(self) -> str:
        return f"{self.user} did {self.module_id}"


class Cohort(models.Model):
    """A group of learners taking one course together, run by one or more trainers."""

    # PROTECT: attendance and mentoring records must not vanish with a page.
    course = models.ForeignKey(
        "courses.CoursePage", on_delete=models.PROTECT, related_name="cohorts"
    )
    name = models.CharField(max_length=120)
    trainers = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="cohorts_training")
    learners = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="cohorts_learning", blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.name


class CohortInvitation(models.Model):
    """A personal link to join a cohort: emailed, copied, or shown as a QR code.

    Only the SHA-256 of the token is kept. An invitation is for one person: with
    an email, only an account with that email may accept it; without one, the
    first account to accept it is the only one that may.
    """

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="invitations")
    # Who it is for, in the trainer's words, for invitations without an email.
    name = models.CharField(max_length=120, blank=True)
    email = models.EmailField(blank=True)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cohort_invitations_accepted",
    )
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Invitation for {self.email or self.name}"


class CohortSession(models.Model):
    """One meeting on a cohort's timetable."""

    class SessionType(models.TextChoices):
        INDUCTION = "induction", "Induction"
        TRAINING_DAY = "training_day", "Training day"
        DROP_IN = "drop_in", "Drop-in"
        ACTION_LEARNING_SET = "action_learning_set", "Action learning set"

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="sessions")
    session_type = models.CharField(max_length=30, choices=SessionType.choices)
    date = models.DateField()
    start_time = models.TimeField()
    end_time = models.TimeField()
    venue = models.CharField(max_length=200, blank=True)
    online_link = models.URLField(blank=True)
    modules = models.ManyToManyField("courses.ModulePage", related_name="+", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date", "start_time", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_time__gt=models.F("start_time")),
                name="cohort_session_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_session_type_display()} on {self.date:%d %B %Y}"


class Attendance(models.Model):
    """Whether one learner came to one session. One row per learner per session."""

    class Status(models.TextChoices):
        PRESENT = "present", "Present"
        ABSENT = "absent", "Absent"
        APOLOGIES = "apologies", "Apologies"

    session = models.ForeignKey(CohortSession, on_delete=models.CASCADE, related_name="attendance")
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="attendance"
    )
    status = models.CharField(max_length=20, choices=Status.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "attendance"
        constraints = [
            models.UniqueConstraint(fields=["session", "learner"], name="attendance_once")
        ]

    def __str__(self) -> str:
        return f"{self.learner} {self.status}"


class MentoringLog(models.Model):
    """A mentoring meeting between an experienced champion (mentor) and a champion."""

    cohort = models.ForeignKey(
        Cohort, on_delete=models.SET_NULL, null=True, blank=True, related_name="mentoring_logs"
    )
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="mentoring_given"
    )
    champion = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentoring_received"
    )
    met_on = models.DateField()
    notes = models.TextField(blank=True)
    next_meeting_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-met_on", "-id"]

    def __str__(self) -> str:
        return f"Mentoring on {self.met_on}"


class SessionFeedback(models.Model):
    """A learner's short feedback on a session: a 1 to 5 rating and two optional comments."""

    session = models.ForeignKey(CohortSession, on_delete=models.CASCADE, related_name="feedback")
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="session_feedback"
    )
    rating = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    went_well = models.TextField(blank=True)
    could_be_better = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "session feedback"
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["session", "learner"], name="feedback_once"),
            models.CheckConstraint(
                condition=Q(rating__gte=1) & Q(rating__lte=5), name="feedback_rating_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"Feedback {self.rating}/5"


class SignOff(models.Model):
    """A trainer's word that a learner has shown what the course asks, with a comment.

    Only needed where the course says so (``CoursePage.needs_sign_off``).
    """

    enrolment = models.OneToOneField(Enrolment, on_delete=models.CASCADE, related_name="sign_off")
    # The group the trainer signed them off in: it names the trainers and the dates.
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="sign_offs")
    # A trainer who erases their account leaves the sign-off (and the certificate)
    # standing, without their name.
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="sign_offs_given",
    )
    comment = models.TextField(max_length=1000)
    signed_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Signed off {self.enrolment_id}"


class Certificate(models.Model):
    """Proof that a learner finished a course, which anyone shown it can check.

    Made once, when the course's completion rule is first met. The code is what
    the QR code and the public check page use; everything else on the certificate
    (name, course, trainer, dates attended, issuer) is read from its source.
    """

    enrolment = models.OneToOneField(
        Enrolment, on_delete=models.CASCADE, related_name="certificate"
    )
    code = models.CharField(max_length=20, unique=True)
    issued_at = models.DateTimeField()
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    withdrawn_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-issued_at", "-id"]

    def __str__(self) -> str:
        return f"Certificate {self.code}"

    @property
    def is_valid(self) -> bool:
        return self.withdrawn_at is None


class RoleAward(models.Model):
    """The record of someone becoming a champion or an enabler: when, after which
    course and group, and who made them one. Their entry in the register.

    The role itself is the Django group (``cms.roles``), which permissions read;
    this row holds the history and, for enablers, where and when they can help.
    """

    class Role(models.TextChoices):
        CHAMPION = "champion", "Champion"
        ENABLER = "enabler", "Enabler"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_awards"
    )
    role = models.CharField(max_length=20, choices=Role.choices)
    enrolment = models.ForeignKey(
        Enrolment, on_delete=models.SET_NULL, null=True, blank=True, related_name="role_awards"
    )
    cohort = models.ForeignKey(
        Cohort, on_delete=models.SET_NULL, null=True, blank=True, related_name="role_awards"
    )
    awarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    awarded_at = models.DateTimeField(auto_now_add=True)
    area = models.CharField(max_length=120, blank=True)
    availability = models.CharField(max_length=300, blank=True)
    taking_requests = models.BooleanField(default=True)

    class Meta:
        ordering = ["-awarded_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["user", "role"], name="role_award_once")]

    def __str__(self) -> str:
        return f"{self.user} became {self.get_role_display()}"
