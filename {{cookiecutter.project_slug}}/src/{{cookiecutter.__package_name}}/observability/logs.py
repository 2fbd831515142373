"""Structured logs: JSON lines in production, readable console lines in development.

structlog and stdlib logging (uvicorn, httpx, libraries) share one handler whose
ProcessorFormatter runs the redaction step last before rendering, so no line bypasses it.
Logging is process-wide: the most recent `apply()` wins.
"""

from __future__ import annotations

import logging
import sys
from dataclasses import dataclass
from typing import TextIO

import structlog
from structlog.typing import EventDict, Processor, WrappedLogger

from ..request_context import current_request_id
from .redaction import Redactor

# Our access line replaces uvicorn's; our per-attempt debug line replaces httpx's info line.
QUIETED_LOGGERS = ("uvicorn.access", "httpx", "httpcore")
SERVER_LOGGERS = ("uvicorn", "uvicorn.error", "uvicorn.access")


def add_request_id(logger: WrappedLogger, method_name: str, event_dict: EventDict) -> EventDict:
    request_id = current_request_id.get()
    if request_id:
        event_dict.setdefault("request_id", request_id)
    return event_dict


def drop_message_copies(
    logger: WrappedLogger, method_name: str, event_dict: EventDict
) -> EventDict:
    # ExtraAdder also picks up copies of the event: uvicorn's ANSI one, and the one another
    # handler's formatter may have set on the record first.
    event_dict.pop("color_message", None)
    event_dict.pop("message", None)
    return event_dict


SHARED_PROCESSORS: list[Processor] = [
    add_request_id,
    structlog.stdlib.add_log_level,
    structlog.stdlib.add_logger_name,
    structlog.processors.TimeStamper(fmt="iso", utc=True),
]


class CurrentStderrHandler(logging.StreamHandler[TextIO]):
    """Writes to whatever sys.stderr is at the time, so redirections (pytest) are followed."""

    def emit(self, record: logging.LogRecord) -> None:
        self.stream = sys.stderr
        super().emit(record)


@dataclass(frozen=True)
class LoggingSetup:
    level: str
    development: bool
    redactor: Redactor

    def formatter(self) -> structlog.stdlib.ProcessorFormatter:
        renderer: Processor = (
            structlog.dev.ConsoleRenderer(
                colors=sys.stderr.isatty(), exception_formatter=structlog.dev.plain_traceback
            )
            if self.development
            else structlog.processors.JSONRenderer()
        )
        return structlog.stdlib.ProcessorFormatter(
            foreign_pre_chain=[
                structlog.stdlib.ExtraAdder(),
                drop_message_copies,
                *SHARED_PROCESSORS,
            ],
            processors=[
                structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                # A plain traceback without local variables: locals can hold personal data.
                structlog.processors.format_exc_info,
                self.redactor,
                renderer,
            ],
        )

    def apply(self, handler: logging.Handler | None = None) -> None:
        """Route every log line through one redacting handler (stderr unless given)."""
        structlog.configure(
            processors=[
                structlog.stdlib.filter_by_level,
                *SHARED_PROCESSORS,
                structlog.stdlib.PositionalArgumentsFormatter(),
                structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
            ],
            logger_factory=structlog.stdlib.LoggerFactory(),
            wrapper_class=structlog.stdlib.BoundLogger,
            cache_logger_on_first_use=False,
        )
        handler = handler or CurrentStderrHandler()
        handler.setFormatter(self.formatter())
        handler.set_name(__name__)
        root = logging.getLogger()
        for previous in [h for h in root.handlers if h.get_name() == __name__]:
            root.removeHandler(previous)
        root.addHandler(handler)
        root.setLevel(self.level.upper())
        # Servers install their own handlers (uvicorn does, after create_app): undo that, so
        # their lines reach the redacting handler too.
        for name in SERVER_LOGGERS:
            server_logger = logging.getLogger(name)
            server_logger.handlers.clear()
            server_logger.propagate = True
            server_logger.setLevel(logging.NOTSET)
        for name in QUIETED_LOGGERS:
            logging.getLogger(name).setLevel(max(logging.WARNING, root.level))
