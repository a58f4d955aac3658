"""Calendar files: a conforming iCalendar file (CRLF, folding, escaping) with the right times.

The file is written by the ``icalendar`` library; these tests read it back
with the same library, as a calendar app would, rather than matching strings.
"""

from datetime import UTC, date, datetime, time

import pytest
from icalendar import Calendar

from courses.models import ModulePage
from learning.ics import session_calendar
from tests.learning.factories import cohort_with_learners, course_with_modules, session_for

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def unfold(text: str) -> list[str]:
    """Content lines, with folded continuations joined back (RFC 5545 section 3.1)."""
    assert text.endswith("\r\n")
    raw = text[:-2].split("\r\n")
    lines: list[str] = []
    for line in raw:
        if line.startswith(" "):
            lines[-1] += line[1:]
        else:
            lines.append(line)
    return lines


def event_of(text: str):
    """The one event in the file, parsed by icalendar."""
    calendar = Calendar.from_ical(text)
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    return calendar, events[0]


def _calendar(**session_kwargs):
    course = course_with_modules(required=2, title="Support planning, for champions")
    cohort = cohort_with_learners(course=course, name="Walsall; spring")
    session = session_for(
        cohort,
        date=date(2026, 3, 27),
        start_time=time(10, 0),
        end_time=time(15, 30),
        modules=list(ModulePage.objects.child_of(course).order_by("path")),
        **session_kwargs,
    )
    return session, session_calendar(
        session=session, host="example.org", page_url="https://example.org/x", now=NOW
    )


def test_session_calendar_structure_and_crlf_line_endings():
    session, text = _calendar(venue="Community Centre, Room 2")
    assert "\n" not in text.replace("\r\n", "")
    lines = unfold(text)
    assert lines[0] == "BEGIN:VCALENDAR"
    assert lines[-1] == "END:VCALENDAR"
    assert "VERSION:2.0" in lines
    assert lines.count("BEGIN:VEVENT") == lines.count("END:VEVENT") == 1
    calendar, event = event_of(text)
    assert str(calendar["PRODID"]).startswith("-//")
    assert str(event["UID"]) == f"cohort-session-{session.pk}@example.org"
    assert event.decoded("DTSTAMP") == NOW
    assert "DTSTAMP:20260301T090000Z" in lines


def test_the_uid_is_the_same_each_time_the_file_is_made():
    session, first = _calendar()
    later = session_calendar(
        session=session, host="example.org", page_url="https://example.org/x", now=datetime.now(UTC)
    )
    assert event_of(first)[1]["UID"] == event_of(later)[1]["UID"]


def test_every_line_is_within_75_octets_and_long_text_survives_folding():
    long_venue = "Caf\u00e9 \u2615 at the Community Centre, " * 5  # within the 200 allowed
    _, text = _calendar(venue=long_venue.strip())
    pieces = text[:-2].split("\r\n")
    assert all(len(piece.encode("utf-8")) <= 75 for piece in pieces)
    assert any(piece.startswith(" ") for piece in pieces)  # something was folded
    assert str(event_of(text)[1]["LOCATION"]) == long_venue.strip()


def test_session_times_are_london_time_written_in_utc():
    # 27 March 2026 is before the clocks change (29 March), so London is on GMT.
    _, text = _calendar()
    lines = unfold(text)
    assert "DTSTART:20260327T100000Z" in lines
    assert "DTEND:20260327T153000Z" in lines
    event = event_of(text)[1]
    assert event.decoded("DTSTART") == datetime(2026, 3, 27, 10, 0, tzinfo=UTC)
    assert event.decoded("DTEND") == datetime(2026, 3, 27, 15, 30, tzinfo=UTC)


def test_summer_time_is_taken_into_account():
    course = course_with_modules()
    cohort = cohort_with_learners(course=course)
    session = session_for(cohort, date=date(2026, 7, 1), start_time=time(10), end_time=time(12))
    text = session_calendar(session=session, host="h", page_url="u", now=NOW)
    assert event_of(text)[1].decoded("DTSTART") == datetime(2026, 7, 1, 9, 0, tzinfo=UTC)


def test_text_values_are_escaped_and_read_back_as_typed():
    _, text = _calendar(venue="Community Centre, Room 2; first floor")
    # On the wire, commas and semicolons in text are escaped (RFC 5545 section 3.3.11) ...
    assert "LOCATION:Community Centre\\, Room 2\\; first floor" in unfold(text)
    # ... and a calendar app reads back exactly what was typed.
    event = event_of(text)[1]
    assert str(event["LOCATION"]) == "Community Centre, Room 2; first floor"
    summary = "Training day: Support planning, for champions (Walsall; spring)"
    assert str(event["SUMMARY"]) == summary
    description = str(event["DESCRIPTION"])
    assert "Modules: Required module 1; Required module 2." in description
    assert description.splitlines()[0] == "Training day for Walsall; spring."
    assert description.splitlines()[-1] == "Details: https://example.org/x"


def test_online_session_has_its_link():
    _, text = _calendar(venue="", online_link="https://meet.example.org/champions")
    event = event_of(text)[1]
    assert str(event["URL"]) == "https://meet.example.org/champions"
    assert str(event["LOCATION"]) == "Online"
    assert "Join online: https://meet.example.org/champions" in str(event["DESCRIPTION"])


def test_a_session_in_a_room_links_to_its_details_page():
    _, text = _calendar(venue="Community Centre", online_link="")
    assert str(event_of(text)[1]["URL"]) == "https://example.org/x"
