"""The name a downloaded document is saved under.

Uploads are stored under random names (``cms/storage.py``), and Wagtail offers
a download under its stored name, so people would save "3f9c0b…e1.docx". The
name offered here is made from the document's title instead, slugified so it
is safe on any computer: "Helen's story (large print)" becomes
"helens-story-large-print.pdf". Titles in other alphabets keep their letters
for browsers that understand RFC 6266's ``filename*``, with a plain ASCII name
for those that do not.
"""

import re
from urllib.parse import quote

from django.utils.text import slugify

# Long enough for any sensible title; short enough for every file system.
MAX_NAME_LENGTH = 80
# For a title with no letters or digits that survive in a file name.
FALLBACK_NAME = "document"
DISPOSITION_TYPES = frozenset({"attachment", "inline"})


def download_name(*, title: str, extension: str, allow_unicode: bool = False) -> str:
    """A safe file name from a document's title and its real extension.

    Only letters, digits, hyphens and underscores are kept (ASCII ones unless
    ``allow_unicode``), so the name cannot carry quotes, slashes or line breaks
    into a header or a path.
    """
    stem = slugify(title, allow_unicode=allow_unicode)[:MAX_NAME_LENGTH].strip("-_")
    suffix = re.sub(r"[^a-z0-9]", "", extension.lower())
    return f"{stem or FALLBACK_NAME}.{suffix}" if suffix else stem or FALLBACK_NAME


def download_content_disposition(*, current: str, title: str, extension: str) -> str:
    """A ``Content-Disposition`` header that names the file after its title.

    ``current`` is the header Wagtail set: whether it said ``inline`` (opened in
    the browser) or ``attachment`` (saved) is kept. A title that needs more than
    ASCII also gets ``filename*`` (RFC 6266 and RFC 5987), UTF-8 and percent-encoded.
    """
    disposition_type = current.split(";", 1)[0].strip().lower()
    if disposition_type not in DISPOSITION_TYPES:
        disposition_type = "attachment"
    ascii_name = download_name(title=title, extension=extension)
    header = f'{disposition_type}; filename="{ascii_name}"'
    unicode_name = download_name(title=title, extension=extension, allow_unicode=True)
    if unicode_name != ascii_name:
        header += f"; filename*=UTF-8''{quote(unicode_name, safe='')}"
    return header
