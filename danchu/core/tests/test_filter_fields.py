"""A filter form's fields, cached: the same HTML as rendering them, and never a stale one."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.template import Context, Template
from django.utils import translation

from danchu.core import fragments


class Filters(forms.Form):
    q = forms.CharField(label="Tìm kiếm", required=False)
    kind = forms.ChoiceField(label="Loại", required=False, choices=[("", "Tất cả")])
    day = forms.DateField(label="Ngày", required=False, input_formats=["%d/%m/%Y"])

    def __init__(self, *args: Any, kinds: Sequence[tuple[str, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "Tất cả"), *kinds]  # type: ignore[attr-defined]


def uncached(form: forms.Form) -> str:
    return Template('{% include "includes/filter_fields.html" %}').render(Context({"form": form}))


def test_the_cached_fields_are_the_rendered_fields() -> None:
    form = Filters({"q": "dân chủ", "kind": "a"}, kinds=[("a", "Kế hoạch")])
    html = str(fragments.filter_fields(form))
    assert html == uncached(form)
    assert 'value="dân chủ"' in html
    assert '<option value="a" selected>Kế hoạch</option>' in html
    assert str(fragments.filter_fields(form)) == html  # from the cache, unchanged


def test_other_values_choices_or_errors_give_other_html() -> None:
    first = str(fragments.filter_fields(Filters({"kind": "a"}, kinds=[("a", "Kế hoạch")])))
    renamed = str(fragments.filter_fields(Filters({"kind": "a"}, kinds=[("a", "Ngân sách")])))
    typed = str(fragments.filter_fields(Filters({"q": "<b>x"}, kinds=[("a", "Kế hoạch")])))
    wrong = Filters({"day": "31/02/2026"})
    wrong.is_valid()
    invalid = str(fragments.filter_fields(wrong))
    assert "Kế hoạch" in first
    assert "Ngân sách" in renamed
    assert "Kế hoạch" not in renamed
    assert 'value="&lt;b&gt;x"' in typed
    assert 'class="errorlist"' in invalid
    assert 'value="31/02/2026"' in invalid


def test_each_language_has_its_own_html() -> None:
    class Labelled(forms.Form):
        year = forms.ChoiceField(label=translation.gettext_lazy("Year"), choices=[("", "-")])

    with translation.override("vi"):
        vietnamese = str(fragments.filter_fields(Labelled({})))
    with translation.override("en"):
        english = str(fragments.filter_fields(Labelled({})))
    assert "Năm" in vietnamese
    assert "Year" in english
