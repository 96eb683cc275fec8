"""Login failures slowed down: after a few wrong passwords for one account (or from one
address) within a window, further tries are refused until the window has passed, whatever
the password. Pure bookkeeping: the caller says who tried, when, and whether it worked."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field


@dataclass
class Throttle:
    max_failures: int = 5
    window_seconds: float = 15 * 60
    _failures: dict[str, deque[float]] = field(default_factory=dict)

    def _recent(self, key: str, now: float) -> deque[float]:
        times = self._failures.setdefault(key, deque())
        while times and now - times[0] > self.window_seconds:
            times.popleft()
        return times

    def blocked(self, keys: tuple[str, ...], now: float) -> float:
        """Seconds until these keys may try again (0 when they may try now)."""
        wait = 0.0
        for key in keys:
            times = self._recent(key, now)
            if len(times) >= self.max_failures:
                wait = max(wait, self.window_seconds - (now - times[0]))
        return wait

    def failed(self, keys: tuple[str, ...], now: float) -> None:
        for key in keys:
            self._recent(key, now).append(now)

    def succeeded(self, keys: tuple[str, ...]) -> None:
        for key in keys:
            self._failures.pop(key, None)
