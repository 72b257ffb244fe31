"""Attachments: the type is told by content, the size is limited, the stored name is ours."""

from __future__ import annotations

import io
import unicodedata
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath, PureWindowsPath
from typing import Any

import filetype
from django.conf import settings
from django.utils.translation import gettext as _

from danchu.core.errors import InvalidInput
from danchu.core.uploads import size_text
from danchu.disclosures.content import sha256_of

PDF, DOCX, XLSX = (
    "application/pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
)
IMAGES = {"image/png": "png", "image/jpeg": "jpg", "image/gif": "gif", "image/webp": "webp"}
EXTENSIONS = {PDF: "pdf", DOCX: "docx", XLSX: "xlsx", **IMAGES}


@dataclass(frozen=True)
class CheckedFile:
    data: bytes
    content_type: str
    extension: str
    original_name: str
    sha256: str
    stored_name: str


def check_upload(upload: Any) -> CheckedFile:
    """Accept PDF, DOCX, XLSX and raster images, judged by their bytes; refuse anything else."""
    limit = settings.DANCHU_MAX_ATTACHMENT_BYTES
    if upload.size is not None and upload.size > limit:
        raise _too_large(upload.name, upload.size, limit)
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise _too_large(upload.name, len(data), limit)
    content_type = sniff(data)
    if content_type is None:
        raise InvalidInput(
            _(
                "%(name)s is not an accepted file: "
                "attach PDF, Word (.docx), Excel (.xlsx) or images."
            )
            % {"name": clean_name(upload.name)}
        )
    extension = EXTENSIONS[content_type]
    return CheckedFile(
        data=data,
        content_type=content_type,
        extension=extension,
        original_name=clean_name(upload.name) or f"file.{extension}",
        sha256=sha256_of(data),
        stored_name=f"{uuid.uuid4().hex}.{extension}",
    )


def _too_large(name: str | None, size: int, limit: int) -> InvalidInput:
    return InvalidInput(
        _("The file %(name)s is %(size)s, larger than the limit of %(limit)s.")
        % {"name": clean_name(name), "size": size_text(size), "limit": size_text(limit)}
    )


def accepted_extensions() -> list[str]:
    """ ".pdf", ".docx"...: the types `check_upload` accepts, for the file input's `accept`."""
    return [f".{extension}" for extension in dict.fromkeys(EXTENSIONS.values())]


def upload_hint() -> str:
    """Shown before upload, from the same limit and types `check_upload` applies."""
    return _("Accepted: %(types)s. At most %(limit)s a file; you may choose several files.") % {
        "types": ", ".join(accepted_extensions()),
        "limit": size_text(settings.DANCHU_MAX_ATTACHMENT_BYTES),
    }


def sniff(data: bytes) -> str | None:
    """The accepted MIME type of these bytes, or None (SVG, HTML, programs... are refused)."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"PK\x03\x04"):
        return _office_type(data)
    kind = filetype.guess(data)
    if kind is not None and kind.mime in IMAGES:
        return str(kind.mime)
    return None


def _office_type(data: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    if "word/document.xml" in names:
        return DOCX
    if "xl/workbook.xml" in names:
        return XLSX
    return None


def clean_name(name: str | None) -> str:
    """The file's own name for display and download: no folders, no control characters."""
    base = PureWindowsPath(PurePosixPath(name or "").name).name
    base = unicodedata.normalize("NFC", base)
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C").strip(" .")
    return base[:200]
