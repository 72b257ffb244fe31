"""One length limit per text field, for the page and the API alike (issue 11, finding 2)."""

from __future__ import annotations

import pytest
from django import forms

from danchu.consultations.forms import ConsultationForm
from danchu.consultations.models import Consultation, Opinion
from danchu.consultations.schemas import ConsultationIn, OpinionIn
from danchu.core.limits import text_limit
from danchu.disclosures.forms import DisclosureForm
from danchu.disclosures.models import Disclosure
from danchu.disclosures.schemas import DisclosureFields


@pytest.mark.parametrize(
    ("schema", "model", "fields"),
    [
        (
            DisclosureFields,
            Disclosure,
            ["title", "body", "summary", "document_number", "late_reason"],
        ),
        (ConsultationIn, Consultation, ["title"]),
        (OpinionIn, Opinion, ["text"]),
    ],
)
def test_each_schema_refuses_what_its_model_cannot_hold(schema, model, fields) -> None:
    for name in fields:
        limits = [
            m.max_length for m in schema.model_fields[name].metadata if hasattr(m, "max_length")
        ]
        assert limits == [text_limit(model, name)], name


def test_the_forms_use_the_same_limits() -> None:
    for form, model in ((DisclosureForm, Disclosure), (ConsultationForm, Consultation)):
        title = form.base_fields["title"]
        assert isinstance(title, forms.CharField)
        assert title.max_length == text_limit(model, "title")


def test_a_field_without_a_limit_is_refused_at_once() -> None:
    with pytest.raises(ValueError, match="max_length"):
        text_limit(Disclosure, "withdrawal_reason")
