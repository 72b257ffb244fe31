"""The inbox's order: unread items first, then the read ones, each newest first.

Kept apart from the reads (`queries.inbox` builds the scope and hands it here) so that the
order can change without touching what a reader may see.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from django.db.models import QuerySet
from django.utils.functional import cached_property

from danchu.core.generations import cached
from danchu.disclosures.models import Acknowledgement, Disclosure
from danchu.people.models import Person


class UnreadFirst:
    """A sliceable sequence (for the paginator): the unread items, then the read ones, each
    newest first, without sorting every visible item by "read" on every page view.

    A page is picked from the newest ids of the scope (enough of them: the page's end plus the
    reader's read items can never lie further down), split by the reader's own
    acknowledgements; its items are then read by id. All four reads are cached: the newest ids
    and the items for everyone with the same scope, the acknowledged ids for the reader until
    they acknowledge something."""

    WINDOW = 64  # the smallest number of newest ids read at once; then doubled as needed

    def __init__(
        self,
        query: Callable[[], QuerySet[Disclosure]],
        *,
        person: Person | None,
        scope: str,
        depends: tuple[str, ...],
        cards: Callable[[list[int]], list[Disclosure]],
    ) -> None:
        """`query` builds the items (only when a cached read misses); `scope` names what they
        were filtered by (units, filters) and the schedule mark: the counts and the newest ids
        are cached under it, until a table group of `depends` changes. `cards` reads the
        items of a page by id, in that order."""
        self._query = query
        self._person = person
        self._scope = scope
        self._depends = depends
        self._cards = cards
        self._counts: tuple[int, int] | None = None

    @cached_property
    def _items(self) -> QuerySet[Disclosure]:
        return self._query()

    def _unread_and_total(self) -> tuple[int, int]:
        if self._counts is None:
            total, read = self._count_all(), self._count_read()
            self._counts = (total - read, total)
        return self._counts

    def _count_all(self) -> int:
        # From the (unit, status, date) index alone.
        key = f"disclosures:inbox-total:{self._scope}"
        return cached(key, self._depends, lambda: self._items.count())

    def _count_read(self) -> int:
        if self._person is None:
            return 0
        person = self._person

        def count() -> int:
            # A join that SQLite and PostgreSQL start from the reader's own acknowledgements.
            return self._items.filter(acknowledgements__person=person).count()

        key = f"disclosures:inbox-read:{person.pk}:{self._scope}"
        return cached(key, (*self._depends, f"ack:{person.pk}"), count)

    def _acknowledged(self) -> frozenset[int]:
        """The ids of every item the reader has acknowledged."""
        person = self._person
        if person is None:
            return frozenset()

        def read() -> frozenset[int]:
            acks = Acknowledgement.objects.filter(person=person)
            return frozenset(acks.values_list("disclosure_id", flat=True))

        return cached(f"disclosures:acknowledged:{person.pk}", (f"ack:{person.pk}",), read)

    def _newest(self, count: int) -> list[int]:
        """At least the `count` newest ids in the scope (all of them if fewer), newest first."""
        size = self.WINDOW
        while size < count:
            size *= 2

        def read() -> list[int]:
            ordered = self._items.order_by("-publish_at", "-pk").values_list("pk", flat=True)
            return list(ordered[:size])

        key = f"disclosures:inbox-newest:{self._scope}:{size}"
        return cached(key, self._depends, read)

    def count(self) -> int:
        return self._unread_and_total()[1]

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
