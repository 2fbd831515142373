from sandbox.records import LIST_FIELDS, seed_record
from tests.sandbox.harness import start_sandbox


def test_get_returns_the_vendor_shaped_record() -> None:
    sandbox = start_sandbox()

    response = sandbox.client.get("/contacts/rec_0001")

    assert response.status_code == 200
    assert response.json() == {
        "uid": "rec_0001",
        "attributes": {
            "title": "Record 1",
            "state": "ACTIVE",
            "amount": "1250.00",
            "currency": "usd",
            "contact_email": "person1@example.com",
            "labels": "vip,emea",
        },
        "created_ts": 1700000000,
        "updated_ts": 1700003600,
        "version": 1,
        "internal_score": 0.42,
    }


def test_seed_records_are_deterministic_and_varied() -> None:
    records = [seed_record(number) for number in range(1, 26)]

    assert records == [seed_record(number) for number in range(1, 26)]
    assert {record.attributes.state for record in records} == {"ACTIVE", "INACTIVE", "ARCHIVED"}
    assert any(record.attributes.contact_email is None for record in records)
    assert any(record.attributes.labels == "" for record in records)
    assert len({record.attributes.currency for record in records}) > 1


def test_unknown_uid_is_a_vendor_not_found_error() -> None:
    sandbox = start_sandbox()

    response = sandbox.client.get("/contacts/rec_9999")

    assert response.status_code == 404
    assert response.json()["error"]["type"] == "not_found"
    assert "rec_9999" in response.json()["error"]["message"]


def test_any_valid_collection_name_is_served_with_its_own_records() -> None:
    sandbox = start_sandbox(seed_records=2)

    created = sandbox.client.post("/tickets", json={"attributes": {"title": "Only here"}})

    assert created.json()["uid"] == "rec_0003"
    assert sandbox.client.get("/tickets/rec_0003").status_code == 200
    assert sandbox.client.get("/deals/rec_0003").status_code == 404
    assert sandbox.client.get("/deals/rec_0002").status_code == 200


def test_invalid_collection_names_are_not_found() -> None:
    sandbox = start_sandbox()

    for name in ("Contacts", "9lives", "x" * 64, "contacts%20x"):
        response = sandbox.client.get(f"/{name}")
        assert response.status_code == 404, name
        assert response.json()["error"]["type"] == "not_found"


def test_unknown_routes_and_methods_use_the_vendor_error_body() -> None:
    sandbox = start_sandbox()

    missing = sandbox.client.get("/contacts/rec_0001/notes")
    wrong_method = sandbox.client.delete("/contacts/rec_0001")

    assert missing.status_code == 404
    assert missing.json()["error"]["type"] == "not_found"
    assert wrong_method.status_code == 405
    assert wrong_method.json()["error"]["type"] == "method_not_allowed"


def test_seeding_can_be_turned_off() -> None:
    sandbox = start_sandbox(seed_records=0)

    assert sandbox.client.get("/contacts").json() == {
        **LIST_FIELDS,
        "data": [],
        "has_more": False,
        "next_cursor": None,
    }
