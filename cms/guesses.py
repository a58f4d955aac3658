"""Limits on guessing a secret (a card's words, a join code) that do not lock out a room.

Wrong tries are counted in the cache (Redis when the site runs on several
processes, so every process sees the same counts), never in the browser, so a
new cookie or a made-up header does not reset them. They are counted:

- per device (the random id in the device's server-side session): a few;
- per network address (``client_address``): many, because a room shares one
  venue Wi-Fi address. With ``address_cap`` set, the address's count stops only
  devices that have typed something wrong themselves, so one person's typos do
  not shut out the room; past the cap (far more than a room types), everyone
  there waits;
- per target (for a join code: the one code a try was aimed at) and
  everywhere (every try aimed at a target, on the whole site), over a longer
  window. These catch someone who clears cookies or moves address each try:
  to the limits they are just "a device that has not guessed", so only a count
  that is not theirs can stop them.
"""

import math
from collections.abc import Mapping
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from cms.tokens import token_hash

# A header's worth of address is plenty; anything longer is not an address.
ADDRESS_MAX_LENGTH = 64


def client_address(meta: Mapping) -> str:
    """The network address of the device making this request (``request.META``).

    The one place the site decides it, for every limit. Behind the documented
    reverse proxy (``DJANGO_BEHIND_PROXY``, set by ``config.serve
    --behind-proxy``) it is the right-most ``X-Forwarded-For`` entry: the
    address the proxy itself saw and added. Anything to its left was sent by
    the device and could be made up. Otherwise it is the connection's own address.
    """
    if getattr(settings, "BEHIND_PROXY", False):
        hops = [hop.strip() for hop in meta.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        hops = [hop for hop in hops if hop]
        if hops:
            return hops[-1][:ADDRESS_MAX_LENGTH]
    return str(meta.get("REMOTE_ADDR", ""))[:ADDRESS_MAX_LENGTH]


@dataclass(frozen=True)
class GuessLimit:
    """How many wrong tries each counter allows before tries stop for a while.

    ``per_device`` and ``per_address`` count within ``window_seconds``. Without
    ``address_cap``, a full address count stops everyone on the address. With
    it, a full address count stops only devices that have guessed wrong
    themselves, and ``address_cap`` stops everyone. ``per_target`` and
    ``everywhere`` (either may be None: not counted) count within
    ``long_window_seconds``.
    """

    name: str
    per_device: int
    per_address: int
    window_seconds: int
    address_cap: int | None = None
    per_target: int | None = None
    everywhere: int | None = None
    long_window_seconds: int = 60 * 60


@dataclass(frozen=True)
class GuessStop:
    """Why tries are stopped for now, and for how long."""

    reason: str  # "device", "address", "target" or "everywhere"
    wait_seconds: int

    @property
    def wait_minutes(self) -> int:
        """The wait in whole minutes, at least one, for people to read."""
        return max(1, math.ceil(self.wait_seconds / 60))


def _key(limit: GuessLimit, kind: str, value: str = "") -> str:
    return f"guesses:{limit.name}:{kind}:{token_hash(value) if value else 'all'}"


def _count(key: str) -> int:
    return cache.get(key) or 0


def _wait(key: str) -> int:
    """Seconds until the window of ``key`` ends (it runs from its first wrong try)."""
    ends = cache.get(f"{key}:ends")
    return max(1, math.ceil(ends - timezone.now().timestamp())) if ends else 1


def guesses_stopped(
    *, limit: GuessLimit, device: str, address: str, target: str = ""
) -> GuessStop | None:
    """Should this try be refused without looking at what was typed? None if not."""
    device_key = _key(limit, "device", device)
    address_key = _key(limit, "address", address)
    device_wrong = _count(device_key)
    address_wrong = _count(address_key)
    if device_wrong >= limit.per_device:
        return GuessStop("device", _wait(device_key))
    if limit.address_cap is not None and address_wrong >= limit.address_cap:
        return GuessStop("address", _wait(address_key))
    # A device that has typed nothing wrong itself still gets in below the cap.
    if address_wrong >= limit.per_address and (limit.address_cap is None or device_wrong > 0):
        return GuessStop("address", _wait(address_key))
    if target and limit.per_target is not None:
        target_key = _key(limit, "target", target)
        if _count(target_key) >= limit.per_target:
            return GuessStop("target", _wait(target_key))
    if target and limit.everywhere is not None:
        everywhere_key = _key(limit, "everywhere")
        if _count(everywhere_key) >= limit.everywhere:
            return GuessStop("everywhere", _wait(everywhere_key))
    return None


def guesses_exhausted(*, limit: GuessLimit, device: str, address: str) -> bool:
    """Has this device, or this address, used up its wrong tries for now?"""
    return guesses_stopped(limit=limit, device=device, address=address) is not None


def _add_one(key: str, window_seconds: int) -> None:
    # The window runs from the first wrong try; its end is kept beside it, to
    # tell people how long to wait.
    if cache.add(key, 0, window_seconds):
        cache.set(f"{key}:ends", timezone.now().timestamp() + window_seconds, window_seconds)
    try:
        cache.incr(key)
    except ValueError:  # the window ended between add and incr
        cache.set(key, 1, window_seconds)
        cache.set(f"{key}:ends", timezone.now().timestamp() + window_seconds, window_seconds)


def guess_wrong_count(*, limit: GuessLimit, device: str, address: str, target: str = "") -> None:
    """Count one wrong try: for the device, the address, and the target it was aimed at."""
    _add_one(_key(limit, "device", device), limit.window_seconds)
    _add_one(_key(limit, "address", address), limit.window_seconds)
    if target and limit.per_target is not None:
        _add_one(_key(limit, "target", target), limit.long_window_seconds)
    if target and limit.everywhere is not None:
        _add_one(_key(limit, "everywhere"), limit.long_window_seconds)


@dataclass(frozen=True)
class TargetGuesses:
    """Wrong tries at one target in its current window, for the people who look after it."""

    count: int
    minutes: int  # how long ago the window began, in whole minutes (at least one)
    stopped: bool


def guesses_at_target(*, limit: GuessLimit, target: str) -> TargetGuesses:
    """How many wrong tries have been aimed at ``target`` lately, and since when."""
    key = _key(limit, "target", target)
    count = _count(key)
    ends = cache.get(f"{key}:ends")
    began = (ends - limit.long_window_seconds) if ends else timezone.now().timestamp()
    minutes = max(1, math.ceil((timezone.now().timestamp() - began) / 60))
    stopped = limit.per_target is not None and count >= limit.per_target
    return TargetGuesses(count=count, minutes=minutes, stopped=stopped)


def guesses_at_target_clear(*, limit: GuessLimit, target: str) -> None:
    """Forget the wrong tries aimed at ``target``: it works again at once."""
    key = _key(limit, "target", target)
    cache.delete_many([key, f"{key}:ends"])
