"""Request dependencies: all async, gathered in api/deps.py, each route's scope named once."""

from __future__ import annotations

import inspect

import pytest
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute

from {{ cookiecutter.__package_name }}.api import (
    health,
    routes,
)
from {{ cookiecutter.__package_name }}.api.deps import (
    ScopeCheck,
)
from {{ cookiecutter.__package_name }}.api.openapi import (
    REQUIRED_SCOPE,
)

API_ROUTES = [
    route
    for router in (routes.router, health.router)
    for route in router.routes
    if isinstance(route, APIRoute)
]


def every_dependency(dependant: Dependant) -> list[object]:
    calls: list[object] = []
    for sub in dependant.dependencies:
        calls += [sub.call, *every_dependency(sub)]
    return calls


def is_async(call: object) -> bool:
    return inspect.iscoroutinefunction(call) or inspect.iscoroutinefunction(
        getattr(call, "__call__", None)  # noqa: B004 (a callable object's own method)
    )


@pytest.mark.parametrize("route", API_ROUTES, ids=lambda route: route.name)
def test_every_dependency_is_async_so_none_takes_a_thread_pool_hop(route: APIRoute) -> None:
    dependencies = every_dependency(route.dependant)
    sync = [call for call in dependencies if not is_async(call)]
    assert not sync, f"{route.name} has sync dependencies {sync}"


@pytest.mark.parametrize(
    "route", [route for route in API_ROUTES if route.path.startswith("/v1/")], ids=str
)
def test_the_scope_checked_is_the_scope_documented(route: APIRoute) -> None:
    checked = [
        call.scope for call in every_dependency(route.dependant) if isinstance(call, ScopeCheck)
    ]
    assert len(checked) == 1, f"{route.name} checks {checked}"
    assert (route.openapi_extra or {}).get(REQUIRED_SCOPE) == checked[0]
