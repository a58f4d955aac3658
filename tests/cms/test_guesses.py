"""Guess limits (cms.guesses): the device's address behind a proxy, and the counters."""

import pytest
from django.core.cache import cache

from cms.guesses import (
    GuessLimit,
    client_address,
    guess_wrong_count,
    guesses_at_target,
    guesses_at_target_clear,
    guesses_stopped,
)

LIMIT = GuessLimit(
    name="test",
    per_device=3,
    per_address=5,
    window_seconds=60,
    address_cap=10,
    per_target=4,
    everywhere=6,
    long_window_seconds=600,
)


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


def wrong(times: int, *, device="d", address="a", target="") -> None:
    for number in range(times):
        guess_wrong_count(
            limit=LIMIT, device=device.format(n=number), address=address, target=target
        )


def test_without_a_proxy_the_address_is_the_connections_own(settings):
    settings.BEHIND_PROXY = False
    meta = {"REMOTE_ADDR": "192.0.2.1", "HTTP_X_FORWARDED_FOR": "203.0.113.5"}
    assert client_address(meta) == "192.0.2.1"


def test_behind_the_proxy_only_the_right_most_forwarded_address_counts(settings):
    settings.BEHIND_PROXY = True
    meta = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "1.2.3.4, 10.0.0.1 ,192.0.2.9"}
    assert client_address(meta) == "192.0.2.9"
    assert client_address({"REMOTE_ADDR": "127.0.0.1"}) == "127.0.0.1"
    assert client_address({"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": " , "}) == (
        "127.0.0.1"
    )
    assert len(client_address({"HTTP_X_FORWARDED_FOR": "x" * 500})) == 64


def test_a_device_that_guessed_too_often_is_stopped_with_how_long_to_wait():
    wrong(3)
    stop = guesses_stopped(limit=LIMIT, device="d", address="elsewhere")
    assert stop.reason == "device"
    assert 55 <= stop.wait_seconds <= 60
    assert stop.wait_minutes == 1


def test_a_busy_address_stops_only_devices_that_guessed_wrong_themselves():
    wrong(5, device="d{n}")  # five people, one wrong try each
    assert guesses_stopped(limit=LIMIT, device="d0", address="a").reason == "address"
    assert guesses_stopped(limit=LIMIT, device="someone-new", address="a") is None


def test_past_the_address_cap_everyone_on_it_waits():
    wrong(10, device="d{n}")
    assert guesses_stopped(limit=LIMIT, device="someone-new", address="a").reason == "address"
    assert guesses_stopped(limit=LIMIT, device="someone-new", address="b") is None


def test_wrong_tries_at_one_target_from_new_devices_and_addresses_pause_that_target():
    for number in range(4):
        guess_wrong_count(limit=LIMIT, device=f"d{number}", address=f"a{number}", target="7")
    stop = guesses_stopped(limit=LIMIT, device="new", address="new", target="7")
    assert stop.reason == "target"
    assert guesses_stopped(limit=LIMIT, device="new", address="new", target="8") is None
    seen = guesses_at_target(limit=LIMIT, target="7")
    assert (seen.count, seen.minutes, seen.stopped) == (4, 1, True)
    guesses_at_target_clear(limit=LIMIT, target="7")
    assert guesses_stopped(limit=LIMIT, device="new", address="new", target="7") is None
    assert guesses_at_target(limit=LIMIT, target="7").count == 0


def test_wrong_tries_aimed_at_many_targets_stop_every_aimed_try_on_the_site():
    for number in range(6):
        guess_wrong_count(
            limit=LIMIT, device=f"d{number}", address=f"a{number}", target=f"t{number}"
        )
    assert guesses_stopped(limit=LIMIT, device="n", address="n", target="t9").reason == (
        "everywhere"
    )
    # A try aimed at no working code cannot succeed, so the site-wide count leaves it alone.
    assert guesses_stopped(limit=LIMIT, device="n", address="n") is None


def test_a_limit_without_a_cap_stops_everyone_on_a_full_address():
    plain = GuessLimit(name="plain", per_device=8, per_address=2, window_seconds=60)
    for number in range(2):
        guess_wrong_count(limit=plain, device=f"d{number}", address="a")
    assert guesses_stopped(limit=plain, device="someone-new", address="a").reason == "address"
