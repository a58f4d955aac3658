"""Checks that an uploaded document's content is what its extension says it is.

Wagtail checks documents by extension only, so a renamed program or web page
would be accepted as a "PDF". Each allowed extension here has a small check of
the file's first bytes or structure (no extra libraries): enough to refuse a
file that is plainly something else, with a message saying how to put it right.
"""

import codecs
import os
import zipfile
import zlib
from collections.abc import Callable, Sequence
from typing import IO, Literal

# What each allowed document is called in messages, with its article.
DOCUMENT_KINDS: dict[str, str] = {
    "brf": "a Braille-ready (BRF) file",
    "csv": "a CSV file",
    "docx": "a Word document",
    "mp4": "an MP4 video",
    "odt": "an OpenDocument text document",
    "pdf": "a PDF",
    "pptx": "a PowerPoint presentation",
    "rtf": "a rich text (RTF) file",
    "txt": "a plain text file",
    "vtt": "a WebVTT captions file",
    "webm": "a WebM video",
    "xlsx": "an Excel spreadsheet",
}

# The main part's content type in [Content_Types].xml. Macro-enabled files
# (.docm, .xlsm, .pptm) and templates name other types, so they are refused too.
OFFICE_MAIN_TYPES: dict[str, bytes] = {
    "docx": b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "pptx": b"application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
    "xlsx": b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
}
ODF_MIMETYPES: dict[str, bytes] = {"odt": b"application/vnd.oasis.opendocument.text"}

HEAD_BYTES = 64
# [Content_Types].xml is a few KB; reading no more than this stops a zip bomb.
ZIP_MEMBER_READ_LIMIT = 1024 * 1024
TEXT_CHUNK_BYTES = 64 * 1024
UTF8_BOM = codecs.BOM_UTF8
# Old Word/Excel/PowerPoint files, and password-protected new ones, are OLE compound files.
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
EBML_MAGIC = b"\x1a\x45\xdf\xa3"
# ISO base media files that are still pictures (HEIC, AVIF), not videos.
PICTURE_BRANDS = frozenset({b"avif", b"avis", b"heic", b"heix", b"heim", b"heis", b"mif1", b"msf1"})
ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError, ValueError)

TEXT_EXTENSIONS = frozenset({"brf", "csv", "txt", "vtt"})


def document_upload_problem(
    *, name: str, file: IO[bytes], allowed_extensions: Sequence[str]
) -> str | None:
    """What is wrong with an uploaded document, in plain English; None if nothing.

    ``name`` is the name the file was uploaded with; its extension (any case)
    must be one of ``allowed_extensions`` and the content must match it.
    ``file`` is read from the start and left at the start, ready to be saved.
    """
    extension = os.path.splitext(name)[1].lower().lstrip(".")
    allowed = [allowed.lower().lstrip(".") for allowed in allowed_extensions]
    if extension not in allowed:
        if not allowed:
            return "Files cannot be uploaded here."
        return (
            "This type of file cannot be uploaded. "
            f"Upload a file ending {endings_text(extensions=allowed)}."
        )
    return document_content_problem(extension=extension, file=file)


def endings_text(*, extensions: Sequence[str]) -> str:
    """File endings as people read a list: ".pdf, .docx or .odt"."""
    endings = [f".{extension.lower().lstrip('.')}" for extension in extensions]
    if len(endings) < 2:
        return "".join(endings)
    return ", ".join(endings[:-1]) + " or " + endings[-1]


def document_content_problem(*, extension: str, file: IO[bytes]) -> str | None:
    """What is wrong with a document's content, given its extension; None if nothing.

    ``extension`` is lower case, without the dot. ``file`` is read from the
    start and left at the start. An extension with no check here is refused:
    a type added to ``WAGTAILDOCS_EXTENSIONS`` needs a check before it can be uploaded.
    """
    kind = DOCUMENT_KINDS.get(extension)
    check = CHECKS.get(extension)
    if kind is None or check is None:
        return f"Files ending .{extension} cannot be uploaded yet: there is no check for them."
    try:
        file.seek(0)
        text = _text_status(file) if extension in TEXT_EXTENSIONS else None
        if text == "not_utf8":
            return _not_utf8_message(extension=extension, kind=kind)
        file.seek(0)
        if text != "binary" and check(file):
            return None
        file.seek(0)
        if extension in OFFICE_MAIN_TYPES and file.read(len(OLE_MAGIC)) == OLE_MAGIC:
            return (
                f"This file says it is {kind}, but it is in an older format or protected "
                f"with a password. Remove any password, save it as {kind} again and upload that."
            )
        return (
            f"This file says it is {kind}, but it is not one. "
            f"Save it as {kind} again and upload that."
        )
    finally:
        file.seek(0)


