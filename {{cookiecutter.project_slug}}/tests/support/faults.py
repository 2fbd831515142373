"""Queue a fault at the sandbox vendor (its admin API) for the next matching calls."""

from __future__ import annotations

import httpx


def inject_fault(
    sandbox: httpx.Client, operation: str, fault: str, times: int = 1, **params: object
) -> None:
    plan = {"operation": operation, "fault": fault, "times": times, "params": params}
    sandbox.post("/_sandbox/faults", json=plan).raise_for_status()
