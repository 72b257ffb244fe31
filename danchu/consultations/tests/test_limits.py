"""One length limit per text field, for the page and the API alike (issue 11, finding 2)."""

from __future__ import annotations

import pytest
from django import forms
from pydantic import BaseModel

from danchu.consultations.forms import ConsultationForm
from danchu.consultations.models import Consultation, Opinion
from danchu.consultations.schemas import ConsultationIn, DispositionIn, OpinionIn
from danchu.core.limits import text_limit


def schema_limits(schema: type[BaseModel], name: str) -> list[int]:
    return [m.max_length for m in schema.model_fields[name].metadata if hasattr(m, "max_length")]


@pytest.mark.parametrize(
    ("schema", "model", "name"),
    [
        (ConsultationIn, Consultation, "title"),
        (OpinionIn, Opinion, "text"),
        (DispositionIn, Opinion, "explanation"),
    ],
)
def test_the_api_refuses_what_the_model_cannot_hold(schema, model, name) -> None:
    assert schema_limits(schema, name) == [text_limit(model, name)]


def test_the_form_uses_the_same_limit() -> None:
    title = ConsultationForm.base_fields["title"]
    assert isinstance(title, forms.CharField)
    assert title.max_length == text_limit(Consultation, "title")
