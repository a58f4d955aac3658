"""A token bucket: a burst of up to ``capacity`` actions, refilled steadily.

Pure and clock-injected, so tests need no sleeping.
"""

from dataclasses import dataclass, field


@dataclass(slots=True)  # one per open socket: no per-instance dict
class TokenBucket:
    """Allows ``capacity`` actions at once and ``refill_per_second`` on average."""

    capacity: float
    refill_per_second: float
    tokens: float = field(default=-1.0)
    updated_at: float = 0.0

    def __post_init__(self) -> None:
        if self.tokens < 0:
            self.tokens = self.capacity

    def allow(self, *, now: float) -> bool:
        """Spend one token if there is one; return whether the action may go ahead."""
        elapsed = max(0.0, now - self.updated_at)
        self.tokens = min(self.capacity, self.tokens + elapsed * self.refill_per_second)
        self.updated_at = now
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False
