"""Run the service: python -m <package> (host and port from SERVICE_HOST / SERVICE_PORT)."""

from __future__ import annotations

import sys

from . import app as app_module
from .app import create_served_app, load_config, logging_setup, production_check
from .server import serve
from .startup_errors import ConfigError


def main() -> int:
    try:
        config = load_config()
        production_check(config)  # refuse before serving, not in the server's worker
    except ConfigError as error:
        for problem in error.problems:
            print(f"cannot start: {problem}", file=sys.stderr)
        return 2
    settings = config.settings
    logging_setup(config).apply()  # granian's own lines, too, in the service's log format
    target = f"{app_module.__name__}:{create_served_app.__name__}"
    serve(target, settings.service_host, settings.service_port, settings.log_level, config.server)
    return 0


if __name__ == "__main__":
    sys.exit(main())
