"""The inbox's order: unread items first, then the read ones, each newest first.

Kept apart from the reads: `queries.inbox` builds the scope and hands over its cached reads
(counts, the reader's acknowledged ids, the newest ids, the cards), so that the order can change
without touching what a reader may see.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from danchu.disclosures.models import Disclosure


class UnreadFirst:
    """A sliceable sequence (for the paginator): the unread items, then the read ones, each
    newest first, without sorting every visible item by "read" on every page view.

    A page is picked from the newest ids of the scope (enough of them: the page's end plus the
    reader's read items can never lie further down), split by the reader's own
    acknowledgements; its items are then read by id."""

    WINDOW = 64  # the smallest number of newest ids read at once; then doubled as needed

    def __init__(
        self,
        scope: Any,
        *,
        total: Callable[[], int],
        read_count: Callable[[], int],
        acknowledged: Callable[[], frozenset[int]],
        newest: Callable[[int], list[int]],
        cards: Callable[[list[int]], list[Disclosure]],
    ) -> None:
        """`scope` is what the items were chosen by (kept for callers that show or test it);
        the callables are the scope's reads: its size, how many of it the reader acknowledged,
        the reader's acknowledged ids, at least n newest ids, and the cards of some ids."""
        self.scope = scope
        self._total = total
        self._read_count = read_count
        self._acknowledged = acknowledged
        self._newest_ids = newest
        self._cards = cards
        self._counts: tuple[int, int] | None = None

    def _unread_and_total(self) -> tuple[int, int]:
        if self._counts is None:
            total = self._total()
            self._counts = (total - self._read_count(), total)
        return self._counts

    def _newest(self, count: int) -> list[int]:
        """At least the `count` newest ids in the scope (all of them if fewer), newest first."""
        size = self.WINDOW
        while size < count:
            size *= 2
        return self._newest_ids(size)

    def count(self) -> int:
        return self._unread_and_total()[1]

    def unread_count(self) -> int:
        """How many of the items the reader has not acknowledged (the home page's count)."""
        return self._unread_and_total()[0]

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, key: slice) -> list[Disclosure]:
        start, stop, _ = key.indices(self.count())
        unread_total, total = self._unread_and_total()
        if start >= stop:
            return []
        # The i-th unread item has at most all read ones before it, and the j-th read item at
        # most all unread ones: neither lies below position stop + (read items).
        acknowledged = self._acknowledged()
        unread: list[int] = []
        read: list[int] = []
        for pk in self._newest(min(total, stop + total - unread_total)):
            (read if pk in acknowledged else unread).append(pk)
        ids = unread[start:stop] + read[max(start - unread_total, 0) : max(stop - unread_total, 0)]
        items = self._cards(ids)
        for item in items:
            item.is_read = item.pk in acknowledged  # type: ignore[attr-defined]
        return items

    def __iter__(self) -> Iterator[Disclosure]:
        return iter(self[0 : self.count()])
