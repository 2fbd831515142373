"""The error catalog: one entry per error code, and the exception that carries a code.

The catalog is the single source of truth for errors. The same entries produce every
application/problem+json response (see api/problems.py) and the troubleshooting playbook in
docs/; a test fails when they drift apart. Codes are stable forever: add new ones, never
rename or reuse one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal, get_args

# Every code of the catalog below, as a type: `mypy --strict` rejects a misspelt code
# wherever one is written (ServiceError, the retrier's and breaker's code sets, the problem
# renderer). tests/unit/test_errors.py checks this list and the catalog name the same codes.
ErrorCode = Literal[
    "VALIDATION_FAILED",
    "UNAUTHENTICATED",
    "FORBIDDEN",
    "NOT_FOUND",
    "METHOD_NOT_ALLOWED",
    "CONFLICT",
    "IDEMPOTENCY_KEY_REUSED",
    "IDEMPOTENCY_KEY_IN_PROGRESS",
    "PAYLOAD_TOO_LARGE",
    "REQUEST_TIMEOUT",
    "UNSUPPORTED_MEDIA_TYPE",
    "RATE_LIMITED",
    "UPSTREAM_TIMEOUT",
    "UPSTREAM_UNAVAILABLE",
    "UPSTREAM_AUTH_FAILED",
    "UPSTREAM_REJECTED",
    "UPSTREAM_CONTRACT_VIOLATION",
    "STATE_STORE_UNAVAILABLE",
    "AUTH_PROVIDER_UNAVAILABLE",
    "INTERNAL_ERROR",
]
ERROR_CODES: tuple[ErrorCode, ...] = get_args(ErrorCode)
# The pipeline layers that refuse a call themselves, without asking the vendor.
RejectingLayer = Literal["rate_limiter", "circuit_breaker", "bulkhead"]


class Condition(StrEnum):
    """A property of this project's answers that some codes need before they can occur."""

    # The state lives in Redis, which can be down; the memory store cannot be.
    STATE_IN_REDIS = "state_in_redis"
    # Callers send JWTs, whose keys come from an identity provider that can be down.
    CALLERS_SEND_JWTS = "callers_send_jwts"


class Actor(StrEnum):
    """Who acts to resolve an error."""

    CALLER = "caller"
    US = "us"
    VENDOR = "vendor"


@dataclass(frozen=True)
class ErrorSpec:
    code: ErrorCode
    status: int
    title: str
    retryable: bool
    actor: Actor
    explanation: str
    causes: tuple[str, ...]
    checks: tuple[str, ...]
    # The code can only occur when every condition holds; the playbook lists it only then.
    occurs_when: tuple[Condition, ...] = ()


