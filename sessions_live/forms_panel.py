"""Forms for the council's panel: sending a version of a plan, and the panel's decision.

They check only what was typed; the rules (one waiting submission per panel, the
conditions a decision needs, which parts a comment can be about) are the services'
(``plans.services.panel_submission_send`` and ``panel_submission_decide``).
"""

from django import forms

from plans import panels
from plans.services import PANEL_COMMENT_MAX, PANEL_CONDITIONS_MAX, PANEL_NOTE_MAX

# The plan as it is now, saved as a new version on sending.
NOW = "now"
# Comment boxes on the decision form: enough for most decisions, each about one part.
COMMENT_BOXES = 3


class PanelSendForm(forms.Form):
    """Which version of the plan goes to which council panel, with a note if wanted."""

    version = forms.ChoiceField(
        label="Which version to send",
        choices=(),
        help_text="The panel reads only the version you send. It never changes, "
        "and the panel does not see the board or your other versions.",
        error_messages={"required": "Choose which version of the plan to send."},
    )
    panel = forms.ChoiceField(
        label="Which panel to send it to",
        choices=(),
        error_messages={
            "required": "Choose the council panel to send the plan to.",
            "invalid_choice": "Choose a council panel from the list.",
        },
    )
    note = forms.CharField(
        label="A note for the panel (if you want)",
        required=False,
        max_length=PANEL_NOTE_MAX,
        help_text="For example, what you would like them to look at first.",
        error_messages={"max_length": f"A note can be up to {PANEL_NOTE_MAX:,} characters."},
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
    )

    def __init__(self, *args, versions=(), panel_list=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        newest_first = sorted(versions, key=lambda v: (v.saved_at, v.pk), reverse=True)
        self.fields["version"].choices = [
            (str(v.pk), f"{v.label} (saved {v.saved_at:%-d %B %Y})") for v in newest_first
        ] + [(NOW, "The plan as it is now (it is saved as a new version)")]
        self.fields["version"].error_messages["invalid_choice"] = (
            "That version is not one of this plan\u2019s. Choose one from the list."
        )
        self.fields["panel"].choices = [
            (str(panel.pk), f"{panel.name} ({panel.council})") for panel in panel_list
        ]


class PanelDecisionForm(forms.Form):
    """The panel's decision on one submitted version, and up to three comments, each
    about one part of that version (``plans.panels.comment_parts``)."""

    decision = forms.ChoiceField(
        label="What does the panel decide?",
        choices=(
            (panels.AGREED, "Agreed"),
            (panels.CONDITIONS, "Agreed with conditions"),
            (panels.CHANGES, "Changes asked for"),
        ),
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose what the panel decided: agreed, agreed with conditions, "
            "or changes asked for.",
            "invalid_choice": "Choose one of the three decisions.",
        },
    )
    conditions = forms.CharField(
        label="The conditions",
        required=False,
        max_length=PANEL_CONDITIONS_MAX,
        help_text="Only for \u201cAgreed with conditions\u201d: what must happen, for "
        "example \u201clook again at the PA hours in 3 months\u201d.",
        error_messages={
            "max_length": f"The conditions can be up to {PANEL_CONDITIONS_MAX:,} characters."
        },
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
    )

    def __init__(self, *args, parts=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for number in range(1, COMMENT_BOXES + 1):
            self.fields[f"comment_{number}_section"] = forms.ChoiceField(
                label="What it is about",
                choices=list(parts),
                required=False,
                error_messages={"invalid_choice": "Choose a part of the plan from the list."},
            )
            self.fields[f"comment_{number}_text"] = forms.CharField(
                label="The comment",
                required=False,
                max_length=PANEL_COMMENT_MAX,
                error_messages={
                    "max_length": f"A comment can be up to {PANEL_COMMENT_MAX:,} characters."
                },
                widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
            )

    def comment_boxes(self) -> list[dict]:
        """Each comment box's two fields, for the template: [{number, section, text}]."""
        return [
            {
                "number": number,
                "section": self[f"comment_{number}_section"],
                "text": self[f"comment_{number}_text"],
            }
            for number in range(1, COMMENT_BOXES + 1)
        ]

    def comments(self) -> list[tuple[str, str]]:
        """(part, words) of each comment box, as typed (the service leaves out empty ones)."""
        data = self.cleaned_data
        return [
            (data.get(f"comment_{number}_section") or "", data.get(f"comment_{number}_text", ""))
            for number in range(1, COMMENT_BOXES + 1)
        ]
