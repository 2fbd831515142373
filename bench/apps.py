"""The benchmark's other processes, run with a generated project's Python (`make bench`).

    python apps.py vendor --port P --collection /contacts --record-file F
        the stand-in vendor: aiohttp.web answering every GET of one record with the same
        bytes (the sandbox's seed record), as fast as a vendor can be on this machine;
    python apps.py peer --client aiohttp|httpx --port P --vendor URL --package PKG
        a naive FastAPI proxy over one shared client, doing the generated project's own
        normalization (its vendor model, `normalize.to_resource`, its canonical model).

The peers have nothing else: no auth, no limits, no retries, no logs, no metrics. They are
what a team would write in an afternoon, and the yardstick the generated service is held to.
"""

from __future__ import annotations

import argparse
import importlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import uvicorn


def run_vendor(port: int, collection: str, record: bytes) -> None:
    from aiohttp import web

    async def get_record(request: web.Request) -> web.Response:
        return web.Response(body=record, content_type="application/json")

    app = web.Application()
    app.router.add_get(collection + "/{uid}", get_record)
    web.run_app(app, host="127.0.0.1", port=port, access_log=None, print=None)


def peer_app(client: str, vendor_url: str, package: str) -> Any:
    import aiohttp
    import httpx
    from fastapi import FastAPI

    constants = importlib.import_module(f"{package}.constants")
    models = importlib.import_module(f"{package}.models")
    normalize = importlib.import_module(f"{package}.normalize")
    vendor_models = importlib.import_module(f"{package}.upstream.models")
    collection = f"/{constants.RESOURCE_PLURAL}"
    shared: dict[str, Any] = {}

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if client == "aiohttp":
            shared["session"] = aiohttp.ClientSession(base_url=vendor_url)
        else:
            shared["client"] = httpx.AsyncClient(base_url=vendor_url)
        yield
        if client == "aiohttp":
            await shared["session"].close()
        else:
            await shared["client"].aclose()

    app = FastAPI(lifespan=lifespan)

    async def fetch_aiohttp(path: str) -> bytes:
        async with shared["session"].get(path) as response:
            body: bytes = await response.read()
            return body

    async def fetch_httpx(path: str) -> bytes:
        response = await shared["client"].get(path)
        body: bytes = response.content
        return body

    fetch = fetch_aiohttp if client == "aiohttp" else fetch_httpx

    @app.get(f"/v1/{constants.RESOURCE_PLURAL}/{{resource_id}}", response_model=models.Resource)
    async def get_resource(resource_id: str) -> Any:
        body = await fetch(f"{collection}/{resource_id}")
        return normalize.to_resource(vendor_models.VendorRecord.model_validate_json(body))

    return app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("role", choices=["vendor", "peer"])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--collection", default="/contacts")
    parser.add_argument("--record-file", type=Path)
    parser.add_argument("--client", choices=["aiohttp", "httpx"], default="aiohttp")
    parser.add_argument("--vendor", default="")
    parser.add_argument("--package", default="")
    args = parser.parse_args()
    if args.role == "vendor":
        run_vendor(args.port, args.collection, args.record_file.read_bytes())
        return
    app = peer_app(args.client, args.vendor, args.package)
    uvicorn.run(
        app,
        host="127.0.0.1",
        port=args.port,
        loop="uvloop",
        http="httptools",
        log_level="warning",
        access_log=False,
    )


if __name__ == "__main__":
    main()
