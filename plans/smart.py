"""A plain-words helper for each row of an action plan, as a good facilitator would give.

In session 2 a person's wishes become actions: what will happen, who will do
it, by when (a date, or how often), and how they will know it worked. This
module reads one row and says, kindly and in a few words, what is missing or
what a facilitator would ask about ("Who will do this?", "“soon” could mean
any time. When, exactly?").

It helps and never blocks: the person's words stand, whatever the hints say.
Hints are for everyone, including people with learning disabilities, so they
are short, second person and free of planning jargon.

Standard library only (no Django), so it can be used anywhere and tested fast.
"""

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from plans.documents import MONTHS as MONTH_NAMES

# The four boxes of a row, in the order they appear on the page. Every hint
# names one of them, so the page can put it beside that box.
PARTS = ("what", "who", "when", "know")

# How often something can happen, as offered on the page. Other ways of saying
# the same thing ("weekly", "each week", "every Monday") are read as one of these.
REPEATS = ("every day", "every week", "every fortnight", "every month", "every year")

# Words a facilitator would ask about in "what will happen" and "how we will
# know", with the hint each one gets. Whole words only, any letter case. The
# comment on each says why it is vague: each leaves it open whether, how much
# or how often, so nobody can tell later whether it happened.
VAGUE_WORDS: dict[str, str] = {
    # More than what? There is nothing to count against.
    "more": "“more” could mean a little or a lot. How much more?",
    # Leaves room for it not to happen; says nothing about what is done.
    "try": "You wrote “try”. What will you actually do?",
    # A wish, not a plan: nobody is doing anything to make it happen.
    "hopefully": "You wrote “hopefully”. What will help it happen?",
    # Not yet decided.
    "maybe": "You wrote “maybe”. Will this happen? What would help?",
    # Not yet decided (as "maybe").
    "perhaps": "You wrote “perhaps”. Will this happen? What would help?",
    # No number to count.
    "some": "You wrote “some”. How many, or how much?",
    # No number to count.
    "a few": "You wrote “a few”. How many?",
    # No amount to check.
    "a bit": "You wrote “a bit”. How much?",
    # No amount to check.
    "a lot": "You wrote “a lot”. How much?",
    # No number to count.
    "lots": "You wrote “lots”. How many?",
    # Could be tomorrow or next year.
    "soon": "“soon” could mean any time. When, exactly?",
    # Could be tomorrow or next year, and sounds urgent without a date.
    "asap": "“ASAP” could mean any time. When, exactly?",
    # No way to tell how often.
    "sometimes": "You wrote “sometimes”. How often?",
    # No way to tell how often.
    "often": "You wrote “often”. How often, exactly?",
    # No way to tell how often.
    "regularly": "You wrote “regularly”. How often?",
    # No way to tell how often.
    "occasionally": "You wrote “occasionally”. How often?",
    # Better than what, and how would anyone notice?
    "better": "You wrote “better”. What will be different?",
    # Improved how, and how would anyone notice?
    "improve": "You wrote “improve”. What will be different?",
    # Which things? Nobody can check a thing that is not named.
    "things": "You wrote “things”. Which things?",
    # As "things".
    "stuff": "You wrote “stuff”. What, exactly?",
    # As "things".
    "something": "You wrote “something”. What, exactly?",
    # The rest of the list is left for the reader to guess.
    "etc": "You wrote “etc”. What else? You could list it.",
    # Needed by whom, and who decides?
    "as needed": "You wrote “as needed”. How will you know it is needed?",
    # Possible when? Often means "not yet".
    "when possible": "You wrote “when possible”. What would make it possible?",
    # As "when possible".
    "if possible": "You wrote “if possible”. What would make it possible?",
    # As "when possible".
    "where possible": "You wrote “where possible”. What would make it possible?",
    # Looking into something is not yet doing it.
    "look into": "You wrote “look into”. What will you do first?",
    # Thinking is not yet doing.
    "think about": "You wrote “think about”. What will you decide, or do?",
    # Professionals' word; says nothing about what is done.
    "explore": "You wrote “explore”. What will you do first?",
    # Professionals' word; says nothing about what is done.
    "engage": "You wrote “engage”. What will you do?",
    # Says there is a problem, not what is done about it.
    "sort out": "You wrote “sort out”. What will you do first?",
    # Ongoing, with no step or end.
    "work on": "You wrote “work on”. What will you do?",
}

