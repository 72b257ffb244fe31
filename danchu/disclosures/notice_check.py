"""Recognising the app's own notice .docx on the /verify/ page.

A notice cannot carry its own SHA-256 (printing it would change it), so the digest printed on a
notice is the item's. The honest check: the file names the item it is the notice of (its
properties say "SHA-256: <item digest>"), and danchu rebuilds that notice — reproducible, byte
for byte — and compares the whole file. An edited copy, or a file that merely claims the digest,
does not match.
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile

from danchu.disclosures import queries
from danchu.disclosures.notice import build_docx

# A notice is a few tens of kilobytes; anything much larger is not one.
MAX_NOTICE_BYTES = 2 * 1024 * 1024
_CLAIM = re.compile(rb"SHA-256: ([0-9a-f]{64})")


def claimed_digest(data: bytes) -> str | None:
    """The item digest a .docx names in its properties, if it names one."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            core = archive.read("docProps/core.xml")
    except (zipfile.BadZipFile, KeyError, ValueError):
        return None
    match = _CLAIM.search(core)
    return match.group(1).decode() if match else None


def notice_digest(data: bytes) -> str | None:
    """The digest of the published item whose notice `data` is, exactly as danchu makes it."""
    if len(data) > MAX_NOTICE_BYTES:
        return None
    claimed = claimed_digest(data)
    if claimed is None:
        return None
    item = queries.find_by_digest(claimed)
    if item is None or item.digest != claimed:
        return None
    if hashlib.sha256(build_docx(item)).digest() != hashlib.sha256(data).digest():
        return None
    return claimed
