"""Everything the sandbox remembers between requests, and how to forget it."""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from sandbox.calls import CallLog
from sandbox.config import SandboxConfig
from sandbox.faults import FaultQueue
from sandbox.idempotency import IdempotencyStore
from sandbox.records import Collection
from sandbox.tokens import TokenStore


@dataclass
class CollectionState:
    records: Collection
    idempotency: IdempotencyStore = field(default_factory=IdempotencyStore)


class SandboxState:
    def __init__(
        self,
        config: SandboxConfig,
        clock: Callable[[], float],
        sleep: Callable[[float], Awaitable[None]],
    ) -> None:
        self.config = config
        self.clock = clock
        self.sleep = sleep
        self.calls = CallLog()
        self.faults = FaultQueue()
        self.tokens = TokenStore(clock)
        self._collections: dict[str, CollectionState] = {}

    def collection(self, name: str) -> CollectionState:
        """The named collection, seeded on first use."""
        if name not in self._collections:
            self._collections[name] = CollectionState(Collection.seeded(self.config.seed_records))
        return self._collections[name]

    def reset(self) -> None:
        """Forget calls, faults and records. Issued tokens stay valid, as a vendor's would
        across a data reset; /_sandbox/tokens/revoke invalidates them."""
        self.calls = CallLog()
        self.faults.clear()
        self._collections.clear()
