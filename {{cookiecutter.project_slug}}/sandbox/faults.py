"""Fault plans queued through POST /_sandbox/faults, and the queue that hands them out."""

from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from sandbox.calls import Operation
from sandbox.records import ID_FIELD, TYPED_FIELD

_FIELD_PATH = r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$"


class _Params(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class NoParams(_Params):
    pass


class LatencyParams(_Params):
    seconds: float = Field(ge=0, le=600)


class TrickleParams(_Params):
    bytes_per_second: float = Field(gt=0)


class StatusParams(_Params):
    status: Literal[500, 502, 503, 504, 429, 400, 401, 404, 409, 422]
    retry_after: int | None = Field(default=None, ge=0)


class MissingFieldParams(_Params):
    field: str = Field(default=ID_FIELD, pattern=_FIELD_PATH)


class MistypedFieldParams(_Params):
    field: str = Field(default=TYPED_FIELD, pattern=_FIELD_PATH)


class OversizedBodyParams(_Params):
    bytes: int = Field(default=5_000_000, ge=1, le=100_000_000)


class CompressedBombParams(_Params):
    # What the gzip body inflates to; on the wire it is about a thousandth of that.
    inflated_bytes: int = Field(default=200_000_000, ge=1, le=2_000_000_000)


class HugeHeadersParams(_Params):
    bytes: int = Field(default=800_000, ge=1, le=10_000_000)


class RedirectParams(_Params):
    location: str = Field(default="http://evil.invalid/steal", min_length=1)


class _Plan(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    operation: Operation | Literal["any"]
    times: int = Field(default=1, ge=1)


class LatencyFault(_Plan):
    fault: Literal["latency"]
    params: LatencyParams


class TrickleFault(_Plan):
    fault: Literal["trickle"]
    params: TrickleParams


class StatusFault(_Plan):
    fault: Literal["status"]
    params: StatusParams


class MalformedJsonFault(_Plan):
    fault: Literal["malformed_json"]
    params: NoParams = NoParams()


class WrongContentTypeFault(_Plan):
    fault: Literal["wrong_content_type"]
    params: NoParams = NoParams()


class HtmlErrorFault(_Plan):
    fault: Literal["html_error"]
    params: NoParams = NoParams()


class MissingFieldFault(_Plan):
    fault: Literal["missing_field"]
    params: MissingFieldParams = MissingFieldParams()


class MistypedFieldFault(_Plan):
    fault: Literal["mistyped_field"]
    params: MistypedFieldParams = MistypedFieldParams()


class OversizedBodyFault(_Plan):
    fault: Literal["oversized_body"]
    params: OversizedBodyParams = OversizedBodyParams()


class CompressedBombFault(_Plan):
    fault: Literal["compressed_bomb"]
    params: CompressedBombParams = CompressedBombParams()


class HugeHeadersFault(_Plan):
    fault: Literal["huge_headers"]
    params: HugeHeadersParams = HugeHeadersParams()


class ConnectionResetFault(_Plan):
    fault: Literal["connection_reset"]
    params: NoParams = NoParams()


class RedirectFault(_Plan):
    fault: Literal["redirect"]
    params: RedirectParams = RedirectParams()


FaultPlan = Annotated[
    LatencyFault
    | TrickleFault
    | StatusFault
    | MalformedJsonFault
    | WrongContentTypeFault
    | HtmlErrorFault
    | MissingFieldFault
    | MistypedFieldFault
    | OversizedBodyFault
    | CompressedBombFault
    | HugeHeadersFault
    | ConnectionResetFault
    | RedirectFault,
    Field(discriminator="fault"),
]

FAULT_PLAN: TypeAdapter[FaultPlan] = TypeAdapter(FaultPlan)


@dataclass
class _QueuedFault:
    plan: FaultPlan
    remaining: int


class FaultQueue:
    """Plans in the order they were queued; each serves its next ``times`` matching calls."""

    def __init__(self) -> None:
        self._queue: list[_QueuedFault] = []

    def add(self, plan: FaultPlan) -> None:
        self._queue.append(_QueuedFault(plan, plan.times))

    def take(self, operation: Operation) -> FaultPlan | None:
        for queued in self._queue:
            if queued.plan.operation in (operation, "any"):
                queued.remaining -= 1
                if queued.remaining == 0:
                    self._queue.remove(queued)
                return queued.plan
        return None

    def pending(self) -> list[dict[str, object]]:
        return [
            {"plan": queued.plan.model_dump(), "remaining": queued.remaining}
            for queued in self._queue
        ]

    def clear(self) -> None:
        self._queue.clear()
