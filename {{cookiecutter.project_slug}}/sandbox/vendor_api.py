"""The vendor API itself: records under /{collection} and POST /oauth/token.

Every call goes through ``_run``, which applies any queued fault and records
the call in the log.
"""

from collections.abc import Awaitable, Callable

from pydantic import ValidationError
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from sandbox.answers import answer
from sandbox.auth import authenticate
from sandbox.calls import Call, Operation
from sandbox.errors import InvalidRequest, validation_error, vendor_error
from sandbox.fault_responses import respond_with_fault
from sandbox.idempotency import StoredResponse, request_fingerprint
from sandbox.new_record import read_new_record
from sandbox.oauth import issue_token
from sandbox.pagination import paginate
from sandbox.records import COLLECTION_NAME
from sandbox.state import CollectionState, SandboxState

Handler = Callable[[Request], Awaitable[Response]]


def vendor_routes(state: SandboxState) -> list[Route]:
    def operation(name: Operation, handler: Handler) -> Handler:
        async def endpoint(request: Request) -> Response:
            return await _run(state, name, handler, request)

        return endpoint

    async def get_record(request: Request) -> Response:
        collection = await _authorised_collection(state, request)
        if isinstance(collection, Response):
            return collection
        uid = request.path_params["uid"]
        record = collection.records.get(uid)
        if record is None:
            return vendor_error(404, "not_found", f"no record with uid {uid!r}")
        return JSONResponse(answer("get", record.to_json()))

    async def list_records(request: Request) -> Response:
        collection = await _authorised_collection(state, request)
        if isinstance(collection, Response):
            return collection
        try:
            config = state.config
            records = collection.records.ordered()
            return paginate(config.pagination, records, request, config.vendor_list_names)
        except InvalidRequest as exc:
            return vendor_error(400, "invalid_request", str(exc))

    async def create_record(request: Request) -> Response:
        collection = await _authorised_collection(state, request)
        if isinstance(collection, Response):
            return collection
        return await _create(state, collection, request)

    async def token(request: Request) -> Response:
        return await issue_token(request, state.config, state.tokens)

    return [
        Route("/oauth/token", operation("token", token), methods=["POST"]),
        Route("/{collection}", operation("list", list_records), methods=["GET"]),
        Route("/{collection}", operation("create", create_record), methods=["POST"]),
        Route("/{collection}/{uid}", operation("get", get_record), methods=["GET"]),
    ]


async def _run(
    state: SandboxState, operation: Operation, handler: Handler, request: Request
) -> Response:
    arrived_at = state.clock()
    plan = state.faults.take(operation)
    if plan is None:
        response = await handler(request)
    else:
        response = await respond_with_fault(plan, operation, lambda: handler(request), state.sleep)
    state.calls.record(
        Call(
            operation=operation,
            method=request.method,
            path=request.url.path,
            request_id=request.headers.get("X-Request-ID"),
            idempotency_key=request.headers.get("Idempotency-Key"),
            status=response.status_code,
            at=arrived_at,
        )
    )
    return response


async def _authorised_collection(
    state: SandboxState, request: Request
) -> CollectionState | Response:
    """The requested collection, or the 401/404 response to send instead."""
    failure = await authenticate(request, state.config, state.tokens, state.clock)
    if failure is not None:
        return vendor_error(
            401, "unauthorized", failure.message, headers={"WWW-Authenticate": failure.challenge}
        )
    name = request.path_params["collection"]
    if not COLLECTION_NAME.match(name):
        return vendor_error(404, "not_found", f"no collection named {name!r}")
    return state.collection(name)


async def _create(state: SandboxState, collection: CollectionState, request: Request) -> Response:
    raw_body = await request.body()
    key = request.headers.get("Idempotency-Key")
    if key is not None:
        stored = collection.idempotency.get(key)
        if stored is not None:
            if stored.request_fingerprint != request_fingerprint(raw_body):
                return vendor_error(
                    422,
                    "idempotency_key_reused",
                    "this Idempotency-Key was already used with a different request body",
                )
            return JSONResponse(
                stored.body, status_code=stored.status_code, headers={"Idempotent-Replayed": "true"}
            )
    try:
        new_record = read_new_record(raw_body)
    except ValidationError as exc:
        return validation_error("the record is invalid", exc)
    record = collection.records.create(new_record, int(state.clock()))
    body = answer("create", record.to_json())
    if key is not None:
        # Like most vendors, only completed creates are remembered; a rejected
        # request may be retried with the same key and a corrected body.
        collection.idempotency.remember(
            key, StoredResponse(request_fingerprint(raw_body), 201, body)
        )
    return JSONResponse(body, status_code=201)
