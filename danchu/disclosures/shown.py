"""Inbox cards and register rows as one reader sees them: the item (seen through `Frozen`, keyed
by its id and digest) with what changes around it (read or unread, the unit's current name, the
state, the read rate), as frozen views cached under all they hold (danchu.core.fragments)."""

from __future__ import annotations

from typing import NamedTuple

from danchu.core.fragments import Frozen
from danchu.disclosures import exports
from danchu.disclosures.models import Disclosure

INBOX_CARD = "disclosures/includes/inbox_card.html"
REGISTER_ROW = "disclosures/includes/register_row.html"


class InboxCard(NamedTuple):
    disclosure: Frozen
    is_read: bool
    unit_name: str


class RegisterRow(NamedTuple):
    disclosure: Frozen
    state: str  # the API's status; its label is in the language, which every key names
    acknowledged_count: int
    audience_count: int

    @property
    def state_label(self) -> str:
        return exports.state_label(self.state)


def inbox_cards(items: list[Disclosure]) -> list[InboxCard]:
    """Items with `is_read` set (the inbox's queries)."""
    return [
        InboxCard(Frozen(item), bool(item.is_read), item.unit.name)  # type: ignore[attr-defined]
        for item in items
    ]


def register_rows(items: list[Disclosure]) -> list[RegisterRow]:
    """Items with their state and read rate set (disclosures.exports.rated)."""
    return [
        RegisterRow(
            disclosure=Frozen(item),
            state=item.state,  # type: ignore[attr-defined]
            acknowledged_count=item.acknowledged_count,  # type: ignore[attr-defined]
            audience_count=item.audience_count,  # type: ignore[attr-defined]
        )
        for item in items
    ]
