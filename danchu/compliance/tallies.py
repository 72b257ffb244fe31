"""The aggregates up the tree: for every node, the units of its subtree counted by their standing
on each duty and year (`Tally`). Kept by deltas — a unit's standing changes, every ancestor's row
moves by one; a subtree moves, its counts leave the old ancestors and join the new — so a
dashboard reads a node and its children, never the events below them. `rebuild` recomputes them
all from the units' results (the property test checks the two always agree).

A change is first written as a `TallyDelta` of its own unit, in the changing transaction: no
writer updates a row another unit's writer needs (issue 15). After the commit, `fold` adds the
pending deltas to the tallies of every unit above, in one transaction, by one process at a time
(others skip: the folding one, or the next, takes theirs). `read` gives a node's counts as its
tallies plus the deltas pending in its subtree, in one statement, so a fold committing in
between is never seen half-done."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, F

from danchu.compliance.models import Standing, Tally, TallyDelta, UnitResult
from danchu.core.models import ScopedGeneration
from danchu.organizations.models import PATH_END, PATH_STEP, Unit

FIELDS = ("open", "met", "late", "missed", "self_reported")
FOLD_LOCK = 1_400_014  # the PostgreSQL advisory lock one folding process holds
FOLD_BATCH = 5_000

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
    changes = Counter({k: v for k, v in changes.items() if v})
    if not changes:
        return
    TallyDelta.objects.create(
        unit_id=ancestor_ids(path)[-1], path=path, code=code, year=year, **changes
    )
    # Once per transaction: the fold takes every delta pending at the time.
    if not any(entry[1] is fold_pending for entry in connection.run_on_commit):
        transaction.on_commit(fold_pending, robust=True)


def fold_pending() -> None:
    """After a commit that wrote deltas: fold them, unless another process is folding."""
    fold(wait=False)


@transaction.atomic
def fold(*, wait: bool = True, limit: int | None = None) -> int:
    """Add the pending deltas to the tallies of their units and every unit above them, and
    remove them, in one transaction. Without `wait`, returns 0 at once if another process
    holds the fold (on PostgreSQL; SQLite serialises writers anyway). Returns how many deltas
    were folded."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            lock = "pg_advisory_xact_lock" if wait else "pg_try_advisory_xact_lock"
            cursor.execute(f"SELECT {lock}(%s)", [FOLD_LOCK])
            if not wait and not cursor.fetchone()[0]:
                return 0
    folded = 0
    while limit is None or folded < limit:
        batch = list(
            TallyDelta.objects.order_by("pk").values_list("pk", "path", "code", "year", *FIELDS)[
                :FOLD_BATCH
            ]
        )
        if not batch:
            break
        per_key: dict[tuple[int, str, int], Counter[str]] = defaultdict(Counter)
        for _pk, path, code, year, *amounts in batch:
            for unit_id in ancestor_ids(path):
                per_key[unit_id, code, year].update(dict(zip(FIELDS, amounts, strict=True)))
        per_change: dict[tuple[str, int, tuple[tuple[str, int], ...]], list[int]] = defaultdict(
            list
        )
        for (unit_id, code, year), counts in per_key.items():
            changes = tuple(sorted((k, v) for k, v in counts.items() if v))
            if changes:
                per_change[code, year, changes].append(unit_id)
        for (code, year, changes), ids in per_change.items():
            _add(ids, code, year, Counter(dict(changes)))
        TallyDelta.objects.filter(pk__in=[row[0] for row in batch]).delete()
        folded += len(batch)
    return folded


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
    fold()  # the pending deltas still name the old paths
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
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [FOLD_LOCK])
    TallyDelta.objects.all().delete()
    Tally.objects.all().delete()
    # Whatever the tallies said before, every dashboard's cached read is outdated now.
    ScopedGeneration.objects.filter(name="tallies").update(counter=F("counter") + 1)
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


def read(
    node: Unit, children: list[Unit], year: int, years: int
) -> dict[tuple[int, int], dict[str, Tally]]:
    """The counts of `node` over `years` years up to `year`, and of each of `children` in
    `year`: their tallies plus the deltas pending in their subtrees, by (unit id, year) and
    duty code (unsaved Tally rows holding the sums). One statement: one snapshot."""
    ids = [child.pk for child in children]
    wanted = "(x.id = %s AND y.year > %s AND y.year <= %s)"
    params: list[Any] = [node.pk, year - years, year]
    if ids:
        wanted += f" OR (x.id IN ({', '.join(['%s'] * len(ids))}) AND y.year = %s)"
        params += [*ids, year]
    columns = ", ".join(f"y.{f}" for f in FIELDS)
    sql = (
        f"SELECT x.id, y.code, y.year, {columns} FROM {Tally._meta.db_table} y "  # noqa: S608
        f"JOIN {Unit._meta.db_table} x ON x.id = y.unit_id WHERE {wanted} "
        f"UNION ALL SELECT x.id, y.code, y.year, {columns} FROM {TallyDelta._meta.db_table} y "
        f"JOIN {Unit._meta.db_table} x ON y.path >= x.path AND y.path < x.path || %s "
        f"WHERE {wanted}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, PATH_END, *params])
        rows = cursor.fetchall()
    found: dict[tuple[int, int], dict[str, Tally]] = defaultdict(dict)
    for unit_id, code, row_year, *amounts in rows:
        tally = found[unit_id, row_year].setdefault(
            code, Tally(unit_id=unit_id, code=code, year=row_year)
        )
        for name, amount in zip(FIELDS, amounts, strict=True):
            setattr(tally, name, getattr(tally, name) + amount)
    return found