def _not_utf8_message(*, extension: str, kind: str) -> str:
    how = " (in Excel, choose “CSV UTF-8”)" if extension == "csv" else ""
    return (
        f"This file says it is {kind}, but it is not saved as UTF-8 text. "
        f"Save it again as UTF-8{how} and upload that."
    )


def _head(file: IO[bytes]) -> bytes:
    return file.read(HEAD_BYTES)


def _text_status(file: IO[bytes]) -> Literal["text", "binary", "not_utf8"]:
    """Is the file UTF-8 "text", "binary" (NUL bytes, which text never has) or "not_utf8"?"""
    decoder = codecs.getincrementaldecoder("utf-8")(errors="strict")
    status: Literal["text", "binary", "not_utf8"] = "text"
    while chunk := file.read(TEXT_CHUNK_BYTES):
        if b"\x00" in chunk:
            return "binary"
        # Keep reading after a decoding error: a NUL further on still means binary.
        if status == "text":
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError:
                status = "not_utf8"
    if status == "text":
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            status = "not_utf8"
    return status


def _is_text(file: IO[bytes]) -> bool:
    # _text_status has already found UTF-8 text with no NUL bytes: nothing more to check.
    return True


def _is_pdf(file: IO[bytes]) -> bool:
    return _head(file).startswith(b"%PDF-")


def _is_rtf(file: IO[bytes]) -> bool:
    return _head(file).startswith(b"{\\rtf")


def _is_webvtt(file: IO[bytes]) -> bool:
    # "WEBVTT" must be followed by a space, tab or line break, or end the file.
    head = _head(file).removeprefix(UTF8_BOM)
    return head.startswith(b"WEBVTT") and head[6:7] in {b"", b" ", b"\t", b"\n", b"\r"}


def _is_mp4(file: IO[bytes]) -> bool:
    # An ISO media file starts with a box: 4-byte size, then "ftyp", then the brand.
    head = _head(file)
    size = int.from_bytes(head[:4], "big")
    return head[4:8] == b"ftyp" and size >= 16 and head[8:12] not in PICTURE_BRANDS


def _is_webm(file: IO[bytes]) -> bool:
    # An EBML header whose DocType is "webm" (Matroska .mkv files say "matroska"):
    # the DocType element's id, a one-byte size of 4, then the word, as muxers write it.
    head = _head(file)
    return head.startswith(EBML_MAGIC) and b"\x42\x82\x84webm" in head


def _zip_member(file: IO[bytes], name: str) -> bytes | None:
    try:
        with zipfile.ZipFile(file) as archive:
            if name not in archive.namelist():
                return None
            with archive.open(name) as member:
                return member.read(ZIP_MEMBER_READ_LIMIT)
    except ZIP_ERRORS:
        return None


def _office_check(extension: str) -> Callable[[IO[bytes]], bool]:
    def check(file: IO[bytes]) -> bool:
        content_types = _zip_member(file, "[Content_Types].xml")
        return content_types is not None and OFFICE_MAIN_TYPES[extension] in content_types

    return check


def _odf_check(extension: str) -> Callable[[IO[bytes]], bool]:
    def check(file: IO[bytes]) -> bool:
        mimetype = _zip_member(file, "mimetype")
        return mimetype is not None and mimetype.strip() == ODF_MIMETYPES[extension]

    return check


CHECKS: dict[str, Callable[[IO[bytes]], bool]] = {
    "brf": _is_text,
    "csv": _is_text,
    "docx": _office_check("docx"),
    "mp4": _is_mp4,
    "odt": _odf_check("odt"),
    "pdf": _is_pdf,
    "pptx": _office_check("pptx"),
    "rtf": _is_rtf,
    "txt": _is_text,
    "vtt": _is_webvtt,
    "webm": _is_webm,
    "xlsx": _office_check("xlsx"),
}
