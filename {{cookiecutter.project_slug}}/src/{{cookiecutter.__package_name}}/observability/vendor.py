"""What the vendor calls tell operators: metrics, events, and a debug line per attempt.

The resilience pipeline reports each call (CallReport) and each breaker state change; the
shared httpx client's event hooks see each attempt, token requests included.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from weakref import WeakKeyDictionary

import httpx
import structlog

from ..resilience import CallReport
from ..resilience.breaker import BreakerState
from .access_log import note_vendor_call
from .metrics import BREAKER_STATES, Metrics

VENDOR_LOGGER = "vendor"
logger = structlog.stdlib.get_logger(VENDOR_LOGGER)
# The per-attempt line is a debug line: when debug is off, the hooks skip its work (timing,
# URL formatting) as well as the line itself.
_level_check = logging.getLogger(VENDOR_LOGGER)

# During a storage outage every call fails its storage request: one warning per interval,
# with the count since the last one, instead of one per call.
STORAGE_FAILURE_LOG_INTERVAL = 10.0


class VendorObserver:
    def __init__(self, metrics: Metrics, clock: Callable[[], float] = time.monotonic) -> None:
        self.metrics = metrics
        self._started: WeakKeyDictionary[httpx.Request, float] = WeakKeyDictionary()
        self._clock = clock
        self._storage_failures_unlogged = 0
        self._storage_failure_logged_at: float | None = None

    def on_rate_limit_storage_failure(self, kind: str) -> None:
        self.metrics.rate_limit_storage_failures.inc()
        self._storage_failures_unlogged += 1
        now = self._clock()
        last = self._storage_failure_logged_at
        if last is not None and now - last < STORAGE_FAILURE_LOG_INTERVAL:
            return
        logger.warning(
            "vendor rate limit storage failed",
            error_kind=kind,
            failures=self._storage_failures_unlogged,
            fail_open=True,
        )
        self._storage_failures_unlogged = 0
        self._storage_failure_logged_at = now

    def on_call(self, report: CallReport) -> None:
        m = self.metrics
        operation = report.operation
        m.observe_vendor_call(
            operation, report.error_code or "ok", report.seconds, report.attempts - 1
        )
        if report.rate_limit_wait > 0:
            m.rate_limit_waits.inc()
            logger.info(
                "vendor rate limit wait",
                operation=operation,
                wait_ms=round(report.rate_limit_wait * 1000, 1),
            )
        if report.rejected_by == "rate_limiter":
            m.rate_limit_rejections.inc()
        elif report.rejected_by == "bulkhead":
            m.bulkhead_rejections.inc()
        if report.retry_budget_exhausted:
            logger.warning(
                "vendor retry budget exhausted",
                operation=operation,
                error_code=report.error_code,
                vendor_attempts=report.attempts,
            )
        note_vendor_call(report.attempts, report.seconds)

    def on_breaker_state_change(self, old: BreakerState, new: BreakerState) -> None:
        self.metrics.breaker_state.set(BREAKER_STATES[new])
        log = logger.info if new == "closed" else logger.warning
        log("vendor breaker state changed", old_state=old, new_state=new)

    def watch(self, http: httpx.AsyncClient) -> None:
        """Add event hooks to the shared client: a debug line for every attempt."""
        hooks = http.event_hooks
        http.event_hooks = {
            "request": [*hooks.get("request", []), self._request_sent],
            "response": [*hooks.get("response", []), self._response_received],
        }

    async def _request_sent(self, request: httpx.Request) -> None:
        if _level_check.isEnabledFor(logging.DEBUG):
            self._started[request] = time.perf_counter()

    async def _response_received(self, response: httpx.Response) -> None:
        if not _level_check.isEnabledFor(logging.DEBUG):
            return
        request = response.request
        started = self._started.pop(request, None)
        seconds = None if started is None else time.perf_counter() - started
        logger.debug(
            "vendor attempt",
            method=request.method,
            # Without the query: it can carry cursors and filters.
            url=str(request.url.copy_with(query=None)),
            status=response.status_code,
            duration_ms=None if seconds is None else round(seconds * 1000, 1),
        )