CATALOG_ENTRIES = (
    ErrorSpec(
        code="VALIDATION_FAILED",
        status=422,
        title="The request is not valid",
        retryable=False,
        actor=Actor.CALLER,
        explanation="Some of the information sent was missing or in the wrong form.",
        causes=("A required field is missing", "A value has the wrong type or is out of range"),
        checks=("The `errors` list in the response names each field (JSON pointer)",),
    ),
    ErrorSpec(
        code="UNAUTHENTICATED",
        status=401,
        title="Credentials are missing or not valid",
        retryable=False,
        actor=Actor.CALLER,
        explanation="The caller did not prove who it is, so the request was refused.",
        causes=("No {credential}", "Unknown, expired or revoked credentials"),
        checks=("The caller's {credential_noun}", "Access log lines with code UNAUTHENTICATED"),
    ),
    ErrorSpec(
        code="FORBIDDEN",
        status=403,
        title="The credentials lack the required scope",
        retryable=False,
        actor=Actor.CALLER,
        explanation="The caller is known but is not allowed to do this.",
        causes=("The {credential_noun} does not carry the scope the operation needs",),
        checks=("The scopes {scopes_where}",),
    ),
    ErrorSpec(
        code="NOT_FOUND",
        status=404,
        title="Not found",
        retryable=False,
        actor=Actor.CALLER,
        explanation="What was asked for does not exist, at the vendor or in this service.",
        causes=("A wrong or deleted id", "A wrong URL path"),
        checks=("The id in the request", "Whether the record exists in the vendor's own tool"),
    ),
    ErrorSpec(
        code="METHOD_NOT_ALLOWED",
        status=405,
        title="Method not allowed",
        retryable=False,
        actor=Actor.CALLER,
        explanation="This address does not support that kind of request.",
        causes=("A client using the wrong HTTP method",),
        checks=("The API reference at /docs",),
    ),
    ErrorSpec(
        code="CONFLICT",
        status=409,
        title="The change conflicts with the current state",
        retryable=False,
        actor=Actor.CALLER,
        explanation="The vendor refused the change because it clashes with existing data.",
        causes=("A duplicate record", "A concurrent change to the same record"),
        checks=("Fetch the current record and decide whether to retry the change",),
    ),
    ErrorSpec(
        code="IDEMPOTENCY_KEY_REUSED",
        status=422,
        title="The idempotency key was used with a different request",
        retryable=False,
        actor=Actor.CALLER,
        explanation="The same request key was sent twice with different contents.",
        causes=("A client reusing one Idempotency-Key for two different creates",),
        checks=("Generate a fresh Idempotency-Key for every distinct create",),
    ),
    ErrorSpec(
        code="IDEMPOTENCY_KEY_IN_PROGRESS",
        status=409,
        title="A request with this idempotency key is still running",
        retryable=True,
        actor=Actor.CALLER,
        explanation="The same request is already being handled; try again in a moment.",
        causes=("A client retrying before its first attempt finished",),
        checks=("Retry after the Retry-After header; the first request's result is kept",),
    ),
    ErrorSpec(
        code="PAYLOAD_TOO_LARGE",
        status=413,
        title="The request body is too large",
        retryable=False,
        actor=Actor.CALLER,
        explanation="The request was bigger than this service accepts.",
        causes=("A body above MAX_REQUEST_BODY_BYTES",),
        checks=("The Content-Length the caller sent", "The MAX_REQUEST_BODY_BYTES setting"),
    ),
    ErrorSpec(
        code="REQUEST_TIMEOUT",
        status=408,
        title="The request body arrived too slowly",
        retryable=True,
        actor=Actor.CALLER,
        explanation="The caller started a request but did not finish sending it in time.",
        causes=(
            "A Content-Length larger than the body actually sent",
            "A very slow or stalled client or network",
        ),
        checks=("The caller's Content-Length", "The SERVER_BODY_READ_TIMEOUT setting"),
    ),
    ErrorSpec(
        code="UNSUPPORTED_MEDIA_TYPE",
        status=415,
        title="The request body must be JSON",
        retryable=False,
        actor=Actor.CALLER,
        explanation="The request was sent in a format this service does not read.",
        causes=("A Content-Type other than application/json",),
        checks=("The Content-Type header the caller sent",),
    ),
    ErrorSpec(
        code="RATE_LIMITED",
        status=429,
        title="Too many requests to the vendor",
        retryable=True,
        actor=Actor.CALLER,
        explanation="The vendor only accepts so many requests at a time; try again shortly.",
        causes=("Traffic above the vendor's rate limit", "The vendor throttling this service"),
        checks=("The Retry-After header", "Rate-limit wait and rejection metrics"),
    ),
    ErrorSpec(
        code="UPSTREAM_TIMEOUT",
        status=504,
        title="The vendor did not answer in time",
        retryable=True,
        actor=Actor.VENDOR,
        explanation="The vendor took too long to answer, so the request was stopped.",
        causes=("The vendor is slow or overloaded", "Network trouble between us and the vendor"),
        checks=("Vendor latency in the access logs", "The vendor's status page"),
    ),
    ErrorSpec(
        code="UPSTREAM_UNAVAILABLE",
        status=503,
        title="The vendor is unavailable",
        retryable=True,
        actor=Actor.VENDOR,
        explanation="The vendor is down or failing right now; the service will recover on its own.",
        causes=("Vendor 5xx answers", "Connection failures", "The circuit breaker is open"),
        checks=("Vendor call outcomes in the logs", "The vendor's status page"),
    ),
    ErrorSpec(
        code="UPSTREAM_AUTH_FAILED",
        status=502,
        title="The vendor refused our credentials",
        retryable=False,
        actor=Actor.US,
        explanation="The vendor did not accept this service's credentials; we must fix them.",
        causes=("Expired or rotated vendor credentials", "Credentials for the wrong environment"),
        checks=("{vendor_secrets}", "The vendor account's API settings"),
    ),
    ErrorSpec(
        code="UPSTREAM_REJECTED",
        status=502,
        title="The vendor rejected the request",
        retryable=False,
        actor=Actor.US,
        explanation="The vendor refused a request this service built; we must look into it.",
        causes=("A mapping that sends what the vendor no longer accepts", "Vendor-side rules"),
        checks=("The vendor error type in the logs", "Recent vendor API changes"),
    ),
    ErrorSpec(
        code="UPSTREAM_CONTRACT_VIOLATION",
        status=502,
        title="The vendor sent an unexpected response",
        retryable=False,
        actor=Actor.VENDOR,
        explanation="The vendor answered in a form we do not understand, so it was not used.",
        causes=("A vendor API change", "A missing or mistyped field", "A non-JSON error page"),
        checks=("The field named in the logs", "The vendor's changelog"),
    ),
    ErrorSpec(
        code="STATE_STORE_UNAVAILABLE",
        status=503,
        title="The service's state store is unavailable",
        retryable=True,
        actor=Actor.US,
        explanation="The service cannot reach the store it uses to avoid duplicate creates.",
        causes=("Redis is down or unreachable", "Wrong REDIS_URL"),
        checks=("Redis health and the REDIS_URL setting", "Log lines with STATE_STORE_UNAVAILABLE"),
        occurs_when=(Condition.STATE_IN_REDIS,),
    ),
    ErrorSpec(
        code="AUTH_PROVIDER_UNAVAILABLE",
        status=503,
        title="The identity provider's keys are unavailable",
        retryable=True,
        actor=Actor.US,
        explanation=(
            "The keys that verify callers' tokens could not be fetched, so no token could be"
            " checked; the service recovers once the identity provider answers again."
        ),
        causes=("The identity provider is down or slow", "A wrong JWT_JWKS_URL"),
        checks=(
            "The JWT_JWKS_URL setting and the identity provider's status",
            "Log lines with AUTH_PROVIDER_UNAVAILABLE (they name the failure)",
        ),
        occurs_when=(Condition.CALLERS_SEND_JWTS,),
    ),
    ErrorSpec(
        code="INTERNAL_ERROR",
        status=500,
        title="Internal error",
        retryable=False,
        actor=Actor.US,
        explanation="Something went wrong inside this service; the team has what it needs to look.",
        causes=("A bug in this service",),
        checks=("The log lines with this request_id, which carry the stack trace",),
    ),
)

