"""Secrets in addresses never reach the server's logs.

An invite link (``/live/join/<token>/``) and a course invitation
(``/training/join/<token>/``) carry their secret in the path: the database
keeps only a hash of it, so the logs must not keep it whole either. The staff
page that finds a plan by first name (``/live/plans/cards/?name=…``) carries a
person's name in its query. Plan cards put their words in the fragment (after
``#``), which browsers never send.

``path_redact`` hides them. It is applied to daphne's access log
(``config.daphne_server``); to uvicorn's (``config.serve`` starts it with
``config/uvicorn_logging.json``: uvicorn's own logging set-up with
``RedactSecretsFilter`` on its handlers); and to Django's own log lines, such
as "Not Found: /live/join/…" (the filter on the console handler in settings).
"""

import logging
import re

HIDDEN = "[hidden]"

# (pattern, replacement), applied in order to a path with its query string.
# "details" is a page of its own (/live/join/details/), not a token.
REDACTIONS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"/(live|training)/join/(?!details/)[^/?#\s\"]+"), rf"/\1/join/{HIDDEN}"),
    (re.compile(r"(/live/plans/cards/)\?[^\s\"#]*"), rf"\1?{HIDDEN}"),
    # A certificate's code (what its QR code opens): the key to a holder's name and course.
    (re.compile(r"(/training/certificates/check/)[^/?#\s\"]+"), rf"\1{HIDDEN}"),
)


def path_redact(text: str) -> str:
    """``text`` (a path, or a whole log line) with every secret in an address hidden.

    "/live/join/Xy7…/" becomes "/live/join/[hidden]/".
    """
    for pattern, replacement in REDACTIONS:
        text = pattern.sub(replacement, text)
    return text


class RedactSecretsFilter(logging.Filter):
    """A logging filter that hides secrets in addresses in any record's message.

    uvicorn's access records keep the path in their arguments, which its
    formatter reads one by one; other records are formatted here once, then
    redacted.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name == "uvicorn.access" and isinstance(record.args, tuple):
            record.args = tuple(
                path_redact(arg) if isinstance(arg, str) else arg for arg in record.args
            )
            return True
        message = record.getMessage()
        redacted = path_redact(message)
        if redacted != message:
            record.msg, record.args = redacted, ()
        return True
