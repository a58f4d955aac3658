"""Limits on guessing a secret (a card's words, a join code) that do not lock out a room.

Counted per device and per network address, in the cache (Redis when the site
runs on several processes). A device gets few wrong tries; an address gets
many, so that a room on one venue Wi-Fi is not shut out by one person's
typos, while someone clearing cookies to try again and again still runs out.
"""

from dataclasses import dataclass

from django.core.cache import cache

from cms.tokens import token_hash


@dataclass(frozen=True)
class GuessLimit:
    """How many wrong tries a device and an address get in a window."""

    name: str
    per_device: int
    per_address: int
    window_seconds: int


def _keys(*, limit: GuessLimit, device: str, address: str) -> list[tuple[str, int]]:
    return [
        (f"guesses:{limit.name}:device:{token_hash(device)}", limit.per_device),
        (f"guesses:{limit.name}:address:{token_hash(address)}", limit.per_address),
    ]


def guesses_exhausted(*, limit: GuessLimit, device: str, address: str) -> bool:
    """Has this device, or this address, used up its wrong tries for now?"""
    return any(
        (cache.get(key) or 0) >= allowed
        for key, allowed in _keys(limit=limit, device=device, address=address)
    )


def guess_wrong_count(*, limit: GuessLimit, device: str, address: str) -> None:
    """Count one wrong try; the window runs from the first wrong try."""
    for key, _ in _keys(limit=limit, device=device, address=address):
        cache.add(key, 0, limit.window_seconds)
        try:
            cache.incr(key)
        except ValueError:  # the window ended between add and incr
            cache.set(key, 1, limit.window_seconds)
