"""Real files of every type editors may upload, made in memory for upload tests.

Office and OpenDocument files are the smallest packages that Word, Excel,
PowerPoint and LibreOffice open, written with ``zipfile``; the PDF is written
by hand (a page of text with a correct cross-reference table) and the pictures
by Pillow. Nothing here needs a library the project does not depend on.
"""

import io
import os
import zipfile

from PIL import Image

CONTENT_TYPES = {
    "docx": (
        "word/document.xml",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:body><w:p><w:r><w:t>Helen's story</w:t></w:r></w:p></w:body></w:document>",
    ),
    "pptx": (
        "ppt/presentation.xml",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
        '<p:presentation xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"/>',
    ),
}
XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
RELS = (
    f"{XML_DECLARATION}"
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="{target}" Type="http://schemas.openxmlformats.org/'
    'officeDocument/2006/relationships/{kind}"/></Relationships>'
)
XLSX_MAIN_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
XLSX_SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
SPREADSHEET_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONSHIPS_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _pdf_text(text: str) -> str:
    """Text as a PDF literal string: backslashes and brackets escaped."""
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def pdf_bytes(text: str = "Helen's story") -> bytes:
    """A one-page A4 PDF 1.7 that says ``text`` (Latin-1) in Helvetica.

    Written object by object, with the byte offsets the cross-reference table
    needs, so PDF readers open it without repairing it.
    """
    content = f"BT /F1 24 Tf 72 770 Td ({_pdf_text(text)}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R /Lang (en-GB) >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
    ]
    # The second line's bytes above 127 tell file tools the PDF is binary.
    pdf = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    pdf += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    pdf += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(pdf)


def office_bytes(extension: str, *, main_type: str | None = None) -> bytes:
    """A .docx or .pptx package; ``main_type`` swaps the main part's declared type."""
    part, declared_type, xml = CONTENT_TYPES[extension]
    content_types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/{part}" ContentType="{main_type or declared_type}"/></Types>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", content_types)
        package.writestr("_rels/.rels", RELS.format(target=part, kind="officeDocument"))
        package.writestr(part, xml)
    return buffer.getvalue()


def _cell(reference: str, value: str | int) -> str:
    if isinstance(value, int):
        return f'<c r="{reference}"><v>{value}</v></c>'
    # Inline strings need no shared-strings part.
    return f'<c r="{reference}" t="inlineStr"><is><t>{value}</t></is></c>'


def xlsx_bytes(rows: tuple[tuple[str | int, ...], ...] = (("Name", "Hours"), ("Sam", 4))) -> bytes:
    """A one-sheet workbook: the parts Excel needs, as Excel lays them out."""
    sheet_rows = "".join(
        f'<row r="{number}">'
        + "".join(
            _cell(f"{'ABCDEFGHIJ'[column]}{number}", value) for column, value in enumerate(row)
        )
        + "</row>"
        for number, row in enumerate(rows, start=1)
    )
    content_types = (
        f"{XML_DECLARATION}"
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{XLSX_MAIN_TYPE}"/>'
        f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{XLSX_SHEET_TYPE}"/>'
        "</Types>"
    )
    workbook = (
        f'{XML_DECLARATION}<workbook xmlns="{SPREADSHEET_NS}" xmlns:r="{RELATIONSHIPS_NS}">'
        '<sheets><sheet name="Hours" sheetId="1" r:id="rId1"/></sheets></workbook>'
    )
    sheet = (
        f'{XML_DECLARATION}<worksheet xmlns="{SPREADSHEET_NS}">'
        f"<sheetData>{sheet_rows}</sheetData></worksheet>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", content_types)
        package.writestr(
            "_rels/.rels", RELS.format(target="xl/workbook.xml", kind="officeDocument")
        )
        package.writestr("xl/workbook.xml", workbook)
        package.writestr(
            "xl/_rels/workbook.xml.rels",
            RELS.format(target="worksheets/sheet1.xml", kind="worksheet"),
        )
        package.writestr("xl/worksheets/sheet1.xml", sheet)
    return buffer.getvalue()


