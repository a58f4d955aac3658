"""The certificate PDF: tagged (PDF/UA-1), real text in embedded fonts, metadata, one page,
with its issuer, trainer, dates attended, code and a QR code that has alternative text.

The PDF is read back with pypdf, as a screen reader or a checker would: the
structure tree (heading, then paragraphs in reading order), the text each tag
holds, the language, title and other metadata, and the fonts.
"""

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject

from courses.models import ModulePage
from learning import services
from learning.certificates import (
    QR_ALT,
    CertificateDetails,
    Issuer,
    certificate_pdf,
    date_text,
    dates_text,
    hours_text,
    people_text,
)
from learning.models import Certificate
from tests.courses.factories import image, media_root  # noqa: F401 (a fixture)
from tests.learning.factories import course_with_modules, learner
from tests.pdf_reading import read, text_by_mcid

CODE = "7K3Q-9XWD-M2PA"
CERT = CertificateDetails(
    enrolment_id=1,
    learner_name="Amira Hussain",
    course_title="Support planning for champions",
    hours=Decimal("17.5"),
    completed_on=date(2026, 3, 27),
    code=CODE,
    check_url=f"https://example.org/training/certificates/check/{CODE}/",
    check_page_url="https://example.org/training/certificates/check/",
)
A4_LANDSCAPE_POINTS = (841.89, 595.28)


def _certificate(**changes) -> CertificateDetails:
    return replace(CERT, **changes)


def _kids(element) -> list:
    kids = element.get("/K", ArrayObject())
    kids = kids.get_object()
    return list(kids) if isinstance(kids, ArrayObject) else [kids]


def _element_text(element, texts: dict[int, str]) -> str:
    """All the text a structure element holds, in order, with spaces tidied."""
    parts = []
    for kid in _kids(element):
        if isinstance(kid, int):
            parts.append(texts.get(kid, ""))
        else:
            parts.append(_element_text(kid.get_object(), texts))
    return " ".join(" ".join(parts).split())


def _structure(reader: PdfReader) -> list[tuple[str, str]]:
    """The tags under the document, in reading order, each with the text it holds."""
    tree_root = reader.trailer["/Root"]["/StructTreeRoot"].get_object()
    (document,) = [kid.get_object() for kid in _kids(tree_root)]
    assert document["/S"] == "/Document"
    texts = text_by_mcid(reader.pages[0])
    return [
        (kid.get_object()["/S"], _element_text(kid.get_object(), texts)) for kid in _kids(document)
    ]


def _figures(reader: PdfReader) -> list[str]:
    """The alternative text of every figure anywhere in the structure tree, in order."""
    found = []

    def walk(element) -> None:
        element = element.get_object()
        if not isinstance(element, DictionaryObject):
            return
        if element.get("/S") == "/Figure":
            found.append(str(element.get("/Alt", "")))
        for kid in _kids(element):
            if not isinstance(kid, int):
                walk(kid)

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    return found


def _fonts(reader: PdfReader) -> list[DictionaryObject]:
    return [font.get_object() for font in reader.pages[0]["/Resources"]["/Font"].values()]


def _embedded(font: DictionaryObject) -> bool:
    descendant = font["/DescendantFonts"][0].get_object()
    descriptor = descendant["/FontDescriptor"].get_object()
    return "/FontFile2" in descriptor or "/FontFile3" in descriptor


# --- Tagged: heading and paragraphs in reading order ---------------------------------


def test_pdf_is_tagged_with_a_heading_then_each_line_as_a_paragraph_in_order():
    reader = read(certificate_pdf(certificate=CERT))
    catalog = reader.trailer["/Root"]
    assert catalog["/MarkInfo"]["/Marked"].value is True
    assert _structure(reader) == [
        ("/H1", "Certificate of completion"),
        ("/P", "This certificate says that"),
        ("/P", "Amira Hussain"),
        ("/P", "has completed the course"),
        ("/P", "Support planning for champions"),
        ("/P", "17.5 hours of learning"),
        ("/P", "Completed on 27 March 2026"),
        ("/P", "Peer Support Planning"),
        (
            "/P",
            f"Certificate code {CODE} Check it at https://example.org/training/certificates/check/",
        ),
    ]


def test_all_text_on_the_page_is_in_the_structure_tree():
    reader = read(certificate_pdf(certificate=CERT))
    page_text = " ".join(reader.pages[0].extract_text().split())
    tagged_text = " ".join(text for _, text in _structure(reader))
    assert page_text == tagged_text
    # The frame is decoration: marked as an artifact, so it is not read out.
    content = reader.pages[0].get_contents().get_data()
    assert b"/Artifact" in content


# --- Language, title and other metadata ----------------------------------------------


def test_pdf_says_its_language_and_shows_its_title():
    reader = read(certificate_pdf(certificate=CERT))
    catalog = reader.trailer["/Root"]
    assert catalog["/Lang"] == "en-GB"
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"].value is True
    title = "Certificate of completion: Support planning for champions, Amira Hussain"
    assert reader.metadata.title == title
    assert reader.xmp_metadata.dc_title == {"x-default": title}


