"""The HTTP server (granian) and the limits on what a caller's connection may cost.

A client that never finishes its request must cost a bounded amount of memory and time:
- the request head (request line and headers) is read into a buffer of at most
  SERVER_MAX_HEAD_BYTES; a longer head gets 431 and the connection is closed;
- a head (also the next one on a kept-alive connection) must arrive within
  SERVER_HEADER_READ_TIMEOUT, else the connection is closed;
- a body must arrive within SERVER_BODY_READ_TIMEOUT of its first read, else 408
  (api/read_timeout.py: granian has no body timeout of its own);
- at most SERVER_MAX_CONCURRENT_REQUESTS connections are served at once (granian's
  backpressure; an idle or unfinished one keeps its place only until the header timeout);
  further connections wait in the kernel's backlog (SERVER_BACKLOG), refused when it is
  full, instead of growing the process.

Granian, not uvicorn, because uvicorn's default parser (httptools) reads heads of any
size with no timeout (a 16 MB header got a 200), and its h11 parser bounds the head but
still has no head or body timeout (docs/design-decisions.md in the template).
"""

from __future__ import annotations

from typing import Any

from granian import Granian
from granian.constants import HTTPModes, Interfaces
from granian.http import HTTP1Settings
from granian.log import LogLevels
from pydantic import Field
from pydantic_settings import SettingsConfigDict

from .service_settings import ServiceSettings

KIBIBYTE = 1024
# granian refuses buffers below 8 KiB and head timeouts above 60 s.
MIN_HEAD_BYTES = 8 * KIBIBYTE
MAX_HEADER_READ_TIMEOUT = 60.0


# granian's own lines (start, stop, worker events) go to the root logger, so they pass through
# the app's handler (JSON in production, redacted) instead of granian's plain-text one.
GRANIAN_LOGS_TO_ROOT: dict[str, Any] = {
    "handlers": {},
    "loggers": {
        "_granian": {"handlers": [], "propagate": True},
        "granian.access": {"handlers": [], "propagate": False},
    },
}


class ServerSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="SERVER_")

    max_head_bytes: int = Field(default=16 * KIBIBYTE, ge=MIN_HEAD_BYTES, le=1024 * KIBIBYTE)
    header_read_timeout: float = Field(default=10.0, ge=0.001, le=MAX_HEADER_READ_TIMEOUT)
    body_read_timeout: float = Field(default=10.0, gt=0)
    max_concurrent_requests: int = Field(default=256, ge=1)
    backlog: int = Field(default=1024, ge=1)


def serve(target: str, host: str, port: int, log_level: str, server: ServerSettings) -> None:
    """Run the app factory `target` ("module:function") under granian, one worker, until
    stopped."""
    Granian(
        target,
        factory=True,  # the worker builds the app from the same (already checked) settings
        address=host,
        port=port,
        interface=Interfaces.ASGI,
        workers=1,
        http=HTTPModes.http1,
        websockets=False,
        backlog=server.backlog,
        backpressure=server.max_concurrent_requests,
        http1_settings=HTTP1Settings(
            header_read_timeout=round(server.header_read_timeout * 1000),
            keep_alive=True,
            max_buffer_size=server.max_head_bytes,
        ),
        log_level=LogLevels(log_level),
        log_dictconfig=GRANIAN_LOGS_TO_ROOT,
        # The app writes its own access lines (structured, redacted).
        log_access=False,
    ).serve()
