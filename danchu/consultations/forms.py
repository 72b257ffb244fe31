"""Forms of the consultation pages; the rules themselves are checked by the services."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from danchu.consultations import draft_docx, drafts
from danchu.consultations.models import (
    Consultation,
    ConsultationChannel,
    Decision,
    DraftVersion,
    Modality,
    Opinion,
    Subject,
    Topic,
    UnionOpinion,
    Visibility,
)
from danchu.consultations.rules import DEFAULT_MIN_WORKING_DAYS
from danchu.core.errors import InvalidInput
from danchu.core.limits import text_limit
from danchu.core.uploads import choose_again, chosen_names, size_text
from danchu.core.workdays import add_working_days
from danchu.organizations.models import Unit
from danchu.people.models import Person

DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
LOCAL = {"type": "datetime-local"}
LOCAL_FORMAT = "%Y-%m-%dT%H:%M"


def _moment(label: Any, **kwargs: Any) -> forms.DateTimeField:
    widget = forms.DateTimeInput(attrs=LOCAL, format=LOCAL_FORMAT)
    return forms.DateTimeField(label=label, widget=widget, **kwargs)


def _date(label: Any) -> forms.DateField:
    widget = forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": _("dd/mm/yyyy")})
    return forms.DateField(label=label, input_formats=DATE_INPUT_FORMATS, widget=widget)


class DraftFields(forms.Form):
    """The draft: typed or pasted as structured text, or a .docx file."""

    draft_text = forms.CharField(
        label=_("Draft text"),
        max_length=drafts.MAX_DRAFT_TEXT_CHARS,
        required=False,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_(
            "One paragraph per line: “Chương I”, “Điều 1. …”, clauses “1. …”, points “a) …”."
        ),
    )
    draft_file = forms.FileField(
        label=_("…or a Word file (.docx)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".docx"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Shown before upload: the limit read_docx applies.
        self.fields["draft_file"].help_text = gettext(
            "The draft as written for the office; the letterhead is skipped. A .docx file of "
            "at most %(limit)s."
        ) % {"limit": size_text(draft_docx.MAX_DOCX_BYTES)}
        self._paragraphs: list[drafts.DraftParagraph] | None = None

    def clean_draft_file(self) -> Any:
        """Read the file now, so a refused one is named beside its field with the reason."""
        upload = self.cleaned_data.get("draft_file")
        limit = draft_docx.MAX_DOCX_BYTES
        if upload and upload.size > limit:
            size = {"name": upload.name, "size": size_text(upload.size), "limit": size_text(limit)}
            raise forms.ValidationError(
                gettext("The file %(name)s is %(size)s, larger than the limit of %(limit)s.") % size
                + " "
                + gettext("Choose the file again.")
            )
        if upload:
            try:
                self._paragraphs = draft_docx.read_docx(upload.read(draft_docx.MAX_DOCX_BYTES + 1))
            except InvalidInput as refusal:
                raise forms.ValidationError(
                    gettext("%(name)s was not accepted: %(reason)s")
                    % {"name": upload.name, "reason": refusal.message}
                    + " "
                    + gettext("Choose the file again.")
                ) from None
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        upload, text = data.get("draft_file"), (data.get("draft_text") or "").strip()
        if upload is None and not text and "draft_file" not in self.errors:
            raise forms.ValidationError(_("Type the draft or choose a .docx file."))
        return data

    def choose_again(self) -> str:
        """Under the file field of a form sent back: the file chosen is gone, say which."""
        names = chosen_names(self.files.getlist("draft_file")) if self.errors else []
        return choose_again(names) if names else ""

    def draft(self) -> list[drafts.DraftParagraph]:
        """Split into paragraphs (the file was read when the form was checked)."""
        if self._paragraphs is not None:
            return self._paragraphs
        return drafts.split_text(self.cleaned_data["draft_text"])

    @property
    def source(self) -> str:
        return "docx" if self.cleaned_data.get("draft_file") is not None else "text"


class ConsultationForm(DraftFields):
    unit = forms.TypedChoiceField(label=_("Unit"), coerce=int)
    topic = forms.ChoiceField(label=_("Topic (art. 53)"), choices=Topic.choices)
    title = forms.CharField(label=_("Title"), max_length=text_limit(Consultation, "title"))
    plan = forms.CharField(
        label=_("Plan: content, method, timeline and responsibilities"),
        max_length=text_limit(Consultation, "plan"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    channels = forms.MultipleChoiceField(
        label=_("How opinions are collected (art. 54)"),
        choices=ConsultationChannel.choices,
        initial=[ConsultationChannel.ONLINE],
        widget=forms.CheckboxSelectMultiple,
    )
    audience_units = forms.ModelMultipleChoiceField(
        label=_("Who is consulted"),
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose none to consult the whole unit."),
    )
    owner = forms.ModelChoiceField(
        label=_("Responsible for the consultation"),
        queryset=Person.objects.none(),
        required=False,
        help_text=_("Leave empty to be responsible yourself."),
    )
    opens_at = _moment(_("Opens at"))
    closes_at = _moment(_("Closes at"))
    visibility = forms.ChoiceField(
        label=_("Who reads the opinions"), choices=Visibility.choices, widget=forms.RadioSelect
    )
    allow_via_union = forms.BooleanField(
        label=_("Staff may send opinions through the union (the head does not see who wrote)"),
        required=False,
        initial=True,
    )
    # Unticked (and absent): the union committee previews the draft first (art. 55.2, its
    # part in the plan; docs/consultations.md). Nothing in the law requires the preview.
    skip_union_preview = forms.BooleanField(
        label=_(
            "Open to staff without the union committee's preview (the unit has no union "
            "committee, or it has already seen the draft)"
        ),
        required=False,
    )

    field_order = ["unit", "topic", "title", "plan", "channels", "audience_units"]

    def __init__(
        self, *args: Any, units: Iterable[Unit], audience: Any, owners: Any, **kwargs: Any
    ) -> None:
        now = timezone.localtime().replace(second=0, microsecond=0)
        # Proposed closing: the default minimum period (rules.py, LEGAL-CATALOGUE §3.3).
        closes = dt.datetime.combine(
            add_working_days(now.date(), DEFAULT_MIN_WORKING_DAYS), dt.time(17, 0)
        )
        kwargs.setdefault("initial", {}).update(
            {"opens_at": now, "closes_at": timezone.make_aware(closes)}
        )
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [(unit.pk, unit.name) for unit in units]  # type: ignore[attr-defined]
        self.fields["audience_units"].queryset = audience  # type: ignore[attr-defined]
        self.fields["owner"].queryset = owners  # type: ignore[attr-defined]
        self.fields["owner"].label_from_instance = lambda person: person.full_name  # type: ignore[attr-defined]
        self.fields["visibility"].initial = Visibility.ALL_STAFF


class VersionForm(DraftFields):
    note = forms.CharField(
        label=_("What changed"),
        max_length=text_limit(DraftVersion, "note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class OpinionForm(forms.Form):
    paragraph = forms.IntegerField(required=False, widget=forms.HiddenInput)
    text = forms.CharField(
        label=_("Your opinion"),
        max_length=text_limit(Opinion, "text"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write your opinion.")},
    )
    via_union = forms.BooleanField(
        label=_("Send through the union (your name is not kept)"), required=False
    )


class UnionOpinionForm(forms.Form):
    text = forms.CharField(
        label=_("The union committee's opinion"),
        max_length=text_limit(UnionOpinion, "text"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Write the union committee's opinion.")},
    )


class DispositionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=Decision.choices, widget=forms.RadioSelect
    )
    explanation = forms.CharField(
        label=_("Explanation"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class AdoptForm(forms.Form):
    document_number = forms.CharField(label=_("Document number"), max_length=64)
    signed_on = _date(_("Signed on"))
    effective_from = _date(_("In force from"))


class ProvisionForm(forms.Form):
    paragraph = forms.IntegerField(widget=forms.HiddenInput)
    modality = forms.ChoiceField(label=_("Kind"), choices=Modality.choices)
    subject = forms.ChoiceField(label=_("Who"), choices=Subject.choices)


class CloseForm(forms.Form):
    # Required before the planned end (services.close_consultation); the page shows it then.
    reason = forms.CharField(
        label=_("Reason for closing before the planned end"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