def odt_bytes(mimetype: str = "application/vnd.oasis.opendocument.text") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        # OpenDocument puts "mimetype" first, uncompressed.
        package.writestr("mimetype", mimetype, compress_type=zipfile.ZIP_STORED)
        package.writestr(
            "content.xml",
            '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:'
            'office:1.0" office:version="1.3"><office:body><office:text/></office:body>'
            "</office:document-content>",
        )
        package.writestr(
            "META-INF/manifest.xml",
            '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:'
            f'manifest:1.0"><manifest:file-entry manifest:full-path="/" '
            f'manifest:media-type="{mimetype}"/></manifest:manifest>',
        )
    return buffer.getvalue()


def mp4_bytes(brand: bytes = b"isom") -> bytes:
    """An ISO media file: an ftyp box naming its brand, then an empty mdat box."""
    ftyp = b"ftyp" + brand + (512).to_bytes(4, "big") + b"isomiso2avc1mp41"
    # A box's size counts its own 4-byte size field.
    return (4 + len(ftyp)).to_bytes(4, "big") + ftyp + (8).to_bytes(4, "big") + b"mdat"


def webm_bytes(doctype: bytes = b"webm") -> bytes:
    """An EBML header as WebM (or, with ``doctype=b"matroska"``, MKV) files start."""

    def element(element_id: bytes, value: bytes) -> bytes:
        return element_id + bytes([0x80 | len(value)]) + value

    header = b"".join(
        [
            element(b"\x42\x86", b"\x01"),  # EBMLVersion
            element(b"\x42\xf7", b"\x01"),  # EBMLReadVersion
            element(b"\x42\xf2", b"\x04"),  # EBMLMaxIDLength
            element(b"\x42\xf3", b"\x08"),  # EBMLMaxSizeLength
            element(b"\x42\x82", doctype),  # DocType
            element(b"\x42\x87", b"\x04"),  # DocTypeVersion
            element(b"\x42\x85", b"\x02"),  # DocTypeReadVersion
        ]
    )
    return b"\x1a\x45\xdf\xa3" + bytes([0x80 | len(header)]) + header + b"\x18\x53\x80\x67\x80"


def picture_bytes(
    *, width: int = 64, height: int = 48, image_format: str = "PNG", mode: str = "RGB"
) -> bytes:
    buffer = io.BytesIO()
    colour = 1 if mode == "1" else "white"
    Image.new(mode, (width, height), colour).save(buffer, format=image_format)
    return buffer.getvalue()


def noise_png_bytes(*, width: int, height: int) -> bytes:
    """A PNG of random pixels: no compression makes it smaller than 3 bytes a pixel."""
    buffer = io.BytesIO()
    Image.frombytes("RGB", (width, height), os.urandom(width * height * 3)).save(
        buffer, format="PNG", compress_level=0
    )
    return buffer.getvalue()


VTT = b"WEBVTT\n\n00:00.000 --> 00:02.000\nIt is my plan.\n"
RTF = b"{\\rtf1\\ansi\\deff0 {\\fonttbl {\\f0 Arial;}}\\f0 Helen's story.\\par}"
TXT = "Helen\u2019s story: it is her plan.\n".encode()
CSV = "Name,Budget\nSam,£120\n".encode()
# Braille ASCII: grade 2 braille as plain printable characters, with a form feed between pages.
BRF = b",HEL5'S /ORY3 X IS H] PLAN4\n\x0c"

# One real file of every allowed document type, by extension.
VALID_DOCUMENTS = {
    "brf": BRF,
    "csv": CSV,
    "docx": office_bytes("docx"),
    "mp4": mp4_bytes(),
    "odt": odt_bytes(),
    "pdf": pdf_bytes(),
    "pptx": office_bytes("pptx"),
    "rtf": RTF,
    "txt": TXT,
    "vtt": VTT,
    "webm": webm_bytes(),
    "xlsx": xlsx_bytes(),
}
