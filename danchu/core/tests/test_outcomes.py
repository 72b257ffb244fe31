"""`attempt`: the one place a view turns a service's refusal into what the user sees."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.test import RequestFactory

from danchu.core.errors import DomainError, InvalidInput
from danchu.core.outcomes import attempt


class _Form(forms.Form):
    reason = forms.CharField(required=False)


def _request() -> Any:
    request: Any = RequestFactory().post("/")
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def _refuse() -> None:
    raise InvalidInput("Say why.")


def test_success_returns_the_value_and_says_so() -> None:
    request = _request()
    outcome = attempt(request, lambda: 42, success="Done.")
    assert outcome.ok
    assert outcome.value == 42
    assert outcome.status == 200
    assert [str(m) for m in get_messages(request)] == ["Done."]


def test_refusal_without_a_form_becomes_an_error_message() -> None:
    request = _request()
    outcome = attempt(request, _refuse, success="Done.")
    assert not outcome.ok
    assert outcome.status == 422
    assert [str(m) for m in get_messages(request)] == ["Say why."]


def test_refusal_with_a_form_goes_beside_the_mapped_field() -> None:
    form = _Form({"reason": ""})
    form.is_valid()
    outcome = attempt(_request(), _refuse, form=form, fields={"invalid": "reason"})
    assert outcome.status == 422
    assert form.errors == {"reason": ["Say why."]}


def test_refusal_with_an_unmapped_code_goes_above_the_form() -> None:
    form = _Form({})
    form.is_valid()

    def conflict() -> None:
        raise DomainError("Already closed.")

    outcome = attempt(_request(), conflict, form=form)
    assert outcome.status == 409
    assert form.non_field_errors() == ["Already closed."]