# "Who will do it" answers that name nobody in particular. "me", "I" and
# "myself" are fine: the person is named by the plan itself.
VAGUE_WHO = (
    "someone",
    "somebody",
    "anyone",
    "anybody",
    "whoever",
    "staff",
    "they",
    "them",
    "tbc",
    "tbd",
    "not sure",
    "don't know",
    "dont know",
    "unknown",
)

# Words that hold a place rather than say anything: treated as an empty box.
PLACEHOLDERS = frozenset(
    {"tbc", "tbd", "n/a", "na", "to be confirmed", "to be decided", "not sure", "unknown"}
)

# More words than this in "what will happen" is usually several actions in one row.
WHAT_MOST_WORDS = 30

# How much of the person's own words a hint quotes back to them.
QUOTE_MOST_CHARACTERS = 40

# Longer than this, "by when" is not a date or how often (and is not worth reading).
WHEN_MOST_CHARACTERS = 200


@dataclass(frozen=True)
class Hint:
    """One thing a facilitator would ask about a row, in plain words.

    ``code`` is stable for the page and tests ("who_missing", "vague_word"...),
    ``words`` is shown to the person, ``part`` is the box it is about (one of
    ``PARTS``).
    """

    code: str
    words: str
    part: str


@dataclass(frozen=True)
class When:
    """By when an action happens: a date, how often it repeats, or both (every week until)."""

    on: date | None = None
    repeat: str = ""

    def __post_init__(self) -> None:
        if self.repeat and self.repeat not in REPEATS:
            raise ValueError(f"repeat must be one of {REPEATS}, not {self.repeat!r}")

    def words(self) -> str:
        """For display: "by 12 March 2027", "every week", "every week until 12 March 2027"."""
        if self.on and self.repeat:
            return f"{self.repeat} until {_date_words(self.on)}"
        if self.on:
            return f"by {_date_words(self.on)}"
        return self.repeat


HINT_WHAT_MISSING = Hint("what_missing", "What will happen?", "what")
HINT_WHAT_TOO_LONG = Hint(
    "what_too_long", "This is a lot for one row. Could you split it into steps?", "what"
)
HINT_WHO_MISSING = Hint("who_missing", "Who will do this?", "who")
HINT_WHO_VAGUE = Hint("who_vague", "Who, by name?", "who")
HINT_WHEN_MISSING = Hint("when_missing", "By when? Choose a date or how often.", "when")
HINT_WHEN_PAST = Hint("when_past", "That date has passed. Is there a new date?", "when")
HINT_KNOW_MISSING = Hint("know_missing", "How will you know it worked?", "know")


def action_check(*, what: str, who: str, when: str, how_we_know: str, today: date) -> list[Hint]:
    """What a facilitator would ask about one row of the action plan; [] when it is clear.

    Hints come box by box (what, who, when, know). In each box: what is
    missing, or the date that has passed, first; then vague words in the order
    they were written. A vague word gets one hint only, beside the first box
    it is in. Never raises, whatever was typed.
    """
    what, who, when, how_we_know = (_as_text(text) for text in (what, who, when, how_we_know))
    found: dict[str, list[Hint]] = {part: [] for part in PARTS}

    if _is_blank(what):
        found["what"].append(HINT_WHAT_MISSING)
    elif len(what.split()) > WHAT_MOST_WORDS:
        found["what"].append(HINT_WHAT_TOO_LONG)

    if not who.strip():
        found["who"].append(HINT_WHO_MISSING)
    elif _who_is_vague(who):
        found["who"].append(HINT_WHO_VAGUE)

    if _is_blank(when):
        found["when"].append(HINT_WHEN_MISSING)
    else:
        parsed = when_parse(when, today=today)
        if parsed is None:
            found["when"].append(_when_unclear(when))
        elif parsed.on is not None and parsed.on < today:
            found["when"].append(HINT_WHEN_PAST)

    if _is_blank(how_we_know):
        found["know"].append(HINT_KNOW_MISSING)

    seen: set[str] = set()
    for part, text in (("what", what), ("know", how_we_know)):
        for word in vague_words_found(text=text):
            if word not in seen:
                seen.add(word)
                found[part].append(Hint("vague_word", VAGUE_WORDS[word], part))

    hints: list[Hint] = []
    for part in PARTS:
        for hint in found[part]:
            if hint not in hints:
                hints.append(hint)
    return hints


