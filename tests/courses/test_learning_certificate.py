"""The certificate PDF: real text, metadata, language."""

import re
from datetime import date
from decimal import Decimal

import pytest

from courses.certificates import WIDE_FONT_FILES, certificate_pdf, hours_text
from courses.selectors_learning import Certificate

CERT = Certificate(
    enrolment_id=1,
    learner_name="Amira Hussain",
    course_title="Support planning for champions",
    hours=Decimal("17.5"),
    completed_on=date(2026, 3, 27),
)


def test_pdf_has_the_name_course_hours_and_date_as_real_text():
    pdf = certificate_pdf(certificate=CERT, compress=False)
    assert pdf.startswith(b"%PDF")
    assert b"(Amira Hussain) Tj" in pdf
    assert b"(Support planning for champions) Tj" in pdf
    assert b"(17.5 hours of learning) Tj" in pdf
    assert b"(Completed on 27 March 2026) Tj" in pdf
    assert b"/Helvetica" in pdf


def test_pdf_has_title_author_language_and_shows_the_title():
    pdf = certificate_pdf(certificate=CERT, compress=False)
    assert re.search(rb"/Title \(Certificate of completion: Support planning for champions", pdf)
    assert b"/Author (Peer Support Planning)" in pdf
    assert b"/Lang (en-GB)" in pdf
    assert b"/DisplayDocTitle true" in pdf


def test_compressed_pdf_is_still_a_pdf():
    pdf = certificate_pdf(certificate=CERT)
    assert pdf.startswith(b"%PDF")
    assert b"(Amira Hussain) Tj" not in pdf  # the page content is compressed


def test_hours_text():
    assert hours_text(Decimal("10.0")) == "10 hours"
    assert hours_text(Decimal("2.5")) == "2.5 hours"
    assert hours_text(Decimal("1.0")) == "1 hour"


@pytest.mark.skipif(
    not any((folder / f"{regular}.ttf").exists() for regular, _, folder in WIDE_FONT_FILES),
    reason="needs a system font with wide coverage (fonts-dejavu or fonts-liberation)",
)
def test_a_name_outside_western_european_letters_still_comes_out():
    cert = Certificate(
        enrolment_id=1,
        learner_name="Łucja Wiśniewska",
        course_title="Support planning",
        hours=Decimal("2"),
        completed_on=date(2026, 3, 27),
    )
    pdf = certificate_pdf(certificate=cert, compress=False)
    assert pdf.startswith(b"%PDF")
    # A font that can show these letters is embedded, not Helvetica's "?" boxes.
    assert b"FontFile2" in pdf
