"""A log of vendor calls, so tests can assert what the service sent."""

from collections import Counter, deque
from dataclasses import asdict, dataclass
from typing import Any, Literal, get_args

Operation = Literal["get", "list", "create", "token"]
OPERATIONS: tuple[Operation, ...] = get_args(Operation)

MAX_LOGGED_CALLS = 500


@dataclass(frozen=True)
class Call:
    operation: Operation
    method: str
    path: str
    request_id: str | None
    idempotency_key: str | None
    status: int
    # When the call arrived, in seconds from the sandbox's clock (time.time() unless a test
    # injects one), so tests can check how calls were spread over time.
    at: float


class CallLog:
    def __init__(self) -> None:
        self._calls: deque[Call] = deque(maxlen=MAX_LOGGED_CALLS)
        self._counts: Counter[Operation] = Counter()

    def record(self, call: Call) -> None:
        self._calls.append(call)
        self._counts[call.operation] += 1

    def snapshot(self) -> dict[str, Any]:
        return {
            "counts": {operation: self._counts[operation] for operation in OPERATIONS},
            "calls": [asdict(call) for call in self._calls],
        }
