"""The files a reader downloads, built once for the pages (session) and the API (bearer token):
an item's attachments, its printed notice (.docx) and a unit's register (.xlsx).

The caller has already found the item or unit through a query that scopes it to the user
(what is not visible is 404); this module only turns it into a response.
"""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpResponse
from django.utils import timezone

from danchu.core.pagination import Counted
from danchu.disclosures import exports, notice
from danchu.disclosures.files import DOCX, XLSX
from danchu.disclosures.models import Attachment, Disclosure
from danchu.organizations.models import Unit

__all__ = ["DOCX", "XLSX", "attachment", "notice_docx", "register_xlsx"]


def attachment(file: Attachment) -> FileResponse:
    """The file, downloaded under its original name and never rendered by the browser."""
    try:
        stored = file.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    response = FileResponse(stored, content_type=file.content_type)
    response["Content-Disposition"] = exports.attachment_disposition(file.original_name)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def notice_docx(disclosure: Disclosure) -> HttpResponse:
    """The printed notice (Decree 30/2020 "THÔNG BÁO") as a Word document."""
    response = HttpResponse(notice.build_docx(disclosure), content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="{notice.docx_filename(disclosure)}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def register_xlsx(unit: Unit, items: Counted[Disclosure]) -> HttpResponse:
    """The unit's register (sổ công khai) of a period as an Excel workbook, every row."""
    rows = exports.rated_in_chunks(items)
    response = HttpResponse(exports.register_xlsx(rows), content_type=XLSX)
    filename = f"so-cong-khai-{unit.code}-{timezone.localdate():%Y%m%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
