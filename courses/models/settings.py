"""What a user-led organisation (ULO) sets once for its training, per site."""

from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

__all__ = ["TrainingSettings"]


@register_setting(icon="certificate")
class TrainingSettings(BaseSiteSetting):
    """The organisation that issues certificates, who needs mentoring, and whether
    new jargon buster terms wait for approval."""

    issuer_name = models.CharField(
        max_length=200,
        blank=True,
        help_text="Your organisation's name, as it appears on certificates.",
    )
    issuer_logo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Optional: your logo, shown on certificates.",
    )
    issuer_address = models.TextField(
        max_length=400,
        blank=True,
        help_text="Your postal address, one line per line of the address.",
    )
    mentoring_for_champions = models.BooleanField(
        default=True,
        help_text="Champions meet a mentor every three months.",
    )
    mentoring_for_enablers = models.BooleanField(
        default=False,
        help_text="Enablers meet a mentor every three months.",
    )
    glossary_needs_approval = models.BooleanField(
        default=False,
        help_text=(
            "Terms that champions add or change wait for an editor to publish them in the "
            "jargon buster."
        ),
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("issuer_name"), FieldPanel("issuer_logo"), FieldPanel("issuer_address")],
            heading="Who issues certificates",
        ),
        MultiFieldPanel(
            [FieldPanel("mentoring_for_champions"), FieldPanel("mentoring_for_enablers")],
            heading="Mentoring",
        ),
        FieldPanel("glossary_needs_approval", heading="Jargon buster"),
    ]

    class Meta:
        verbose_name = "training settings"

    @property
    def issuer_address_lines(self) -> list[str]:
        """The address, one line per entry, blank lines left out."""
        return [line.strip() for line in self.issuer_address.splitlines() if line.strip()]