def test_pdf_has_author_subject_keywords_and_says_it_is_pdf_ua():
    reader = read(certificate_pdf(certificate=CERT))
    assert reader.metadata.author == "Peer Support Planning"
    assert reader.metadata.subject == (
        "Amira Hussain completed Support planning for champions (17.5 hours) on 27 March 2026."
    )
    assert reader.metadata["/Keywords"] == "certificate, training, support planning"
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data()
    assert b'pdfuaid:part="1"' in xmp


# --- One A4 landscape page ------------------------------------------------------------


def test_pdf_is_one_a4_landscape_page():
    reader = read(certificate_pdf(certificate=CERT))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width), 2), round(float(box.height), 2)) == A4_LANDSCAPE_POINTS


def test_a_very_long_name_and_course_title_still_fit_on_one_page():
    name = " ".join(["Bartholomew Featherstonehaugh-Fotheringham"] * 7)
    title = " ".join(["Understanding personal budgets and support planning"] * 5)
    reader = read(certificate_pdf(certificate=_certificate(learner_name=name, course_title=title)))
    assert len(reader.pages) == 1
    paragraphs = dict(enumerate(text for _, text in _structure(reader)))
    # Long lines wrap, so compare without the spaces and line breaks.
    assert paragraphs[2].replace(" ", "") == name.replace(" ", "")
    assert paragraphs[4].replace(" ", "") == title.replace(" ", "")


# --- Names in any alphabet, in embedded fonts -----------------------------------------


@pytest.mark.parametrize(
    "name", ["Zoë Ng 吴", "Łucja Wiśniewska", "Олена Коваленко", "Ελένη Παπαδοπούλου"]
)
def test_a_name_in_another_alphabet_comes_out_as_real_text_in_an_embedded_font(name):
    reader = read(certificate_pdf(certificate=_certificate(learner_name=name)))
    assert _structure(reader)[2] == ("/P", name)
    assert name in reader.pages[0].extract_text()
    assert reader.metadata.title.endswith(f", {name}")
    fonts = _fonts(reader)
    assert fonts
    for font in fonts:
        assert _embedded(font), f"{font['/BaseFont']} is not embedded"
        # WeasyPrint gives a font its own /Encoding only to draw an empty box
        # for letters it has no glyph for. Missing fonts: bash scripts/test.sh.
        assert font["/Encoding"] == "/Identity-H", f"{font['/BaseFont']} lacks letters of {name}"


def test_html_in_a_name_is_printed_as_text_not_obeyed():
    name = '<img src="http://127.0.0.1:9/x.png" alt="x"> Sam & "Jo"'
    reader = read(certificate_pdf(certificate=_certificate(learner_name=name)))
    assert _structure(reader)[2] == ("/P", name)
    assert [tag for tag, _ in _structure(reader)].count("/Figure") == 0
    # The only picture anywhere in the PDF is the QR code the template draws.
    assert _figures(reader) == [QR_ALT]


# --- Issuer, trainer, dates attended, code and QR code ----------------------------------


def test_the_qr_code_is_a_figure_with_alternative_text_and_the_code_is_written_beside_it():
    reader = read(certificate_pdf(certificate=CERT))
    assert _figures(reader) == [QR_ALT]
    assert QR_ALT.startswith("QR code")
    assert "checks this certificate" in QR_ALT
    assert CODE in reader.pages[0].extract_text()


def test_pdf_names_the_issuer_the_trainer_and_the_dates_attended():
    certificate = _certificate(
        issuer=Issuer(name="Walsall ULO", address_lines=("1 High Street", "Walsall WS1 1AA")),
        signed_off_by="Pat Trainer",
        dates_attended=(date(2026, 3, 5), date(2026, 3, 12), date(2026, 3, 19)),
    )
    reader = read(certificate_pdf(certificate=certificate))
    assert len(reader.pages) == 1
    assert _structure(reader)[7:10] == [
        ("/P", "Attended on 5 March, 12 March and 19 March 2026"),
        ("/P", "Signed off by Pat Trainer"),
        ("/P", "Walsall ULO 1 High Street Walsall WS1 1AA"),
    ]
    assert reader.metadata.author == "Walsall ULO"


def test_without_a_sign_off_the_pdf_names_the_groups_trainers():
    certificate = _certificate(trained_by=("Pat Trainer", "Sam Lee"))
    assert ("/P", "Trained by Pat Trainer and Sam Lee") in _structure(
        read(certificate_pdf(certificate=certificate))
    )


@pytest.mark.django_db
@pytest.mark.usefixtures("media_root")
def test_the_issuers_logo_is_inside_the_pdf_with_alternative_text():
    logo = image("Walsall ULO logo", width=300, height=100)
    certificate = _certificate(issuer=Issuer(name="Walsall ULO", logo=logo))
    reader = read(certificate_pdf(certificate=certificate))
    assert _figures(reader) == ["Walsall ULO logo", QR_ALT]
    assert len(reader.pages) == 1


