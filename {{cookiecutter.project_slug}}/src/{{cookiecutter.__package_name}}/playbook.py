"""The troubleshooting playbook, docs/troubleshooting.md, generated from the error catalog.

Edit errors.py, then run `make docs` (`python -m <package>.playbook`); `--check` exits 1 when
the file on disk differs. The text depends on the catalog only, never on the project's
answers, so every project with the same catalog ships the same playbook.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

from .errors import CATALOG, Actor, ErrorCode, ErrorSpec

DEFAULT_PATH = Path("docs") / "troubleshooting.md"
REQUEST_METRIC = "http_requests_total"
LOG_FIELDS = ("request_id", "error_code", "route")

WHO_ACTS = {
    Actor.CALLER: "The caller. The request must change before it is sent again.",
    Actor.US: "We do: the team that runs this service.",
    Actor.VENDOR: "The vendor. We watch it, tell callers, and escalate if it lasts.",
}
RETRY_YES = (
    "Yes, after a pause. Wait as long as the `Retry-After` header says when the response "
    "has one; otherwise back off with jitter. Three attempts in all; repeat a create only "
    "with the same `Idempotency-Key`."
)
RETRY_NO = "No. The same request gets the same answer until the cause is fixed."

# Metrics beyond the request counter that show where a code comes from.
RELATED_METRICS: dict[ErrorCode, tuple[str, ...]] = {
    "RATE_LIMITED": ("vendor_rate_limit_waits_total", "vendor_rate_limit_rejections_total"),
    "UPSTREAM_TIMEOUT": (
        "vendor_call_duration_seconds",
        "vendor_retries_total",
        "vendor_calls_total",
    ),
    "UPSTREAM_UNAVAILABLE": (
        "vendor_breaker_state",
        "vendor_bulkhead_rejections_total",
        "vendor_retries_total",
        "vendor_calls_total",
    ),
    "UPSTREAM_AUTH_FAILED": ("vendor_calls_total",),
    "UPSTREAM_REJECTED": ("vendor_calls_total",),
    "UPSTREAM_CONTRACT_VIOLATION": ("vendor_calls_total",),
    "INTERNAL_ERROR": ("http_request_duration_seconds",),
}

INTRODUCTION = """\
# Troubleshooting playbook

<!-- Generated from the error catalog (errors.py) by `make docs`. Edit the catalog, not
this file: a test fails when the two disagree. -->

Every error this service returns is an `application/problem+json` body with a stable
`code`, the HTTP `status`, `retryable` and a `request_id`. Find the code below: what it
means, what to check first, who acts and whether to retry.

## Start here

1. Take the `request_id` from the error body or the `X-Request-ID` response header.
2. Search the logs for it. Every log line of a request carries `request_id`; lines about
   an error also carry `error_code` and `route`.
3. Measure how wide the problem is: `http_requests_total{error_code="<CODE>"}` by `route`
   tells one caller's mistake from an outage.
4. Follow the entry for the code: who acts, and whether to retry.

Only codes marked retryable are worth retrying. Honour `Retry-After` when it is present:
the service sends it when it knows how long to wait.
"""


def render_playbook() -> str:
    """The whole playbook as Markdown; the same catalog always gives the same text."""
    return "\n".join(
        [INTRODUCTION, *summary(), *(line for spec in CATALOG.values() for line in entry(spec))]
    )


def summary() -> Iterator[str]:
    yield "## All codes"
    yield ""
    yield "| Code | Status | Retry | Who acts | What it means |"
    yield "| --- | --- | --- | --- | --- |"
    for spec in CATALOG.values():
        retry = "yes" if spec.retryable else "no"
        link = f"[`{spec.code}`](#{spec.code.lower()})"
        meaning = spec.explanation.replace("|", "\\|")
        yield f"| {link} | {spec.status} | {retry} | {spec.actor.value} | {meaning} |"
    yield ""


def entry(spec: ErrorSpec) -> Iterator[str]:
    yield f"## {spec.code}"
    yield ""
    yield f"**{spec.status} {spec.title}.** {spec.explanation}"
    yield ""
    yield f"- Who acts: {WHO_ACTS[spec.actor]}"
    yield f"- Retry: {RETRY_YES if spec.retryable else RETRY_NO}"
    yield ""
    yield "Likely causes:"
    yield ""
    yield from (f"- {cause}" for cause in spec.causes)
    yield ""
    yield "Check first:"
    yield ""
    yield from (f"{number}. {check}" for number, check in enumerate(checks(spec), 1))
    yield ""


def checks(spec: ErrorSpec) -> Iterator[str]:
    yield from spec.checks
    fields = ", ".join(f"`{field}`" for field in LOG_FIELDS)
    yield f'Log lines with `error_code="{spec.code}"` ({fields})'
    yield f"The metric `{metric_for(spec.code)}` by `route`"
    related = RELATED_METRICS.get(spec.code, ())
    if related:
        yield "Also: " + ", ".join(f"`{name}`" for name in related)


def metric_for(code: ErrorCode) -> str:
    """The request counter's series for one code, as PromQL selects it."""
    return REQUEST_METRIC + '{error_code="' + code + '"}'


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog=f"python -m {__package__}.playbook",
        description="Write the troubleshooting playbook from the error catalog.",
    )
    parser.add_argument("--check", action="store_true", help="exit 1 if the file is stale")
    parser.add_argument("--path", type=Path, default=DEFAULT_PATH, help="default: %(default)s")
    args = parser.parse_args(argv)
    path: Path = args.path
    text = render_playbook()
    if args.check:
        current = path.read_text(encoding="utf-8") if path.is_file() else None
        if current != text:
            print(f"{path} is stale: run `make docs`", file=sys.stderr)
            return 1
        return 0
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
