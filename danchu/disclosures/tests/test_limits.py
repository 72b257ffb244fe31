"""One length limit per text field, for the page and the API alike (issue 11, finding 2)."""

from __future__ import annotations

import pytest
from django import forms
from pydantic import BaseModel

from danchu.core.limits import text_limit
from danchu.disclosures.forms import DisclosureForm, WithdrawForm
from danchu.disclosures.models import Disclosure
from danchu.disclosures.schemas import DisclosureFields, WithdrawIn

FIELDS = ["title", "body", "summary", "document_number", "late_reason"]


def schema_limits(schema: type[BaseModel], name: str) -> list[int]:
    return [m.max_length for m in schema.model_fields[name].metadata if hasattr(m, "max_length")]


@pytest.mark.parametrize("name", FIELDS)
def test_the_api_refuses_what_the_model_cannot_hold(name) -> None:
    assert schema_limits(DisclosureFields, name) == [text_limit(Disclosure, name)]


def test_the_withdrawal_reason_has_one_limit_for_page_and_api() -> None:
    reason = WithdrawForm.base_fields["reason"]
    assert isinstance(reason, forms.CharField)
    limit = text_limit(Disclosure, "withdrawal_reason")
    assert reason.max_length == limit
    assert schema_limits(WithdrawIn, "reason") == [limit]


def test_the_form_uses_the_same_limit() -> None:
    title = DisclosureForm.base_fields["title"]
    assert isinstance(title, forms.CharField)
    assert title.max_length == text_limit(Disclosure, "title")


def test_a_field_without_a_limit_is_refused_at_once() -> None:
    with pytest.raises(ValueError, match="max_length"):
        text_limit(Disclosure, "search_text")  # computed, never typed: it needs no limit
