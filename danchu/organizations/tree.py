"""Materialised-path arithmetic for the unit tree (no database access)."""

from __future__ import annotations

from danchu.organizations.models import PATH_STEP


def path_for(*, parent_path: str, pk: int) -> str:
    """The path of unit `pk` under a parent whose path is `parent_path` ('' for a root)."""
    return f"{parent_path}{pk:0{PATH_STEP}x}"


def depth_of(path: str) -> int:
    return len(path) // PATH_STEP - 1
