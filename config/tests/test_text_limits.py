"""Every text a client can send has a length limit (issue 11, finding 2): each string in an API
request (body, query, form) and each text field of every form. A new field without one fails here,
named, instead of letting a megabyte through to the database and the documents."""

from __future__ import annotations

import importlib
import importlib.util
import inspect
from collections.abc import Iterator
from typing import Any

import pytest
from django import forms
from django.apps import apps

from config.api import api

LIMITED = ("maxLength", "pattern", "enum", "format", "const")


def _strings(schema: dict[str, Any], components: dict[str, Any], where: str) -> Iterator[str]:
    """The places under `schema` where a string without a limit is accepted."""
    if "$ref" in schema:
        schema = components[schema["$ref"].rsplit("/", 1)[-1]]
    for key in ("anyOf", "allOf", "oneOf"):
        for option in schema.get(key, []):
            yield from _strings(option, components, where)
    if schema.get("type") == "string" and not any(key in schema for key in LIMITED):
        yield where
    for name, field in schema.get("properties", {}).items():
        yield from _strings(field, components, f"{where}.{name}")
    if "items" in schema:
        yield from _strings(schema["items"], components, f"{where}[]")


def test_every_string_an_api_request_carries_has_a_limit() -> None:
    document = api.get_openapi_schema()
    components = document["components"]["schemas"]
    unlimited: list[str] = []
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            where = f"{method.upper()} {path}"
            for parameter in operation.get("parameters", []):
                found = _strings(
                    parameter.get("schema", {}), components, f"{where} {parameter['name']}"
                )
                unlimited.extend(found)
            for content in operation.get("requestBody", {}).get("content", {}).values():
                unlimited.extend(_strings(content["schema"], components, f"{where} body"))
    assert unlimited == []


def _form_classes() -> Iterator[type[forms.Form] | type[forms.ModelForm[Any]]]:
    """The forms declared in each danchu app's `forms` module."""
    for config in apps.get_app_configs():
        name = f"{config.name}.forms"
        if not config.name.startswith("danchu.") or importlib.util.find_spec(name) is None:
            continue
        for _name, value in inspect.getmembers(importlib.import_module(name), inspect.isclass):
            if issubclass(value, forms.Form | forms.ModelForm) and value.__module__ == name:
                yield value


def test_every_text_field_of_every_form_has_a_limit() -> None:
    classes = list(_form_classes())
    assert len(classes) > 10  # the walk found the forms
    unlimited = [
        f"{form.__module__}.{form.__name__}.{name}"
        for form in classes
        for name, field in form.base_fields.items()
        if type(field) is forms.CharField and field.max_length is None
    ]
    assert unlimited == []


@pytest.mark.parametrize("text", ["x" * 20_001])
def test_the_api_refuses_a_plan_over_its_limit(text: str) -> None:
    from danchu.consultations.schemas import ConsultationIn

    with pytest.raises(ValueError, match="at most 20000 characters"):
        ConsultationIn.model_validate(
            {"unit_id": 1, "topic": "annual_plan", "title": "T", "paragraphs": ["a"], "plan": text,
             "opens_at": "2026-01-01T00:00:00Z", "closes_at": "2026-01-20T00:00:00Z"}
        )  # fmt: skip