def action_is_clear(*, what: str, who: str, when: str, how_we_know: str, today: date) -> bool:
    """Whether a facilitator would have nothing to ask about this row."""
    return not action_check(what=what, who=who, when=when, how_we_know=how_we_know, today=today)


def vague_words_found(*, text: str) -> list[str]:
    """The ``VAGUE_WORDS`` in ``text`` (as listed, lower case), in the order they first appear.

    Whole words only and any letter case: "Maybe" counts, "moreover" does not.
    "more" after a number ("2 more times") is a number, so it does not count.
    """
    text = _as_text(text)
    first_at: dict[str, int] = {}
    for word, pattern in _VAGUE_PATTERNS:
        for match in pattern.finditer(text):
            # Only a few characters back: a number is right before "more", and a
            # long text full of "2 more" must not be read again for each one.
            start = match.start()
            if word == "more" and _NUMBER_BEFORE.search(text, max(0, start - 24), start):
                continue
            first_at[word] = match.start()
            break
    return sorted(first_at, key=first_at.__getitem__)


def when_parse(text: str, *, today: date) -> When | None:
    """Read "by when" as typed: a date, how often, or both; None when it cannot tell.

    Dates: "2027-03-12", "12/03/2027", "12/3/27" (day first, as in the UK),
    "12 March 2027", "12th Mar", "March 12, 2027", "March 2027" (the end of
    that month). With no year, the next such day (or month) from ``today``.
    Repeats: ``REPEATS`` and the usual ways of saying them ("weekly", "each
    week", "every Monday", "on Tuesdays", "twice a week" is every week).
    Both: "every week until 12 March 2027". Never raises.
    """
    if not isinstance(text, str) or len(text) > WHEN_MOST_CHARACTERS:
        return None
    words = _when_normalise(text)
    if not words:
        return None
    repeat = _repeat_parse(words)
    if repeat:
        return When(repeat=repeat)
    on = _date_parse(words, today=today)
    if on:
        return When(on=on)
    both = _REPEAT_UNTIL.fullmatch(words)
    if both:
        repeat = _repeat_parse(both["repeat"])
        on = _date_parse(both["on"], today=today)
        if repeat and on:
            return When(on=on, repeat=repeat)
    return None


# --- Helpers -------------------------------------------------------------------------------


def _as_text(text: object) -> str:
    """The text, or "" for anything that is not text (never raise on odd input)."""
    return text if isinstance(text, str) else ""


def _is_blank(text: str) -> bool:
    """Nothing said: empty, only punctuation ("?", "-"), or a placeholder ("TBC")."""
    said = "".join(ch for ch in text if not ch.isspace() and not _is_punctuation(ch))
    return not said or " ".join(text.casefold().split()) in PLACEHOLDERS


def _is_punctuation(ch: str) -> bool:
    return unicodedata.category(ch).startswith("P")


def _who_is_vague(who: str) -> bool:
    """Names nobody in particular: "someone", "staff", "TBC", or only "?"."""
    if not any(not ch.isspace() and not _is_punctuation(ch) for ch in who):
        return True
    who = who.replace("\u2019", "'")
    return any(pattern.search(who) for pattern in _VAGUE_WHO_PATTERNS)


def _when_unclear(when: str) -> Hint:
    """Ask "by when?" again, quoting their words so they can see what was not understood."""
    return Hint(
        "when_unclear", f"You wrote “{_quote(when)}”. By when? Choose a date or how often.", "when"
    )


