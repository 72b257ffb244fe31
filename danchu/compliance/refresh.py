"""Keeping obligations true to the facts: every fact a service emits refreshes the obligations of
its unit for the years it bears on, in the emitter's transaction (`on_fact`), and the daily run
(`manage.py compliance_refresh`) turns obligations whose day has passed into missed ones. What
changes moves the tallies up the tree (`tallies.shift`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from danchu.compliance import engine, tallies
from danchu.compliance.catalogue import OFFLINE_KIND, Rule, parse
from danchu.compliance.models import Obligation, ObligationRule, Standing, UnitResult
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
    unit: Unit, years: Iterable[int], *, today: dt.date | None = None, fact: Fact | None = None
) -> int:
    """Bring the unit's obligations, results and the tallies above it in line with its facts for
    `years`: every duty, or (after `fact`) only the duties the fact can change, so a conference
    does not re-read the unit's disclosures; and a new trigger of a duty nothing else answers
    (a disclosure's deadline) adds its own obligations without the others being evaluated
    again. Returns how many obligations changed."""
    years = sorted(set(years))
    if not years:
        return 0
    today = today or timezone.localdate()
    rules = active_rules()
    if fact is not None:
        rules = [(row, rule) for row, rule in rules if _reads(rule, fact)]
        if not rules:
            return 0
    info = unit_info(unit)
    alone = [(row, rule) for row, rule in rules if fact is not None and _alone(rule, info, fact)]
    rules = [pair for pair in rules if pair not in alone]
    changed = sum(_add_trigger(unit, row, rule, info, years, fact, today) for row, rule in alone)
    if not rules:
        return changed
    obligations = Obligation.objects.filter(unit=unit, year__in=years)
    unit_results = UnitResult.objects.filter(unit=unit, year__in=years)
    if fact is not None:
        obligations = obligations.filter(rule__in=[row for row, _rule in rules])
        unit_results = unit_results.filter(code__in=[rule.code for _row, rule in rules])
    facts = _facts(unit, [r for _row, r in rules], years)
    stored = {(o.rule_id, o.year, o.key): o for o in obligations}
    results = {(r.code, r.year): r for r in unit_results}
    for year in years:
        for row, rule in rules:
            outcomes = engine.evaluate(rule, info, year, facts, today)
            changed += _store(unit, row, year, outcomes, stored)
            _result(unit, rule.code, year, _summary(outcomes), results.pop((rule.code, year), None))
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


def _reads(rule: Rule, fact: Fact) -> bool:
    """Whether `fact` can change the rule's obligations: one of its matches accepts it, or it
    records on paper an activity of this duty."""
    data = fact.data or {}
    if fact.kind == OFFLINE_KIND:
        return bool(data.get("rule") == rule.code)
    matches = (rule.satisfied_by, rule.on, rule.off, rule.trigger)
    return any(m is not None and m.accepts(fact.kind, data) for m in matches)


def _alone(rule: Rule, info: engine.UnitInfo, fact: Fact) -> bool:
    """A trigger of a duty that each event answers by itself (no other fact satisfies it): the
    fact makes obligations of its own and changes no other."""
    return (
        rule.shape == "per_event"
        and rule.satisfied_by is None
        and rule.trigger is not None
        and rule.trigger.accepts(fact.kind, fact.data or {})
        and rule.applies_to(info.kind, info.staff)
    )


def _add_trigger(
    unit: Unit,
    row: ObligationRule,
    rule: Rule,
    info: engine.UnitInfo,
    years: list[int],
    fact: Fact | None,
    today: dt.date,
) -> int:
    """The obligations of one new trigger, and the unit's standing counted from its stored
    obligations (one grouped query, not an evaluation of every event of the year)."""
    assert fact is not None
    trigger = engine.FactRow(fact.pk, fact.kind, fact.occurred_on, fact.target_id, fact.data or {})
    changed = 0
    for year in years:
        outcomes = engine.evaluate(rule, info, year, [trigger], today)
        if not outcomes:
            continue
        keys = [o.key for o in outcomes]
        mine = Obligation.objects.filter(unit=unit, rule=row, year=year, key__in=keys)
        changed += _store(unit, row, year, outcomes, {(o.rule_id, o.year, o.key): o for o in mine})
        counts = dict(
            Obligation.objects.filter(unit=unit, rule=row, year=year)
            .values_list("status")
            .annotate(n=Count("pk"))
            .order_by()
        )
        reported = Obligation.objects.filter(
            unit=unit, rule=row, year=year, self_reported=True
        ).exists()
        result = UnitResult.objects.filter(unit=unit, code=rule.code, year=year).first()
        _result(unit, rule.code, year, _summary_of(counts, reported), result)
    return changed


Summary = dict[str, Any]


def _summary(outcomes: list[engine.Outcome]) -> Summary | None:
    """A unit's standing on a duty in a year, from its obligations' outcomes (None: none)."""
    if not outcomes:
        return None
    counts: dict[str, int] = {}
    for o in outcomes:
        counts[o.status] = counts.get(o.status, 0) + 1
    return _summary_of(counts, any(o.self_reported for o in outcomes))


def _summary_of(counts: dict[str, int], self_reported: bool) -> Summary | None:
    total = sum(counts.values())
    if not total:
        return None
    standing = next(
        (s for s in (Standing.MISSED, Standing.LATE, Standing.MET) if counts.get(s)),
        Standing.OPEN,
    )
    return {
        "standing": standing,
        "self_reported": standing != Standing.OPEN and self_reported,
        "total": total,
        "met": counts.get(Standing.MET, 0),
        "late": counts.get(Standing.LATE, 0),
        "missed": counts.get(Standing.MISSED, 0),
    }


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
    unit: Unit, code: str, year: int, values: Summary | None, result: UnitResult | None
) -> None:
    old = (result.standing, result.self_reported) if result else None
    if values is None:
        if result is not None:
            result.delete()
        tallies.shift(unit.path, code, year, old=old, new=None)
        return
    if result is None:
        UnitResult.objects.create(unit=unit, code=code, year=year, **values)
    elif any(getattr(result, k) != v for k, v in values.items()):
        UnitResult.objects.filter(pk=result.pk).update(**values)
    tallies.shift(unit.path, code, year, old=old, new=(values["standing"], values["self_reported"]))


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
    refresh_unit(unit, years_touched(fact, today), today=today, fact=fact)


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
