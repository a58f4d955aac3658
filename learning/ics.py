"""iCalendar (RFC 5545) files for cohort sessions, written with the ``icalendar`` library.

The library does what calendar apps are strict about: CRLF line endings,
escaping of text values, and folding long lines at 75 octets without
splitting a character. Times are written in UTC ("...Z"), so the file needs
no time zone block and every app reads the same moment.
"""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from icalendar import Calendar, Event

from learning.models import CohortSession

PRODID = "-//Peer Support Planning//Training timetable//EN"


def session_start_end(session: CohortSession) -> tuple[datetime, datetime]:
    """The session's start and end as aware date-times in the site's time zone."""
    zone = ZoneInfo(settings.TIME_ZONE)
    start = datetime.combine(session.date, session.start_time, tzinfo=zone)
    end = datetime.combine(session.date, session.end_time, tzinfo=zone)
    return start, end


def session_uid(*, session: CohortSession, host: str) -> str:
    """The event's UID: the same for a session every time, so a calendar app that
    imports the file again updates the event instead of adding a second one."""
    return f"cohort-session-{session.pk}@{host}"


def session_calendar(*, session: CohortSession, host: str, page_url: str, now: datetime) -> str:
    """The whole .ics file for one session, as text with CRLF line endings."""
    start, end = session_start_end(session)
    cohort = session.cohort
    kind = session.get_session_type_display()
    modules = [m.title for m in session.modules.all()]
    description = [f"{kind} for {cohort.name}."]
    if modules:
        description.append("Modules: " + "; ".join(modules) + ".")
    if session.online_link:
        description.append(f"Join online: {session.online_link}")
    description.append(f"Details: {page_url}")
    location = session.venue or ("Online" if session.online_link else "")

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")

    event = Event()
    event.add("uid", session_uid(session=session, host=host))
    event.add("dtstamp", now.astimezone(UTC))
    event.add("dtstart", start.astimezone(UTC))
    event.add("dtend", end.astimezone(UTC))
    event.add("summary", f"{kind}: {cohort.course.title} ({cohort.name})")
    event.add("description", "\n".join(description))
    if location:
        event.add("location", location)
    # The online meeting if there is one; otherwise the page with the learner's sessions.
    event.add("url", session.online_link or page_url)
    calendar.add_component(event)
    return calendar.to_ical().decode("utf-8")
