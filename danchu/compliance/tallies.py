"""The aggregates up the tree: for every node, the units of its subtree counted by their standing
on each duty and year (`Tally`). Kept by deltas — a unit's standing changes, every ancestor's row
moves by one; a subtree moves, its counts leave the old ancestors and join the new — so a
dashboard reads a node and its children, never the events below them. `rebuild` recomputes them
all from the units' results (the property test checks the two always agree)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Count, F

from danchu.compliance.models import Standing, Tally, UnitResult
from danchu.organizations.models import PATH_END, PATH_STEP

Key = tuple[str, int]  # (duty code, year)


def ancestor_ids(path: str) -> list[int]:
    """The ids of every unit on `path`, the root first and the unit itself last."""
    return [int(path[i : i + PATH_STEP], 16) for i in range(0, len(path), PATH_STEP)]


def shift(
    path: str, code: str, year: int, *, old: tuple[str, bool] | None, new: tuple[str, bool] | None
) -> None:
    """A unit's standing on (code, year) went from `old` to `new` ((standing, self_reported), or
    None when it had none): move the counts of the unit and of every unit above it."""
    if old == new:
        return
    changes: Counter[str] = Counter()
    if old is not None:
        changes[old[0]] -= 1
        changes["self_reported"] -= int(old[1])
    if new is not None:
        changes[new[0]] += 1
        changes["self_reported"] += int(new[1])
    _add(ancestor_ids(path), code, year, changes)


def _add(ids: list[int], code: str, year: int, changes: Counter[str]) -> None:
    changes = Counter({k: v for k, v in changes.items() if v})
    if not ids or not changes:
        return
    Tally.objects.bulk_create(
        [Tally(unit_id=i, code=code, year=year) for i in ids], ignore_conflicts=True
    )
    Tally.objects.filter(unit_id__in=ids, code=code, year=year).update(
        **{field: F(field) + amount for field, amount in changes.items()}
    )


@transaction.atomic
def moved(*, old_path: str, new_path: str) -> None:
    """The subtree now at `new_path` was at `old_path`: its counts leave the ancestors it left
    and join those it joined (the subtree's own rows are unchanged)."""
    old_above, new_above = ancestor_ids(old_path)[:-1], ancestor_ids(new_path)[:-1]
    common = set(old_above) & set(new_above)
    left = [i for i in old_above if i not in common]
    joined = [i for i in new_above if i not in common]
    if not left and not joined:
        return
    rows = (
        UnitResult.objects.filter(unit__path__gte=new_path, unit__path__lt=new_path + PATH_END)
        .values_list("code", "year", "standing", "self_reported")
        .annotate(n=Count("pk"))
        .order_by()
    )
    per_key: dict[Key, Counter[str]] = defaultdict(Counter)
    for code, year, standing, self_reported, n in rows:
        per_key[code, year][standing] += n
        per_key[code, year]["self_reported"] += n * int(self_reported)
    for (code, year), counts in per_key.items():
        _add(left, code, year, Counter({k: -v for k, v in counts.items()}))
        _add(joined, code, year, counts)


def expected(
    results: Iterable[tuple[str, str, int, str, bool]],
) -> dict[tuple[int, str, int], Counter[str]]:
    """What every Tally row should hold, from (unit path, code, year, standing, self_reported)."""
    totals: dict[tuple[int, str, int], Counter[str]] = defaultdict(Counter)
    for path, code, year, standing, self_reported in results:
        for unit_id in ancestor_ids(path):
            totals[unit_id, code, year][standing] += 1
            totals[unit_id, code, year]["self_reported"] += int(self_reported)
    return totals


@transaction.atomic
def rebuild() -> int:
    """Recompute every Tally from the units' results (after a bulk load, or to check). Returns
    the number of rows written."""
    results = UnitResult.objects.values_list(
        "unit__path", "code", "year", "standing", "self_reported"
    ).iterator(chunk_size=5000)
    totals = expected(results)
    Tally.objects.all().delete()
    fields = [s.value for s in Standing]
    Tally.objects.bulk_create(
        (
            Tally(
                unit_id=unit_id,
                code=code,
                year=year,
                **{f: counts[f] for f in fields},
                self_reported=counts["self_reported"],
            )
            for (unit_id, code, year), counts in totals.items()
        ),
        batch_size=2000,
    )
    return len(totals)
