"""The app factory the server process runs in tests: create_served_app with a pickled
AppConfig."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

from fastapi import FastAPI

from {{ cookiecutter.__package_name }}.app import (
    AppConfig,
    create_served_app,
)


def create() -> FastAPI:
    config: AppConfig = pickle.loads(Path(os.environ["TEST_PICKLED_APP_CONFIG"]).read_bytes())
    return create_served_app(config)
