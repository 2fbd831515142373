"""The total time one vendor call may take, across every retry and wait."""

from __future__ import annotations

import time

from .timing import Clock


class Deadline:
    """Starts when created; each step of a call takes at most `remaining()` seconds."""

    def __init__(self, budget: float, clock: Clock = time.monotonic) -> None:
        if budget <= 0:
            raise ValueError("a deadline needs a positive budget")
        self.budget = budget
        self._clock = clock
        self._ends_at = clock() + budget

    def remaining(self) -> float:
        return max(0.0, self._ends_at - self._clock())

    def elapsed(self) -> float:
        return self.budget - self.remaining()

    @property
    def expired(self) -> bool:
        return self.remaining() <= 0
