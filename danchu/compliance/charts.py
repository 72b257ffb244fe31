"""Server-rendered SVG charts of the dashboard, as geometry the templates draw: every number on
a chart is also in the table beside it (the accessible version), from the same indicators."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from danchu.compliance.queries import Indicator

WIDTH = 640
ROW_H = 44


@dataclass(frozen=True)
class Bar:
    label: str
    y: int
    met: float  # widths in viewBox units
    late: float
    missed: float
    text: str  # "72/72 (100%)"

    @property
    def missed_x(self) -> float:
        return self.met + self.late


@dataclass(frozen=True)
class BarChart:
    height: int
    width: int
    bars: tuple[Bar, ...]


def _text(i: Indicator) -> str:
    return f"{i.met}/{i.due} ({i.percent:g}%)" if i.due else "—"


def coverage(indicators: Sequence[Indicator]) -> BarChart:
    """One bar per duty that fell due: met, late and missed units as shares of the bar."""
    shown = [i for i in indicators if i.due]
    bars = []
    for n, i in enumerate(shown):
        scale = WIDTH / i.due
        bars.append(
            Bar(i.title, n * ROW_H, i.met * scale, i.late * scale, i.missed * scale, _text(i))
        )
    return BarChart(max(len(bars), 1) * ROW_H, WIDTH, tuple(bars))


@dataclass(frozen=True)
class Point:
    year: int
    x: float
    y: float
    percent: float


@dataclass(frozen=True)
class LineChart:
    width: int
    height: int
    points: tuple[Point, ...]
    grid: tuple[tuple[float, int], ...] = ()  # (y, percent) of the 0, 50 and 100% lines

    @property
    def path(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points)


TOP = 24  # the label of a point at 100% sits this far above it (its baseline 10 px up)


def trend(years: Mapping[int, Sequence[Indicator]], *, height: int = 140) -> LineChart:
    """The share of due duties met on time, year by year (all duties together)."""
    rows = []
    for year in sorted(years):
        due = sum(i.due for i in years[year])
        if due:
            rows.append((year, 100 * sum(i.met for i in years[year]) / due))
    step = (WIDTH - 100) / max(len(rows) - 1, 1)

    def y(value: float) -> float:  # room above 100% for a point's label, below 0% for the years
        return TOP + (100 - value) * (height - TOP - 30) / 100

    points = tuple(
        Point(year, 60 + n * step, y(value), round(value, 1))
        for n, (year, value) in enumerate(rows)
    )
    return LineChart(WIDTH, height, points, tuple((y(p), p) for p in (0, 50, 100)))
