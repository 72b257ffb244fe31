"""The conferences API: projector (mounted in config/api.py beside api.py)."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["conferences"])
