"""The files of compliance as HTTP answers, for the pages and the API alike: the annual review
(.docx), its annex and the dashboard (.xlsx), and a unit's evidence bundle (.zip)."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils import timezone

from danchu.compliance import evidence, exports, queries, report, report_doc
from danchu.compliance.models import OfflineRecord
from danchu.organizations.models import Unit

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ZIP = "application/zip"


def _file(data: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def report_docx(unit: Unit, year: int) -> HttpResponse:
    data = report_doc.build(report.review(unit, year), today=timezone.localdate())
    return _file(data, DOCX, f"bao-cao-dan-chu-{unit.code}-{year}.docx")


def report_xlsx(unit: Unit, year: int) -> HttpResponse:
    return _file(exports.annex_xlsx(report.review(unit, year)), XLSX,
                 f"phu-luc-dan-chu-{unit.code}-{year}.xlsx")  # fmt: skip


def dashboard_xlsx(unit: Unit, year: int) -> HttpResponse:
    return _file(exports.dashboard_xlsx(queries.dashboard(unit, year)), XLSX,
                 f"chi-tieu-dan-chu-{unit.code}-{year}.xlsx")  # fmt: skip


def evidence_zip(unit: Unit, year: int) -> HttpResponse:
    return _file(evidence.bundle(unit, year), ZIP, f"minh-chung-{unit.code}-{year}.zip")


def offline_evidence(record: OfflineRecord) -> HttpResponse:
    """The scanned evidence of an offline record, as it was uploaded."""
    with record.evidence.open("rb") as handle:
        data = handle.read()
    return _file(data, "application/octet-stream", record.evidence_name)
