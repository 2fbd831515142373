"""The sandbox's records in the vendor's shape (sandbox/sample_records.json, written from
the vendor's spec): served as written, numbered, the same every time, per collection."""

import json
from pathlib import Path

from sandbox.answers import answer, record_in
from sandbox.records import ENVELOPES, ID_FIELD, LIST_FIELDS, SHAPE, seed_record
from tests.sandbox.harness import start_sandbox
from tests.support.records import FIRST_ID, UNKNOWN_ID, VENDOR_NEW_RECORD, seeded_id, vendor_create

SAMPLES = Path(__file__).resolve().parents[2] / "sandbox" / "sample_records.json"


def test_get_returns_the_vendor_shaped_record() -> None:
    sandbox = start_sandbox()

    response = sandbox.client.get(f"/contacts/{FIRST_ID}")

    assert response.status_code == 200
    assert response.json() == answer("get", SHAPE["records"][0])
    envelope, others = ENVELOPES["get"]
    if envelope is not None:
        assert response.json() == {**others, envelope: SHAPE["records"][0]}


def test_seed_records_are_deterministic_numbered_and_cycle_through_the_samples() -> None:
    records = [seed_record(number) for number in range(1, 26)]
    samples = json.loads(SAMPLES.read_text(encoding="utf-8"))["records"]

    assert records == [seed_record(number) for number in range(1, 26)]
    assert [record.uid for record in records] == [seeded_id(number) for number in range(1, 26)]
    for number, record in enumerate(records, start=1):
        sample = samples[(number - 1) % len(samples)]
        assert {**record.to_json(), ID_FIELD: None} == {**sample, ID_FIELD: None}
    assert len({json.dumps(record.to_json(), sort_keys=True) for record in records}) == 25


def test_unknown_id_is_a_vendor_not_found_error() -> None:
    sandbox = start_sandbox()

    response = sandbox.client.get(f"/contacts/{UNKNOWN_ID}")

    assert response.status_code == 404
    assert response.json()["error"]["type"] == "not_found"
    assert UNKNOWN_ID in response.json()["error"]["message"]


def test_any_valid_collection_name_is_served_with_its_own_records() -> None:
    sandbox = start_sandbox(seed_records=2)

    created = sandbox.client.post("/tickets", **vendor_create(VENDOR_NEW_RECORD))

    assert str(record_in("create", created.json())[ID_FIELD]) == seeded_id(3)
    assert sandbox.client.get(f"/tickets/{seeded_id(3)}").status_code == 200
    assert sandbox.client.get(f"/deals/{seeded_id(3)}").status_code == 404
    assert sandbox.client.get(f"/deals/{seeded_id(2)}").status_code == 200


def test_invalid_collection_names_are_not_found() -> None:
    sandbox = start_sandbox()

    for name in ("Contacts", "9lives", "x" * 64, "contacts%20x"):
        response = sandbox.client.get(f"/{name}")
        assert response.status_code == 404, name
        assert response.json()["error"]["type"] == "not_found"


def test_seeding_can_be_turned_off() -> None:
    sandbox = start_sandbox(seed_records=0, vendor_list_names=False)

    assert sandbox.client.get("/contacts").json() == {
        **LIST_FIELDS,
        "data": [],
        "has_more": False,
        "next_cursor": None,
    }
