"""A fake vendor API ("sandbox") for local development and tests.

It imitates the third-party API the service wraps: vendor-shaped records, the
configured auth scheme and pagination style, idempotent creates, and injectable
faults. Run it with ``python -m sandbox`` or build it with ``sandbox.app.create_app``.
"""