def _quote(text: str) -> str:
    """The person's words, on one line, cut short if long, safe to show on any page."""
    text = _SURROGATE.sub("\ufffd", " ".join(text.split()))
    if len(text) <= QUOTE_MOST_CHARACTERS:
        return text
    cut = text[:QUOTE_MOST_CHARACTERS]
    # Cut at a space where there is one, so no word is broken in half.
    if " " in cut[QUOTE_MOST_CHARACTERS // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip() + "…"


def _whole_words(phrase: str) -> re.Pattern[str]:
    """``phrase`` as whole words, any case, any spaces between its words."""
    body = r"\s+".join(re.escape(word) for word in phrase.split())
    return re.compile(rf"(?<!\w){body}(?!\w)", re.IGNORECASE)


def _date_words(on: date) -> str:
    return f"{on.day} {MONTH_NAMES[on.month - 1]} {on.year}"


_VAGUE_PATTERNS = tuple((word, _whole_words(word)) for word in VAGUE_WORDS)
_VAGUE_WHO_PATTERNS = tuple(_whole_words(word) for word in VAGUE_WHO)
_NUMBER_BEFORE = re.compile(
    r"(?<!\w)(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|twice|once)\s*$",
    re.IGNORECASE,
)
_SURROGATE = re.compile("[\ud800-\udfff]")

# --- Reading "by when" ---------------------------------------------------------------------

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_WEEKDAY = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"
_WEEKDAY_SHORT = r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)"
_TIME_OF_DAY = r"(?:morning|afternoon|evening|night)"
_TIMES = r"(?:once|twice|\d{1,2} times|(?:two|three|four|five|six|seven) times)"

# Words before a date that do not change it: "by", "on", "by the end of", "Friday".
_DATE_LEAD = re.compile(
    r"(?:(?:by|on|before|until|till|in|at)\s+)?(?:the\s+)?(?:end\s+of\s+)?(?:the\s+)?"
    rf"(?:(?:{_WEEKDAY}|{_WEEKDAY_SHORT})\s+)?(?:the\s+)?",
    re.ASCII,
)
_DATE_ISO = re.compile(r"(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})", re.ASCII)
_DATE_NUMBERS = re.compile(
    r"(?P<d>\d{1,2})[/.-](?P<m>\d{1,2})(?:[/.-](?P<y>\d{4}|\d{2}))?", re.ASCII
)
_DATE_DAY_MONTH = re.compile(
    rf"(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s*(?:of\s+)?(?P<month>{_MONTH})(?:\s+(?P<y>\d{{4}}|\d{{2}}))?",
    re.ASCII,
)
_DATE_MONTH_DAY = re.compile(
    rf"(?P<month>{_MONTH})\s+(?:the\s+)?(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?:\s+(?P<y>\d{{4}}))?",
    re.ASCII,
)
_DATE_MONTH = re.compile(rf"(?P<month>{_MONTH})(?:\s+(?P<y>\d{{4}}))?", re.ASCII)

# Unit of time -> the repeat it makes with "every", "each", "once a".
_REPEAT_UNITS = {
    "day": "every day",
    "morning": "every day",
    "afternoon": "every day",
    "evening": "every day",
    "night": "every day",
    # Five days a week is nearer "every day" than "every week".
    "weekday": "every day",
    "week": "every week",
    "weekend": "every week",
    "fortnight": "every fortnight",
    "month": "every month",
    "year": "every year",
}
_REPEAT_ADVERBS = {
    "daily": "every day",
    "everyday": "every day",
    "nightly": "every day",
    "weekly": "every week",
    "fortnightly": "every fortnight",
    "monthly": "every month",
    "yearly": "every year",
    "annually": "every year",
}
_UNIT = "|".join(_REPEAT_UNITS)
_ADVERB = "|".join(_REPEAT_ADVERBS)
_REPEAT_EVERY = re.compile(rf"(?:every|each)\s+(?:single\s+)?(?P<unit>{_UNIT})", re.ASCII)
_REPEAT_TIMES = re.compile(
    rf"{_TIMES}\s+(?:a|an|per|each|every)\s+(?P<unit>{_UNIT})|(?:{_TIMES}\s+)?(?P<adverb>{_ADVERB})",
    re.ASCII,
)
_REPEAT_FORTNIGHT = re.compile(
    r"(?:every|each)\s+(?:other|second|two|2)\s+weeks?|(?:once\s+)?(?:a|per|each)\s+fortnight",
    re.ASCII,
)
# "every Monday", "every Tuesday and Thursday evening", "on Tuesdays", "Saturdays".
_ONE_DAY = rf"{_WEEKDAY}(?:\s+{_TIME_OF_DAY})?"
_DAYS = rf"{_WEEKDAY}s(?:\s+{_TIME_OF_DAY}s?)?"
_REPEAT_WEEKDAYS = re.compile(
    rf"(?:every|each)\s+{_ONE_DAY}(?:\s*(?:and|&|/|or)\s*{_ONE_DAY})*"
    rf"|(?:on\s+)?{_DAYS}(?:\s*(?:and|&|/|or)\s*{_DAYS})*"
    r"|(?:at\s+|on\s+)?weekends",
    re.ASCII,
)
# "mornings", "on weekdays": as "every morning", "every weekday".
_REPEAT_DAILY_PLURAL = re.compile(rf"(?:in\s+the\s+|on\s+)?(?:{_TIME_OF_DAY}|weekday)s", re.ASCII)
_REPEAT_UNTIL = re.compile(r"(?P<repeat>.+?)\s+(?:until|till|til|up to|by)\s+(?P<on>.+)", re.ASCII)


