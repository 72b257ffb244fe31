"""The empty staff import file (header row and one example row), as .xlsx or .csv."""

from __future__ import annotations

import csv
import io
from typing import Any

from danchu.core import reproducible
from danchu.organizations.models import Unit
from danchu.people.staff_import.columns import (
    CATEGORY_WORDS,
    COLUMNS,
    EXAMPLE_ROW,
    department_units,
)


def build_template(fmt: str, unit: Unit | None = None) -> bytes:
    """The empty import file (header row and one example row), as .xlsx or UTF-8 .csv with BOM."""
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow([column.header for column in COLUMNS])
        writer.writerow([EXAMPLE_ROW[column.code] for column in COLUMNS])
        return ("\ufeff" + out.getvalue()).encode("utf-8")
    if fmt == "xlsx":
        return _build_xlsx(unit)
    raise ValueError(fmt)


def _build_xlsx(unit: Unit | None) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Danh sách"
    sheet.append([column.header for column in COLUMNS])
    sheet.append([EXAMPLE_ROW[column.code] for column in COLUMNS])
    sheet.freeze_panes = "A2"
    for index, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = max(14, len(column.header) + 2)
        sheet.cell(row=1, column=index).font = Font(bold=True)
        sheet.cell(row=2, column=index).font = Font(italic=True, color="808080")
        if column.code in ("staff_code", "birth_date", "phone"):
            # Text cells: Excel must not drop leading zeros or re-read 03/04 as 4 March.
            for row in range(2, 1002):
                sheet.cell(row=row, column=index).number_format = "@"
    choices = {
        "category": ",".join(CATEGORY_WORDS.values()),
        "party_member": "có,không",
        "union_member": "có,không",
    }
    for code, values in choices.items():
        letter = get_column_letter([c.code for c in COLUMNS].index(code) + 1)
        validation = DataValidation(type="list", formula1=f'"{values}"', allow_blank=True)
        validation.add(f"{letter}2:{letter}1001")
        sheet.add_data_validation(validation)
    _add_lists_sheet(workbook, unit)
    out = io.BytesIO()
    workbook.save(out)
    return reproducible.fixed_zip(out.getvalue(), when=reproducible.EPOCH)  # the same each time


def _add_lists_sheet(workbook: Any, unit: Unit | None) -> None:
    from openpyxl.styles import Font

    lists = workbook.create_sheet("Danh mục")
    lists.append(["Phân loại (category)", "Mã (code)", "", "Phòng ban (department)", "Mã (code)"])
    departments: list[Unit] = []
    if unit is not None:
        departments = list(department_units(unit).exclude(pk=unit.pk).order_by("path")[:1000])
    categories = list(CATEGORY_WORDS.items())
    for i in range(max(len(categories), len(departments))):
        category = categories[i] if i < len(categories) else None
        department = departments[i] if i < len(departments) else None
        lists.append(
            [
                category[1] if category else "",
                category[0].value if category else "",
                "",
                department.name if department else "",
                department.code if department else "",
            ]
        )
    for cell in lists[1]:
        cell.font = Font(bold=True)
    for letter, width in (("A", 24), ("B", 18), ("D", 48), ("E", 24)):
        lists.column_dimensions[letter].width = width
