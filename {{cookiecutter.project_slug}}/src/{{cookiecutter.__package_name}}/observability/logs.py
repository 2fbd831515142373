"""Structured logs: JSON lines in production, readable console lines in development.

structlog and stdlib logging (granian, uvicorn, httpx, libraries) end in one handler, and
both run the same last steps (tracebacks, then redaction, then rendering), so no line
bypasses redaction. structlog's lines (the access line, the vendor events) go straight to
the handler's stream, under its lock: a stdlib LogRecord and its caller lookup cost more
than the line itself. Stdlib lines pass through the handler's ProcessorFormatter.
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

    @property
    def stream(self) -> TextIO:
        return sys.stderr

    @stream.setter
    def stream(self, stream: TextIO) -> None:
        pass  # always the current sys.stderr


class HandlerStreamLogger:
    """structlog's logger: writes each rendered line to the handler's stream, under the
    handler's lock, as the handler would write a formatted record."""

    def __init__(self, handler: logging.StreamHandler[TextIO], name: str) -> None:
        self.handler = handler
        self.name = name  # the "logger" field (structlog.stdlib.add_logger_name)

    def msg(self, line: str) -> None:
        handler = self.handler
        handler.acquire()
        try:
            handler.stream.write(line + handler.terminator)
            handler.flush()
        finally:
            handler.release()

    debug = info = warning = error = critical = exception = msg


class HandlerStreamLoggerFactory:
    def __init__(self, handler: logging.StreamHandler[TextIO]) -> None:
        self.handler = handler

    def __call__(self, name: str = "", *args: object) -> HandlerStreamLogger:
        return HandlerStreamLogger(self.handler, name)


@dataclass(frozen=True)
class LoggingSetup:
    level: str
    development: bool
    redactor: Redactor

    def last_steps(self) -> list[Processor]:
        """What every line goes through last, structlog's and stdlib's alike."""
        renderer: Processor = (
            structlog.dev.ConsoleRenderer(
                colors=sys.stderr.isatty(), exception_formatter=structlog.dev.plain_traceback
            )
            if self.development
            else structlog.processors.JSONRenderer()
        )
        # A plain traceback without local variables: locals can hold personal data.
        return [structlog.processors.format_exc_info, self.redactor, renderer]

    def formatter(self) -> structlog.stdlib.ProcessorFormatter:
        return structlog.stdlib.ProcessorFormatter(
            foreign_pre_chain=[
                structlog.stdlib.ExtraAdder(),
                drop_message_copies,
                *SHARED_PROCESSORS,
            ],
            processors=[
                structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                *self.last_steps(),
            ],
        )

    def apply(self, handler: logging.StreamHandler[TextIO] | None = None) -> None:
        """Route every log line to one redacting handler's stream (stderr unless given)."""
        handler = handler or CurrentStderrHandler()
        structlog.configure(
            processors=[*SHARED_PROCESSORS, *self.last_steps()],
            logger_factory=HandlerStreamLoggerFactory(handler),
            wrapper_class=structlog.make_filtering_bound_logger(
                logging.getLevelNamesMapping()[self.level.upper()]
            ),
            cache_logger_on_first_use=False,
        )
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
