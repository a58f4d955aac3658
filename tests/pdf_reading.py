"""Reading a PDF back as a screen reader or a checker would, with pypdf.

Used by the certificate tests and the support plan tests, for documents of one
page or many: the text inside each marked-content sequence
(MCID) of each page, and the structure tree that owns those sequences.
"""

import io
import math
import re

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject


def read(pdf: bytes) -> PdfReader:
    assert pdf.startswith(b"%PDF")
    return PdfReader(io.BytesIO(pdf))


def text_by_mcid(page) -> dict[int, str]:
    open_mcids: list[int | None] = []
    texts: dict[int, str] = {}

    def before(operator, operands, cm, tm):
        if operator == b"BDC":
            properties = operands[1]
            open_mcids.append(properties.get("/MCID") if hasattr(properties, "get") else None)
        elif operator == b"BMC":
            open_mcids.append(None)
        elif operator == b"EMC" and open_mcids:
            open_mcids.pop()

    def text(string, cm, tm, font, size):
        mcid = next((m for m in reversed(open_mcids) if m is not None), None)
        if mcid is not None:
            texts[mcid] = texts.get(mcid, "") + string

    page.extract_text(visitor_operand_before=before, visitor_text=text)
    return texts


class Structure:
    """The structure tree of a PDF: elements in reading order, each with the text it holds."""

    def __init__(self, reader: PdfReader):
        self.reader = reader
        self.page_numbers = {
            page.indirect_reference.idnum: i for i, page in enumerate(reader.pages)
        }
        self.texts = [text_by_mcid(page) for page in reader.pages]
        self.owned: set[tuple[int, int]] = set()  # (page, MCID) pairs some element owns
        self.elements: list[tuple[str, str]] = []  # (tag, text), depth first
        root = reader.trailer["/Root"]["/StructTreeRoot"].get_object()
        self._walk(root, None)

    def _page(self, reference) -> int | None:
        return (
            self.page_numbers.get(reference.idnum)
            if isinstance(reference, IndirectObject)
            else None
        )

    def _walk(self, node, page: int | None) -> str:
        obj = node.get_object() if isinstance(node, IndirectObject) else node
        if not isinstance(obj, DictionaryObject):
            self.owned.add((page, int(obj)))
            return self.texts[page].get(int(obj), "") if page is not None else ""
        if obj.get("/Type") == "/MCR":
            mcr_page = self._page(obj.raw_get("/Pg"))
            self.owned.add((mcr_page, int(obj["/MCID"])))
            return self.texts[mcr_page].get(int(obj["/MCID"]), "")
        if "/Pg" in obj:
            page = self._page(obj.raw_get("/Pg"))
        index = len(self.elements)
        tag = str(obj.get("/S", ""))
        if tag:
            self.elements.append((tag, ""))
        parts = []
        if "/K" in obj:
            kids = obj["/K"]
            for kid in kids if isinstance(kids, ArrayObject) else [obj.raw_get("/K")]:
                parts.append(self._walk(kid, page))
        text = " ".join(" ".join(parts).split())
        if tag:
            self.elements[index] = (tag, text)
        return text

    def tagged(self, *tags: str) -> list[str]:
        """The text of every element with one of ``tags`` ("/H1", "/LI"...), in reading order."""
        return [text for tag, text in self.elements if tag in tags]

    def unowned_content(self) -> list[tuple[int, int]]:
        """Marked content with an id that no structure element owns: neither tagged nor artifact."""
        found = set()
        for number, page in enumerate(self.reader.pages):
            data = page.get_contents().get_data()
            found |= {(number, int(m)) for m in re.findall(rb"/MCID (\d+)", data)}
        return sorted(found - self.owned)


def text_sizes(reader: PdfReader) -> list[tuple[float, str]]:
    """(size in points, text) for every piece of visible text, as it is drawn on the page."""
    sizes = []
    for page in reader.pages:

        def visit(text, cm, tm, font, size):
            if text.strip():
                a, b, c, d = (
                    tm[0] * cm[0] + tm[1] * cm[2],
                    tm[0] * cm[1] + tm[1] * cm[3],
                    tm[2] * cm[0] + tm[3] * cm[2],
                    tm[2] * cm[1] + tm[3] * cm[3],
                )
                sizes.append((size * math.sqrt(abs(a * d - b * c)), text))

        page.extract_text(visitor_text=visit)
    return sizes
