"""Every download format of a person's support plan, made from one ``PlanDocument``."""

from collections.abc import Callable
from dataclasses import dataclass

from plans.documents import PlanDocument
from plans.formats.braille import plan_brf
from plans.formats.pdf import plan_html, plan_pdf
from plans.formats.text import plan_text

__all__ = [
    "PLAN_DOWNLOADS",
    "PLAN_DOWNLOAD_BY_KEY",
    "PlanDownload",
    "plan_brf",
    "plan_html",
    "plan_pdf",
    "plan_text",
]


@dataclass(frozen=True)
class PlanDownload:
    """One way to download a plan: what people call it, and how it is made."""

    key: str  # in the address: .../plan/<key>/
    label: str  # what the link says
    about: str  # one short sentence on who it is for
    extension: str
    content_type: str
    make: Callable[[PlanDocument], bytes]


def _utf8(make: Callable[[PlanDocument], str]) -> Callable[[PlanDocument], bytes]:
    return lambda document: make(document).encode("utf-8")


PLAN_DOWNLOADS = (
    PlanDownload(
        "pdf", "PDF", "To print, or to read on screen.", "pdf", "application/pdf", plan_pdf
    ),
    PlanDownload(
        "large-print",
        "Large print PDF",
        "Text of 18 point or bigger.",
        "large-print.pdf",
        "application/pdf",
        lambda document: plan_pdf(document, size="large"),
    ),
    PlanDownload(
        "easy-read",
        "Easy read PDF",
        "Big text, with a picture beside each heading.",
        "easy-read.pdf",
        "application/pdf",
        lambda document: plan_pdf(document, easy_read=True),
    ),
    PlanDownload(
        "braille",
        "Braille file (.brf)",
        "For a Braille embosser or display: Unified English Braille, grade 2.",
        "brf",
        "application/octet-stream",
        plan_brf,
    ),
    PlanDownload(
        "text",
        "Plain text",
        "For a screen reader, or to paste into an email.",
        "txt",
        "text/plain; charset=utf-8",
        _utf8(plan_text),
    ),
)
PLAN_DOWNLOAD_BY_KEY = {download.key: download for download in PLAN_DOWNLOADS}
