"""What the register shows and downloads: rows with their state and read rate, the Excel
workbook (write-only mode, row by row), and the download header of attachments."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from urllib.parse import quote

from django.core.paginator import Paginator
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl.cell.cell import Cell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from danchu.core import sheets
from danchu.core.pagination import Counted
from danchu.core.sheets import DATE, PERCENT, cell
from danchu.disclosures import queries
from danchu.disclosures.models import Disclosure, Status

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
WIDTHS = [6, 12, 16, 50, 30, 30, 12, 12, 14, 8, 12]
CHUNK = 500


def state_label(state: str) -> str:
    """The label of a state as `with_states` sets it (the API's status)."""
    return str(_("Scheduled")) if state == "scheduled" else str(Status(state).label)


def with_states(items: list[Disclosure]) -> list[Disclosure]:
    """Set `state` (as the API's status) and `state_label` for display."""
    now = timezone.now()
    labels = {"scheduled": _("Scheduled"), **dict(Status.choices)}
    for item in items:
        item.state = item.public_status(now=now)  # type: ignore[attr-defined]
        item.state_label = labels[item.state]  # type: ignore[attr-defined]
    return items


def rated(items: list[Disclosure]) -> list[Disclosure]:
    """Register rows: states and read rates, in a fixed number of queries."""
    return with_states(queries.attach_rates(items))


def rated_in_chunks(items: Counted[Disclosure]) -> Iterator[Disclosure]:
    """Every row of the register, a chunk at a time."""
    paginator = Paginator(items.items, CHUNK)  # straight from the database, not the cache
    for number in paginator.page_range:
        yield from rated(list(paginator.page(number).object_list))


def attachment_disposition(name: str) -> str:
    """RFC 6266 with an ASCII fallback and the exact UTF-8 name (RFC 5987) for Vietnamese."""
    plain = unicodedata.normalize("NFKD", name.replace("đ", "d").replace("Đ", "D"))
    plain = re.sub(r"[^A-Za-z0-9._ -]", "", plain.encode("ascii", "ignore").decode()) or "file"
    return f"attachment; filename=\"{plain}\"; filename*=utf-8''{quote(name, safe='')}"


def _headers() -> list[str]:
    return [
        _("No."),
        _("Decision date"),
        _("Document number"),
        _("Title"),
        _("Category"),
        _("Channels"),
        _("Posted from"),
        _("Visible until"),
        _("Status"),
        _("Late"),
        _("Read rate"),
    ]


def _row(sheet: WriteOnlyWorksheet, number: int, item: Disclosure) -> list[Cell]:
    published = timezone.localdate(item.publish_at)
    audience = getattr(item, "audience_count", 0)
    rate = getattr(item, "acknowledged_count", 0) / audience if audience else None
    channels = ", ".join(item.channel_labels)
    return [
        cell(sheet, number),
        cell(sheet, item.decision_date, DATE),
        cell(sheet, item.document_number),
        cell(sheet, item.title),
        cell(sheet, item.category_label),
        cell(sheet, channels),
        cell(sheet, published, DATE),
        cell(sheet, item.visible_until, DATE),
        cell(sheet, str(getattr(item, "state_label", item.get_status_display()))),
        cell(sheet, _("Yes") if item.is_late else _("No")),
        cell(sheet, rate, PERCENT),
    ]


def register_xlsx(items: Iterable[Disclosure]) -> bytes:
    """One header row, then one row per item, in the order given."""
    workbook = sheets.new_workbook()
    sheet = sheets.add_sheet(workbook, _("Disclosures"), _headers(), WIDTHS)
    for number, item in enumerate(items, start=1):
        sheet.append(_row(sheet, number, item))
    # Reproducible: openpyxl dates the file "now"; a register has no single date of its own.
    return sheets.to_bytes(workbook)
