"""Forms for the jargon buster's editing pages.

Forms only parse what people typed; ``courses.services`` saves it and refuses
duplicates with the model's own message, which the view puts on the term's field.
"""

from django import forms

from courses.models import GlossaryTerm


def _model_field(name: str):
    return GlossaryTerm._meta.get_field(name)


class GlossaryTermForm(forms.Form):
    """A term and its two meanings, with the help texts editors see in the admin."""

    term = forms.CharField(
        label="Word or phrase",
        max_length=_model_field("term").max_length,
        help_text=_model_field("term").help_text,
        error_messages={
            "required": "Enter the word or phrase",
            "max_length": "The word or phrase can be up to 80 characters",
        },
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "true"}),
    )
    plain_meaning = forms.CharField(
        label="What it means",
        max_length=_model_field("plain_meaning").max_length,
        help_text=_model_field("plain_meaning").help_text,
        error_messages={
            "required": "Say what it means, in plain words",
            "max_length": "What it means can be up to 500 characters",
        },
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    easy_read_meaning = forms.CharField(
        label="Easy read meaning",
        max_length=_model_field("easy_read_meaning").max_length,
        help_text=_model_field("easy_read_meaning").help_text,
        error_messages={
            "required": "Write the meaning in one easy read sentence",
            "max_length": "The easy read meaning can be up to 200 characters",
        },
        widget=forms.Textarea(attrs={"rows": 2}),
    )
