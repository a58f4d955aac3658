"""The token bucket allows bursts, then a steady rate."""

from sessions_live.ratelimit import TokenBucket


def test_a_full_bucket_allows_a_burst_then_refuses():
    bucket = TokenBucket(capacity=3, refill_per_second=1)
    assert [bucket.allow(now=0.0) for _ in range(4)] == [True, True, True, False]


def test_the_bucket_refills_over_time_but_never_past_capacity():
    bucket = TokenBucket(capacity=2, refill_per_second=1)
    bucket.allow(now=0.0)
    bucket.allow(now=0.0)
    assert not bucket.allow(now=0.5)
    assert bucket.allow(now=1.5)
    assert [bucket.allow(now=100.0) for _ in range(3)] == [True, True, False]
