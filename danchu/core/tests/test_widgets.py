"""The select widget's inline template renders what Django's own would."""

from __future__ import annotations

from django import forms


class Choose(forms.Form):
    flat = forms.ChoiceField(choices=[("", "Tất cả"), ("a", "<A>"), ("b", "B")], required=False)
    grouped = forms.MultipleChoiceField(
        choices=[("Nhóm 1", [("x", "X"), ("y", "Y")]), ("z", "Z")], required=False
    )


def test_options_selected_values_groups_and_escaping() -> None:
    form = Choose({"flat": "b", "grouped": ["x", "z"]})
    flat = str(form["flat"])
    assert flat.startswith('<select name="flat" id="id_flat">')
    assert '<option value="b" selected>B</option>' in flat
    assert '<option value="a">&lt;A&gt;</option>' in flat
    grouped = str(form["grouped"])
    assert "multiple" in grouped
    assert '<optgroup label="Nhóm 1"><option value="x" selected>X</option>' in grouped
    assert '<option value="y">Y</option></optgroup><option value="z" selected>Z</option>' in grouped
