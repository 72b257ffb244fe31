"""The OpenAPI document is the API's contract: any change to it must be deliberate.

After an intended change, regenerate the snapshot and commit it with the change:
    UPDATE_SNAPSHOTS=1 .venv/bin/pytest config/tests/test_openapi.py
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from django.test import Client

SNAPSHOT = Path(__file__).with_name("openapi.snapshot.json")


def contract(document: dict[str, Any]) -> dict[str, Any]:
    """The parts integrators script against: every path and every schema component."""
    return {
        "paths": document["paths"],
        "schemas": document.get("components", {}).get("schemas", {}),
    }


def test_openapi_document_is_served_without_login() -> None:
    response = Client().get("/api/v1/openapi.json")

    assert response.status_code == 200
    assert response.json()["info"]["title"] == "danchu API"


def test_openapi_matches_the_committed_snapshot() -> None:
    current = contract(Client().get("/api/v1/openapi.json").json())

    if os.environ.get("UPDATE_SNAPSHOTS") == "1":
        text = json.dumps(current, indent=2, ensure_ascii=False, sort_keys=True)
        SNAPSHOT.write_text(text + "\n", encoding="utf-8")

    committed = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    assert current == committed, (
        "The API contract changed. If that is intended, regenerate the snapshot with "
        "`UPDATE_SNAPSHOTS=1 .venv/bin/pytest config/tests/test_openapi.py` and commit it."
    )
