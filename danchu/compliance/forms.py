"""The forms of the compliance pages, with the limits of the API schemas and the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from danchu.compliance.models import SteeringCommittee, SteeringDecision, SteeringRole
from danchu.core.limits import MAX_AUDIENCE


def _choices(form: forms.Form, name: str, choices: list[tuple[Any, str]]) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    field.choices = choices


class YearForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, required=False)


class DecisionFields(forms.Form):
    decision_number = forms.CharField(
        label=_("Decision number"),
        max_length=SteeringDecision._meta.get_field("number").max_length,
        help_text=_("For example 15-QĐ/ĐU"),
    )
    signed_on = forms.DateField(label=_("Decision date"), help_text=_("dd/mm/yyyy"))


class CommitteeForm(DecisionFields):
    name = forms.CharField(
        label=_("Name"),
        max_length=SteeringCommittee._meta.get_field("name").max_length,
        initial="Ban Chỉ đạo thực hiện Quy chế dân chủ ở cơ sở",
    )
    head = forms.TypedChoiceField(label=_("Head of the committee"), coerce=int)
    members = forms.TypedMultipleChoiceField(
        label=_("Members"), coerce=int, widget=forms.CheckboxSelectMultiple
    )
    steers = forms.TypedMultipleChoiceField(
        label=_("Agencies it steers"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    field_order = ["name", "decision_number", "signed_on", "head", "members", "steers"]

    def __init__(self, *args: Any, people: list[Any], agencies: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [
            (p.pk, f"{p.full_name} — {p.position}" if p.position else p.full_name) for p in people
        ]
        _choices(self, "head", [("", "—"), *choices])
        _choices(self, "members", choices)
        _choices(self, "steers", [(u.pk, u.name) for u in agencies[:MAX_AUDIENCE]])

    def seats(self) -> list[tuple[int, str]]:
        head = self.cleaned_data["head"]
        others = [p for p in self.cleaned_data["members"] if p != head]
        return [(head, SteeringRole.HEAD), *((p, SteeringRole.MEMBER) for p in others)]


class ConsolidateForm(DecisionFields):
    add = forms.TypedMultipleChoiceField(
        label=_("New members"), coerce=int, widget=forms.CheckboxSelectMultiple, required=False
    )
    role = forms.ChoiceField(label=_("Their role"), choices=SteeringRole.choices, initial="member")
    remove = forms.TypedMultipleChoiceField(
        label=_("Members who leave"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=2000
    )

    def __init__(self, *args: Any, people: list[Any], current: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        seated = {m.person_id for m in current}
        _choices(self, "add", [(p.pk, p.full_name) for p in people if p.pk not in seated])
        _choices(
            self,
            "remove",
            [(m.person_id, f"{m.person.full_name} — {m.get_role_display()}") for m in current],
        )


class DissolveForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
    decision_number = forms.CharField(label=_("Decision number"), max_length=64, required=False)
    signed_on = forms.DateField(label=_("Decision date"), help_text=_("dd/mm/yyyy"))


class FocusForm(forms.Form):
    focus = forms.CharField(
        label=_("Focus for next year"),
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
        max_length=20_000,
    )


class OfflineForm(forms.Form):
    rule = forms.ChoiceField(label=_("Duty"))
    occurred_on = forms.DateField(label=_("Date of the activity"), help_text=_("dd/mm/yyyy"))
    description = forms.CharField(
        label=_("What was done"), widget=forms.Textarea(attrs={"rows": 4}), max_length=4000
    )
    evidence = forms.FileField(label=_("Evidence (scanned minutes or decision)"))

    def __init__(self, *args: Any, rules: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "rule", [(r.code, r.title) for r in rules])