def _when_normalise(text: str) -> str:
    """Lower case, single spaces; commas and full stops that end words become spaces."""
    text = text.casefold().replace(",", " ").replace("\u2019", "'")
    text = re.sub(r"\.(?=\s|$)", " ", text)
    return " ".join(text.split())


def _repeat_parse(words: str) -> str:
    """The one of ``REPEATS`` that ``words`` says, or ""."""
    match = _REPEAT_EVERY.fullmatch(words)
    if match:
        return _REPEAT_UNITS[match["unit"]]
    match = _REPEAT_TIMES.fullmatch(words)
    if match:
        if match["unit"]:
            return _REPEAT_UNITS[match["unit"]]
        return _REPEAT_ADVERBS[match["adverb"]]
    if _REPEAT_FORTNIGHT.fullmatch(words):
        return "every fortnight"
    if _REPEAT_DAILY_PLURAL.fullmatch(words):
        return "every day"
    if _REPEAT_WEEKDAYS.fullmatch(words):
        return "every week"
    return ""


def _date_parse(words: str, *, today: date) -> date | None:
    """The date ``words`` says, or None; a day with no year is the next one from ``today``."""
    lead = _DATE_LEAD.match(words)
    rest = words[lead.end() :] if lead else words
    for pattern in (_DATE_ISO, _DATE_NUMBERS, _DATE_DAY_MONTH, _DATE_MONTH_DAY):
        match = pattern.fullmatch(rest)
        if match:
            month = _month_number(match)
            return _date_make(year=match["y"], month=month, day=int(match["d"]), today=today)
    match = _DATE_MONTH.fullmatch(rest)
    if match:
        return _month_end(year=match["y"], month=_month_number(match), today=today)
    return None


def _month_number(match: re.Match[str]) -> int:
    if "month" in match.re.groupindex:
        return [name[:3].casefold() for name in MONTH_NAMES].index(match["month"][:3]) + 1
    return int(match["m"])


def _year(year: str) -> int:
    """A year as typed: "27" is 2027, as on a form filled in this century."""
    return 2000 + int(year) if len(year) == 2 else int(year)


def _date_make(*, year: str | None, month: int, day: int, today: date) -> date | None:
    if year is not None:
        try:
            return date(_year(year), month, day)
        except ValueError:
            return None
    # No year: the next such day, today included (29 February may be years away).
    for each in range(today.year, today.year + 9):
        try:
            candidate = date(each, month, day)
        except ValueError:
            continue
        if candidate >= today:
            return candidate
    return None


def _month_end(*, year: str | None, month: int, today: date) -> date | None:
    """The last day of the month: "March 2027" means by the end of it."""
    if year is not None:
        number = _year(year)
    else:
        number = today.year if month >= today.month else today.year + 1
    try:
        return date(number, month, calendar.monthrange(number, month)[1])
    except ValueError:
        return None
