"""The obligation engine, without the database: given a catalogue rule, a unit, a year, the
unit's facts and today, which dated obligations the unit has and where each stands.

- **yearly**: one obligation a year, due at the year's end or N months after the unit's work year
  ends; met by a matching fact in the year before the due date (or naming that work year), late
  by one after it, missed when the due date has passed without one.
- **state**: something must be in place (a committee, a board with a valid term) on the last day
  of the year (or today, while the year runs): the latest of the "on" and "off" facts decides,
  and a unit without it falls short at once.
- **per_event**: each matching fact (a disclosure published, a request received, a resolution
  adopted) creates obligations due a number of days or months later, met by a linked fact.

An offline record (fact `compliance.offline` naming the rule) satisfies yearly and state duties
like the platform's own facts, and marks the obligation self-reported.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from danchu.compliance.catalogue import OFFLINE_KIND, Match, Rule
from danchu.compliance.models import Standing
from danchu.core.workdays import add_working_days


@dataclass(frozen=True)
class FactRow:
    id: int
    kind: str
    on: dt.date
    target_id: str = ""
    data: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class UnitInfo:
    id: int
    kind: str
    staff: int
    work_year_end: tuple[int, int] = (12, 31)


@dataclass(frozen=True)
class Outcome:
    key: str
    due_on: dt.date
    status: str
    done_on: dt.date | None = None
    evidence: tuple[int, ...] = ()
    self_reported: bool = False


def add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def work_year_end(unit: UnitInfo, year: int) -> dt.date:
    month, day = unit.work_year_end
    return dt.date(year, month, min(day, calendar.monthrange(year, month)[1]))


def _satisfies(rule: Rule, match: Match | None, fact: FactRow) -> bool:
    if fact.kind == OFFLINE_KIND:
        return fact.data.get("rule") == rule.code
    return match is not None and match.accepts(fact.kind, fact.data)


def _status(due: dt.date, done: FactRow | None, today: dt.date) -> str:
    if done is not None:
        return Standing.MET if done.on <= due else Standing.LATE
    return Standing.MISSED if today > due else Standing.OPEN


def _outcome(
    key: str, due: dt.date, done: FactRow | None, today: dt.date, *extra: FactRow
) -> Outcome:
    evidence = tuple(f.id for f in (*extra, done) if f is not None)
    return Outcome(
        key=key,
        due_on=due,
        status=_status(due, done, today),
        done_on=done.on if done else None,
        evidence=evidence,
        self_reported=done is not None and done.kind == OFFLINE_KIND,
    )


def evaluate(
    rule: Rule, unit: UnitInfo, year: int, facts: Sequence[FactRow], today: dt.date
) -> list[Outcome]:
    """The unit's obligations under `rule` whose due date falls in `year` (facts in date order)."""
    if not rule.applies_to(unit.kind, unit.staff):
        return []
    ordered = sorted(facts, key=lambda f: (f.on, f.id))
    if rule.shape == "yearly":
        return _yearly(rule, unit, year, ordered, today)
    if rule.shape == "state":
        return _state(rule, year, ordered, today)
    return _per_event(rule, year, ordered, today)


def _yearly(
    rule: Rule, unit: UnitInfo, year: int, facts: Sequence[FactRow], today: dt.date
) -> list[Outcome]:
    if rule.anchor == "year_end":
        work_year, due = year, dt.date(year, 12, 31)
    else:  # the work year whose deadline falls in `year`
        work_year = next(
            w
            for w in (year - 1, year, year - 2)
            if add_months(work_year_end(unit, w), rule.months_after).year == year
        )
        due = add_months(work_year_end(unit, work_year), rule.months_after)
    start = add_months(due, -12) + dt.timedelta(days=1)
    candidates = [f for f in facts if _satisfies(rule, rule.satisfied_by, f)]
    # A fact naming the work year counts whenever it happened; any other (an offline record)
    # counts in the year up to the due date, and late until the end of the year.
    named = [f for f in candidates if rule.year_field and f.data.get(rule.year_field) == work_year]
    dated = [f for f in candidates if not (rule.year_field and rule.year_field in f.data)]
    in_time = [f for f in dated if start <= f.on <= due]
    late = [f for f in dated if due < f.on <= dt.date(year, 12, 31)]
    first = sorted(named + in_time, key=lambda f: f.on)[:1] or late[:1]
    return [_outcome(str(work_year), due, first[0] if first else None, today)]


