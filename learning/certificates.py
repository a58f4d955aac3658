"""Certificates of completion as tagged, accessible PDF (PDF/UA-1), made with WeasyPrint.

The certificate is a Django template (``certificate_pdf.html``) of plain
semantic HTML: one heading, then a paragraph per line. WeasyPrint turns those
into the PDF's structure tree, so screen readers announce the heading and read
the lines in order. The PDF also says its language (en-GB), shows its title in
the viewer's title bar, carries an author, subject and keywords, and embeds
its fonts, so a name in any alphabet the machine has a font for comes out as
real, selectable text.

WeasyPrint needs Pango from the system (Debian: ``libpango-1.0-0`` and
``libpangoft2-1.0-0``); ``scripts/lib.sh`` installs it with the fonts.
"""

from decimal import Decimal
from hashlib import sha256

from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string

from learning.selectors import Certificate

TEMPLATE = "learning/certificate_pdf.html"
# Text sizes to try, largest first (points for ordinary lines; the heading and
# name are bigger in proportion). Almost every certificate fits at the first;
# the smaller ones keep a very long name or course title on one page.
BASE_SIZES = (21, 15, 11, 8)
# How long a made PDF is kept: long enough for the certificate page (which
# gives the file's size) and the download that usually follows to share one.
CACHE_SECONDS = 10 * 60


def hours_text(hours: Decimal) -> str:
    """'10 hours', '2.5 hours', '1 hour'."""
    number = f"{hours.normalize():f}"  # 10.0 -> "10", 2.50 -> "2.5"
    return f"{number} hour" if number == "1" else f"{number} hours"


def date_text(day) -> str:
    """'27 March 2026': day, month name, year; no ordinal suffixes to misread."""
    return f"{day.day} {day:%B %Y}"


def certificate_title(certificate: Certificate) -> str:
    """The PDF's title, shown in the viewer's title bar and read out first."""
    return f"Certificate of completion: {certificate.course_title}, {certificate.learner_name}"


def certificate_html(*, certificate: Certificate, base_size: int = BASE_SIZES[0]) -> str:
    """The certificate as the HTML document that WeasyPrint turns into the PDF."""
    hours = hours_text(certificate.hours)
    completed_on = date_text(certificate.completed_on)
    return render_to_string(
        TEMPLATE,
        {
            "certificate": certificate,
            "title": certificate_title(certificate),
            "subject": (
                f"{certificate.learner_name} completed {certificate.course_title} "
                f"({hours}) on {completed_on}."
            ),
            "hours": hours,
            "completed_on": completed_on,
            "site_name": settings.WAGTAIL_SITE_NAME,
            "base_size": base_size,
        },
    )


def certificate_pdf(*, certificate: Certificate, compress: bool = True) -> bytes:
    """The certificate as a one-page, A4 landscape, tagged PDF (PDF/UA-1).

    ``compress=False`` leaves the page content and structure readable as
    plain text, which helps when checking a PDF by eye.
    """
    # Imported here, not at the top, so that a machine without Pango still
    # serves every other page; only the certificate page and download fail there.
    from weasyprint import HTML, URLFetcher

    # The certificate needs nothing from outside: no images, style sheets or
    # font files by address. Refusing every address means a name or title can
    # never make the server fetch anything.
    no_fetching = URLFetcher(allowed_protocols=())
    for base_size in BASE_SIZES:
        document = HTML(
            string=certificate_html(certificate=certificate, base_size=base_size),
            url_fetcher=no_fetching,
        ).render(pdf_variant="pdf/ua-1")
        if len(document.pages) == 1:
            break
    # Even at the smallest size, more than one page is still a whole certificate.
    return document.write_pdf(pdf_variant="pdf/ua-1", uncompressed_pdf=not compress)


def certificate_pdf_cached(*, certificate: Certificate) -> bytes:
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
