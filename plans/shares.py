"""Sharing a plan by a personal link: the link's secret, which parts of a plan a share
shows, and whether a share still works. Plain functions of plain data.

The person chooses who gets a link, which parts they see, for how long and whether
they may comment (``plans.PlanShare``). A link carries 192 random bits and only its
SHA-256 is stored, so the database cannot give one away; it is shown once, to give.
"""

import secrets
from dataclasses import dataclass, replace
from datetime import date, datetime

from cms.guesses import GuessLimit
from cms.tokens import token_hash
from plans.documents import PlanDocument

# 24 bytes: 192 bits, far past the 128 a link that opens health and money details needs.
SHARE_TOKEN_BYTES = 24
# Wrong links, per device and per address (a venue shares one address). With 192 bits
# nobody guesses one; the limit keeps the log and the server quiet when somebody tries.
SHARE_GUESSES = GuessLimit(
    name="plan-share", per_device=20, per_address=400, window_seconds=15 * 60
)
# How far ahead a share may end: a year, then it is shared again if still wanted.
SHARE_LONGEST_DAYS = 366

PROFILE = "profile"
MONEY = "money"
ACTIONS = "actions"
HEADING = "heading:"


def share_token_new() -> str:
    """A new link secret: URL-safe, 192 random bits."""
    return secrets.token_urlsafe(SHARE_TOKEN_BYTES)


def share_token_hash(token: str) -> str:
    """What the database keeps of a link's secret."""
    return token_hash(token)


@dataclass(frozen=True)
class SharePart:
    """A part of a plan the person can choose to share: its key and its name in words."""

    key: str
    label: str


def share_parts(document: PlanDocument) -> list[SharePart]:
    """The parts of ``document`` a share can show, in the plan's order."""
    parts = [SharePart(PROFILE, "The one-page profile")]
    parts += [
        SharePart(f"{HEADING}{section.title}", section.title) for section in document.sections
    ]
    parts.append(SharePart(MONEY, "The budget and how the money will be spent"))
    parts.append(SharePart(ACTIONS, "The action plan"))
    return parts


def document_shared(document: PlanDocument, parts: list[str]) -> PlanDocument:
    """``document`` with only the chosen ``parts`` (all of it when ``parts`` is empty).

    What is not chosen is left out, not hidden: a recipient's page, download or
    socket never holds it.
    """
    if not parts:
        return document
    chosen = set(parts)
    return replace(
        document,
        profile=document.profile if PROFILE in chosen else (),
        sections=tuple(s for s in document.sections if f"{HEADING}{s.title}" in chosen),
        money=document.money if MONEY in chosen else None,
        actions=document.actions if ACTIONS in chosen else (),
    )


def share_parts_words(parts: list[str]) -> str:
    """The chosen parts in words, for the person's list and the recipient's page."""
    if not parts:
        return "the whole plan"
    names = {PROFILE: "the one-page profile", MONEY: "the money", ACTIONS: "the action plan"}
    words = [names.get(key) or f"“{key.removeprefix(HEADING)}”" for key in parts]
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


@dataclass(frozen=True)
class ShareState:
    """Whether a share's link works today, and why not in words when it does not."""

    works: bool
    words: str  # "" while it works


def share_state(*, stopped_at: datetime | None, ends_on: date | None, today: date) -> ShareState:
    """Does a link stopped at ``stopped_at`` and ending on ``ends_on`` work ``today``?"""
    if stopped_at is not None:
        return ShareState(
            works=False,
            words=f"This link was stopped on {stopped_at:%-d %B %Y} by the person who shared "
            "it. It shows nothing now.",
        )
    if ends_on is not None and today > ends_on:
        return ShareState(
            works=False,
            words=f"This link ended on {ends_on:%-d %B %Y}, as the person who shared it "
            "chose. It shows nothing now.",
        )
    return ShareState(works=True, words="")
