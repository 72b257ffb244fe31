"""Public verification of a printed or downloaded disclosure by its SHA-256 digest.

No login: anyone holding a notice or a file can check it. Only published facts are told (unit,
title, version, dates, status); a scheduled item, or a successor still scheduled, is not.
Mounted under /api/v1/ in config/api.py, so the endpoint is GET /api/v1/verify?digest=<hex>.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import P, QueryEx, Router, Schema

from danchu.disclosures import queries
from danchu.disclosures.models import Disclosure, Status

router = Router(tags=["verify"])

DIGEST_PATTERN = "^[0-9a-fA-F]{64}$"


def clean_digest(text: str) -> str | None:
    """The digest as 64 lowercase hex digits, or None; spaces (as printed in groups) are
    ignored."""
    digest = re.sub(r"\s+", "", text).lower()
    return digest if re.fullmatch(DIGEST_PATTERN, digest) else None


@dataclass(frozen=True)
class Verification:
    disclosure: Disclosure
    status: str  # published, superseded or withdrawn
    current: Disclosure  # the newest published version of the series (maybe this one)

    @property
    def superseded(self) -> bool:
        return self.status == Status.SUPERSEDED

    @property
    def withdrawn(self) -> bool:
        return self.status == Status.WITHDRAWN


def verify_digest(digest: str, *, now: dt.datetime | None = None) -> Verification | None:
    """What `digest` (of a version or of one of its attachments) identifies, if published."""
    now = now or timezone.now()
    found = queries.find_by_digest(digest)
    if found is None or found.is_scheduled(now=now):
        return None
    current = queries.current_published(found, now)
    return Verification(disclosure=found, status=str(found.status), current=current)


class VerifyOut(Schema):
    """`{"match": false}`, or the published facts of the matching version."""

    match: bool
    disclosure_id: int | None = None
    version: int | None = None
    published_at: dt.datetime | None = None
    superseded: bool | None = None
    withdrawn: bool | None = None
    status: str | None = None
    title: str | None = None
    unit: str | None = None
    current_disclosure_id: int | None = None
    current_digest: str | None = None


def verification_facts(found: Verification | None) -> dict[str, Any]:
    if found is None:
        return {"match": False}
    item = found.disclosure
    return {
        "match": True,
        "disclosure_id": item.pk,
        "version": item.version,
        "published_at": item.publish_at,
        "superseded": found.superseded,
        "withdrawn": found.withdrawn,
        "status": found.status,
        "title": item.title,
        "unit": item.unit.name,
        "current_disclosure_id": found.current.pk,
        "current_digest": found.current.digest,
    }


Digest = QueryEx[
    str,
    P(pattern=DIGEST_PATTERN, description="SHA-256 of a disclosure or attachment (64 hex)."),
]


@router.get("/verify", auth=None, response=VerifyOut, exclude_none=True)
def verify(request: HttpRequest, digest: Digest) -> dict[str, Any]:
    """Whether a digest identifies a published disclosure version (or one of its files),
    and whether that version has since been superseded or withdrawn."""
    return verification_facts(verify_digest(digest.lower()))
