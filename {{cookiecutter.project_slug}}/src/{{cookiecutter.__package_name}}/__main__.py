"""Run the service: python -m <package> (host and port from SERVICE_HOST / SERVICE_PORT)."""

from __future__ import annotations

import sys

import uvicorn

from .app import create_app, load_config
from .startup_errors import ConfigError


def main() -> int:
    try:
        config = load_config()
        app = create_app(config)
    except ConfigError as error:
        for problem in error.problems:
            print(f"cannot start: {problem}", file=sys.stderr)
        return 2
    settings = config.settings
    uvicorn.run(
        app,
        host=settings.service_host,
        port=settings.service_port,
        log_level=settings.log_level,
        proxy_headers=False,
        # Logging is the app's own (structured, redacted); the app writes the access lines.
        log_config=None,
        access_log=False,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
