"""Forms for erasing people and handing over a leaver's sessions (``erasure.py``)."""

from django import forms

from sessions_live.erasure import NOTES_KEEP, NOTES_REMOVE

NOTES_NOT_CHOSEN = (
    "You did not choose what happens to the notes, so nothing was erased. "
    "Choose one of the two answers, then press the button."
)


class EraseForm(forms.Form):
    """The one choice an erasure asks for: what happens to the notes the person wrote."""

    notes = forms.ChoiceField(
        label="What happens to the notes they wrote?",
        widget=forms.RadioSelect,
        choices=[
            (NOTES_KEEP, "Keep them on the charts, written by “Someone who has left”"),
            (NOTES_REMOVE, "Take them off the charts and erase their words"),
        ],
        error_messages={"required": NOTES_NOT_CHOSEN, "invalid_choice": NOTES_NOT_CHOSEN},
    )


class HandOverForm(forms.Form):
    """Who takes over a leaver's sessions and mentoring, in the Wagtail admin."""

    hand_to = forms.ModelChoiceField(
        label="Give them to",
        queryset=None,
        empty_label="Choose a facilitator",
        error_messages={
            "required": "You did not choose who takes them over. Choose a facilitator.",
            "invalid_choice": "That person cannot take them over. Choose a facilitator.",
        },
    )
    forget_name = forms.BooleanField(
        label="Also take their name off the notes they wrote on boards (the words stay)",
        required=False,
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hand_to"].queryset = candidates
        self.fields["hand_to"].label_from_instance = lambda user: (
            user.get_full_name() or user.get_username()
        )
