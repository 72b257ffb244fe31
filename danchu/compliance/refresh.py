"""Keeping obligations true to the facts: every fact a service emits refreshes the obligations of
its unit for the years it bears on, in the emitter's transaction (`on_fact`), and the daily run
(`manage.py compliance_refresh`) turns obligations whose day has passed into missed ones. What
changes moves the tallies up the tree (`tallies.shift`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Q
from django.utils import timezone

from danchu.compliance import engine, tallies
from danchu.compliance.catalogue import OFFLINE_KIND, Rule, parse
from danchu.compliance.models import Obligation, ObligationRule, UnitResult
from danchu.facts.models import Fact
from danchu.organizations.models import Unit, UnitSettings
from danchu.people.models import Headcount

UNIT_MOVED = "unit.moved"  # data: old_path, new_path (emitted when a subtree changes parent)
HISTORY_YEARS = 2  # how far before the year a trigger may lie (a review 12 months on)


def active_rules() -> list[tuple[ObligationRule, Rule]]:
    rows = ObligationRule.objects.filter(active=True).order_by("position", "code")
    return [(row, parse(row.spec, row.source)) for row in rows]


def unit_info(unit: Unit) -> engine.UnitInfo:
    own = (
        UnitSettings.objects.filter(unit=unit)
        .values_list("work_year_end_month", "work_year_end_day")
        .first()
    )
    return engine.UnitInfo(
        id=unit.pk,
        kind=unit.kind,
        # The subtree's staff, as the database keeps it (people 0006): one row, not a count.
        staff=Headcount.objects.filter(unit_id=unit.pk).values_list("staff", flat=True).first()
        or 0,
        work_year_end=own or (12, 31),
    )


def _facts(unit: Unit, rules: list[Rule], years: Iterable[int]) -> list[engine.FactRow]:
    kinds = set().union(*(r.fact_kinds for r in rules)) if rules else set()
    state = set().union(
        *((r.on.kinds if r.on else ()) + (r.off.kinds if r.off else ()) for r in rules)
    ) | {OFFLINE_KIND}
    since = dt.date(min(years) - HISTORY_YEARS, 1, 1)
    rows = (
        Fact.objects.filter(unit_id=unit.pk, kind__in=kinds)
        .filter(Q(occurred_on__gte=since) | Q(kind__in=state))
        .values_list("pk", "kind", "occurred_on", "target_id", "data")
        .order_by("occurred_on", "pk")
    )
    return [engine.FactRow(pk, kind, on, target, data or {}) for pk, kind, on, target, data in rows]


def refresh_unit(
    unit: Unit, years: Iterable[int], *, today: dt.date | None = None, kind: str = ""
) -> int:
    """Bring the unit's obligations, results and the tallies above it in line with its facts for
    `years`: every duty, or (after a fact of `kind`) only the duties that read that kind, so a
    conference does not re-read the unit's disclosures. Returns how many obligations changed."""
    years = sorted(set(years))
    if not years:
        return 0
    today = today or timezone.localdate()
    rules = active_rules()
    obligations = Obligation.objects.filter(unit=unit, year__in=years)
    unit_results = UnitResult.objects.filter(unit=unit, year__in=years)
    if kind:
        rules = [(row, rule) for row, rule in rules if kind in rule.fact_kinds]
        if not rules:
            return 0
        obligations = obligations.filter(rule__in=[row for row, _rule in rules])
        unit_results = unit_results.filter(code__in=[rule.code for _row, rule in rules])
    info = unit_info(unit)
    facts = _facts(unit, [r for _row, r in rules], years)
    stored = {(o.rule_id, o.year, o.key): o for o in obligations}
    results = {(r.code, r.year): r for r in unit_results}
    changed = 0
    for year in years:
        for row, rule in rules:
            outcomes = engine.evaluate(rule, info, year, facts, today)
            changed += _store(unit, row, year, outcomes, stored)
            _result(unit, rule.code, year, outcomes, results.pop((rule.code, year), None))
    # Results of duties that left the catalogue (or stopped applying) are dropped with them.
    for result in results.values():
        tallies.shift(
            unit.path,
            result.code,
            result.year,
            old=(result.standing, result.self_reported),
            new=None,
        )
        result.delete()
    stale = [o.pk for o in stored.values()]
    if stale:
        Obligation.objects.filter(pk__in=stale).delete()
    return changed + len(stale)


def _store(
    unit: Unit,
    row: ObligationRule,
    year: int,
    outcomes: list[engine.Outcome],
    stored: dict[tuple[int, int, str], Obligation],
) -> int:
    changed = 0
    for outcome in outcomes:
        values = {
            "due_on": outcome.due_on,
            "status": outcome.status,
            "done_on": outcome.done_on,
            "evidence": list(outcome.evidence),
            "self_reported": outcome.self_reported,
        }
        existing = stored.pop((row.pk, year, outcome.key), None)
        if existing is None:
            Obligation.objects.create(unit=unit, rule=row, year=year, key=outcome.key, **values)
            changed += 1
        elif any(getattr(existing, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(existing, k, v)
            existing.save(update_fields=list(values))
            changed += 1
    return changed


def _result(
    unit: Unit, code: str, year: int, outcomes: list[engine.Outcome], result: UnitResult | None
) -> None:
    old = (result.standing, result.self_reported) if result else None
    if not outcomes:
        if result is not None:
            result.delete()
        tallies.shift(unit.path, code, year, old=old, new=None)
        return
    standing = engine.standing(outcomes)
    self_reported = standing != "open" and any(o.self_reported for o in outcomes)
    values = {
        "standing": standing,
        "self_reported": self_reported,
        "total": len(outcomes),
        "met": sum(o.status == "met" for o in outcomes),
        "late": sum(o.status == "late" for o in outcomes),
        "missed": sum(o.status == "missed" for o in outcomes),
    }
    if result is None:
        UnitResult.objects.create(unit=unit, code=code, year=year, **values)
    elif any(getattr(result, k) != v for k, v in values.items()):
        UnitResult.objects.filter(pk=result.pk).update(**values)
    tallies.shift(unit.path, code, year, old=old, new=(standing, self_reported))


def years_touched(fact: Fact, today: dt.date) -> list[int]:
    """The years whose obligations a fact can change: its own and the next (a deadline in
    January, a review 12 months on), and for what stays in place (a committee, a board) every
    year since, up to the current one, from last year on (older years keep what they had)."""
    first = fact.occurred_on.year
    if fact.kind.startswith(("steering_committee.", "inspection_board.")):
        # As far back as the daily run reaches (last year), not to the day the committee began.
        return list(range(max(first, today.year - 1), max(today.year, first + 1) + 1))
    return [first, first + 1]


def on_fact(fact: Fact) -> None:
    """The facts subscriber: refresh the fact's unit, or move the tallies of a moved subtree."""
    if fact.kind == UNIT_MOVED:
        tallies.moved(old_path=fact.data["old_path"], new_path=fact.data["new_path"])
        return
    unit = Unit.objects.filter(pk=fact.unit_id).first()
    if unit is None:
        return
    today = timezone.localdate()
    refresh_unit(unit, years_touched(fact, today), today=today, kind=fact.kind)


def refresh_all(
    years: Iterable[int], *, units: Iterable[Unit] | None = None, progress: object = None
) -> int:
    """Refresh every unit (the daily run: open obligations whose day passed become missed)."""
    changed = 0
    for unit in units if units is not None else Unit.objects.order_by("path").iterator():
        changed += refresh_unit(unit, years)
        if callable(progress):
            progress(1)
    return changed
