"""Forms for the facilitator set-up pages and the join flow.

Forms only parse and check what people typed; the writes happen in
``services.py``. Every error is attached to a field, so the error summary can
link straight to it.
"""

from django import forms
from django.contrib.auth.forms import UserCreationForm
from django.db.models import Q

from plans import money
from plans.models import BudgetPart, PlanShare
from sessions_live.domain import NAME_MAX_LENGTH
from sessions_live.models import ChartTemplateSet, Participant, Table
from sessions_live.palette import COLOUR_CHOICES, SYMBOL_CHOICES
from sessions_live.services import JOIN_CODE_LENGTH

HEADING_ROWS_MIN = 15
HEADING_ROWS_SPARE = 5
HEADING_TITLE_MAX = 80
HEADING_PROMPT_MAX = 200
DATE_HINT = "For example, 27/3/2026."


class DateInput(forms.DateInput):
    """A date box the browser can help with; the ISO value is what it sends."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def template_set_choices(user):
    """The built-in set first, then the facilitator's own sets."""
    return ChartTemplateSet.objects.filter(Q(is_builtin=True) | Q(owner=user))


class PlanningSessionForm(forms.Form):
    """A session's title, dates, place and chart headings."""

    title = forms.CharField(
        label="Session name",
        max_length=120,
        help_text="For example, Spring planning group.",
        error_messages={
            "required": "Enter a name for the session",
            "max_length": "The session name can be up to 120 characters",
        },
    )
    starts_on = forms.DateField(
        label="First day",
        widget=DateInput(),
        help_text=DATE_HINT,
        error_messages={
            "required": "Enter the first day of the session",
            "invalid": "Enter the first day as a real date, for example 27/3/2026",
        },
    )
    ends_on = forms.DateField(
        label="Last day (optional)",
        required=False,
        widget=DateInput(),
        help_text="Leave this empty if the session is on one day.",
        error_messages={"invalid": "Enter the last day as a real date, for example 27/3/2026"},
    )
    venue = forms.CharField(
        label="Where it happens",
        max_length=200,
        required=False,
        help_text="The building and room, for example Community Centre, Room 2.",
        error_messages={"max_length": "The place can be up to 200 characters"},
    )
    is_online = forms.BooleanField(label="The session is online", required=False)
    template_set = forms.ModelChoiceField(
        label="Chart headings",
        queryset=ChartTemplateSet.objects.none(),
        empty_label=None,
        help_text="The headings on each person's flip-charts. "
        "A change only affects people you add after it.",
        error_messages={"invalid_choice": "Choose a set of chart headings from the list"},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template_set"].queryset = template_set_choices(user)

    def clean(self):
        """The last day cannot come first; an in-person session needs a place."""
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", "The last day must be the same as or after the first day")
        if not cleaned.get("is_online") and not cleaned.get("venue", "").strip():
            self.add_error("venue", "Enter where the session happens, or tick online")
        return cleaned


class TableForm(forms.Form):
    """A table's name."""

    name = forms.CharField(
        label="Table name",
        max_length=60,
        error_messages={
            "required": "Enter a name for the table",
            "max_length": "A table name can be up to 60 characters",
        },
    )


def _table_field(session) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label="Table",
        queryset=Table.objects.filter(session=session),
        required=False,
        empty_label="No table yet",
        error_messages={"invalid_choice": "Choose a table from the list"},
    )


def _first_name_field() -> forms.CharField:
    return forms.CharField(
        label="First name",
        max_length=NAME_MAX_LENGTH,
        help_text="Only the first name shows on the board.",
        error_messages={
            "required": "Enter the person's first name",
            "max_length": f"A first name can be up to {NAME_MAX_LENGTH} characters",
        },
    )


