"""Run the service: python -m <package> (host and port from SERVICE_HOST / SERVICE_PORT)."""

from __future__ import annotations

import sys

from . import app
from .app import ConfigError, load_config, logging_setup
from .server import serve


def main() -> int:
    try:
        config = load_config()
    except ConfigError as error:
        print(f"cannot start: {error}", file=sys.stderr)
        return 2
    settings = config.settings
    logging_setup(config).apply()  # granian's own lines, too, in the service's log format
    target = f"{app.__name__}:{app.create_app.__name__}"
    serve(target, settings.service_host, settings.service_port, settings.log_level, config.server)
    return 0


if __name__ == "__main__":
    sys.exit(main())
