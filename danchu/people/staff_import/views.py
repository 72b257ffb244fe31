"""Pages of the staff import: the upload form, the templates, the job's progress and result."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from danchu.core.errors import InvalidInput
from danchu.core.htmx import render_page
from danchu.core.uploads import size_text
from danchu.organizations.models import Unit
from danchu.people import queries
from danchu.people.backends import signed_in
from danchu.people.permissions import Action
from danchu.people.staff_import import parsing, services, template
from danchu.people.staff_import.progress import job_of, progress

MAX_ERRORS_SHOWN = 500
CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


def _managed_unit(request: HttpRequest, unit_id: int) -> Unit:
    return get_object_or_404(queries.visible_units(request.user, Action.MANAGE_PEOPLE), pk=unit_id)


def _context(request: HttpRequest, unit: Unit, **extra: Any) -> dict[str, Any]:
    return {"unit": unit, "breadcrumbs": [*queries.breadcrumbs(request.user, unit), unit], **extra}


@require_http_methods(["GET", "POST"])
@login_required
def staff_import(request: HttpRequest, unit_id: int) -> HttpResponse:
    """GET: the upload form. POST: check every row; import all of them, or none and list why."""
    unit = _managed_unit(request, unit_id)
    error: InvalidInput | None = None
    if request.method == "POST":
        try:
            rows = parsing.parse_file(_uploaded_file(request))
            job = services.start_import(actor=signed_in(request), unit=unit, rows=rows)
        except InvalidInput as failure:
            error = failure
        else:
            return redirect("staff_import_job", unit.pk, job.pk)
    problems = error.errors if error else []
    context = _context(
        request,
        unit,
        error=error,
        problems=problems[:MAX_ERRORS_SHOWN],
        problems_hidden=max(0, len(problems) - MAX_ERRORS_SHOWN),
        max_size=size_text(settings.DANCHU_MAX_UPLOAD_BYTES),
        # A refused file is named (with its size) and must be chosen again: inputs never refill.
        refused_file=request.FILES.get("file") if error else None,
    )
    return render_page(
        request, "people/import.html", context, status=error.status_code if error else 200
    )


def _uploaded_file(request: HttpRequest) -> Any:
    uploaded = request.FILES.get("file")
    if uploaded is None:
        raise InvalidInput(_("Choose a .xlsx or .csv file to import."))
    return uploaded


@require_GET
@login_required
def staff_import_template(request: HttpRequest, unit_id: int, fmt: str) -> HttpResponse:
    unit = _managed_unit(request, unit_id)
    if fmt not in CONTENT_TYPES:
        raise Http404
    response = HttpResponse(template.build_template(fmt, unit), content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="mau-nhap-can-bo.{fmt}"'
    return response


@never_cache
@require_GET
@login_required
def staff_import_job(request: HttpRequest, unit_id: int, job_id: int) -> HttpResponse:
    """The job's progress (an htmx request polls the `progress` partial), then its result."""
    unit = _managed_unit(request, unit_id)
    job = job_of(unit, job_id)
    if job is None:
        raise Http404
    context = _context(request, unit, job=job, progress=progress(job))
    return render_page(request, "people/import_progress.html", context, partial="progress")
