"""Calendar files: RFC 5545 escaping, folding, CRLF and the right times."""

from datetime import UTC, date, datetime, time

import pytest

from courses.models import ModulePage
from learning.ics import ics_escape, ics_fold, session_calendar
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


def properties(text: str) -> dict[str, str]:
    return dict(line.split(":", 1) for line in unfold(text))


def test_escape_backslash_semicolon_comma_and_newlines():
    assert ics_escape("a\\b; c, d\ne\r\nf") == "a\\\\b\\; c\\, d\\ne\\nf"


def test_fold_keeps_every_line_within_75_octets_without_splitting_characters():
    line = "DESCRIPTION:" + "Café ☕ " * 40
    folded = ics_fold(line)
    pieces = folded.split("\r\n")
    assert len(pieces) > 1
    assert all(len(piece.encode("utf-8")) <= 75 for piece in pieces)
    assert all(piece.startswith(" ") for piece in pieces[1:])
    assert "".join([pieces[0], *(p[1:] for p in pieces[1:])]) == line


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
    props = properties(text)
    assert props["PRODID"].startswith("-//")
    assert props["UID"] == f"cohort-session-{session.pk}@example.org"
    assert props["DTSTAMP"] == "20260301T090000Z"


def test_session_times_are_london_time_written_in_utc():
    # 27 March 2026 is before the clocks change (29 March), so London is on GMT.
    _, text = _calendar()
    props = properties(text)
    assert props["DTSTART"] == "20260327T100000Z"
    assert props["DTEND"] == "20260327T153000Z"


def test_summer_time_is_taken_into_account():
    course = course_with_modules()
    cohort = cohort_with_learners(course=course)
    session = session_for(cohort, date=date(2026, 7, 1), start_time=time(10), end_time=time(12))
    props = properties(session_calendar(session=session, host="h", page_url="u", now=NOW))
    assert props["DTSTART"] == "20260701T090000Z"


def test_text_values_are_escaped():
    _, text = _calendar(venue="Community Centre, Room 2; first floor")
    props = properties(text)
    assert props["LOCATION"] == "Community Centre\\, Room 2\\; first floor"
    assert props["SUMMARY"] == "Training day: Support planning\\, for champions (Walsall\\; spring)"
    assert "Modules: Required module 1\\; Required module 2." in props["DESCRIPTION"]
    assert "\\n" in props["DESCRIPTION"]


def test_online_session_has_its_link():
    _, text = _calendar(venue="", online_link="https://meet.example.org/champions")
    props = properties(text)
    assert props["URL"] == "https://meet.example.org/champions"
    assert props["LOCATION"] == "Online"