def _state(rule: Rule, year: int, facts: Sequence[FactRow], today: dt.date) -> list[Outcome]:
    due = dt.date(year, 12, 31)
    point = min(due, today)
    latest: FactRow | None = None
    for fact in facts:
        if fact.on > point:
            break
        if _satisfies(rule, rule.on, fact) or (rule.off and rule.off.accepts(fact.kind, fact.data)):
            latest = fact
    in_place = latest is not None and _satisfies(rule, rule.on, latest)
    if in_place and latest is not None and rule.valid_until_field:
        until = latest.data.get(rule.valid_until_field)
        in_place = until is not None and str(until) >= point.isoformat()
    if in_place and latest is not None:
        return [
            Outcome(
                str(year), due, Standing.MET, latest.on, (latest.id,), latest.kind == OFFLINE_KIND
            )
        ]
    # Not in place: missed as soon as the year has begun (a unit without its committee or board
    # falls short now, not at the year's end); open only for a year still to come.
    status = Standing.MISSED if today >= dt.date(year, 1, 1) else Standing.OPEN
    return [Outcome(str(year), due, status, None, (latest.id,) if latest else ())]


def _due_dates(rule: Rule, trigger: FactRow) -> list[dt.date]:
    if rule.every_months:
        return [add_months(trigger.on, rule.every_months * n) for n in range(1, rule.times + 1)]
    if rule.due_field:
        value = trigger.data.get(rule.due_field)
        return [dt.date.fromisoformat(str(value)) if value else trigger.on]
    if rule.due_working_days:
        return [add_working_days(trigger.on, rule.due_working_days)]
    return [trigger.on + dt.timedelta(days=rule.due_days)]


def _link_of_trigger(rule: Rule, trigger: FactRow) -> str:
    """What a satisfying fact must name to answer `trigger` (the rule's `link`)."""
    if rule.link == "target" or rule.link.startswith("data:"):
        return trigger.target_id
    return str(trigger.data.get(rule.link[8:]))


def _link_of_answer(rule: Rule, fact: FactRow) -> str:
    """What a satisfying fact names: its target, or one of its data fields."""
    if rule.link.startswith("data:"):
        return str(fact.data.get(rule.link[5:]))
    return fact.target_id


def _answers(rule: Rule, facts: Sequence[FactRow]) -> dict[str, list[FactRow]]:
    """The facts that satisfy the rule, by what they link to (in date order): each trigger
    finds its own in one lookup, so a unit's facts are read once, not once per trigger."""
    found: dict[str, list[FactRow]] = {}
    for fact in facts:
        if fact.kind != OFFLINE_KIND and _satisfies(rule, rule.satisfied_by, fact):
            found.setdefault(_link_of_answer(rule, fact), []).append(fact)
    return found


def _per_event(rule: Rule, year: int, facts: Sequence[FactRow], today: dt.date) -> list[Outcome]:
    outcomes = []
    assert rule.trigger is not None
    answers = _answers(rule, facts) if rule.satisfied_by is not None else {}
    for trigger in facts:
        if not rule.trigger.accepts(trigger.kind, trigger.data):
            continue
        for period, due in enumerate(_due_dates(rule, trigger), start=1):
            if due.year != year:
                continue
            key = f"{trigger.id}.{period}" if rule.times > 1 else str(trigger.id)
            if rule.at_least_days is not None:
                name, days = rule.at_least_days
                value = trigger.data.get(name)
                kept = (
                    value is not None
                    and (dt.date.fromisoformat(str(value)) - trigger.on).days >= days
                )
                if not kept:
                    outcomes.append(Outcome(key, due, Standing.MISSED, None, (trigger.id,)))
                    continue
            if rule.satisfied_by is None:
                done: FactRow | None = trigger
                if rule.at_least_days is not None and today <= due:
                    outcomes.append(Outcome(key, due, Standing.OPEN, None, (trigger.id,)))
                    continue
                if rule.at_least_days is not None:
                    outcomes.append(Outcome(key, due, Standing.MET, due, (trigger.id,)))
                    continue
                outcomes.append(_outcome(key, due, done, today))
                continue
            linked = [
                f
                for f in answers.get(_link_of_trigger(rule, trigger), ())
                if (not rule.period_field or f.data.get(rule.period_field) == period)
                and (not rule.not_after_trigger or f.on <= trigger.on)
            ]
            outcomes.append(_outcome(key, due, linked[0] if linked else None, today, trigger))
    return outcomes


def standing(outcomes: Sequence[Outcome]) -> str:
    """A unit's standing on a duty in a year: missed, else late, else met, else open."""
    statuses = {o.status for o in outcomes}
    for status in (Standing.MISSED, Standing.LATE, Standing.MET):
        if status in statuses:
            return status
    return Standing.OPEN
