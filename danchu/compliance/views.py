"""The compliance pages: a node's dashboard (the province's home), its obligations, the annual
review (printable, with its focus edited here), the downloads, and offline records. Thin: they
call `queries` (the same functions as the API) and the services, nothing else."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_safe

from danchu.compliance import downloads, pages, queries, report, services
from danchu.compliance.forms import FocusForm, OfflineForm, YearForm
from danchu.compliance.models import Obligation, Standing
from danchu.core.outcomes import attempt
from danchu.core.pagination import paginate
from danchu.organizations.models import Unit


def _unit(request: HttpRequest, pk: int) -> Unit:
    unit = queries.compliance_unit(request.user, pk)
    if unit is None:
        raise Http404
    return unit


def _year(request: HttpRequest) -> int:
    form = YearForm(request.GET)
    year = form.cleaned_data.get("year") if form.is_valid() else None
    return year or timezone.localdate().year


@login_required
@require_safe
def start(request: HttpRequest) -> HttpResponse:
    """/compliance/: the highest node the user may see."""
    unit = queries.top_unit(request.user)
    if unit is None:
        raise Http404
    return redirect("compliance_unit", unit.pk)


@login_required
@require_safe
def unit_dashboard(request: HttpRequest, pk: int) -> HttpResponse:
    unit, year = _unit(request, pk), _year(request)
    return render(
        request,
        "compliance/dashboard.html",
        pages.dashboard_context(pages.user(request), unit, year),
    )


@login_required
@require_safe
def unit_obligations(request: HttpRequest, pk: int) -> HttpResponse:
    unit, year = _unit(request, pk), _year(request)
    status = request.GET.get("status", "")
    status = status if status in Standing.values else ""
    code = request.GET.get("code", "")[:64]
    page = paginate(request, queries.obligations(unit, year, status=status, code=code))
    return render(
        request,
        "compliance/obligations.html",
        {
            "unit": unit,
            "year": year,
            "page": page,
            "status": status,
            "code": code,
            "statuses": Standing.choices,
            "rules": queries.rules_in_order(),
            "rows": _with_evidence(list(page.object_list)),
        },
    )


def _with_evidence(rows: list[Obligation]) -> list[tuple[Obligation, list[queries.Evidence]]]:
    linked = queries.evidence_of(rows)
    return [(row, linked.get(row.pk, [])) for row in rows]


@login_required
@require_http_methods(["GET", "POST"])
def report_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The annual review as a printable page, and the form for its focus for next year."""
    unit, year = _unit(request, pk), _year(request)
    form = FocusForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        saved = attempt(
            request,
            lambda: services.save_focus(
                actor=pages.user(request), unit=unit, year=year, focus=form.cleaned_data["focus"]
            ),
            success=_("The focus for next year is saved."),
            form=form,
        )
        if saved.ok:
            return redirect(f"{reverse('compliance_report', args=[unit.pk])}?year={year}")
    shown = report.review(unit, year)
    if request.method == "GET":
        form = FocusForm(initial={"focus": shown.focus})
    return render(
        request,
        "compliance/report.html",
        {"review": shown, "unit": unit, "year": year, "form": form},
    )


# The files of a node and year, by the name the URL gives them (the API serves the same).
DOWNLOADS = {
    "report.docx": downloads.report_docx,
    "report.xlsx": downloads.report_xlsx,
    "dashboard.xlsx": downloads.dashboard_xlsx,
    "evidence.zip": downloads.evidence_zip,
}


@login_required
@require_safe
def download(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    return DOWNLOADS[name](_unit(request, pk), _year(request))


@login_required
@require_http_methods(["GET", "POST"])
def offline_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Record an activity done on paper, with its scanned evidence (counted as self-reported)."""
    unit = _unit(request, pk)
    rules = queries.offline_rules()
    form = OfflineForm(request.POST or None, request.FILES or None, rules=rules)
    if request.method == "POST" and form.is_valid():
        rule = queries.rule_by_code(form.cleaned_data["rule"])
        assert rule is not None  # the form's choices are the active duties
        done = attempt(
            request,
            lambda: services.record_offline(
                actor=pages.user(request),
                unit=unit,
                rule=rule,
                occurred_on=form.cleaned_data["occurred_on"],
                description=form.cleaned_data["description"],
                evidence=form.cleaned_data["evidence"],
            ),
            success=_("The activity is recorded; it counts as self-reported."),
            form=form,
        )
        if done.ok:
            return redirect("compliance_unit", unit.pk)
    return render(request, "compliance/offline.html", {"unit": unit, "form": form})


@login_required
@require_safe
def offline_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    record = queries.offline_record(request.user, pk)
    if record is None:
        raise Http404
    return downloads.offline_evidence(record)
