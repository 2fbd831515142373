"""The server's app factory: the app, with what its start built frozen out of the garbage
collector's way (the collector's full passes under load then scan only what requests
allocate), and the collector's thresholds for a process that serves requests."""

from __future__ import annotations

import gc

from {{ cookiecutter.__package_name }}.app import (
    SERVED_GC_THRESHOLDS,
    create_served_app,
)
from {{ cookiecutter.__package_name }}.choices import (
    StateSettings,
)

from tests.conftest import service_config
from tests.support.inbound_{{ cookiecutter.inbound_auth }} import (
    CallerCredentials,
)

UNUSED_VENDOR_URL = "http://127.0.0.1:9"


def test_the_served_app_freezes_what_its_start_built(
    credentials: CallerCredentials, state_settings: StateSettings
) -> None:
    thresholds = gc.get_threshold()
    gc.unfreeze()
    try:
        create_served_app(service_config(UNUSED_VENDOR_URL, credentials, state_settings))
        assert gc.get_freeze_count() > 0
        assert gc.get_threshold() == SERVED_GC_THRESHOLDS
    finally:
        gc.unfreeze()
        gc.set_threshold(*thresholds)
