"""What a certificate says, and the certificate as tagged, accessible PDF (PDF/UA-1),
made with WeasyPrint.

A certificate names its holder, the course, when they finished, the sessions they
came to, the trainer who signed them off (or the group's trainers), and the
organisation that issues it (``TrainingSettings``: name, logo, address). It
carries a code and a QR code of the address of the public page where anyone
shown it can check it.

The PDF is a Django template (``certificate_pdf.html``) of plain semantic HTML:
one heading, then a paragraph per line. WeasyPrint turns those into the PDF's
structure tree, so screen readers announce the heading and read the lines in
order; the QR code is a figure with alternative text, and its code is in the
text beside it. The PDF also says its language (en-GB), shows its title in the
viewer's title bar, carries an author, subject and keywords, and embeds its
fonts, so a name in any alphabet the machine has a font for comes out as real,
selectable text.

WeasyPrint needs Pango from the system (Debian: ``libpango-1.0-0`` and
``libpangoft2-1.0-0``); ``scripts/lib.sh`` installs it with the fonts.
"""

import base64
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from hashlib import sha256

import segno
from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string

TEMPLATE = "learning/certificate_pdf.html"
# Text sizes to try, largest first (points for ordinary lines; the heading and
# name are bigger in proportion). Most certificates fit at the first or second;
# the smaller ones keep a very long name or course title on one page.
BASE_SIZES = (18, 15, 11, 8)
# How long a made PDF is kept: long enough for the certificate page (which
# gives the file's size) and the download that usually follows to share one.
CACHE_SECONDS = 10 * 60
# The logo as drawn in the PDF: small enough to keep the file light.
LOGO_RENDITION = "max-600x200|format-png"
QR_ALT = "QR code: scan it to open the page that checks this certificate"


def _default_issuer_name() -> str:
    return settings.WAGTAIL_SITE_NAME


@dataclass(frozen=True)
class Issuer:
    """The organisation that issues certificates (``TrainingSettings``), or the site."""

    name: str = field(default_factory=_default_issuer_name)
    address_lines: tuple[str, ...] = ()
    logo: object | None = None  # a Wagtail image


@dataclass(frozen=True)
class CertificateDetails:
    """What a certificate of completion says. Made from a ``learning.models.Certificate``
    by ``learning.selectors.certificate_get``; everything but the code and the
    dates is read from its source."""

    enrolment_id: int
    learner_name: str
    course_title: str
    hours: Decimal
    completed_on: date
    code: str = ""
    check_url: str = ""  # the public check page for this code: what the QR code opens
    check_page_url: str = ""  # the public page to type a code into
    issuer: Issuer = field(default_factory=Issuer)
    signed_off_by: str = ""
    trained_by: tuple[str, ...] = ()
    dates_attended: tuple[date, ...] = ()
    withdrawn_on: date | None = None

    @property
    def is_valid(self) -> bool:
        return self.withdrawn_on is None


def hours_text(hours: Decimal) -> str:
    """'10 hours', '2.5 hours', '1 hour'."""
    number = f"{hours.normalize():f}"  # 10.0 -> "10", 2.50 -> "2.5"
    return f"{number} hour" if number == "1" else f"{number} hours"


def date_text(day) -> str:
    """'27 March 2026': day, month name, year; no ordinal suffixes to misread."""
    return f"{day.day} {day:%B %Y}"


