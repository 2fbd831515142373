"""The baked set: a pairwise-covering set of answer combinations, plus named extremes.

Every pair of choices of any two questions appears in at least one combination, so an
interaction between two answers cannot break unnoticed; defaults, all-on and all-off are
added because they are what people generate most and the furthest corners.
"""

from __future__ import annotations

import itertools
from typing import Any

from allpairspy import AllPairs

from tests.support import CHOICE_QUESTIONS, is_supported

PAIRWISE_QUESTIONS: dict[str, list[Any]] = {
    "vendor_auth": CHOICE_QUESTIONS["vendor_auth"],
    "vendor_pagination": CHOICE_QUESTIONS["vendor_pagination"],
    "inbound_auth": CHOICE_QUESTIONS["inbound_auth"],
    "data_classification": CHOICE_QUESTIONS["data_classification"],
    "state_backend": CHOICE_QUESTIONS["state_backend"],
    "ci_provider": CHOICE_QUESTIONS["ci_provider"],
    "python_version": CHOICE_QUESTIONS["python_version"],
    "vendor_idempotency_keys": [True, False],
}

NAMED: dict[str, dict[str, Any]] = {
    "defaults": {},
    "all-on": {
        "vendor_auth": "oauth2_client_credentials",
        "vendor_pagination": "link_header",
        "vendor_idempotency_keys": True,
        "inbound_auth": "jwt",
        "data_classification": "confidential_pii",
        "state_backend": "redis",
        "ci_provider": "github",
        "python_version": "3.13",
    },
    "all-off": {
        "vendor_auth": "none",
        "vendor_pagination": "offset",
        "vendor_idempotency_keys": False,
        "inbound_auth": "api_key",
        "data_classification": "internal",
        "state_backend": "memory",
        "ci_provider": "none",
        "python_version": "3.11",
    },
}


def supported(row: list[Any]) -> bool:
    """allpairspy calls this with partial rows, in PAIRWISE_QUESTIONS order."""
    names = list(PAIRWISE_QUESTIONS)[: len(row)]
    values = dict(zip(names, row, strict=True))
    return is_supported(values)


def pairwise() -> list[dict[str, Any]]:
    rows = AllPairs(list(PAIRWISE_QUESTIONS.values()), filter_func=supported)
    combos = [dict(zip(PAIRWISE_QUESTIONS, row, strict=True)) for row in rows]
    return combos + completion_rows(combos)


def completion_rows(combos: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows for the pairs allpairspy left out (its filter can make it skip some)."""
    extra: list[dict[str, Any]] = []
    for first, second in itertools.combinations(PAIRWISE_QUESTIONS, 2):
        for a in PAIRWISE_QUESTIONS[first]:
            for b in PAIRWISE_QUESTIONS[second]:
                row = {**combos[0], first: a, second: b}
                if not supported(list(row.values())):
                    continue
                if not any(c[first] == a and c[second] == b for c in combos + extra):
                    extra.append(row)
    return extra


# Answers that must render into a working project whatever the choices; they ride on the
# first pairwise row rather than costing a project of their own.
HOSTILE_NAMES: dict[str, Any] = {
    "customer_name": "O'Brien \"&\" Søns \\ '; import os #",
    "vendor_name": "Zürich — “Vendor” 東京",
    "resource_name": "line_item",
}


def baked_set() -> dict[str, dict[str, Any]]:
    rows = pairwise()
    combos = {f"pairwise-{index:02d}": combo for index, combo in enumerate(rows, start=1)}
    combos["pairwise-01"] = {**combos["pairwise-01"], **HOSTILE_NAMES}
    return {**NAMED, **combos}
