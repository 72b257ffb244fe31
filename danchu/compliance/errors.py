"""Refusals of steering and compliance: each a code (public API contract) and a message."""

from __future__ import annotations

from danchu.conferences.errors import Invalid, Refused

__all__ = ["Invalid", "Refused"]
