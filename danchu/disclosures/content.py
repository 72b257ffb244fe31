"""Safe formatted text and the digest that identifies one version of a disclosure."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

import markdown
import nh3

from danchu.audit import digest_of

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "u", "ul", "ol", "li", "blockquote", "h2", "h3", "h4",
    "table", "thead", "tbody", "tr", "th", "td", "a", "code", "pre", "hr",
}  # fmt: skip


def render_body(source: str) -> str:
    """Markdown (or plain text) to HTML with only harmless tags: scripts, styles, event handlers
    and javascript: links are removed."""
    html = markdown.markdown(source, extensions=["tables", "sane_lists"], output_format="html")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes={"a": {"href", "title"}, "th": {"scope"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def disclosure_digest(fields: dict[str, Any], attachment_hashes: list[str]) -> str:
    """SHA-256 over the canonical content of one version and the hashes of its attachments."""
    return digest_of({**fields, "attachments": sorted(attachment_hashes)})


def digest_fields(disclosure: Any) -> dict[str, Any]:
    return {
        "unit": disclosure.unit_id,
        "category": disclosure.category,
        "title": disclosure.title,
        "summary": disclosure.summary,
        "body": disclosure.body,
        "document_number": disclosure.document_number,
        "decision_date": disclosure.decision_date,
        # UTC, so the digest is the same before and after a round trip through the database.
        "publish_at": disclosure.publish_at.astimezone(dt.UTC).isoformat(),
        "version": disclosure.version,
        "series": disclosure.series_id,
    }
