"""`{{ digest|short_digest }}`: the short "mã xác thực" people read and compare — the first
12 hex characters of a SHA-256 digest in groups of four ("3f2a 91c0 7d4e"). The one place the
short form is made; the full value stays in the API, the QR code and machine-readable places.
`{% load digests %}`."""

from __future__ import annotations

from django import template

register = template.Library()

SHORT_LENGTH = 12
GROUP = 4


@register.filter
def short_digest(digest: object) -> str:
    text = str(digest or "").strip().lower()
    head = text[:SHORT_LENGTH]
    return " ".join(head[i : i + GROUP] for i in range(0, len(head), GROUP))


@register.filter
def digest_groups(digest: object) -> str:
    """The full digest in groups of eight, easier to copy by hand."""
    text = str(digest or "").strip().lower()
    return " ".join(text[i : i + 8] for i in range(0, len(text), 8))
