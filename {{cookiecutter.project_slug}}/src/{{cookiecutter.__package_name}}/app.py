"""The application factory: settings are validated, then the lifespan builds the shared
vendor client, the authenticator and the service once, and closes them at shutdown."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

import httpx
from fastapi import FastAPI

from .about import VERSION
from .api import health, routes
from .api.deps import Components, install_components
from .api.middleware import BodyLimitMiddleware, JsonBodyMiddleware, RequestContextMiddleware
from .api.openapi import install_openapi
from .api.problems import install_problem_handlers
from .api.read_timeout import BodyReadTimeoutMiddleware
from .choices import (
    OPENAPI_SECURITY_SCHEMES,
    InboundAuthSettings,
    StateSettings,
    VendorAuthSettings,
    VendorPaginator,
    build_authenticator,
    build_state_store,
    build_vendor_auth,
    rate_limit_key,
    rate_limit_storage_uri,
)
from .constants import INTEGRATION_NAME, PROJECT_SLUG, VENDOR_PAGINATION_STYLE
from .cursors import CursorCodec
from .idempotency import IdempotencyRecords
from .observability import (
    AccessLogMiddleware,
    LoggingSetup,
    Metrics,
    Redactor,
    VendorObserver,
    install_metrics_endpoint,
    secret_values_of,
)
from .production import check_production
from .resilience import ResilienceSettings, build_pipeline
from .server import ServerSettings
from .service import ResourceService
from .settings import Settings
from .startup_errors import SettingsLoader
from .upstream.adapter import HttpVendor
from .upstream.client import VendorClient, VendorTimeouts, build_http_client

# Allocations before a young collection, then collections of each generation before one of
# the next older; Python's default is (700, 10, 10).
SERVED_GC_THRESHOLDS = (10_000, 20, 20)


@dataclass(frozen=True)
class AppConfig:
    settings: Settings
    vendor_auth: VendorAuthSettings
    inbound_auth: InboundAuthSettings
    state: StateSettings
    resilience: ResilienceSettings
    server: ServerSettings = field(default_factory=ServerSettings)


def load_config() -> AppConfig:
    """Read and validate every setting from the environment (and .env); a ConfigError lists
    every invalid setting of every group, without their values."""
    loader = SettingsLoader()
    config = AppConfig(
        loader.load(Settings),
        loader.load(VendorAuthSettings),
        loader.load(InboundAuthSettings),
        loader.load(StateSettings),
        loader.load(ResilienceSettings),
        loader.load(ServerSettings),
    )
    loader.raise_problems()
    return config


def production_check(config: AppConfig) -> None:
    """The production policy (production.py), the only place it is applied."""
    settings = config.settings
    check_production(
        settings.app_env,
        settings.expose_api_docs,
        [settings, config.vendor_auth, config.inbound_auth, config.state, config.resilience],
    )


def logging_setup(config: AppConfig) -> LoggingSetup:
    settings = config.settings
    secrets = secret_values_of(
        settings, config.vendor_auth, config.inbound_auth, config.state, config.resilience
    )
    return LoggingSetup(
        settings.log_level,
        development=(settings.log_format or console_in_development(settings)) == "console",
        redactor=Redactor(secrets, settings.pii_fields),
    )


def console_in_development(settings: Settings) -> str:
    return "console" if settings.app_env == "development" else "json"


def vendor_timeouts(settings: Settings) -> VendorTimeouts:
    return VendorTimeouts(
        connect=settings.vendor_connect_timeout,
        read=settings.vendor_read_timeout,
        write=settings.vendor_write_timeout,
        pool=settings.vendor_pool_timeout,
    )


def create_app(
    config: AppConfig | None = None,
    vendor_transport: httpx.AsyncBaseTransport | None = None,
) -> FastAPI:
    config = config or load_config()
    settings = config.settings
    production_check(config)
    logs = logging_setup(config)
    logs.apply()
    metrics = Metrics()
    observer = VendorObserver(metrics)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        logs.apply()  # again: servers configure logging after create_app (uvicorn does)
        timeouts = vendor_timeouts(settings)
        http = build_http_client(
            settings.vendor_base_url,
            build_vendor_auth(config.vendor_auth),
            timeouts,
            settings.vendor_max_connections,
            transport=vendor_transport,
            proxy=(
                settings.vendor_proxy_url.get_secret_value() if settings.vendor_proxy_url else None
            ),
            ca_bundle=settings.vendor_ca_bundle,
        )
        observer.watch(http)
        pipeline = build_pipeline(
            config.resilience,
            rate_limit_storage_uri(config.state),
            rate_limit_key=rate_limit_key(config.state),
            on_call=observer.on_call,
            on_breaker_state_change=observer.on_breaker_state_change,
            on_rate_limit_storage_failure=observer.on_rate_limit_storage_failure,
        )
        vendor = VendorClient(
            http, settings.vendor_collection_path, pipeline, settings.vendor_max_response_bytes
        )
        cursors = CursorCodec(
            settings.cursor_secrets(),
            PROJECT_SLUG,
            VENDOR_PAGINATION_STYLE,
            settings.cursor_ttl_seconds,
        )
        state_store = build_state_store(config.state)
        idempotency = IdempotencyRecords(
            state_store,
            settings.idempotency_ttl_seconds,
            settings.idempotency_pending_ttl_seconds,
            settings.idempotency_wait_seconds,
        )
        service = ResourceService(
            HttpVendor(vendor, VendorPaginator()),
            cursors,
            idempotency,
            vendor_honours_idempotency_keys=settings.vendor_honours_idempotency_keys,
        )
        install_components(
            app, Components(service, build_authenticator(config.inbound_auth), pipeline)
        )
        try:
            yield
        finally:
            await http.aclose()
            await state_store.close()

    docs = settings.expose_api_docs
    app = FastAPI(
        title=INTEGRATION_NAME,
        version=VERSION,
        lifespan=lifespan,
        openapi_url="/openapi.json" if docs else None,
        docs_url="/docs" if docs else None,
        redoc_url="/redoc" if docs else None,
        # A path with a trailing slash is not found (404 problem+json), not redirected: the
        # redirect went out before authentication, built from the caller's Host header.
        redirect_slashes=False,
    )
    install_problem_handlers(app)
    install_openapi(app, OPENAPI_SECURITY_SCHEMES)
    app.include_router(health.router)
    app.include_router(routes.router)
    install_metrics_endpoint(app, metrics)
    app.add_middleware(JsonBodyMiddleware, routes=app.router.routes)
    app.add_middleware(BodyReadTimeoutMiddleware, seconds=config.server.body_read_timeout)
    app.add_middleware(BodyLimitMiddleware, max_bytes=settings.max_request_body_bytes)
    app.add_middleware(RequestContextMiddleware)
    # Added last, so it wraps everything and logs what the caller got.
    app.add_middleware(AccessLogMiddleware, metrics=metrics)
    return app


def create_served_app(config: AppConfig | None = None) -> FastAPI:
    """The server's factory: the app, with everything built so far (modules, routes, schemas)
    frozen out of the garbage collector's way, so its full collections under load scan only
    what requests allocate; and young collections less often than Python's default (every
    700 allocations), since nearly all of a request's objects are freed by reference
    counting before any collection could find them."""
    app = create_app(config)
    gc.collect()
    gc.freeze()
    gc.set_threshold(*SERVED_GC_THRESHOLDS)
    return app
