"""The troubleshooting playbook, docs/troubleshooting.md, generated from the error catalog.

Edit errors.py, then run `make docs` (`python -m <package>.playbook`); `--check` exits 1 when
the file on disk differs. The text depends on the catalog and on the answers in constants.py:
it lists only the codes this project can return (an entry's `occurs_when`), and names the
credentials this project's callers and vendor auth really use. It imports nothing outside
the standard library, so the template can write it while it renders the project.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

from .constants import (
    INBOUND_AUTH,
    STATE_BACKEND,
    VENDOR_AUTH_SCHEME,
)
from .errors import CATALOG, Actor, Condition, ErrorCode, ErrorSpec

DEFAULT_PATH = Path("docs") / "troubleshooting.md"
REQUEST_METRIC = "http_requests_total"
LOG_FIELDS = ("request_id", "error_code", "route")

WHO_ACTS = {
    Actor.CALLER: "The caller.",
    Actor.US: "We do: the team that runs this service.",
    Actor.VENDOR: "The vendor. We watch it, tell callers, and escalate if it lasts.",
}
# `retryable` alone chooses the retry advice, so an entry cannot say both "send it again"
# and "change it first".
RETRY_YES = (
    "Yes: send the same request again after a pause. Wait as long as the `Retry-After` "
    "header says when the response has one; otherwise back off with jitter. Three attempts "
    "in all; repeat a create only with the same `Idempotency-Key`."
)
RETRY_NO_CALLER = "No. The request must change before it is sent again."
RETRY_NO = "No. The same request gets the same answer until the cause is fixed."

# Words for the catalog's placeholders, by this project's answers.
INBOUND_WORDS: dict[str, dict[str, str]] = {
    "api_key": {
        "credential": "`X-API-Key` header, nor an `Authorization: Bearer` header with a key",
        "credential_noun": "API key",
        "scopes_where": "listed for the caller's key in the `API_KEYS` setting",
    },
    "jwt": {
        "credential": "`Authorization: Bearer` header with a JWT",
        "credential_noun": "token",
        "scopes_where": "in the `scope` claim of the caller's token",
    },
}
# The settings that hold the vendor credentials of each vendor auth scheme.
VENDOR_SECRETS: dict[str, str] = {
    "api_key_header": "The `VENDOR_API_KEY` secret in the environment",
    "bearer_token": "The `VENDOR_BEARER_TOKEN` secret in the environment",
    "oauth2_client_credentials": (
        "The `VENDOR_CLIENT_ID` and `VENDOR_CLIENT_SECRET` settings and `VENDOR_TOKEN_URL`"
    ),
    "hmac_signature": "The `VENDOR_HMAC_KEY_ID` and `VENDOR_HMAC_SECRET` settings",
    "none": "Whether the vendor now asks for credentials (this service sends none)",
}


def holds(condition: Condition) -> bool:
    """Whether a condition of the catalog holds for this project's answers."""
    if condition is Condition.STATE_IN_REDIS:
        return STATE_BACKEND == "redis"
    return condition is Condition.CALLERS_SEND_JWTS and INBOUND_AUTH == "jwt"


def producible(spec: ErrorSpec) -> bool:
    """Whether this project can return the code at all."""
    return all(holds(condition) for condition in spec.occurs_when)


def listed_codes() -> list[ErrorCode]:
    """The codes the playbook lists, in catalog order: those this project can return."""
    return [code for code, spec in CATALOG.items() if producible(spec)]


def words(text: str) -> str:
    """A catalog sentence with its placeholders filled in for this project."""
    return text.format(
        vendor_secrets=VENDOR_SECRETS[VENDOR_AUTH_SCHEME], **INBOUND_WORDS[INBOUND_AUTH]
    )


def retry_advice(spec: ErrorSpec) -> str:
    if spec.retryable:
        return RETRY_YES
    return RETRY_NO_CALLER if spec.actor is Actor.CALLER else RETRY_NO


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
    specs = [CATALOG[code] for code in listed_codes()]
    return "\n".join(
        [INTRODUCTION, *summary(specs), *(line for spec in specs for line in entry(spec))]
    )


def summary(specs: Sequence[ErrorSpec]) -> Iterator[str]:
    yield "## All codes"
    yield ""
    yield "| Code | Status | Retry | Who acts | What it means |"
    yield "| --- | --- | --- | --- | --- |"
    for spec in specs:
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
    yield f"- Retry: {retry_advice(spec)}"
    yield ""
    yield "Likely causes:"
    yield ""
    yield from (f"- {words(cause)}" for cause in spec.causes)
    yield ""
    yield "Check first:"
    yield ""
    yield from (f"{number}. {check}" for number, check in enumerate(checks(spec), 1))
    yield ""


def checks(spec: ErrorSpec) -> Iterator[str]:
    yield from (words(check) for check in spec.checks)
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
