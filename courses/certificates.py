"""Certificates of completion as PDF, made with reportlab.

Made as accessible as reportlab allows (it cannot write a tagged PDF):
real text rather than an image, so screen readers and search can read it;
a document title shown in the viewer's title bar, an author, a subject and
the language (en-GB); large sans-serif text, black on white; one reading
order, top to bottom.
"""

from decimal import Decimal
from io import BytesIO
from pathlib import Path

from django.conf import settings
from reportlab.lib.colors import HexColor, black, white
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from courses.selectors_learning import Certificate

REGULAR, BOLD = "Helvetica", "Helvetica-Bold"
# For names the standard fonts cannot show (they only cover Western European
# letters), a system font with wide coverage, if the machine has one.
WIDE_FONT_FILES = (
    ("DejaVuSans", "DejaVuSans-Bold", Path("/usr/share/fonts/truetype/dejavu")),
    ("LiberationSans-Regular", "LiberationSans-Bold", Path("/usr/share/fonts/truetype/liberation")),
)
ACCENT = HexColor("#1d4f91")


def hours_text(hours: Decimal) -> str:
    """'10 hours', '2.5 hours', '1 hour'."""
    number = f"{hours.normalize():f}"  # 10.0 -> "10", 2.50 -> "2.5"
    return f"{number} hour" if number == "1" else f"{number} hours"


def date_text(day) -> str:
    """'27 March 2026': day, month name, year; no ordinal suffixes to misread."""
    return f"{day.day} {day:%B %Y}"


def _fonts_for(texts: list[str]) -> tuple[str, str]:
    """Helvetica when it can show every letter; otherwise a wide system font."""
    try:
        for text in texts:
            text.encode("cp1252")
        return REGULAR, BOLD
    except UnicodeEncodeError:
        pass
    for regular, bold, folder in WIDE_FONT_FILES:
        if (folder / f"{regular}.ttf").exists() and (folder / f"{bold}.ttf").exists():
            if regular not in pdfmetrics.getRegisteredFontNames():
                pdfmetrics.registerFont(TTFont(regular, str(folder / f"{regular}.ttf")))
                pdfmetrics.registerFont(TTFont(bold, str(folder / f"{bold}.ttf")))
            return regular, bold
    return REGULAR, BOLD


def certificate_pdf(*, certificate: Certificate, compress: bool = True) -> bytes:
    """The certificate as a one-page A4 landscape PDF.

    ``compress=False`` leaves the page content readable, which tests use to
    check the text is really there.
    """
    buffer = BytesIO()
    width, height = landscape(A4)
    title = f"Certificate of completion: {certificate.course_title}"
    canvas = Canvas(
        buffer,
        pagesize=(width, height),
        pageCompression=1 if compress else 0,
        invariant=0 if compress else 1,
        lang="en-GB",
    )
    canvas.setTitle(f"{title}, {certificate.learner_name}")
    canvas.setAuthor(settings.WAGTAIL_SITE_NAME)
    canvas.setSubject(
        f"{certificate.learner_name} completed {certificate.course_title} "
        f"({hours_text(certificate.hours)}) on {date_text(certificate.completed_on)}."
    )
    canvas.setKeywords(["certificate", "training", "support planning"])
    canvas.setCreator(settings.WAGTAIL_SITE_NAME)
    # Viewers show the title, not the file name, in their title bar.
    canvas.setViewerPreference("DisplayDocTitle", "true")

    regular, bold = _fonts_for([certificate.learner_name, certificate.course_title])

    # Plain white page, black text; a thick blue frame is the only decoration.
    canvas.setFillColor(white)
    canvas.rect(0, 0, width, height, stroke=0, fill=1)
    canvas.setStrokeColor(ACCENT)
    canvas.setLineWidth(10)
    margin = 28
    canvas.rect(margin, margin, width - 2 * margin, height - 2 * margin, stroke=1, fill=0)

    canvas.setFillColor(black)
    centre = width / 2
    text_width = width - 4 * margin - 40
    y = height - 110

    def line(text: str, font: str, size: int, gap: float) -> None:
        nonlocal y
        for part in simpleSplit(text, font, size, text_width):
            canvas.setFont(font, size)
            canvas.drawCentredString(centre, y, part)
            y -= size * 1.25
        y -= gap

    line("Certificate of completion", bold, 36, 22)
    line("This certificate says that", regular, 20, 8)
    line(certificate.learner_name, bold, 34, 10)
    line("has completed the course", regular, 20, 8)
    line(certificate.course_title, bold, 28, 16)
    line(f"{hours_text(certificate.hours)} of learning", regular, 20, 4)
    line(f"Completed on {date_text(certificate.completed_on)}", regular, 20, 0)

    canvas.setFont(regular, 14)
    canvas.drawCentredString(centre, margin + 30, settings.WAGTAIL_SITE_NAME)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