def test_dates_and_people_in_words():
    assert dates_text([date(2026, 3, 12)]) == "12 March 2026"
    assert dates_text([date(2026, 3, 19), date(2026, 3, 5)]) == "5 March and 19 March 2026"
    assert dates_text([date(2025, 12, 30), date(2026, 1, 6)]) == (
        "30 December 2025 and 6 January 2026"
    )
    assert people_text(["Pat"]) == "Pat"
    assert people_text(["Pat", "Sam", "Jo"]) == "Pat, Sam and Jo"


# --- Compression, and the helpers ------------------------------------------------------


def test_compress_false_leaves_the_page_content_readable():
    plain = certificate_pdf(certificate=CERT, compress=False)
    packed = certificate_pdf(certificate=CERT)
    assert b"/MCID 0" in plain
    assert b"/MCID 0" not in packed
    assert len(packed) < len(plain)
    assert _structure(read(plain)) == _structure(read(packed))


def test_hours_text():
    assert hours_text(Decimal("10.0")) == "10 hours"
    assert hours_text(Decimal("2.5")) == "2.5 hours"
    assert hours_text(Decimal("1.0")) == "1 hour"


def test_date_text():
    assert date_text(date(2026, 3, 27)) == "27 March 2026"
    assert date_text(date(2026, 12, 1)) == "1 December 2026"


# --- The certificate page and the download ----------------------------------------------


def _finished(person, course):
    enrolment = services.enrolment_create(user=person, course=course)
    for module in ModulePage.objects.child_of(course):
        services.module_progress_mark(user=person, module=module)
    # Marking the last module issued a real certificate (the course asks nothing more).
    assert Certificate.objects.filter(enrolment=enrolment).exists()
    return enrolment


@pytest.mark.django_db
def test_certificate_page_says_the_download_is_a_pdf_and_gives_its_size(client):
    person = learner(first_name="Zoë", last_name="Ng 吴")
    enrolment = _finished(person, course_with_modules(required=2, title="Support planning"))
    client.force_login(person)
    page = client.get(reverse("training:certificate", args=[enrolment.pk])).content.decode()
    pdf = client.get(reverse("training:certificate_pdf", args=[enrolment.pk])).content
    assert f"Download the certificate (PDF, {filesizeformat(len(pdf))})</a>" in page


@pytest.mark.django_db
def test_downloaded_certificate_is_the_tagged_pdf_with_the_learners_name(client):
    person = learner(first_name="Zoë", last_name="Ng 吴")
    enrolment = _finished(person, course_with_modules(required=2, title="Support planning"))
    client.force_login(person)
    response = client.get(reverse("training:certificate_pdf", args=[enrolment.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = read(response.content)
    assert reader.trailer["/Root"]["/MarkInfo"]["/Marked"].value is True
    structure = _structure(reader)
    assert structure[2] == ("/P", "Zoë Ng 吴")
    assert structure[4] == ("/P", "Support planning")
    assert structure[6] == ("/P", f"Completed on {date_text(timezone.localdate())}")


@pytest.mark.django_db
def test_a_certificate_made_for_its_owner_is_still_not_found_for_anyone_else(client):
    owner = learner()
    enrolment = _finished(owner, course_with_modules(required=2))
    client.force_login(owner)
    assert client.get(reverse("training:certificate", args=[enrolment.pk])).status_code == 200
    # The owner's PDF is now in the cache; that must not let anyone else have it.
    client.force_login(learner())
    for name in ("training:certificate", "training:certificate_pdf"):
        assert client.get(reverse(name, args=[enrolment.pk])).status_code == 404


@pytest.mark.django_db
def test_the_pdf_carries_the_code_and_the_address_of_the_public_check_page(client):
    person = learner()
    enrolment = _finished(person, course_with_modules(required=1))
    code = Certificate.objects.get(enrolment=enrolment).code
    client.force_login(person)
    reader = read(client.get(reverse("training:certificate_pdf", args=[enrolment.pk])).content)
    text = " ".join(reader.pages[0].extract_text().split())
    assert f"Certificate code {code}" in text
    assert "Check it at http://testserver/training/certificates/check/" in text
    assert _figures(reader) == [QR_ALT]
    page = client.get(reverse("training:certificate", args=[enrolment.pk])).content.decode()
    assert code in page
    assert 'role="img" aria-label="QR code: scan it to open the page that checks' in page
    assert "<svg" in page


@pytest.mark.django_db
def test_a_withdrawn_certificate_says_so_and_has_no_download(client):
    person = learner()
    enrolment = _finished(person, course_with_modules(required=1))
    Certificate.objects.filter(enrolment=enrolment).update(withdrawn_at=timezone.now())
    client.force_login(person)
    page = client.get(reverse("training:certificate", args=[enrolment.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert f"This certificate was withdrawn on {date_text(timezone.localdate())}." in html
    assert reverse("training:certificate_pdf", args=[enrolment.pk]) not in html
    assert client.get(reverse("training:certificate_pdf", args=[enrolment.pk])).status_code == 404