class FocusPersonAddForm(forms.Form):
    """A new focus person: first name, table, and whether they are private from the start."""

    def __init__(self, *args, session, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["first_name"] = _first_name_field()
        self.fields["table"] = _table_field(session)
        # Asked here, not only after adding: a person added as open would be
        # named to the whole room before anyone could tick "private".
        self.fields["is_private"] = forms.BooleanField(
            label="Private: only them, their allies and the facilitator see their charts",
            help_text="Their name and charts are never shown to the other tables "
            "or on the projector.",
            required=False,
        )


class OwnPlanStartForm(forms.Form):
    """The first name of someone starting their plan on its own."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["first_name"] = _first_name_field()


class PlanStartAloneForm(OwnPlanStartForm):
    """The first name of someone starting their own plan, by themself."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["first_name"]
        field.label = "Your first name"
        field.help_text = "It is the name at the top of your plan."
        field.error_messages["required"] = "Type your first name"
        field.widget.attrs["autocomplete"] = "given-name"


class FocusPersonBringForm(forms.Form):
    """A person's plan, from one of the facilitator's earlier sessions or by the
    words on its plan card, and a table here."""

    CARD_AND_LIST = (
        "You chose a person and typed card words. Do one or the other, "
        "so it is clear whose plan to bring."
    )
    NEITHER = "Choose whose plan to bring, or type the words on their plan card"

    def __init__(self, *args, session, plans: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        if plans:
            self.fields["plan"] = forms.TypedChoiceField(
                label="Whose plan",
                coerce=int,
                required=False,
                empty_value=None,
                choices=[("", "Choose a person")] + [(p["plan_id"], p["words"]) for p in plans],
                help_text="Their charts come with every note on them, and so do the people "
                "who joined as them or their allies. The earlier board no longer shows them.",
                error_messages={"invalid_choice": "Choose a person from the list"},
            )
        self.fields["card_words"] = forms.CharField(
            label="Or the words on their plan card" if plans else "The words on their plan card",
            required=False,
            max_length=200,
            help_text="For a plan started somewhere else: on their own, or with an enabler. "
            "The person shows you their card, so you know they want to bring it.",
            widget=forms.TextInput(
                attrs={"autocomplete": "off", "autocapitalize": "none", "spellcheck": "false"}
            ),
        )
        self.fields["table"] = _table_field(session)

    def clean(self):
        data = super().clean()
        chosen, typed = data.get("plan"), (data.get("card_words") or "").strip()
        field = "plan" if "plan" in self.fields else "card_words"
        if chosen and typed:
            self.add_error(field, self.CARD_AND_LIST)
        elif not chosen and not typed and not self.errors:
            self.add_error(field, self.NEITHER)
        return data


class FocusPersonEditForm(forms.Form):
    """A focus person's name, colour, symbol, table and privacy."""

    colour = forms.ChoiceField(
        label="Colour",
        choices=COLOUR_CHOICES,
        error_messages={"invalid_choice": "Choose a colour from the list"},
    )
    symbol = forms.ChoiceField(
        label="Symbol",
        choices=SYMBOL_CHOICES,
        help_text="Shown with the colour, for people who cannot tell colours apart.",
        error_messages={"invalid_choice": "Choose a symbol from the list"},
    )
    is_private = forms.BooleanField(
        label="Private: only this person, their allies and you see the charts",
        required=False,
    )

    def __init__(self, *args, session, focus_person, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["first_name"] = _first_name_field()
        self.fields["table"] = _table_field(session)
        self.order_fields(["first_name", "colour", "symbol", "table", "is_private"])
        self.others = [p for p in session.focus_people.all() if p.pk != focus_person.pk]

    def clean(self):
        """Two people with the same colour and the same symbol could not be told apart."""
        cleaned = super().clean()
        colour, symbol = cleaned.get("colour"), cleaned.get("symbol")
        twin = next((p for p in self.others if (p.colour, p.symbol) == (colour, symbol)), None)
        if twin is not None:
            self.add_error(
                "colour",
                f"{twin.first_name} already has this colour and symbol. "
                "Choose a different colour or symbol",
            )
        return cleaned


class TemplateSetForm(forms.Form):
    """A named set of ordered headings, typed in numbered rows; empty rows are skipped."""

    name = forms.CharField(
        label="Name of the set",
        max_length=100,
        help_text="For example, Carers' group headings.",
        error_messages={
            "required": "Enter a name for the set",
            "max_length": "The name can be up to 100 characters",
        },
    )

    def __init__(self, *args, rows: int = HEADING_ROWS_MIN, **kwargs):
        super().__init__(*args, **kwargs)
        self.row_count = rows
        for number in range(1, rows + 1):
            self.fields[f"title_{number}"] = forms.CharField(
                label=f"Heading {number}",
                max_length=HEADING_TITLE_MAX,
                required=False,
                error_messages={
                    "max_length": f"Heading {number} can be up to {HEADING_TITLE_MAX} characters"
                },
            )
            self.fields[f"prompt_{number}"] = forms.CharField(
                label=f"Prompt for heading {number} (optional)",
                max_length=HEADING_PROMPT_MAX,
                required=False,
                error_messages={
                    "max_length": (
                        f"The prompt for heading {number} can be up to "
                        f"{HEADING_PROMPT_MAX} characters"
                    )
                },
            )

    @classmethod
    def initial_for(cls, template_set: ChartTemplateSet) -> tuple[dict, int]:
        """Initial data and row count to edit ``template_set``, with spare empty rows."""
        headings = list(template_set.headings.all())
        initial = {"name": template_set.name}
        for number, heading in enumerate(headings, start=1):
            initial[f"title_{number}"] = heading.title
            initial[f"prompt_{number}"] = heading.prompt
        return initial, max(HEADING_ROWS_MIN, len(headings) + HEADING_ROWS_SPARE)

    def rows(self):
        """(number, title field, prompt field) for each row, for the template."""
        return [
            (number, self[f"title_{number}"], self[f"prompt_{number}"])
            for number in range(1, self.row_count + 1)
        ]

    def clean(self):
        """Collect the filled rows in order; a prompt needs a heading; one heading at least."""
        cleaned = super().clean()
        headings = []
        for number in range(1, self.row_count + 1):
            title = (cleaned.get(f"title_{number}") or "").strip()
            prompt = (cleaned.get(f"prompt_{number}") or "").strip()
            if title:
                headings.append((title, prompt))
            elif prompt:
                self.add_error(f"title_{number}", f"Enter heading {number}, or clear its prompt")
        if not headings and not self.has_error("title_1"):
            self.add_error("title_1", "Enter at least one heading")
        cleaned["headings"] = headings
        return cleaned


def code_normalise(code: str) -> str:
    """A typed code without spaces or dashes, in capitals."""
    return "".join(code.split()).replace("-", "").upper()


class JoinCodeForm(forms.Form):
    """The typed code a facilitator (or the person) gives out: nine letters and
    numbers, in any case, with or without spaces or dashes."""

    code = forms.CharField(
        label="Your code",
        # Room for the nine characters with spaces or dashes between the groups, and some slack.
        max_length=24,
        help_text=(
            f"{JOIN_CODE_LENGTH} letters and numbers, for example KD7 M2P XHR. "
            "Capitals, spaces and dashes do not matter."
        ),
        error_messages={
            "required": "Enter the code your facilitator gave you",
            "max_length": (
                f"That is too long for a code. Codes have {JOIN_CODE_LENGTH} letters and numbers."
            ),
        },
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )

    def clean_code(self) -> str:
        """The code as the database stores it; a code of the wrong shape is not a try."""
        code = code_normalise(self.cleaned_data["code"])
        if not code.isascii() or not code.isalnum():
            raise forms.ValidationError(
                "A code has only letters and numbers. Check it with your facilitator."
            )
        if len(code) != JOIN_CODE_LENGTH:
            raise forms.ValidationError(
                f"Codes have {JOIN_CODE_LENGTH} letters and numbers. "
                f"You typed {len(code)}. Check it with your facilitator."
            )
        return code


class JoinDetailsForm(forms.Form):
    """Who is joining: the name others will see, and how they know the person."""

    display_name = forms.CharField(
        label="Your name",
        max_length=NAME_MAX_LENGTH,
        help_text="Everyone in the session sees this name next to what you write.",
        error_messages={
            "required": "Enter your name",
            "max_length": f"Your name can be up to {NAME_MAX_LENGTH} characters",
        },
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    relation = forms.ChoiceField(
        label="Who are you?",
        choices=Participant.Relation.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose who you are",
            "invalid_choice": "Choose who you are from the list",
        },
    )


class PlanVersionForm(forms.Form):
    """A name for the version of the plan being saved."""

    label = forms.CharField(
        label="Name this version",
        max_length=200,
        help_text="A few words to know it by, for example “after meeting 1” or “for the panel”.",
        error_messages={
            "required": "You did not give this version a name. Type a few words to know it by.",
        },
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )


class PlanReviewForm(forms.Form):
    """When the plan will be looked at again."""

    review_on = forms.DateField(
        label="Review date",
        required=False,
        help_text="Leave it empty if there is no date yet.",
        error_messages={"invalid": "That is not a date we understand. Use the date picker."},
        widget=DateInput(),
    )


class PlanCompareForm(forms.Form):
    """Which two versions of the plan to compare."""

    older = forms.ChoiceField(label="Compare", choices=())
    newer = forms.ChoiceField(label="with", choices=())

    def __init__(self, *args, versions=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        choices = [(str(v.pk), f"{v.label} (saved {v.saved_at:%-d %B %Y})") for v in versions] + [
            ("now", "The plan as it is now")
        ]
        self.fields["older"].choices = choices
        self.fields["newer"].choices = choices
        if not self.is_bound and versions:
            self.initial = {"older": str(versions[0].pk), "newer": "now"}


class PlanCardForm(forms.Form):
    """The words on a plan card."""

    words = forms.CharField(
        label="The words on your plan card",
        max_length=200,
        help_text="Four words, for example “otter maple river candle”. Capitals do not matter.",
        error_messages={"required": "Type the four words printed on your plan card."},
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "none", "spellcheck": "false"}
        ),
    )


class PlanCardWhoForm(forms.Form):
    """Who is using the person's plan card: the person, or one of their allies with them."""

    def __init__(self, *args, person: str, allies: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["who"] = forms.ChoiceField(
            label="Who is using this card?",
            widget=forms.RadioSelect,
            choices=[("me", f"I am {person}")]
            + [
                (str(ally["id"]), f"{ally['name']} ({ally['relation'].lower()}), helping {person}")
                for ally in allies
            ],
            error_messages={
                "required": "Choose who you are, so your words show your name",
                "invalid_choice": "Choose who you are from the list",
            },
        )


class PlanAccountForm(UserCreationForm):
    """An optional account: a username (or an email address) and a password."""

    email = forms.EmailField(
        label="Email address (if you want)",
        required=False,
        help_text="Only to help you if you forget your password. You can leave it empty.",
        error_messages={
            "invalid": "Type an email address like name@example.com, or leave it empty"
        },
    )

    class Meta(UserCreationForm.Meta):
        fields = ("username", "email")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "A username you choose"
        self.fields[
            "username"
        ].help_text = (
            "You type it to sign in. Letters, numbers and @ . + - _ only, for example amira.k"
        )
        self.fields["username"].widget.attrs.update(autocomplete="username", autofocus=False)
        self.fields["password1"].label = "A password"
        self.fields[
            "password1"
        ].help_text = "At least 8 characters. Not only numbers, and not a common password."
        self.fields["password2"].label = "The same password again"
        self.fields["password2"].help_text = "So we know you typed it as you meant."
        self.fields["username"].error_messages["required"] = "Type a username you will remember"
        self.fields["password1"].error_messages["required"] = "Type a password"
        self.fields["password2"].error_messages["required"] = "Type the same password again"
        self.error_messages = {
            **self.error_messages,
            "password_mismatch": "The two passwords you typed are not the same. "
            "Type the same password in both boxes.",
        }

    def clean_username(self) -> str:
        """A username nobody else has (whatever the capitals)."""
        username = self.cleaned_data.get("username")
        if username and self._meta.model.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(
                "Someone already has that username. Choose another, for example add a number."
            )
        return username


class BudgetPartForm(forms.Form):
    """One part of a person's indicative budget, as the facilitator was told it."""

    amount = forms.CharField(
        label="How much",
        help_text="In pounds and pence, for example 350 or 18,200.50.",
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        error_messages={"required": "The amount is empty. Type how much the budget is, like 350."},
    )
    period = forms.ChoiceField(
        label="Is that",
        choices=BudgetPart.Period.choices,
        initial=BudgetPart.Period.WEEK,
        widget=forms.RadioSelect,
    )
    source = forms.ChoiceField(
        label="Where the money comes from",
        choices=BudgetPart.Source.choices,
        initial=BudgetPart.Source.COUNCIL,
        widget=forms.RadioSelect,
    )
    managed_as = forms.ChoiceField(
        label="How it will be managed",
        choices=BudgetPart.Management.choices,
        initial=BudgetPart.Management.NOT_DECIDED,
        required=False,
        widget=forms.RadioSelect,
    )
    # Care Act 2014 s25: the plan says how often a direct payment is paid. Whether it fits
    # how the part is managed is the service's rule (plans.services.budget_part_record).
    paid_every = forms.ChoiceField(
        label="How often is the direct payment paid?",
        help_text="Only for a direct payment. The plan shows how much each payment is.",
        # "every week" reads mid-sentence on the plan; a choice starts with a capital.
        choices=[
            (value, label[:1].upper() + label[1:]) for value, label in BudgetPart.PaidEvery.choices
        ],
        initial=BudgetPart.PaidEvery.NOT_DECIDED,
        required=False,
        widget=forms.RadioSelect,
    )

    def clean_amount(self):
        """Exact pounds and pence, or a message that quotes what was typed."""
        try:
            amount = money.amount_parse(self.cleaned_data["amount"])
        except money.MoneyError as error:
            raise forms.ValidationError(error.message, code=error.code) from None
        if amount <= 0:
            raise forms.ValidationError(
                "A budget of nothing is not a budget. Type how much it is, like 350.",
                code="zero",
            )
        return amount


class PlanShareForm(forms.Form):
    """Share the plan with one named person: who, which parts, which copy, until when."""

    WHOLE, CHOSEN = "whole", "chosen"
    LATEST = "latest"
    UNTIL_STOPPED, UNTIL_DATE = "stopped", "date"

    recipient_name = forms.CharField(
        label="Their name",
        max_length=100,
        help_text="For example: Dr Patel, or Jo Smith.",
        error_messages={
            "required": "Write the name of the person you are sharing with, for example: Dr Patel.",
            "max_length": "A name can be up to 100 characters. Shorten it.",
        },
    )
    recipient_role = forms.ChoiceField(
        label="Who are they to you?",
        choices=PlanShare.Role.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose who they are, for example: GP, or personal assistant."},
    )
    what = forms.ChoiceField(
        label="What can they see?",
        choices=[(WHOLE, "The whole plan"), (CHOSEN, "Only the parts I choose")],
        initial=WHOLE,
        widget=forms.RadioSelect,
    )
    parts = forms.MultipleChoiceField(
        label="The parts they can see",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    shows = forms.ChoiceField(
        label="Which copy of the plan?",
        initial=LATEST,
        widget=forms.RadioSelect,
    )
    until = forms.ChoiceField(
        label="For how long?",
        choices=[(UNTIL_STOPPED, "Until I stop it"), (UNTIL_DATE, "Until a day I choose")],
        initial=UNTIL_STOPPED,
        widget=forms.RadioSelect,
    )
    ends_on = forms.DateField(
        label="The last day it works",
        required=False,
        help_text="Only if you chose a day. The link stops at the end of that day.",
        error_messages={"invalid": "That is not a date we understand. Use the date picker."},
        widget=DateInput(),
    )
    may_comment = forms.BooleanField(
        label="They can leave me a comment (it never changes my plan)", required=False
    )

    def __init__(self, *args, parts=(), versions=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parts"].choices = [(part.key, part.label) for part in parts]
        self.fields["shows"].choices = [
            (self.LATEST, "The plan as it is whenever they open it"),
            *[
                (str(v.pk), f"The saved version “{v.label}” ({v.saved_at:%-d %B %Y})")
                for v in versions
            ],
        ]

    def clean(self):
        data = super().clean()
        if data.get("what") == self.CHOSEN and not data.get("parts"):
            self.add_error(
                "parts",
                "You chose to share only some parts, but did not tick any. Tick the parts "
                "they can see, or share the whole plan.",
            )
        if (
            data.get("until") == self.UNTIL_DATE
            and not data.get("ends_on")
            and not self.has_error("ends_on")
        ):
            self.add_error(
                "ends_on",
                "You chose to share until a day, but did not give the day. Give it, or choose "
                "until you stop it.",
            )
        return data

    def share_fields(self) -> dict:
        """What the service needs, from a valid form."""
        data = self.cleaned_data
        shows = data["shows"]
        return {
            "recipient_name": data["recipient_name"],
            "recipient_role": data["recipient_role"],
            "parts": list(data["parts"]) if data["what"] == self.CHOSEN else [],
            "version_id": None if shows == self.LATEST else int(shows),
            "may_comment": data["may_comment"],
            "ends_on": data["ends_on"] if data["until"] == self.UNTIL_DATE else None,
        }


class ShareCommentForm(forms.Form):
    """A recipient's comment for the person whose plan it is."""

    text = forms.CharField(
        label="Your comment",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"}),
        help_text="Only the person who shared the plan (and the people they choose) reads it. "
        "It never changes the plan.",
        error_messages={
            "required": "Your comment is empty, so nothing was sent. Write it first.",
            "max_length": "A comment can be up to 1,000 characters. Shorten it, or send it in two.",
        },
    )
