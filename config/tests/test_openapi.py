"""The OpenAPI document is the API's contract: any change to it must be deliberate.

The snapshot holds what integrators script against — paths, methods, parameters, request and
response fields with their types and constraints, status codes, the error body — and none of the
prose (`description`, `summary`, `title`), whose wording varies with the Python version (3.13 names
422 "Unprocessable Content", 3.11 "Unprocessable Entity"). The prose has a test of its own below:
every endpoint is described by its docstring.

After an intended change, regenerate the snapshot and commit it with the change:
    UPDATE_SNAPSHOTS=1 .venv/bin/pytest config/tests/test_openapi.py
"""

from __future__ import annotations

import inspect
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.test import Client

from config.api import api

SNAPSHOT = Path(__file__).with_name("openapi.snapshot.json")
HTTP_METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}

# Keys that hold prose for readers, not anything a client can check.
FREE_TEXT = frozenset({"description", "summary", "title"})
# Keys whose value maps names chosen by the API (paths, field names, status codes, media types) to
# objects: a field may well be called "title" or "summary", so these names are never dropped.
NAME_MAPS = frozenset(
    {"paths", "schemas", "properties", "responses", "content", "patternProperties"}
)
# At most this many differences are listed when the contract changed.
SHOWN_DIFFERENCES = 40


def _strip(node: Any) -> Any:
    """`node` without its prose; parameters keyed by "in name" so that a diff names them."""
    if isinstance(node, list):
        return [_strip(item) for item in node]
    if not isinstance(node, dict):
        return node
    result: dict[str, Any] = {}
    for key, value in node.items():
        if key in FREE_TEXT:
            continue
        if key in NAME_MAPS and isinstance(value, dict):
            result[key] = {name: _strip(item) for name, item in value.items()}
        elif key == "parameters" and isinstance(value, list):
            result[key] = {f"{item['in']} {item['name']}": _strip(item) for item in value}
        elif key == "required" and isinstance(value, list):
            result[key] = sorted(
                value
            )  # which fields are required, not the order they were declared in
        else:
            result[key] = _strip(value)
    return result


def contract(document: dict[str, Any]) -> dict[str, Any]:
    """What integrators script against: every path and every schema component, without prose."""
    return _strip(
        {
            "paths": document["paths"],
            "schemas": document.get("components", {}).get("schemas", {}),
        }
    )


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text if len(text) <= 100 else text[:97] + "..."


def differences(committed: Any, current: Any, where: tuple[str, ...] = ()) -> Iterator[str]:
    """One line per difference, naming where it is, e.g. `paths › /api/v1/me › get: removed`."""
    place = " › ".join(where) or "(the whole contract)"
    if isinstance(committed, dict) and isinstance(current, dict):
        for key in sorted(committed.keys() | current.keys()):
            if key not in current:
                yield f"{' › '.join((*where, key))}: removed (was {_short(committed[key])})"
            elif key not in committed:
                yield f"{' › '.join((*where, key))}: added {_short(current[key])}"
            else:
                yield from differences(committed[key], current[key], (*where, key))
    elif (
        isinstance(committed, list) and isinstance(current, list) and len(committed) == len(current)
    ):
        for index, (old, new) in enumerate(zip(committed, current, strict=True)):
            yield from differences(old, new, (*where, str(index)))
    elif committed != current:
        yield f"{place}: {_short(committed)} → {_short(current)}"


def _served_document() -> dict[str, Any]:
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    document: dict[str, Any] = response.json()
    return document


def test_openapi_document_is_served_without_login() -> None:
    assert _served_document()["info"]["title"] == "danchu API"


def test_openapi_matches_the_committed_snapshot() -> None:
    current = contract(_served_document())

    if os.environ.get("UPDATE_SNAPSHOTS") == "1":
        text = json.dumps(current, indent=2, ensure_ascii=False, sort_keys=True)
        SNAPSHOT.write_text(text + "\n", encoding="utf-8")

    committed = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    found = list(differences(committed, current))
    shown = "\n".join(f"  - {line}" for line in found[:SHOWN_DIFFERENCES])
    more = (
        f"\n  ... and {len(found) - SHOWN_DIFFERENCES} more"
        if len(found) > SHOWN_DIFFERENCES
        else ""
    )
    assert not found, (
        f"The API contract changed in {len(found)} place(s) (snapshot → served):\n{shown}{more}\n"
        "If that is intended, regenerate the snapshot with "
        "`UPDATE_SNAPSHOTS=1 .venv/bin/pytest config/tests/test_openapi.py` and commit it."
    )


def test_the_contract_ignores_prose_but_keeps_fields_named_like_it() -> None:
    schema = {
        "title": "X",
        "description": "Prose.",
        "properties": {"title": {"title": "Title", "type": "string"}},
    }
    document = {"paths": {}, "components": {"schemas": {"X": schema}}}

    assert contract(document) == {
        "paths": {},
        "schemas": {"X": {"properties": {"title": {"type": "string"}}}},
    }


def test_a_changed_contract_is_reported_as_a_list_of_places() -> None:
    old: dict[str, Any] = {"paths": {"/a": {"get": {"responses": {"200": {}, "404": {}}}}}}
    new: dict[str, Any] = {"paths": {"/a": {"get": {"responses": {"200": {}}}, "post": {}}}}

    assert list(differences(old, new)) == [
        "paths › /a › get › responses › 404: removed (was {})",
        "paths › /a › post: added {}",
    ]


def _normalised(text: str) -> str:
    return " ".join(text.split())


def test_every_endpoint_is_described_by_its_docstring() -> None:
    """The docs keep their text on every Python version (3.13 dedents docstrings itself)."""
    operations = {
        operation["operationId"]: operation
        for path in _served_document()["paths"].values()
        for method, operation in path.items()
        if method in HTTP_METHODS
    }
    views = {
        api.get_openapi_operation_id(operation): operation.view_func
        for _prefix, router in api._routers
        for path_view in router.path_operations.values()
        for operation in path_view.operations
        if operation.include_in_schema
    }
    assert views.keys() == operations.keys()

    undescribed = [operation_id for operation_id, view in views.items() if not inspect.getdoc(view)]
    assert undescribed == [], "Give these endpoints a docstring: it is their API documentation."
    for operation_id, view in views.items():
        expected = _normalised(inspect.cleandoc(view.__doc__ or ""))
        assert _normalised(operations[operation_id].get("description", "")) == expected, (
            operation_id
        )
