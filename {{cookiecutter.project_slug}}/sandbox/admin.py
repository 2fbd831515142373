"""The /_sandbox admin API: health, call log, reset, token revocation, faults.

Admin routes are never authenticated, never logged and never faulted.
"""

from pydantic import ValidationError
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from sandbox.errors import validation_error
from sandbox.faults import FAULT_PLAN
from sandbox.state import SandboxState

ADMIN_PREFIX = "/_sandbox"


def admin_routes(state: SandboxState) -> list[Route]:
    async def health(request: Request) -> Response:
        return JSONResponse({"status": "ok"})

    async def calls(request: Request) -> Response:
        return JSONResponse(state.calls.snapshot())

    async def reset(request: Request) -> Response:
        state.reset()
        return JSONResponse({"status": "reset"})

    async def revoke_tokens(request: Request) -> Response:
        return JSONResponse({"revoked": state.tokens.revoke_all()})

    async def queue_fault(request: Request) -> Response:
        try:
            plan = FAULT_PLAN.validate_json(await request.body())
        except ValidationError as exc:
            return validation_error("invalid fault plan", exc)
        state.faults.add(plan)
        return JSONResponse({"queued": plan.model_dump()}, status_code=201)

    async def list_faults(request: Request) -> Response:
        return JSONResponse({"faults": state.faults.pending()})

    async def clear_faults(request: Request) -> Response:
        state.faults.clear()
        return JSONResponse({"faults": []})

    return [
        Route(f"{ADMIN_PREFIX}/health", health, methods=["GET"]),
        Route(f"{ADMIN_PREFIX}/calls", calls, methods=["GET"]),
        Route(f"{ADMIN_PREFIX}/reset", reset, methods=["POST"]),
        Route(f"{ADMIN_PREFIX}/tokens/revoke", revoke_tokens, methods=["POST"]),
        Route(f"{ADMIN_PREFIX}/faults", queue_fault, methods=["POST"]),
        Route(f"{ADMIN_PREFIX}/faults", list_faults, methods=["GET"]),
        Route(f"{ADMIN_PREFIX}/faults", clear_faults, methods=["DELETE"]),
    ]
