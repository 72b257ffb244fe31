"""Forms of the conference pages; the rules themselves are checked by the services.

`BallotForm` is built for one vote: a motion's three answers, an election's candidates (up to
the seats), or a level of confidence per candidate. The booth's form adds the token.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from danchu.conferences import rules
from danchu.conferences.counting import CONFIDENCE_LEVELS
from danchu.conferences.models import Format, Kind, Proposer, Purpose, VoteKind

MOTION_ANSWERS = [("agree", _("Agree")), ("disagree", _("Disagree")), ("abstain", _("Abstain"))]
LEVEL_LABELS = dict(
    zip(
        CONFIDENCE_LEVELS,
        [_("High confidence"), _("Medium confidence"), _("Low confidence")],
        strict=True,
    )
)


class BallotForm(forms.Form):
    """The choices of one ballot for `vote`, with `candidates` as (person id, name) pairs."""

    def __init__(self, *args: Any, vote: Any, candidates: list[tuple[int, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.vote, self.candidates = vote, candidates
        if vote.kind == VoteKind.MOTION:
            self.fields["answer"] = forms.ChoiceField(
                label=_("Your answer"), choices=MOTION_ANSWERS, widget=forms.RadioSelect
            )
        elif vote.kind == VoteKind.ELECTION:
            self.fields["chosen"] = forms.TypedMultipleChoiceField(
                label=_("Choose at most %(seats)s") % {"seats": vote.seats},
                choices=[(str(pk), name) for pk, name in candidates],
                coerce=int,
                required=False,
                widget=forms.CheckboxSelectMultiple,
                help_text=_("Leave every box empty to cast a blank ballot."),
            )
        else:
            for pk, name in candidates:
                self.fields[f"level_{pk}"] = forms.ChoiceField(
                    label=name,
                    choices=[("", _("No rating")), *LEVEL_LABELS.items()],
                    required=False,
                    widget=forms.RadioSelect,
                )

    def clean_chosen(self) -> list[int]:
        chosen: list[int] = self.cleaned_data.get("chosen", [])
        if self.vote.seats is not None and len(chosen) > self.vote.seats:
            raise forms.ValidationError(
                _("Choose at most %(seats)s candidates.") % {"seats": self.vote.seats}
            )
        return chosen

    def choices(self) -> list[Any]:
        """The ballot in the services' form (counting.check_choices)."""
        data = self.cleaned_data
        if self.vote.kind == VoteKind.MOTION:
            return [data["answer"]]
        if self.vote.kind == VoteKind.ELECTION:
            return list(data["chosen"])
        return [
            {"candidate_id": pk, "level": data[f"level_{pk}"]}
            for pk, _name in self.candidates
            if data.get(f"level_{pk}")
        ]


class BoothForm(BallotForm):
    """The booth: the token and the ballot, no login."""

    field_order = ["token"]

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["token"] = forms.CharField(
            label=_("Your ballot code"),
            max_length=64,
            help_text=_("The 16 characters on your slip or screen; dashes and spaces optional."),
            widget=forms.TextInput(
                attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
            ),
        )
        self.order_fields(["token", *[name for name in self.fields if name != "token"]])


