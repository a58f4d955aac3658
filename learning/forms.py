"""Forms for learners, cohorts, registers, mentoring and feedback.

Forms only parse and check what people typed; the writes happen in
``services.py``. Every error is attached to a field, so the error
summary at the top of the page can link straight to it.
"""

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import UserCreationForm
from django.db.models import Value
from django.db.models.functions import Concat, Trim
from django.utils import timezone

from courses.models import CoursePage, ModulePage
from learning.models import Attendance, Cohort, CohortSession
from learning.selectors import RATING_LABELS, course_modules, person_name
from learning.services import user_can_create_cohorts

DATE_HINT = "For example, 27/3/2026."
TIME_HINT = "Use the 24-hour clock, for example 10:00 or 15:30."
COMMENT_MAX = 2000


class DateInput(forms.DateInput):
    """A date box the browser can help with; the ISO value is what it sends."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class TimeInput(forms.TimeInput):
    """A time box the browser can help with."""

    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%H:%M")


# --- Accounts -----------------------------------------------------------------------


class SignUpForm(UserCreationForm):
    """A learner account: username, name, email and a password Django's validators accept."""

    full_name = forms.CharField(
        label="Your name",
        max_length=150,
        help_text="As you would like it on your certificates.",
        error_messages={
            "required": "Enter your name",
            "max_length": "Your name can be up to 150 characters",
        },
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label="Email address",
        help_text="We only use it to send you course invitations and reset your password.",
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address like name@example.org",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )

    error_messages = {
        **UserCreationForm.error_messages,
        "password_mismatch": "The passwords do not match. Type the same password in both boxes",
    }

    class Meta(UserCreationForm.Meta):
        model = get_user_model()
        fields = ("username",)

    def __init__(self, *args, invited_email: str = "", email_required: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        # After an invitation link: the address it was sent to, the only one that can use it.
        self.invited_email = invited_email.strip()
        if not email_required:
            # Joining from a link given in person: many people have no email address.
            email = self.fields["email"]
            email.required = False
            email.label = "Email address (optional)"
            email.help_text = (
                "You can leave this empty. With one, you can choose a new password yourself "
                "if you forget it; without one, ask your trainer."
            )
        username = self.fields["username"]
        username.label = "Username"
        username.help_text = "You type this to sign in. Letters, numbers and @ . + - _ only."
        username.error_messages.update(
            {
                "required": "Enter a username",
                "unique": "That username is taken. Try another",
            }
        )
        username.widget.attrs.update(
            {"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"}
        )
        self.fields["password1"].label = "Password"
        self.fields["password1"].error_messages["required"] = "Enter a password"
        self.fields[
            "password1"
        ].help_text = "At least 8 characters. Not only numbers, and not like your username."
        self.fields["password2"].label = "Type the password again"
        self.fields["password2"].help_text = ""
        self.fields["password2"].error_messages["required"] = "Type the password again"
        self.order_fields(["full_name", "username", "email", "password1", "password2"])

    def clean_email(self):
        email = self.cleaned_data["email"]
        # An invitation can only be used by the account at the address it was sent to.
        if self.invited_email and email.strip().casefold() != self.invited_email.casefold():
            raise forms.ValidationError(
                f"Use the email address the invitation was sent to ({self.invited_email}), "
                "so you can join the group. To use another address, ask the trainer to "
                "invite that one"
            )
        return email

    def _post_clean(self):
        # The password validators compare the password with these, so set them first.
        self.instance.email = self.cleaned_data.get("email", "")
        self.instance.first_name = self.cleaned_data.get("full_name", "")
        super()._post_clean()


# --- Cohorts ---------------------------------------------------------------------------


class CohortForm(forms.Form):
    """A new cohort: its name and the course it takes."""

    name = forms.CharField(
        label="Name of the group",
        max_length=120,
        help_text="For example, Walsall champions, spring 2026.",
        error_messages={
            "required": "Enter a name for the group",
            "max_length": "The name can be up to 120 characters",
        },
    )
    course = forms.ModelChoiceField(
        label="Course",
        queryset=CoursePage.objects.none(),
        empty_label="Choose a course",
        error_messages={
            "required": "Choose the course this group will take",
            "invalid_choice": "Choose a course from the list",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = CoursePage.objects.live().order_by("title")


class InvitationForm(forms.Form):
    """Who to invite."""

    email = forms.EmailField(
        label="Email address of the person to invite",
        help_text="They get an email with a link to join. The link works for 14 days.",
        error_messages={
            "required": "Enter the email address of the person to invite",
            "invalid": "Enter an email address like name@example.org",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )


class LinkInvitationForm(forms.Form):
    """Who a link (to copy, or show as a QR code) is for: a name, no email."""

    name = forms.CharField(
        label="Their name",
        max_length=120,
        help_text=(
            "So you and they know whose link it is. It works for one person, for 14 days. "
            "Making a new link for the same name stops the old one."
        ),
        error_messages={
            "required": "Enter the name of the person the link is for",
            "max_length": "The name can be up to 120 characters",
        },
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    def clean_name(self):
        return " ".join(self.cleaned_data["name"].split())


NUMBER_WORDS = {2: "Two", 3: "Three", 4: "Four", 5: "Five", 6: "Six", 7: "Seven", 8: "Eight"}
NO_SUCH_PERSON = (
    "Nobody has that username or name. Check the spelling, or make a link for them instead"
)


def accounts_matching(typed: str) -> list:
    """Active accounts whose username is ``typed``, or failing that, whose full name is.

    A username is unique, so it wins; names are not, so several can match.
    """
    users = get_user_model().objects.filter(is_active=True)
    for lookup in ("username", "username__iexact"):
        found = list(users.filter(**{lookup: typed})[:2])
        if len(found) == 1:
            return found
    full_name = Trim(Concat(Trim("first_name"), Value(" "), Trim("last_name")))
    return list(users.annotate(full=full_name).filter(full__iexact=typed).order_by("pk")[:9])


class LearnerAddForm(forms.Form):
    """Someone who already has an account, to put straight into the group."""

    person = forms.CharField(
        label="Their username or full name",
        max_length=150,
        help_text="As they typed it when they made their account.",
        error_messages={"required": "Enter the username or full name of the person to add"},
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "none", "spellcheck": "false"}
        ),
    )

    def clean_person(self):
        typed = " ".join(self.cleaned_data["person"].split())
        found = accounts_matching(typed)
        if not found:
            raise forms.ValidationError(NO_SUCH_PERSON)
        if len(found) > 1:
            count = NUMBER_WORDS.get(len(found), "Several")
            raise forms.ValidationError(
                f"{count} people are called {typed}. Type their username instead"
            )
        self.cleaned_data["user"] = found[0]
        return typed


NO_SUCH_CHAMPION = (
    "No champion has that username. Check the spelling, or ask them for the username "
    "they sign in with. Only champions can be trainers"
)


class TrainerAddForm(forms.Form):
    """Another champion to help run the cohort."""

    username = forms.CharField(
        label="Username of the champion",
        max_length=150,
        error_messages={"required": "Enter the username of the champion to add"},
        widget=forms.TextInput(attrs={"autocapitalize": "none", "spellcheck": "false"}),
    )

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        user = get_user_model().objects.filter(username__iexact=username, is_active=True).first()
        # One answer whether no account has that username or it is not a champion's,
        # so this box cannot be used to find out which usernames exist.
        if user is None or not user_can_create_cohorts(user=user):
            raise forms.ValidationError(NO_SUCH_CHAMPION)
        self.cleaned_data["user"] = user
        return username


class CohortSessionForm(forms.Form):
    """One session on the timetable."""

    session_type = forms.ChoiceField(
        label="Type of session",
        choices=CohortSession.SessionType.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the type of session",
            "invalid_choice": "Choose a type of session from the list",
        },
    )
    date = forms.DateField(
        label="Date",
        widget=DateInput(),
        help_text=DATE_HINT,
        error_messages={
            "required": "Enter the date of the session",
            "invalid": "Enter the date as a real date, for example 27/3/2026",
        },
    )
    start_time = forms.TimeField(
        label="Start time",
        widget=TimeInput(),
        help_text=TIME_HINT,
        error_messages={
            "required": "Enter the start time",
            "invalid": "Enter the start time like 10:00",
        },
    )
    end_time = forms.TimeField(
        label="End time",
        widget=TimeInput(),
        help_text=TIME_HINT,
        error_messages={
            "required": "Enter the end time",
            "invalid": "Enter the end time like 15:30",
        },
    )
    venue = forms.CharField(
        label="Where it happens (optional if online)",
        max_length=200,
        required=False,
        help_text="The building and room, with the address.",
        error_messages={"max_length": "The place can be up to 200 characters"},
    )
    online_link = forms.URLField(
        label="Online meeting link (optional)",
        required=False,
        assume_scheme="https",
        help_text="For example, https://meet.example.org/champions.",
        error_messages={"invalid": "Enter a full web address that starts with https://"},
    )
    modules = forms.ModelMultipleChoiceField(
        label="Modules covered (optional)",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose modules from this course"},
    )

    def __init__(self, *args, cohort: Cohort, **kwargs):
        super().__init__(*args, **kwargs)
        modules = course_modules(course=cohort.course)
        self.fields["modules"].queryset = ModulePage.objects.filter(
            pk__in=[m.pk for m in modules]
        ).order_by("path")

    def clean(self):
        """It must end after it starts, and happen somewhere."""
        cleaned = super().clean()
        start, end = cleaned.get("start_time"), cleaned.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", "The end time must be after the start time")
        if (
            not (cleaned.get("venue") or "").strip()
            and not cleaned.get("online_link")
            and not self.has_error("online_link")
        ):
            self.add_error("venue", "Enter where the session happens, or an online link")
        return cleaned


# --- The register ---------------------------------------------------------------------


class RegisterForm(forms.Form):
    """One radio group per learner. A learner left blank stays as they were."""

    def __init__(self, *args, rows: list[tuple[object, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.learners = []
        for learner, status in rows:
            name = f"learner_{learner.pk}"
            self.fields[name] = forms.ChoiceField(
                label=person_name(learner),
                choices=Attendance.Status.choices,
                required=False,
                initial=status or None,
                widget=forms.RadioSelect,
                error_messages={
                    "invalid_choice": f"Choose present, absent or apologies for "
                    f"{person_name(learner)}"
                },
            )
            self.learners.append((learner, name))

    def statuses(self) -> dict[int, str]:
        """{learner id: status} from the cleaned data."""
        return {learner.pk: self.cleaned_data.get(name) or "" for learner, name in self.learners}

    def rows(self):
        """(learner, bound field) pairs for the template."""
        return [(learner, self[name]) for learner, name in self.learners]


# --- Mentoring ------------------------------------------------------------------------


class MentoringLogForm(forms.Form):
    """A mentoring meeting with one of the cohort's champions."""

    champion = forms.ModelChoiceField(
        label="Who you met",
        queryset=None,
        empty_label="Choose a person",
        error_messages={
            "required": "Choose who you met",
            "invalid_choice": "Choose someone from this group",
        },
    )
    met_on = forms.DateField(
        label="Date of the meeting",
        widget=DateInput(),
        help_text=DATE_HINT,
        error_messages={
            "required": "Enter the date of the meeting",
            "invalid": "Enter the date as a real date, for example 27/3/2026",
        },
    )
    notes = forms.CharField(
        label="Notes (optional)",
        required=False,
        max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What you talked about and agreed. The person you met can ask to see these.",
        error_messages={"max_length": f"The notes can be up to {COMMENT_MAX} characters"},
    )
    next_meeting_on = forms.DateField(
        label="Date of the next meeting (optional)",
        required=False,
        widget=DateInput(),
        help_text="Meet at least every three months.",
        error_messages={"invalid": "Enter the date as a real date, for example 27/6/2026"},
    )

    def __init__(self, *args, cohort: Cohort, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["champion"]
        field.queryset = cohort.learners.order_by("first_name", "username")
        field.label_from_instance = person_name

    def clean(self):
        """A meeting cannot be in the future; the next one comes after it."""
        cleaned = super().clean()
        met_on, next_on = cleaned.get("met_on"), cleaned.get("next_meeting_on")
        if met_on and met_on > timezone.localdate():
            self.add_error("met_on", "The date of the meeting must be today or in the past")
        if met_on and next_on and next_on <= met_on:
            self.add_error("next_meeting_on", "The next meeting must be after this one")
        return cleaned


# --- Feedback ----------------------------------------------------------------------


class FeedbackForm(forms.Form):
    """A 1 to 5 rating with text labels, and two optional comments."""

    rating = forms.TypedChoiceField(
        label="How was the session?",
        choices=[(n, f"{n} \u2013 {label}") for n, label in RATING_LABELS.items()],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose a number from 1 to 5",
            "invalid_choice": "Choose a number from 1 to 5",
        },
    )
    went_well = forms.CharField(
        label="What went well (optional)",
        required=False,
        max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": f"This can be up to {COMMENT_MAX} characters"},
    )
    could_be_better = forms.CharField(
        label="What could be better (optional)",
        required=False,
        max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": f"This can be up to {COMMENT_MAX} characters"},
    )