CATALOG: dict[ErrorCode, ErrorSpec] = {entry.code: entry for entry in CATALOG_ENTRIES}


@dataclass(frozen=True)
class FieldError:
    """One invalid input: where it was and why it is wrong.

    `location` is body, query, path or header. For the body, `name` is a JSON pointer into
    it ("/attributes/title"); otherwise it is the parameter's name.
    """

    location: Literal["body", "query", "path", "header"]
    name: str
    message: str


@dataclass
class ServiceError(Exception):
    """An error with a catalog code; rendered as application/problem+json.

    `detail` is shown to the caller, so it must never hold vendor bodies or secrets.
    `log_context` is for our logs only; what code decides on (retry, breaker) travels in
    typed fields: `vendor_status` (the vendor's HTTP status, when it answered) and
    `rejected_by` (the pipeline layer that refused the call without asking the vendor).
    Both are copied into `log_context` too, so the logs keep showing them.
    """

    code: ErrorCode
    detail: str = ""
    retry_after: float | None = None
    field_errors: list[FieldError] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)
    log_context: dict[str, object] = field(default_factory=dict)
    vendor_status: int | None = None
    rejected_by: RejectingLayer | None = None

    def __post_init__(self) -> None:
        if self.code not in CATALOG:  # for callers mypy does not check
            raise ValueError(f"unknown error code {self.code!r}")
        if self.vendor_status is not None:
            self.log_context.setdefault("vendor_status", self.vendor_status)
        if self.rejected_by is not None:
            self.log_context.setdefault("rejected_by", self.rejected_by)
        super().__init__(self.code, self.detail)

    @property
    def spec(self) -> ErrorSpec:
        return CATALOG[self.code]
