"""The sandbox vendor's admin API: queue a fault for the next matching calls, and count
the calls that reached it."""

from __future__ import annotations

import httpx


def inject_fault(
    sandbox: httpx.Client, operation: str, fault: str, times: int = 1, **params: object
) -> None:
    plan = {"operation": operation, "fault": fault, "times": times, "params": params}
    sandbox.post("/_sandbox/faults", json=plan).raise_for_status()


def vendor_call_count(sandbox: httpx.Client, operation: str) -> int:
    """The calls of `operation` the sandbox has answered since it was last reset."""
    counts: dict[str, int] = sandbox.get("/_sandbox/calls").json()["counts"]
    return counts[operation]
