"""The head's three irreversible acts on a consultation, each in two steps (issue 12): close it
(early, with a reason), publish the synthesis of opinions, adopt the regulation.

The form's POST shows a "Check your answers" page (what will happen, to whom, what cannot be
undone; nothing written: danchu.core.pending keeps the answers); its Confirm POST acts once (a
`{% form_key %}`) and redirects to a confirmation page (POST-redirect-GET) saying what happens
next. A refusal on either step shows the form again with the answers as typed (docs/forms.md).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from danchu.consultations import adoption, pages, queries, services
from danchu.consultations.forms import AdoptForm, CloseForm
from danchu.consultations.models import Consultation
from danchu.core import pending
from danchu.core.htmx import render_page
from danchu.core.outcomes import attempt


def _act(name: str, consultation: Consultation) -> str:
    return f"{name}:{consultation.pk}"


def _consulted(consultation: Consultation) -> str:
    count = queries.consulted_count(consultation)
    return ngettext("%(count)s person consulted", "%(count)s people consulted", count) % {
        "count": f"{count:,}".replace(",", ".")
    }


def _change(name: str, consultation: Consultation, token: str, field: str) -> str:
    url = reverse(name, args=[consultation.pk])
    return f"{url}?{urlencode({'answers': token})}#id_{field}"


def _check(request: HttpRequest, consultation: Consultation, **context: Any) -> HttpResponse:
    context = {
        "consultation": consultation,
        "back": reverse("consultation_detail", args=[consultation.pk]),
        **context,
    }
    return render_page(request, "check_page.html", context)


def _expired(request: HttpRequest, name: str, consultation: Consultation) -> HttpResponse:
    messages.error(request, _("These answers are no longer kept: fill in the form again."))
    return redirect(name, consultation.pk)


def _form_page(
    request: HttpRequest, consultation: Consultation, form: Any, template: str
) -> HttpResponse:
    status = getattr(form, "error_status", 422) if form.errors else 200
    context = {"consultation": consultation, "form": form}
    return render_page(request, template, context, status=status)


@dataclass(frozen=True)
class _Steps:
    """An act with a form: its page (`name`, `template`), the dry run that refuses on the form
    (`check`), the act itself (`perform`), and the confirmation page it ends on (`done`)."""

    name: str
    form_class: type[forms.Form]
    template: str
    check: Callable[[forms.Form], object]
    perform: Callable[[forms.Form], object]
    done: str
    fields: dict[str, str] = field(default_factory=dict)


def _two_steps(
    request: HttpRequest,
    consultation: Consultation,
    steps: _Steps,
    check_page: Callable[[forms.Form, pending.Pending], HttpResponse],
) -> HttpResponse:
    """GET: the form (refilled by `?answers=`). POST: the check page, nothing written. POST with
    `confirm`: the act, once, then its confirmation page. Any refusal: the form as typed."""
    act = _act(steps.name, consultation)
    token = request.POST.get("confirm")
    if token:
        kept = pending.answers(request, act, token)
        if kept is None:
            return _expired(request, steps.name, consultation)
        form = steps.form_class(kept.data)
        if form.is_valid():
            done = attempt(request, lambda: steps.perform(form), form=form, fields=steps.fields)
            if done.ok:
                pending.drop(request, token)
                return redirect(steps.done, consultation.pk)
        return _form_page(request, consultation, form, steps.template)
    if request.method == "GET":
        kept = pending.answers(request, act, request.GET.get("answers"))
        form = steps.form_class(kept.data if kept else None)
        return _form_page(request, consultation, form, steps.template)
    form = steps.form_class(request.POST)
    if form.is_valid():
        checked = attempt(request, lambda: steps.check(form), form=form, fields=steps.fields)
        if checked.ok:
            return check_page(form, pending.keep(request, act, request.POST))
    return _form_page(request, consultation, form, steps.template)


@require_http_methods(["GET", "POST"])
@login_required
def consultation_close(request: HttpRequest, pk: int) -> HttpResponse:
    """Close now: the form (GET, refilled by `?answers=`), its check page, then the act."""
    consultation = pages.managed(request, pk)
    steps = _Steps(
        name="consultation_close",
        form_class=CloseForm,
        template="consultations/close.html",
        check=lambda form: services.check_close(consultation, form.cleaned_data["reason"]),
        perform=lambda form: services.close_consultation(
            actor=pages.user(request), consultation=consultation, **form.cleaned_data
        ),
        done="consultation_closed",
        fields={"reason_required": "reason"},
    )

    def check_page(form: forms.Form, kept: pending.Pending) -> HttpResponse:
        return _check(
            request,
            consultation,
            heading=_("Check before closing the consultation"),
            facts=[
                _("“%(title)s” closes now; it was planned to close on %(end)s.")
                % {
                    "title": consultation.title,
                    "end": date_format(consultation.closes_at, "SHORT_DATETIME_FORMAT"),
                },
                _("%(people)s can no longer give opinions or stances.")
                % {"people": _consulted(consultation)},
            ],
            cannot_undo=[
                _("Closing cannot be undone: the consultation cannot be opened again."),
                _(
                    "The reason is recorded, shown on the consultation and printed in the "
                    "synthesis."
                ),
            ],
            rows=[
                {
                    "key": _("Reason for closing before the planned end"),
                    "value": form.cleaned_data["reason"],
                    "url": _change("consultation_close", consultation, kept.token, "reason"),
                }
            ],
            action=reverse("consultation_close", args=[pk]),
            token=kept.token,
            button=_("Close the consultation"),
        )

    return _two_steps(request, consultation, steps, check_page)


@require_GET
@login_required
def consultation_closed(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = pages.managed(request, pk)
    if consultation.closed_at is None:
        return redirect("consultation_detail", pk)
    return _done(
        request,
        consultation,
        heading=_("The consultation is closed"),
        reference=date_format(consultation.closed_at, "SHORT_DATETIME_FORMAT"),
        reference_label=_("Closed at"),
        steps=[
            _("%(people)s can read the draft but can no longer give opinions.")
            % {"people": _consulted(consultation)},
            _(
                "Next: answer every opinion (accepted, partly accepted or not, with a reason), "
                "then publish the synthesis (art. 55)."
            ),
        ],
        links=[
            (reverse("consultation_dispositions", args=[pk]), _("Answer the opinions")),
        ],
    )


def _done(request: HttpRequest, consultation: Consultation, **context: Any) -> HttpResponse:
    context["links"] = [
        *context["links"],
        (reverse("consultation_detail", args=[consultation.pk]), consultation.title),
        (reverse("consultation_list"), _("Consultations")),
        (reverse("home"), _("Home")),
    ]
    return render_page(request, "confirmation_page.html", {"consultation": consultation, **context})


@require_POST
@login_required
def synthesis_publish(request: HttpRequest, pk: int) -> HttpResponse:
    """Publish the synthesis: its check page, then (with `confirm`) the act."""
    consultation = pages.managed(request, pk)
    act = _act("synthesis", consultation)
    token = request.POST.get("confirm")
    if not token:
        kept = pending.keep(request, act, {})
        answered = queries.decision_counts(consultation)
        return _check(
            request,
            consultation,
            heading=_("Check before publishing the synthesis"),
            facts=[
                _(
                    "The synthesis of opinions of “%(title)s” is written (.docx, Decree 30) and "
                    "disclosed in the category “consultation outcome”."
                )
                % {"title": consultation.title},
                _("%(people)s are notified and can read it, with every opinion and its answer.")
                % {"people": _consulted(consultation)},
                ngettext(
                    "%(count)s opinion answered.",
                    "%(count)s opinions answered.",
                    sum(answered.values()),
                )
                % {"count": sum(answered.values())},
            ],
            cannot_undo=[
                _(
                    "A published record is never deleted: it can only be corrected or withdrawn, "
                    "with a reason."
                ),
                _("After publishing, the answers to the opinions can no longer be changed."),
            ],
            rows=[
                {
                    "key": _("Answers to the opinions"),
                    "value": _("Every opinion has an answer."),
                    "url": reverse("consultation_dispositions", args=[pk]),
                }
            ],
            action=reverse("consultation_synthesis_publish", args=[pk]),
            token=kept.token,
            button=_("Publish the synthesis of opinions"),
            back=reverse("consultation_dispositions", args=[pk]),
        )
    if pending.answers(request, act, token) is None:
        return _expired(request, "consultation_dispositions", consultation)
    outcome = attempt(
        request,
        lambda: adoption.publish_synthesis(actor=pages.user(request), consultation=consultation),
    )
    if not outcome.ok:
        return redirect("consultation_dispositions", pk)
    pending.drop(request, token)
    return redirect("consultation_synthesis_published", pk)


@require_GET
@login_required
def synthesis_published(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = pages.managed(request, pk)
    synthesis = queries.synthesis_of(consultation)
    if synthesis is None:
        return redirect("consultation_detail", pk)
    return _done(
        request,
        consultation,
        heading=_("The synthesis has been published"),
        reference=synthesis.number or date_format(synthesis.published_at, "SHORT_DATE_FORMAT"),
        reference_label=_("Number"),
        steps=[
            _("%(people)s are notified and can read it with every answer.")
            % {"people": _consulted(consultation)},
            _("Next: adopt the regulation (its document number and dates) from the final version."),
        ],
        links=[
            (reverse("consultation_synthesis", args=[pk]), _("Synthesis of opinions")),
            (reverse("consultation_adopt", args=[pk]), _("Adopt the regulation")),
        ],
    )


@require_http_methods(["GET", "POST"])
@login_required
def regulation_adopt(request: HttpRequest, pk: int) -> HttpResponse:
    """Adopt: the form (GET, refilled by `?answers=`), its check page, then the act."""
    consultation = pages.managed(request, pk)
    steps = _Steps(
        name="consultation_adopt",
        form_class=AdoptForm,
        template="consultations/adopt.html",
        check=lambda form: adoption.check_adoption(
            consultation,
            signed_on=form.cleaned_data["signed_on"],
            effective_from=form.cleaned_data["effective_from"],
        ),
        perform=lambda form: adoption.adopt_regulation(
            actor=pages.user(request), consultation=consultation, **form.cleaned_data
        ),
        done="consultation_adopted",
    )

    def check_page(form: forms.Form, kept: pending.Pending) -> HttpResponse:
        data = form.cleaned_data

        def row(field: str, value: str) -> dict[str, str]:
            url = _change("consultation_adopt", consultation, kept.token, field)
            return {"key": str(form.fields[field].label), "value": value, "url": url}

        return _check(
            request,
            consultation,
            heading=_("Check before adopting the regulation"),
            facts=[
                _("The final version of “%(title)s” becomes a regulation in force from %(date)s.")
                % {
                    "title": consultation.title,
                    "date": date_format(data["effective_from"], "SHORT_DATE_FORMAT"),
                },
                _("It applies to %(people)s; the regulation it replaces stays readable.")
                % {"people": _consulted(consultation)},
            ],
            cannot_undo=[
                _("Adopting cannot be undone: the regulation can only be replaced by a later one."),
            ],
            rows=[
                row("document_number", data["document_number"]),
                row("signed_on", date_format(data["signed_on"], "SHORT_DATE_FORMAT")),
                row("effective_from", date_format(data["effective_from"], "SHORT_DATE_FORMAT")),
            ],
            action=reverse("consultation_adopt", args=[pk]),
            token=kept.token,
            button=_("Adopt the final version"),
            back=reverse("consultation_dispositions", args=[pk]),
        )

    return _two_steps(request, consultation, steps, check_page)


@require_GET
@login_required
def regulation_adopted(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = pages.managed(request, pk)
    regulation = queries.regulation_of(consultation)
    if regulation is None:
        return redirect("consultation_detail", pk)
    return _done(
        request,
        consultation,
        heading=_("The regulation has been adopted"),
        reference=regulation.document_number,
        reference_label=_("Document number"),
        steps=[
            _("In force from %(date)s for %(people)s.")
            % {
                "date": date_format(regulation.effective_from, "SHORT_DATE_FORMAT"),
                "people": _consulted(consultation),
            },
            _("It is listed in the unit's regulations; the one it replaces stays readable."),
        ],
        links=[
            (reverse("regulation_detail", args=[regulation.pk]), _("Open the regulation")),
            (reverse("regulation_list"), _("Regulations")),
        ],
    )
