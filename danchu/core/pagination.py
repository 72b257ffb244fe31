"""Pagination with a clamped page number (a bad ?page= shows the nearest page, never a 500)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, Generic, TypeVar, overload

from django.core.paginator import Page, Paginator
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.utils.functional import cached_property

PAGE_SIZE = 50
M = TypeVar("M", bound=Model)


class Counted(Generic[M]):
    """A queryset for the paginator whose total comes from `count` (a cached count, say)
    instead of a COUNT query on every page view, and its pages from `rows` if given (a cache
    again). The queryset is built by `query` only when something reads it."""

    def __init__(
        self,
        query: Callable[[], QuerySet[M]],
        count: Callable[[], int],
        rows: Callable[[slice], list[M]] | None = None,
    ) -> None:
        self._query = query
        self._count = count
        self._rows = rows
        self._total: int | None = None

    @cached_property
    def items(self) -> QuerySet[M]:
        return self._query()

    def count(self) -> int:
        if self._total is None:
            self._total = self._count()
        return self._total

    def __len__(self) -> int:
        return self.count()

    @overload
    def __getitem__(self, key: int) -> M: ...
    @overload
    def __getitem__(self, key: slice) -> list[M]: ...
    def __getitem__(self, key: int | slice) -> M | list[M]:
        if not isinstance(key, slice):
            return self.items[key]
        return self._rows(key) if self._rows is not None else list(self.items[key])

    def __iter__(self) -> Iterator[M]:
        return iter(self.items)


def paginate(request: HttpRequest, items: Any, *, per_page: int = PAGE_SIZE) -> Page[Any]:
    paginator = Paginator(items, per_page)
    return paginator.get_page(request.GET.get("page"))


def window(rows: QuerySet[M], *, offset: int, limit: int) -> dict[str, Any]:
    """An API page: `limit` rows from `offset`, and how many there are in all."""
    return {"items": list(rows[offset : offset + limit]), "count": rows.count()}
