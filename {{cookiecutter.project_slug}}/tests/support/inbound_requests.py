"""A bare inbound request for the code that reads only its headers (authentication)."""

from __future__ import annotations

from fastapi import Request


def request_with(headers: dict[str, str], path: str = "/") -> Request:
    raw = [(name.lower().encode(), value.encode()) for name, value in headers.items()]
    return Request({"type": "http", "method": "GET", "path": path, "headers": raw})
