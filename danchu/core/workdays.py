"""Working days in Vietnamese state agencies, for legal deadlines ("within 5 working days").

Rules:
  * The working week is Monday to Friday (Decision 188/1999/QĐ-TTg, 40-hour week in state
    agencies and public service units).
  * Public holidays are those of the Labour Code 2019, art. 112 (1/1, five days of lunar Tết,
    Hùng Kings' day, 30/4, 1/5, two days at 2/9), with holidays falling on a weekend observed
    on a working day, and the days swapped by the Government each year (a bridge day off
    against a Saturday worked): all taken from `holidays.Vietnam`.
  * A period counted in days does not count its first day (Civil Code 2015, art. 147.1): "within
    5 working days of the decision" ends on the 5th working day after the decision date.

Days the `holidays` package does not know yet (or gets wrong) are set in Django settings:
  * `DANCHU_EXTRA_DAYS_OFF`: ISO dates ("2027-02-11") that are not worked;
  * `DANCHU_EXTRA_WORKING_DAYS`: ISO dates that are worked, e.g. a Saturday worked in exchange
    for a bridge day. Both are read on every call, so they can change without a restart.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from types import MappingProxyType

import holidays
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

__all__ = ["add_working_days", "holidays_in", "is_working_day", "working_days_between"]

EXTRA_DAY_OFF_LABEL = "Ngày nghỉ bổ sung"

_SATURDAY = 5
_ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class _YearCalendar:
    names: Mapping[date, str]  # official days off of the year, with their Vietnamese name
    weekend_workdays: frozenset[date]  # Saturdays/Sundays worked in exchange for a day off


@functools.lru_cache(maxsize=64)
def _official_calendar(year: int) -> _YearCalendar:
    """Official days off and worked weekend days of `year`, from the `holidays` package."""
    # A swap may cross the new year (a day off on 2/1 worked on 27/12 of the year before), and
    # the package files it under the year of the day off: build the neighbours too.
    years = range(max(year - 1, date.min.year), min(year + 1, date.max.year) + 1)
    calendar = holidays.Vietnam(years=years, language="vi")
    names = {day: name for day, name in calendar.items() if day.year == year}
    worked = frozenset(day for day in calendar.weekend_workdays if day.year == year)
    return _YearCalendar(MappingProxyType(dict(sorted(names.items()))), worked)


@dataclass(frozen=True)
class _Extras:
    days_off: frozenset[date]
    working_days: frozenset[date]


@functools.lru_cache(maxsize=16)
def _parse_days(setting: str, values: tuple[object, ...]) -> frozenset[date]:
    days: set[date] = set()
    for value in values:
        if isinstance(value, date) and not isinstance(value, datetime):
            days.add(value)
            continue
        if isinstance(value, str):
            try:
                days.add(date.fromisoformat(value))
                continue
            except ValueError:
                pass
        raise ImproperlyConfigured(f"{setting}: {value!r} is not an ISO date (YYYY-MM-DD)")
    return frozenset(days)


def _setting(name: str) -> tuple[object, ...]:
    values = getattr(settings, name, ())
    if isinstance(values, str | date):
        raise ImproperlyConfigured(f"{name} must be a list of ISO dates, not {values!r}")
    return tuple(values)


def _extras() -> _Extras:
    """The extra days of the settings, read now (cached per value)."""
    off = _parse_days("DANCHU_EXTRA_DAYS_OFF", _setting("DANCHU_EXTRA_DAYS_OFF"))
    worked = _parse_days("DANCHU_EXTRA_WORKING_DAYS", _setting("DANCHU_EXTRA_WORKING_DAYS"))
    if both := off & worked:
        listed = ", ".join(day.isoformat() for day in sorted(both))
        raise ImproperlyConfigured(
            f"{listed} listed in both DANCHU_EXTRA_DAYS_OFF and DANCHU_EXTRA_WORKING_DAYS"
        )
    return _Extras(off, worked)


def _as_date(value: date, name: str) -> date:
    # A datetime would silently miss every holiday (datetime != date) and hide a time-zone
    # choice: callers pass timezone.localdate(...) instead.
    if isinstance(value, datetime) or not isinstance(value, date):
        raise TypeError(f"{name} must be a datetime.date, not {type(value).__name__}")
    return value


def _is_working(day: date, extras: _Extras) -> bool:
    if day in extras.working_days:
        return True
    if day in extras.days_off:
        return False
    calendar = _official_calendar(day.year)
    if day in calendar.names:
        return False
    if day.weekday() >= _SATURDAY:
        return day in calendar.weekend_workdays
    return True


def is_working_day(day: date) -> bool:
    """Monday to Friday and not a day off, or a (weekend) day listed as worked."""
    return _is_working(_as_date(day, "day"), _extras())


def add_working_days(start: date, n: int) -> date:
    """The day that is `n` working days after `start`, `start` itself not counted.

    Civil Code 2015, art. 147.1: the first day of a period is not counted. So a decision signed
    on Friday 13/02/2026 that must be carried out "within 5 working days" (Tết 16–20/02/2026)
    is due on Friday 27/02/2026. `n` = 0 gives `start` if it is a working day, else the next
    working day (Civil Code 2015, art. 148.5: a deadline falling on a day off moves to the
    next working day).
    """
    day = _as_date(start, "start")
    if n < 0:
        raise ValueError(f"n must not be negative, got {n}")
    extras = _extras()
    if n == 0:
        while not _is_working(day, extras):
            day += _ONE_DAY
        return day
    remaining = n
    while remaining:
        day += _ONE_DAY
        if _is_working(day, extras):
            remaining -= 1
    return day


def working_days_between(start: date, end: date) -> int:
    """How many working days are in (start, end]: `start` not counted, `end` counted.

    `working_days_between(d, add_working_days(d, n)) == n` for every n ≥ 1. When `end` is before
    `start` the count is negative: -working_days_between(end, start).
    """
    start = _as_date(start, "start")
    end = _as_date(end, "end")
    if end < start:
        return -working_days_between(end, start)
    extras = _extras()
    count = 0
    day = start + _ONE_DAY
    while day <= end:
        count += _is_working(day, extras)
        day += _ONE_DAY
    return count


def holidays_in(year: int) -> list[tuple[date, str]]:
    """Days off of `year` in date order, with their Vietnamese name, for display.

    Official holidays (weekend ones included, with the day they are observed on) plus
    `DANCHU_EXTRA_DAYS_OFF`; days listed in `DANCHU_EXTRA_WORKING_DAYS` are left out.
    """
    extras = _extras()
    days = dict(_official_calendar(year).names)
    days.update(
        {
            day: EXTRA_DAY_OFF_LABEL
            for day in extras.days_off
            if day.year == year and day not in days
        }
    )
    return sorted((day, name) for day, name in days.items() if day not in extras.working_days)
