"""The head's pages from closing to the regulation: close (with a reason when early), answer
each opinion, publish a revised version and see what changed, publish the synthesis, adopt.

Law 10/2022/QH15 art. 55: the head accepts or explains every opinion and discloses the result.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from danchu.consultations import adoption, pages, permissions, queries, services
from danchu.consultations.diff import summary, to_html
from danchu.consultations.forms import AdoptForm, DispositionForm, VersionForm
from danchu.consultations.models import Decision
from danchu.consultations.report import synthesis_facts
from danchu.consultations.synthesis_doc import render_html
from danchu.core.htmx import render_page
from danchu.core.outcomes import attempt


@require_http_methods(["GET", "POST"])
@login_required
def opinion_dispositions(request: HttpRequest, pk: int) -> HttpResponse:
    """The head answers every opinion: accepted, partly accepted or not, with a reason."""
    consultation = pages.managed(request, pk)
    opinions = pages.labelled(list(queries.all_opinions(consultation)))
    refused = None
    if request.method == "POST":
        opinion = get_object_or_404(
            queries.all_opinions(consultation), pk=request.POST.get("opinion")
        )
        form = DispositionForm(request.POST)
        if form.is_valid():
            done = attempt(
                request,
                lambda: services.dispose_opinion(
                    actor=pages.user(request), opinion=opinion, **form.cleaned_data
                ),
                form=form,
            )
            if done.ok:
                return redirect(f"{request.path}#o{opinion.pk}")
        # Refused: the page again, with the answer as typed beside its opinion (docs/forms.md).
        refused = _kept_answer(opinions, opinion.pk, form)
    context = {
        "consultation": consultation,
        "opinions": opinions,
        "refused": refused,
        "union_opinions": queries.union_opinions(consultation),
        "problems": adoption.problems_before_synthesis(consultation),
        "counts": queries.decision_counts(consultation),
        "decisions": Decision.choices,
        "adopt_form": AdoptForm(),
    }
    status = getattr(refused, "error_status", 422) if refused else 200
    return render_page(request, "consultations/dispositions.html", context, status=status)


def _kept_answer(opinions: list[Any], pk: int, form: DispositionForm) -> DispositionForm:
    """The refused opinion shows the decision and explanation as typed, and why it was refused."""
    if "decision" in form.errors:
        form.errors["decision"] = form.error_class([_("Choose a decision for the opinion.")])
    for opinion in opinions:
        if opinion.pk == pk:
            opinion.decision = form.data.get("decision", "")
            opinion.explanation = form.data.get("explanation", "")
            opinion.problems = [error for errors in form.errors.values() for error in errors]
    return form


@require_http_methods(["GET", "POST"])
@login_required
def version_new(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = pages.managed(request, pk)
    data = (request.POST, request.FILES) if request.method == "POST" else ()
    form = VersionForm(*data)
    if request.method == "POST" and form.is_valid():
        outcome = attempt(
            request,
            lambda: services.publish_version(
                actor=pages.user(request),
                consultation=consultation,
                draft=form.draft(),
                note=form.cleaned_data["note"],
                source=form.source,
            ),
            success=_("The revised draft has been published."),
            form=form,
        )
        if outcome.ok:
            return redirect("consultation_diff", pk)
    context = {"consultation": consultation, "form": form}
    status = getattr(form, "error_status", 422) if form.errors else 200
    return render_page(request, "consultations/version_new.html", context, status=status)


@require_GET
@login_required
def consultation_diff(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = pages.visible(request, pk)
    found = queries.version_diff(
        consultation, old=_number(request.GET.get("from")), new=_number(request.GET.get("to"))
    )
    if found is None:
        raise Http404
    is_head = permissions.can_manage(request.user, consultation)
    context = {
        "consultation": consultation,
        "versions": queries.versions_of(consultation),
        "old": found.old,
        "new": found.new,
        "diff_html": to_html(found.changes),
        "summary": summary(found.changes),
        "answers": queries.answered(found.new),
        "linkable": queries.linkable(consultation, found.changes) if is_head else [],
    }
    return render_page(request, "consultations/diff.html", context)


def _number(value: str | None) -> int | None:
    """A version number from the query string (missing or 0: the default), else 404."""
    try:
        return int(value) if value else None
    except ValueError:
        raise Http404 from None


@require_POST
@login_required
def answers_link(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    consultation = pages.managed(request, pk)
    paragraph = pages.paragraph(consultation, number)
    ids = [int(value) for value in request.POST.getlist("opinions") if value.isdigit()]
    attempt(
        request,
        lambda: services.link_answers(
            actor=pages.user(request), paragraph=paragraph, opinion_ids=ids
        ),
        success=_("The answered opinions have been recorded."),
    )
    return redirect(reverse("consultation_diff", args=[pk]) + f"#answer-{number}")


@require_GET
@login_required
def synthesis_view(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = pages.visible(request, pk)
    synthesis = queries.synthesis_of(consultation)
    if synthesis is None:
        raise Http404
    facts = synthesis_facts(consultation, number=synthesis.number, signer=synthesis.published_by)
    context = {"consultation": consultation, "synthesis": synthesis, "report": render_html(facts)}
    return render_page(request, "consultations/synthesis.html", context)
