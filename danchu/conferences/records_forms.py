"""The records page's forms, with the limits of the fields they fill (docs/forms.md)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from danchu.conferences import records


class SecretaryForm(forms.Form):
    person_id = forms.TypedChoiceField(label=_("Secretary (writes the minutes)"), coerce=int)

    def __init__(self, *args: object, choices: list[tuple[int, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["person_id"].choices = [("", "—"), *choices]  # type: ignore[attr-defined]


class ProceedingsForm(forms.Form):
    text = forms.CharField(
        label=_("Proceedings, in the order they happened"),
        max_length=records.PROCEEDINGS_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Printed in the minutes under the agenda: who spoke, what was proposed."),
    )


class ResolutionForm(forms.Form):
    text = forms.CharField(
        label=_("Text of the resolution"),
        max_length=records.TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("One article or point per line, as it will be printed (“Điều 1. …”)."),
    )


class ReportForm(forms.Form):
    report = forms.CharField(
        label=_("Report on how the resolution is carried out"),
        max_length=records.REPORT_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