class VoteForm(forms.Form):
    """A question for the conference (the chair's console)."""

    title = forms.CharField(label=_("Title"), max_length=500)
    kind = forms.ChoiceField(label=_("Kind"), choices=VoteKind.choices)
    secret = forms.BooleanField(label=_("Secret ballot"), required=False, initial=True)
    candidate_ids = forms.TypedMultipleChoiceField(
        label=_("Candidates (elections and votes of confidence)"), coerce=int, required=False
    )
    seats = forms.IntegerField(
        label=_("Seats (elections)"), min_value=1, max_value=1000, required=False
    )
    purpose = forms.ChoiceField(label=_("Purpose"), choices=Purpose.choices)

    def __init__(self, *args: Any, people: list[tuple[int, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["candidate_ids"]
        assert isinstance(field, forms.TypedMultipleChoiceField)
        field.widget = forms.SelectMultiple(attrs={"size": 8})
        field.choices = [(str(pk), name) for pk, name in people]  # after the widget: it keeps them


class PeopleForm(forms.Form):
    """A choice of participants (the counting board, paper ballots)."""

    person_ids = forms.TypedMultipleChoiceField(label=_("People"), coerce=int)

    def __init__(self, *args: Any, people: list[tuple[int, str]], label: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["person_ids"]
        assert isinstance(field, forms.TypedMultipleChoiceField)
        field.widget = forms.CheckboxSelectMultiple()
        field.choices = [(str(pk), name) for pk, name in people]  # after the widget: it keeps them
        if label is not None:
            field.label = label


class PaperBatchForm(forms.Form):
    """One batch of paper ballots: one ballot per line, read into the services' form."""

    number = forms.IntegerField(label=_("Batch number"), min_value=1, max_value=100000)
    ballots = forms.CharField(
        label=_("Ballots, one per line"),
        max_length=200000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_(
            "A motion: agree, disagree or abstain. An election: the numbers of the chosen "
            "candidates separated by commas (“-” is a blank ballot). A vote of confidence: "
            "number=high, number=medium or number=low, separated by commas."
        ),
    )

    def __init__(self, *args: Any, vote: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.vote = vote

    def clean_ballots(self) -> list[list[Any]]:
        lines = [line.strip() for line in self.cleaned_data["ballots"].splitlines()]
        try:
            return [_paper_ballot(self.vote.kind, line) for line in lines if line]
        except ValueError:
            raise forms.ValidationError(_("A line could not be read; see the help text.")) from None


def _paper_ballot(kind: str, line: str) -> list[Any]:
    if kind == VoteKind.MOTION:
        return [line.lower()]
    parts = [part.strip() for part in line.split(",") if part.strip() and part.strip() != "-"]
    if kind == VoteKind.ELECTION:
        return [int(part) for part in parts]
    rated = []
    for part in parts:
        candidate, level = part.split("=", 1)
        rated.append({"candidate_id": int(candidate), "level": level.strip().lower()})
    return rated


class PlanForm(forms.Form):
    """Plan a conference (the head): what `planning.plan_conference` takes."""

    unit = forms.TypedChoiceField(label=_("Unit"), coerce=int)
    year = forms.IntegerField(label=_("Work year reviewed"), min_value=2000, max_value=2100)
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices, initial=Kind.ANNUAL)
    scheduled_at = forms.DateTimeField(
        label=_("Date and time"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    venue = forms.CharField(label=_("Venue"), max_length=255, required=False)
    format = forms.ChoiceField(
        label=_("Format"),
        choices=[(Format.PLENARY, Format.PLENARY.label), (Format.DELEGATE, Format.DELEGATE.label)],
        initial=Format.PLENARY,
        help_text=_(
            "Art. 51.2: fewer than 100 staff meet in plenary (unless dispersed); from 100 the "
            "head and the union may choose delegates."
        ),
    )
    remote_allowed = forms.BooleanField(label=_("Remote attendance allowed"), required=False)

    def __init__(self, *args: Any, units: list[Any], **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["unit"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [(str(unit.pk), unit.name) for unit in units]


class TitleForm(forms.Form):
    title = forms.CharField(label=_("Agenda item"), max_length=500)


class ContentsForm(forms.Form):
    contents = forms.MultipleChoiceField(
        label=_("Contents of the conference (art. 51.3)"),
        choices=rules.CONTENTS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class RequestForm(forms.Form):
    """Ask for an extraordinary conference (art. 50.1)."""

    proposer = forms.ChoiceField(label=_("Proposed by"), choices=Proposer.choices)
    reason = forms.CharField(
        label=_("What should the conference decide?"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class SecondCallForm(forms.Form):
    scheduled_at = forms.DateTimeField(
        label=_("New date and time"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
