"""Forms of the disclosure pages: they parse input; the rules live in services."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from danchu.core.errors import InvalidInput
from danchu.core.limits import text_limit
from danchu.core.uploads import choose_again, chosen_names
from danchu.disclosures import files, rules
from danchu.disclosures.errors import SourceDateRequired
from danchu.disclosures.models import (
    Attachment,
    Category,
    Channel,
    Confidentiality,
    Disclosure,
    Question,
    RequestReason,
)
from danchu.organizations.models import Unit

DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
FIRST_YEAR = 2023  # Law 10/2022/QH15 took effect on 1 July 2023.


def _date_field(label: str | Any, **kwargs: Any) -> forms.DateField:
    widget = forms.DateInput(
        format="%d/%m/%Y", attrs={"placeholder": _("dd/mm/yyyy"), "inputmode": "numeric"}
    )
    return forms.DateField(label=label, input_formats=DATE_INPUT_FORMATS, widget=widget, **kwargs)


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """`<input type=file multiple>`: a list of uploads (possibly empty)."""

    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        uploads = data if isinstance(data, list | tuple) else [data] if data else []
        cleaned = []
        for upload in uploads:
            cleaned.append(super().clean(upload, initial))
        return cleaned


class InboxFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200, widget=forms.SearchInput)
    category = forms.ChoiceField(
        label=_("Category"), required=False, choices=[("", _("All categories")), *Category.choices]
    )
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    unit = forms.TypedChoiceField(label=_("Unit"), required=False, coerce=int, empty_value=None)
    period = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[
            ("", _("Items within their disclosure period")),
            ("all", _("Also items whose period has ended")),
        ],
    )

    def __init__(self, *args: Any, units: Iterable[Unit] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        years = range(timezone.localdate().year, FIRST_YEAR - 1, -1)
        self.fields["year"].choices = [("", _("All years")), *((y, str(y)) for y in years)]  # type: ignore[attr-defined]
        unit_choices = [(unit.pk, unit.name) for unit in units]
        self.fields["unit"].choices = [("", _("All units")), *unit_choices]  # type: ignore[attr-defined]

    def filters(self) -> dict[str, Any]:
        """The valid filters (an invalid one is ignored rather than refused)."""
        self.is_valid()  # an invalid filter is ignored; the valid ones still apply
        data = getattr(self, "cleaned_data", {})
        return {
            "q": data.get("q", ""),
            "category": data.get("category", ""),
            "year": data.get("year"),
            "unit_id": data.get("unit"),
            "current": data.get("period") != "all",
        }


class DisclosureForm(forms.Form):
    """Publish a disclosure, or (with `previous`) its corrected next version."""

    unit = forms.TypedChoiceField(label=_("Disclosing unit"), coerce=int)
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    title = forms.CharField(label=_("Title"), max_length=text_limit(Disclosure, "title"))
    summary = forms.CharField(
        label=_("Summary"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    body = forms.CharField(
        label=_("Content"),
        required=False,
        max_length=100_000,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("Markdown is allowed: **bold**, *italic*, lists, tables and links."),
    )
    decision_date = _date_field(_("Date of the decision or document"), required=False)
    document_number = forms.CharField(
        label=_("Document number"),
        required=False,
        max_length=64,
        widget=forms.TextInput(attrs={"placeholder": "Số: 05/QĐ-SNV"}),
    )
    channels = forms.MultipleChoiceField(
        label=_("Channels of disclosure"),
        choices=Channel.choices,
        initial=[Channel.INTRANET],
        widget=forms.CheckboxSelectMultiple,
    )
    audience_units = forms.ModelMultipleChoiceField(
        label=_("Audience"),
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose none to disclose to the whole unit."),
    )
    confidentiality = forms.ChoiceField(
        label=_("Confidentiality"),
        choices=Confidentiality.choices,
        initial=Confidentiality.NONE,
        widget=forms.RadioSelect,
    )
    timing = forms.ChoiceField(
        label=_("When"),
        choices=[("now", _("Publish now")), ("later", _("Schedule for later"))],
        initial="now",
        widget=forms.RadioSelect,
    )
    publish_at = forms.DateTimeField(
        label=_("Publication time"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Only used when the item is scheduled."),
    )
    attachments = MultipleFileField(label=_("Attachments"), required=False)
    keep_attachments = forms.ModelMultipleChoiceField(
        label=_("Keep the attachments of the current version"),
        queryset=Attachment.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    late_reason = forms.CharField(
        label=_("Reason for the delay"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(
        self,
        *args: Any,
        units: Iterable[Unit],
        audience: Iterable[Unit] | Any,
        previous: Disclosure | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.previous = previous
        self.fields["unit"].choices = [(unit.pk, unit.name) for unit in units]  # type: ignore[attr-defined]
        # With htmx, choosing another unit reloads its sub-units (the `audience` part).
        self.fields["unit"].widget.attrs.update(
            {"hx-get": reverse("disclosure_publish"), "hx-target": "#audience"}
        )
        self.fields["audience_units"].queryset = audience  # type: ignore[attr-defined]
        days = {"days": rules.DUE_WORKING_DAYS}  # art. 47.2
        self.fields["late_reason"].help_text = (
            gettext(
                "Required when the item is published more than %(days)s working days after the "
                "decision."
            )
            % days
        )
        self.fields["decision_date"].help_text = (
            gettext(
                "Required except for Party policies and State law (clause 1) and other matters "
                "(clause 12): the item is due %(days)s working days after this date."
            )
            % days
        )
        # The limit and the types, shown before upload, are the ones check_upload applies.
        self.fields["attachments"].help_text = files.upload_hint()
        self.fields["attachments"].widget.attrs["accept"] = ",".join(files.accepted_extensions())
        if previous is None:
            del self.fields["keep_attachments"]
        else:
            del self.fields["unit"]
            self.fields["keep_attachments"].queryset = previous.attachments.all()  # type: ignore[attr-defined]

    def clean_attachments(self) -> list[Any]:
        """Each file checked as the service will check it, so a refused one is named beside the
        field with the reason (too large, with its size; not an accepted type)."""
        uploads = self.cleaned_data["attachments"]
        problems = []
        for upload in uploads:
            try:
                files.check_upload(upload)
            except InvalidInput as refusal:
                problems.append(f"{refusal.message} {gettext('Choose the file again.')}")
            upload.seek(0)
        if problems:
            raise forms.ValidationError(problems)
        return uploads

    def choose_again(self) -> str:
        """Under the file field of a form sent back: the files chosen are gone, say which."""
        names = chosen_names(self.files.getlist("attachments")) if self.errors else []
        return choose_again(names) if names else ""

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("timing") == "later" and not data.get("publish_at"):
            self.add_error("publish_at", _("Give the publication time."))
        category = data.get("category")
        if (
            self.previous is None
            and category
            and not data.get("decision_date")
            and "decision_date" not in self.errors
            and rules.needs_source_date(category)
        ):
            self.add_error("decision_date", str(SourceDateRequired().message))
        return data

    def service_fields(self) -> dict[str, Any]:
        """The cleaned data as the keyword arguments of services.publish_disclosure."""
        data = dict(self.cleaned_data)
        publish_at: dt.datetime | None = data.pop("publish_at")
        data["publish_at"] = publish_at if data.pop("timing") == "later" else None
        data.pop("keep_attachments", None)
        data.pop("unit", None)
        return data


def initial_from(disclosure: Disclosure) -> dict[str, Any]:
    """The publish form prefilled from a version, for its correction."""
    return {
        "category": disclosure.category,
        "title": disclosure.title,
        "summary": disclosure.summary,
        "body": disclosure.body,
        "decision_date": disclosure.decision_date,
        "document_number": disclosure.document_number,
        "channels": disclosure.channels,
        "audience_units": list(disclosure.audience_units.all()),
        "late_reason": disclosure.late_reason,
        "keep_attachments": list(disclosure.attachments.all()),
    }


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the withdrawal"),
        max_length=text_limit(Disclosure, "withdrawal_reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class QuestionForm(forms.Form):
    body = forms.CharField(
        label=_("Your question"),
        max_length=text_limit(Question, "body"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Answer"), max_length=8000, widget=forms.Textarea(attrs={"rows": 3})
    )


class RegisterFilterForm(forms.Form):
    """`?from=dd/mm/yyyy&to=dd/mm/yyyy` (the field names are Python keywords, hence __init__)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["from"] = _date_field(_("From"), required=False)
        self.fields["to"] = _date_field(_("To"), required=False)

    def period(self) -> tuple[dt.date | None, dt.date | None]:
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return data.get("from"), data.get("to")


class InformationRequestForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why are you asking?"), choices=RequestReason.choices, widget=forms.RadioSelect
    )
    subject = forms.CharField(label=_("Subject"), max_length=300)
    body = forms.CharField(
        label=_("Details"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
