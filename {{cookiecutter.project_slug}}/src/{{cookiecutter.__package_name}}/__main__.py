"""Run the service: python -m <package> (host and port from SERVICE_HOST / SERVICE_PORT)."""

from __future__ import annotations

import sys

import uvicorn

from .app import ConfigError, create_app, load_config


def main() -> int:
    try:
        config = load_config()
    except ConfigError as error:
        print(f"cannot start: {error}", file=sys.stderr)
        return 2
    settings = config.settings
    uvicorn.run(
        create_app(config),
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
