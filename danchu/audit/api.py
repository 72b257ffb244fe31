"""GET /api/v1/audit/checkpoints: the signed checkpoints and the public keys, no login."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import P, QueryEx, Router, Schema

from danchu.audit import queries

router = Router(tags=["audit"])


class PublicKeyOut(Schema):
    key_id: str
    public_key: str  # raw Ed25519 public key, base64
    current: bool


class CheckpointOut(Schema):
    number: int
    chain: str
    seq: int
    hash: str
    signed_at: str  # exactly as signed (UTC, microseconds)
    key_id: str
    prev_signature: str
    signature: str  # Ed25519, base64, over the bytes described in docs/deploy.md


class CheckpointsOut(Schema):
    keys: list[PublicKeyOut]
    checkpoints: list[CheckpointOut]
    next_after: int | None


After = QueryEx[int, P(ge=0, le=2**63 - 1, description="Checkpoints numbered above this one.")]


@router.get("/audit/checkpoints", auth=None, response=CheckpointsOut)
def checkpoints(request: HttpRequest, after: After = 0) -> dict[str, Any]:
    """The signed checkpoints of the audit chains, oldest first, 1,000 a page, with the keys
    that verify them: keep a copy, and `manage.py verify_audit --against` checks it."""
    return queries.published_page(after)
