"""A Redis outage, over real sockets: a service whose redis-server has stopped still serves
reads (the vendor rate limit fails open), counts every storage failure in a metric, and
refuses creates with an Idempotency-Key with 503 STATE_STORE_UNAVAILABLE."""

from __future__ import annotations

import re
import uuid
from pathlib import Path

import httpx
from pydantic import SecretStr

from {{ cookiecutter.__package_name }}.app import (
    create_app,
)
from {{ cookiecutter.__package_name }}.choices import (
    StateSettings,
)
from {{ cookiecutter.__package_name }}.constants import (
    READ_SCOPE,
    RESOURCE_PLURAL,
    WRITE_SCOPE,
)

from tests.conftest import service_config
from tests.flow.test_create import NEW_RECORD
from tests.flow.test_fault_matrix import REDIS_OUTAGE
from tests.support.inbound_{{ cookiecutter.inbound_auth }} import (
    CallerCredentials,
)
from tests.support.records import FIRST_ID
from tests.support.redis_server import running_redis_server
from tests.support.servers import serve

PATH = f"/v1/{RESOURCE_PLURAL}"
READS = 3
FAILURES = re.compile(r"^vendor_rate_limit_storage_failures_total (\S+)$", re.MULTILINE)


def test_reads_go_on_counted_and_keyed_creates_wait_for_redis(
    sandbox_url: str, sandbox: httpx.Client, credentials: CallerCredentials, tmp_path: Path
) -> None:
    del sandbox  # reset, so FIRST_ID exists
    with running_redis_server(tmp_path) as redis_url:
        state = StateSettings(_env_file=None, redis_url=SecretStr(redis_url))
        app = create_app(service_config(sandbox_url, credentials, state))
    # The redis-server has stopped: the app starts against an outage.
    with serve(app) as url, httpx.Client(base_url=url, timeout=30) as caller:
        reads = [
            caller.get(f"{PATH}/{FIRST_ID}", headers=credentials.headers(READ_SCOPE))
            for _ in range(READS)
        ]
        keyed_create = caller.post(
            PATH,
            json=NEW_RECORD,
            headers={**credentials.headers(WRITE_SCOPE), "Idempotency-Key": str(uuid.uuid4())},
        )
        exposition = caller.get("/metrics").text

    assert [read.status_code for read in reads] == [REDIS_OUTAGE.status] * READS
    failures = FAILURES.search(exposition)
    assert failures is not None and float(failures[1]) >= READS
    assert keyed_create.status_code == 503, keyed_create.text
    assert keyed_create.json()["code"] == "STATE_STORE_UNAVAILABLE"
