"""The conference's records pages: the records page (secretary, proceedings, minutes, the
resolution and its reviews), the printable minutes and resolution, their .docx downloads.

Adopting the resolution discloses it to all staff and cannot be undone, so it goes through a
check-your-answers page and a confirmation page (docs/page-patterns.md).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from danchu.conferences import (
    minutes_doc,
    pages,
    permissions,
    queries,
    records,
    records_queries,
    resolution_doc,
)
from danchu.conferences.models import Conference, ReviewStatus
from danchu.conferences.records_downloads import minutes_file, resolution_file
from danchu.conferences.records_forms import (
    ProceedingsForm,
    ReportForm,
    ResolutionForm,
    SecretaryForm,
)
from danchu.core import pending
from danchu.core.htmx import render_page
from danchu.core.outcomes import attempt
from danchu.people.models import User


def _records_url(conference: Conference) -> str:
    return reverse("conference_records", args=[conference.pk])


def _secretary_form(conference: Conference, data: Any = None) -> SecretaryForm:
    choices = [
        (p.person_id, p.person.full_name)
        for p in records_queries.participants_for_secretary(conference)
    ]
    initial = {"person_id": conference.secretary_id}
    return SecretaryForm(data, choices=choices, initial=initial, prefix="secretary")


def _page(request: HttpRequest, conference: Conference, status: int = 200, **forms: Any) -> Any:
    user = request.user
    resolution = records_queries.resolution_of(conference)
    manages = permissions.can_manage(user, conference)
    reviews = records_queries.reviews_of(resolution)
    context = {
        "conference": conference,
        "manages": manages,
        "names_secretary": manages or permissions.is_chair(user, conference),
        "writes_minutes": isinstance(user, User) and records.can_write_minutes(user, conference),
        "secretary_form": forms.get("secretary_form") or _secretary_form(conference),
        "proceedings_form": forms.get("proceedings_form")
        or ProceedingsForm(initial={"text": conference.proceedings}, prefix="proceedings"),
        "resolution": resolution,
        "resolution_form": forms.get("resolution_form")
        or ResolutionForm(
            initial={"text": resolution.text if resolution else ""}, prefix="resolution"
        ),
        "resolution_vote": records_queries.resolution_vote(conference),
        "reviews": reviews,
        "next_review": next((r for r in reviews if r.status == ReviewStatus.DUE), None),
        "report_form": forms.get("report_form") or ReportForm(prefix="report"),
        "minutes_number": records_queries.minutes_number(conference),
        "votes": records_queries.closed_votes(conference),
    }
    return render_page(request, "conferences/records_page.html", context, status=status)


@require_GET
@login_required
def records_page(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, queries.conference(request.user, pk))


def _status(form: Any) -> int:
    return getattr(form, "error_status", 422) if form.errors else 200


def _saved(
    request: HttpRequest,
    conference: Conference,
    form: Any,
    save: Any,
    *,
    success: str,
    form_name: str,
) -> HttpResponse:
    """A records form: saved by `save(cleaned_data)` and back to the records page, or the page
    again with the form and its errors (what was typed kept)."""
    if form.is_valid():
        done = attempt(request, lambda: save(form.cleaned_data), form=form, success=success)
        if done.ok:
            return redirect(_records_url(conference))
    return _page(request, conference, _status(form), **{form_name: form})


@require_POST
@login_required
def secretary_set(request: HttpRequest, pk: int) -> HttpResponse:
    conference = queries.conference(request.user, pk)
    return _saved(
        request, conference, _secretary_form(conference, request.POST),
        lambda data: records.set_secretary(
            actor=pages.user(request), conference=conference, person_id=data["person_id"]
        ),
        success=_("The secretary has been recorded."), form_name="secretary_form",
    )  # fmt: skip


@require_POST
@login_required
def proceedings_write(request: HttpRequest, pk: int) -> HttpResponse:
    conference = queries.conference(request.user, pk)
    return _saved(
        request, conference, ProceedingsForm(request.POST, prefix="proceedings"),
        lambda data: records.write_proceedings(
            actor=pages.user(request), conference=conference, text=data["text"]
        ),
        success=_("The proceedings have been saved."), form_name="proceedings_form",
    )  # fmt: skip


@require_POST
@login_required
def resolution_draft(request: HttpRequest, pk: int) -> HttpResponse:
    conference = queries.conference(request.user, pk)
    return _saved(
        request, conference, ResolutionForm(request.POST, prefix="resolution"),
        lambda data: records.draft_resolution(
            actor=pages.user(request), conference=conference, text=data["text"]
        ),
        success=_("The draft resolution has been saved."), form_name="resolution_form",
    )  # fmt: skip


@require_http_methods(["POST"])
@login_required
def resolution_adopt(request: HttpRequest, pk: int) -> HttpResponse:
    """The check page (nothing written), then, with `confirm`, the act once."""
    conference = pages.managed(request, pk)
    act = f"resolution_adopt:{conference.pk}"
    token = request.POST.get("confirm")
    if not token:
        checked = attempt(request, lambda: records.check_adoption(conference))
        if not checked.ok or checked.value is None:
            return redirect(_records_url(conference))
        resolution, vote = checked.value
        kept = pending.keep(request, act, {})
        agree = int((vote.tally or {}).get("agree", 0))
        context = {
            "heading": _("Check before adopting the resolution"),
            "facts": [
                _(
                    "The vote “%(title)s” adopted it: %(agree)s of the %(present)s present "
                    "agreed (more than 50%%, art. 51.2.c)."
                )
                % {"title": vote.title, "agree": agree, "present": vote.present},
                _(
                    "The resolution gets its number and the date of the vote, and is disclosed "
                    "to all staff of %(unit)s with its .docx (Decree 30)."
                )
                % {"unit": conference.unit.name},
                _(
                    "Two reviews of how it is carried out are scheduled, every 6 months "
                    "(art. 52.3), for the head and the union."
                ),
            ],
            "cannot_undo": [
                _("After adoption the text can no longer change."),
                _(
                    "A published record is never deleted: it can only be corrected or withdrawn, "
                    "with a reason."
                ),
            ],
            "rows": [
                {
                    "key": _("Text of the resolution"),
                    "value": resolution.text[:500] + ("…" if len(resolution.text) > 500 else ""),
                    "url": _records_url(conference) + "#resolution",
                }
            ],
            "action": reverse("conference_resolution_adopt", args=[pk]),
            "token": kept.token,
            "button": _("Adopt and disclose the resolution"),
            "back": _records_url(conference),
        }
        return render_page(request, "check_page.html", context)
    if pending.answers(request, act, token) is None:
        messages.error(request, _("These answers are no longer kept: fill in the form again."))
        return redirect(_records_url(conference))
    done = attempt(
        request, lambda: records.adopt_resolution(actor=pages.user(request), conference=conference)
    )
    if not done.ok:
        return redirect(_records_url(conference))
    pending.drop(request, token)
    return redirect("conference_resolution_adopted", pk)


@require_GET
@login_required
def resolution_adopted(request: HttpRequest, pk: int) -> HttpResponse:
    conference = pages.managed(request, pk)
    resolution = records_queries.resolution_of(conference)
    if resolution is None or resolution.adopted_on is None:
        return redirect(_records_url(conference))
    reviews = records_queries.reviews_of(resolution)
    context = {
        "heading": _("The resolution has been adopted"),
        "reference": resolution.number,
        "reference_label": _("Number"),
        "steps": [
            _("All staff can read it among the unit's disclosures."),
            *(
                _("Review %(n)s due by %(day)s: report to staff (art. 52.3).")
                % {"n": review.period, "day": date_format(review.due_on, "SHORT_DATE_FORMAT")}
                for review in reviews
            ),
        ],
        "links": [
            (reverse("conference_resolution", args=[pk]), _("The resolution")),
            (reverse("disclosure_detail", args=[resolution.disclosure_id]), _("The disclosure")),
            (_records_url(conference), _("Records of the conference")),
            (reverse("home"), _("Home")),
        ],
    }
    return render_page(request, "confirmation_page.html", context)


@require_POST
@login_required
def review_report(request: HttpRequest, pk: int) -> HttpResponse:
    review = records_queries.review(request.user, pk)
    conference = review.resolution.conference
    form = ReportForm(request.POST, prefix="report")
    if form.is_valid():
        done = attempt(
            request,
            lambda: records.report_review(
                actor=pages.user(request), review=review, report=form.cleaned_data["report"]
            ),
            form=form,
            success=_("The review has been reported and disclosed to all staff."),
        )
        if done.ok:
            return redirect(_records_url(conference))
    return _page(request, conference, _status(form), report_form=form)


# --- The documents -----------------------------------------------------------------------------


def _printable(request: HttpRequest, conference: Conference, **context: Any) -> HttpResponse:
    context = {"conference": conference, "back_url": _records_url(conference), **context}
    return render(request, "conferences/records_print.html", context)


@require_GET
@login_required
def minutes_view(request: HttpRequest, pk: int) -> HttpResponse:
    conference = queries.conference(request.user, pk)
    facts = records_queries.minutes_facts(conference)
    return _printable(
        request,
        conference,
        document=minutes_doc.render_html(facts),
        title=f"Biên bản {facts.number}",
        docx_url=reverse("conference_minutes_docx", args=[pk]),
    )


@require_GET
@login_required
def minutes_docx(request: HttpRequest, pk: int) -> HttpResponse:
    return minutes_file(queries.conference(request.user, pk))


@require_GET
@login_required
def resolution_view(request: HttpRequest, pk: int) -> HttpResponse:
    conference = queries.conference(request.user, pk)
    resolution = records_queries.resolution_of(conference)
    if resolution is None:
        raise Http404
    facts = records_queries.resolution_facts(conference, resolution)
    return _printable(
        request,
        conference,
        document=resolution_doc.render_html(facts),
        title=f"Nghị quyết {facts.number}".strip(),
        docx_url=reverse("conference_resolution_docx", args=[pk]),
        draft=resolution.adopted_on is None,
    )


@require_GET
@login_required
def resolution_docx(request: HttpRequest, pk: int) -> HttpResponse:
    return resolution_file(queries.conference(request.user, pk))
