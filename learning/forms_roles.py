"""Forms for the cascade: a champion's or an enabler's own entry, and the register search."""

from django import forms

from learning.models import RoleAward

AREA_MAX = RoleAward._meta.get_field("area").max_length
AVAILABILITY_MAX = RoleAward._meta.get_field("availability").max_length


class RoleDetailsForm(forms.Form):
    """Where the person can help, when, and (for enablers) whether they are taking requests."""

    area = forms.CharField(
        label="Where you can help",
        required=False,
        max_length=AREA_MAX,
        help_text="A town, part of a town, or online. For example: Walsall, or Online only.",
        error_messages={"max_length": f"Where you can help can be up to {AREA_MAX} characters"},
    )
    availability = forms.CharField(
        label="When you are available",
        required=False,
        max_length=AVAILABILITY_MAX,
        help_text="In your own words. For example: Tuesday and Thursday mornings.",
        error_messages={
            "max_length": f"When you are available can be up to {AVAILABILITY_MAX} characters"
        },
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    taking_requests = forms.BooleanField(
        label="I am taking requests to help someone with their plan",
        required=False,
        help_text="Untick this when you are busy. You stay an enabler, but are not offered.",
    )

    def __init__(self, *args, is_enabler: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        # Only enablers are matched with people, so only they say whether they are free.
        if not is_enabler:
            del self.fields["taking_requests"]
