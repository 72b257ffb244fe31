"""Reading an uploaded .xlsx/.csv safely into rows keyed by column code; nothing is written."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import warnings
import zipfile
from typing import Any

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from danchu.core.errors import InvalidInput
from danchu.people.staff_import.columns import (
    COLUMNS,
    EXAMPLE_ROW,
    HEADER_KEYS,
    IGNORED_HEADERS,
    NAME_CODES,
    ROW_KEY,
    cell_text,
    key,
)

MAX_ROWS = 20_000
MAX_COLUMNS = 64
MAX_UNZIPPED_BYTES = 64 * 1024 * 1024  # a zip bomb is a broken spreadsheet, not a long wait


class FileTooLarge(InvalidInput):
    status_code = 413


class UnsupportedFile(InvalidInput):
    status_code = 415


def parse_file(uploaded: Any) -> list[dict[str, Any]]:
    """Rows of an uploaded .xlsx or .csv, keyed by column code, each with its row number.

    The type is told by content, not by name. Raises `FileTooLarge`, `UnsupportedFile` or
    `InvalidInput` (broken file, bad header row, no rows) with a message for the user.
    """
    limit = settings.DANCHU_MAX_UPLOAD_BYTES
    name = str(getattr(uploaded, "name", "") or "")
    if (getattr(uploaded, "size", 0) or 0) > limit:
        raise _too_large(limit)
    if name and not name.lower().endswith((".xlsx", ".xlsm", ".csv", ".txt")):
        raise UnsupportedFile(_("Only .xlsx and .csv files can be imported."))
    data = uploaded.read(limit + 1)
    if len(data) > limit:
        raise _too_large(limit)
    if not data.strip():
        raise InvalidInput(_("The file is empty."))
    if data.startswith(b"PK\x03\x04"):
        table = _read_xlsx(data)
    elif data.startswith(b"\xd0\xcf\x11\xe0"):
        raise UnsupportedFile(
            _("Old Excel (.xls) files cannot be read. Save the file as .xlsx and try again.")
        )
    else:
        table = _read_csv(data)
    return _rows_from_table(table)


def _too_large(limit: int) -> FileTooLarge:
    return FileTooLarge(
        _("The file is larger than %(size)s. Split it into smaller files.")
        % {"size": filesizeformat(limit)}
    )


def _broken() -> InvalidInput:
    return InvalidInput(
        _("The spreadsheet could not be read; it may be damaged. Save it again as .xlsx or .csv.")
    )


def _read_xlsx(data: bytes) -> list[list[Any]]:
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            types = archive.read("[Content_Types].xml") if "[Content_Types].xml" in names else b""
            unzipped = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, KeyError) as error:
        raise _broken() from error
    if b"spreadsheetml" not in types:
        raise UnsupportedFile(_("This file is neither an .xlsx spreadsheet nor a .csv file."))
    if unzipped > MAX_UNZIPPED_BYTES:
        raise _broken()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            try:
                sheet = workbook.worksheets[0]
                sheet.reset_dimensions()
                table = [
                    list(values)
                    for values in _limited(sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True))
                ]
            finally:
                workbook.close()
    except InvalidInput:
        raise
    except Exception as error:  # openpyxl raises many kinds of error on a damaged file
        raise _broken() from error
    return table


def _limited(rows: Any) -> Any:
    """Stop a file with more data rows than MAX_ROWS (empty rows are not counted)."""
    filled = 0
    for values in rows:
        if any(value not in (None, "") for value in values):
            filled += 1
            if filled > MAX_ROWS + 1:
                raise InvalidInput(
                    _("The file has more than %(count)d rows. Split it into smaller files.")
                    % {"count": MAX_ROWS}
                )
        yield values


def _read_csv(data: bytes) -> list[list[Any]]:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UnsupportedFile(_("The .csv file must be saved as UTF-8 (CSV UTF-8 in Excel)."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UnsupportedFile(
            _("This file is neither an .xlsx spreadsheet nor a .csv file saved as UTF-8.")
        ) from error
    if "\x00" in text:
        raise UnsupportedFile(_("This file is neither an .xlsx spreadsheet nor a .csv file."))
    first_line = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count)
    try:
        return list(_limited(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)))
    except csv.Error as error:
        raise _broken() from error


def _rows_from_table(table: list[list[Any]]) -> list[dict[str, Any]]:
    filled = [i for i, row in enumerate(table) if any(cell_text(v) for v in row)]
    if not filled:
        raise InvalidInput(_("The file is empty."))
    # A title such as "DANH SÁCH CÁN BỘ" may sit above the header row.
    header_index = next((i for i in filled[:10] if _known_columns(table[i]) >= 2), filled[0])
    codes = _header_codes(table[header_index], row_number=header_index + 1)
    rows: list[dict[str, Any]] = []
    for number, values in enumerate(table[header_index + 1 :], start=header_index + 2):
        row = {code: _cell(code, values[i] if i < len(values) else None) for i, code in codes}
        if any(value not in (None, "") for value in row.values()) and not _is_example(row):
            rows.append({ROW_KEY: number, **row})
    if not rows:
        raise InvalidInput(_("The file contains no staff rows below the header row."))
    return rows


def _known_columns(values: list[Any]) -> int:
    return sum(1 for value in values if key(cell_text(value)) in HEADER_KEYS)


def _header_codes(header: list[Any], *, row_number: int) -> list[tuple[int, str]]:
    codes: list[tuple[int, str]] = []
    errors: list[dict[str, Any]] = []
    for index, value in enumerate(header):
        text = cell_text(value)
        code = HEADER_KEYS.get(key(text))
        inner = re.search(r"\(([^()]*)\)\s*$", text)
        if code is None and inner:
            code = HEADER_KEYS.get(key(inner.group(1)))
        if code is None:
            if key(text) not in IGNORED_HEADERS:
                message = _("This column is not part of the template; rename or remove it.")
                errors.append({"row": row_number, "column": text, "message": message})
        elif code in {c for _, c in codes}:
            message = _("This column appears twice.")
            errors.append({"row": row_number, "column": text, "message": message})
        else:
            codes.append((index, code))
    present = {code for _, code in codes}
    needed = [c for c in COLUMNS if c.required and c.code not in present]
    if "full_name" in present:
        needed = [c for c in needed if c.code not in NAME_CODES]
    for column in needed:
        message = _("The required column “%(column)s” is missing.") % {"column": column.header}
        errors.append({"row": row_number, "column": column.header, "message": message})
    if errors:
        raise InvalidInput(_("The header row does not match the template."), errors=errors)
    return codes


def _cell(code: str, value: Any) -> Any:
    """A cell as text, except dates, which stay dates (Excel serial numbers included)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int | float) and code == "birth_date":
        from openpyxl.utils.datetime import from_excel

        try:
            serial = from_excel(value)
        except (ValueError, OverflowError, TypeError):
            return str(value)
        return serial.date() if isinstance(serial, dt.datetime) else str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return cell_text(value)


def _is_example(row: dict[str, Any]) -> bool:
    """The template's example row, left untouched, is not imported."""
    return row.get("staff_code") == EXAMPLE_ROW["staff_code"] and all(
        (row.get(code) or "") == value for code, value in EXAMPLE_ROW.items() if code in row
    )
