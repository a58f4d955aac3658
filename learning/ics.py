"""iCalendar (RFC 5545) files for cohort sessions, written by hand.

Three rules matter for calendar apps to read the file: lines end in CRLF,
text values escape backslash, semicolon, comma and line breaks, and lines
longer than 75 octets are folded (CRLF then one space), never inside a
multi-byte character.
"""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from django.conf import settings

from learning.models import CohortSession

CRLF = "\r\n"
LINE_LIMIT = 75  # octets, not counting the CRLF
PRODID = "-//Peer Support Planning//Training timetable//EN"


def ics_escape(text: str) -> str:
    """Escape a TEXT value (RFC 5545 section 3.3.11)."""
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def ics_fold(line: str) -> str:
    """Fold a content line into pieces of at most 75 octets (section 3.1)."""
    pieces, current, size = [], "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        # Continuation lines start with a space, which counts towards their 75.
        limit = LINE_LIMIT if not pieces else LINE_LIMIT - 1
        if size + width > limit:
            pieces.append(current)
            current, size = "", 0
        current += char
        size += width
    pieces.append(current)
    return (CRLF + " ").join(pieces)


def ics_datetime_utc(moment: datetime) -> str:
    """A date-time in UTC form ("20260327T100000Z"): no time zone block needed."""
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def session_start_end(session: CohortSession) -> tuple[datetime, datetime]:
    """The session's start and end as aware date-times in the site's time zone."""
    zone = ZoneInfo(settings.TIME_ZONE)
    start = datetime.combine(session.date, session.start_time, tzinfo=zone)
    end = datetime.combine(session.date, session.end_time, tzinfo=zone)
    return start, end


def session_calendar(*, session: CohortSession, host: str, page_url: str, now: datetime) -> str:
    """The whole .ics file for one session, CRLF line endings throughout."""
    start, end = session_start_end(session)
    cohort = session.cohort
    summary = f"{session.get_session_type_display()}: {cohort.course.title} ({cohort.name})"
    modules = [m.title for m in session.modules.all()]
    description_lines = [f"{session.get_session_type_display()} for {cohort.name}."]
    if modules:
        description_lines.append("Modules: " + "; ".join(modules) + ".")
    if session.online_link:
        description_lines.append(f"Join online: {session.online_link}")
    description_lines.append(f"Details: {page_url}")
    location = session.venue or ("Online" if session.online_link else "")

    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:cohort-session-{session.pk}@{host}",
        f"DTSTAMP:{ics_datetime_utc(now)}",
        f"DTSTART:{ics_datetime_utc(start)}",
        f"DTEND:{ics_datetime_utc(end)}",
        f"SUMMARY:{ics_escape(summary)}",
        f"DESCRIPTION:{ics_escape(chr(10).join(description_lines))}",
    ]
    if location:
        lines.append(f"LOCATION:{ics_escape(location)}")
    if session.online_link:
        # URL is a URI value, not TEXT, so it is not escaped.
        lines.append(f"URL:{session.online_link}")
    lines += ["END:VEVENT", "END:VCALENDAR"]
    return "".join(ics_fold(line) + CRLF for line in lines)