def _and_list(items: list[str]) -> str:
    """'A', 'A and B', 'A, B and C'."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def dates_text(days) -> str:
    """'5 March, 12 March and 19 March 2026'; each date in full if the years differ."""
    days = sorted(set(days))
    if not days:
        return ""
    if len({d.year for d in days}) > 1:
        return _and_list([date_text(d) for d in days])
    return f"{_and_list([f'{d.day} {d:%B}' for d in days])} {days[0].year}"


def people_text(names) -> str:
    """'Pat', 'Pat and Sam', 'Pat, Sam and Jo'."""
    return _and_list(list(names))


def certificate_title(certificate: CertificateDetails) -> str:
    """The PDF's title, shown in the viewer's title bar and read out first."""
    return f"Certificate of completion: {certificate.course_title}, {certificate.learner_name}"


def certificate_qr_svg(url: str) -> str:
    """The QR code of ``url`` as inline SVG, for the web page (black on white, quiet zone)."""
    return segno.make(url, error="m").svg_inline(scale=4, dark="#000", light="#fff")


def certificate_qr_data_uri(url: str) -> str:
    """The QR code of ``url`` as a data: address, for the PDF (which fetches nothing)."""
    return segno.make(url, error="m").svg_data_uri(scale=4, dark="#000", light="#fff")


def logo_data_uri(image) -> str:
    """The issuer's logo as a PNG data: address, or "" if there is none or its file is
    missing (the certificate is still whole without it)."""
    if image is None:
        return ""
    try:
        rendition = image.get_rendition(LOGO_RENDITION)
        with rendition.file.open("rb") as handle:
            data = handle.read()
    except (OSError, ValueError):
        return ""
    return f"data:image/png;base64,{base64.b64encode(data).decode('ascii')}"


def certificate_lines(certificate: CertificateDetails) -> dict[str, str]:
    """The sentences a certificate shows, the same on the page and in the PDF."""
    lines = {
        "hours": f"{hours_text(certificate.hours)} of learning",
        "completed": f"Completed on {date_text(certificate.completed_on)}",
        "attended": "",
        "trainer": "",
    }
    if certificate.dates_attended:
        lines["attended"] = f"Attended on {dates_text(certificate.dates_attended)}"
    if certificate.signed_off_by:
        lines["trainer"] = f"Signed off by {certificate.signed_off_by}"
    elif certificate.trained_by:
        lines["trainer"] = f"Trained by {people_text(certificate.trained_by)}"
    return lines


def certificate_html(*, certificate: CertificateDetails, base_size: int = BASE_SIZES[0]) -> str:
    """The certificate as the HTML document that WeasyPrint turns into the PDF."""
    hours = hours_text(certificate.hours)
    completed_on = date_text(certificate.completed_on)
    return render_to_string(
        TEMPLATE,
        {
            "certificate": certificate,
            "lines": certificate_lines(certificate),
            "title": certificate_title(certificate),
            "subject": (
                f"{certificate.learner_name} completed {certificate.course_title} "
                f"({hours}) on {completed_on}."
            ),
            "author": certificate.issuer.name,
            "logo": logo_data_uri(certificate.issuer.logo),
            "qr": certificate_qr_data_uri(certificate.check_url) if certificate.check_url else "",
            "qr_alt": QR_ALT,
            "base_size": base_size,
        },
    )


def certificate_pdf(*, certificate: CertificateDetails, compress: bool = True) -> bytes:
    """The certificate as a one-page, A4 landscape, tagged PDF (PDF/UA-1).

    ``compress=False`` leaves the page content and structure readable as
    plain text, which helps when checking a PDF by eye.
    """
    # Imported here, not at the top, so that a machine without Pango still
    # serves every other page; only the certificate page and download fail there.
    from weasyprint import HTML, URLFetcher

    # The certificate needs nothing from outside: its logo and QR code are inside
    # it as data: addresses. Refusing every other address means a name or title
    # can never make the server fetch anything.
    only_data = URLFetcher(allowed_protocols=("data",))
    for base_size in BASE_SIZES:
        document = HTML(
            string=certificate_html(certificate=certificate, base_size=base_size),
            url_fetcher=only_data,
        ).render(pdf_variant="pdf/ua-1")
        if len(document.pages) == 1:
            break
    # Even at the smallest size, more than one page is still a whole certificate.
    return document.write_pdf(pdf_variant="pdf/ua-1", uncompressed_pdf=not compress)


def certificate_pdf_cached(*, certificate: CertificateDetails) -> bytes:
    """``certificate_pdf``, kept in the cache for a few minutes.

    The key is a hash of the certificate's HTML, so any change to what it
    says (or to the template) makes a new PDF, and the key reveals nothing.
    """
    html = certificate_html(certificate=certificate)
    key = f"certificate-pdf:{sha256(html.encode()).hexdigest()}"
    pdf = cache.get(key)
    if pdf is None:
        pdf = certificate_pdf(certificate=certificate)
        cache.set(key, pdf, CACHE_SECONDS)
    return pdf
