"""Helpers for tests that drive the sandbox: a manual clock and a recording sleep."""

from dataclasses import dataclass, field


@dataclass
class ManualClock:
    """A clock that only moves when told to; pass it as ``clock=``."""

    now: float = 1_700_000_000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@dataclass
class RecordingSleep:
    """An instant replacement for asyncio.sleep that remembers what it was asked."""

    calls: list[float] = field(default_factory=list)

    async def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)
