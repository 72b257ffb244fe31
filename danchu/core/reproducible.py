"""Byte-for-byte reproducible Office files (.docx, .xlsx): the same content gives the same
bytes, so a downloaded copy can be compared with, or hashed against, another one.

An Office file is a zip. Its entries are dated with the earliest date a zip can hold, kept in
the order the library wrote them, and the document's own dates (docProps/core.xml, which
openpyxl sets to "now" when it saves) are replaced by the record's own moment.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

ZIP_TIME = (1980, 1, 1, 0, 0, 0)
# The moment written when a file has no date of its own (a register spanning many records).
EPOCH = dt.datetime(1980, 1, 1, tzinfo=dt.UTC)
CORE = "docProps/core.xml"
_DATES = re.compile(rb"(<dcterms:(?:created|modified)\b[^>]*>)[^<]*(</dcterms:)")


def w3cdtf(moment: dt.datetime) -> str:
    """`moment` as an Office core property writes it: UTC, whole seconds, "Z"."""
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def fixed_zip(data: bytes, *, when: dt.datetime | None = None) -> bytes:
    """`data` (a zip) rewritten with fixed entry dates; with `when`, the core properties'
    created and modified dates set to it."""
    fixed = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(fixed, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for entry in source.infolist():
            content = source.read(entry.filename)
            if when is not None and entry.filename == CORE:
                content = _DATES.sub(rb"\g<1>" + w3cdtf(when).encode() + rb"\g<2>", content)
            info = zipfile.ZipInfo(entry.filename, date_time=ZIP_TIME)
            info.compress_type, info.external_attr = zipfile.ZIP_DEFLATED, entry.external_attr
            target.writestr(info, content)
    return fixed.getvalue()
