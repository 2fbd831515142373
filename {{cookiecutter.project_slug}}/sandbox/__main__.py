"""Run the sandbox vendor API.

Usage: python -m sandbox --host 127.0.0.1 --port 8081 [--auth-scheme X] [--pagination Y]
"""

import argparse
import dataclasses
import os
from collections.abc import Mapping, Sequence

import uvicorn

from sandbox.app import create_app
from sandbox.config import AUTH_SCHEMES, PAGINATION_STYLES, SandboxConfig


@dataclasses.dataclass(frozen=True)
class LaunchOptions:
    host: str
    port: int
    config: SandboxConfig


def parse_launch_options(argv: Sequence[str] | None, environ: Mapping[str, str]) -> LaunchOptions:
    """Flags override SANDBOX_* environment variables."""
    parser = argparse.ArgumentParser(
        prog="python -m sandbox", description="Run the fake vendor API."
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8081)
    parser.add_argument("--auth-scheme", choices=AUTH_SCHEMES)
    parser.add_argument("--pagination", choices=PAGINATION_STYLES)
    args = parser.parse_args(argv)
    try:
        config = SandboxConfig.from_env(environ)
    except ValueError as exc:
        parser.error(str(exc))
    overrides = {"auth_scheme": args.auth_scheme, "pagination": args.pagination}
    config = dataclasses.replace(
        config, **{name: value for name, value in overrides.items() if value}
    )
    return LaunchOptions(host=args.host, port=args.port, config=config)


def main(argv: Sequence[str] | None = None) -> None:
    options = parse_launch_options(argv, os.environ)
    print(
        f"sandbox: auth_scheme={options.config.auth_scheme} "
        f"pagination={options.config.pagination} on http://{options.host}:{options.port}"
    )
    uvicorn.run(create_app(options.config), host=options.host, port=options.port)


if __name__ == "__main__":
    main()
