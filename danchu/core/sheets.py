"""Excel workbooks written row by row (openpyxl's write-only mode), safe and reproducible: text
that a spreadsheet would read as a formula stays text (OWASP "CSV injection"), header rows are
bold, and the same rows give the same bytes (`reproducible.fixed_zip`)."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from danchu.core import reproducible

DATE = "DD/MM/YYYY"
PERCENT = "0%"
# What a spreadsheet may read as the start of a formula: such text is written as text, never as a
# formula, and marked so that editing the cell keeps it text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(sheet: WriteOnlyWorksheet, value: Any, number_format: str = "") -> Cell:
    written = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        written.data_type = "s"  # openpyxl made "=…" a formula
        written.quotePrefix = True
    if number_format and value is not None:
        written.number_format = number_format
    return written


def add_sheet(
    workbook: Workbook, title: str, headers: Sequence[str], widths: Sequence[float]
) -> WriteOnlyWorksheet:
    """A sheet with its column widths and a bold header row."""
    sheet = workbook.create_sheet(title[:31])
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    bold = Font(bold=True)
    header = []
    for text in headers:
        written = WriteOnlyCell(sheet, value=text)
        written.font = bold
        header.append(written)
    sheet.append(header)
    return sheet


def add_rows(sheet: WriteOnlyWorksheet, rows: Iterable[Sequence[Any]]) -> None:
    for row in rows:
        sheet.append([value if isinstance(value, Cell) else cell(sheet, value) for value in row])


def to_bytes(workbook: Workbook) -> bytes:
    """The workbook's file, reproducible (dated the epoch: a table has no date of its own)."""
    buffer = io.BytesIO()
    workbook.save(buffer)
    return reproducible.fixed_zip(buffer.getvalue(), when=reproducible.EPOCH)


def new_workbook() -> Workbook:
    return Workbook(write_only=True)
