"""Scoring a node's duties with its province's scheme (Law 10/2022/QH15 art. 8.3: how well a unit
carries out democracy counts in its evaluation; LEGAL-CATALOGUE §10 for the example scheme).

Each duty that fell due earns its points times the share of units meeting it (a late one earns
half), the total is scaled to the scheme's points over the duties that applied, and the rating is
the best whose floor the score reaches, capped at the downgrade when a legal duty was missed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from django.utils.translation import get_language

from danchu.compliance import rules
from danchu.compliance.models import ScoringScheme
from danchu.organizations.models import Unit

LATE_CREDIT = Fraction(1, 2)


@dataclass(frozen=True)
class Rating:
    code: str
    label: str
    floor: int


@dataclass(frozen=True)
class Scheme:
    name: str
    total: int
    points: dict[str, int]
    ratings: tuple[Rating, ...]
    downgrade_to: str


@dataclass(frozen=True)
class Line:
    code: str
    title: str
    points: Fraction
    earned: Fraction
    met: int
    late: int
    missed: int


@dataclass(frozen=True)
class Score:
    value: Fraction
    rating: Rating
    downgraded: bool
    lines: tuple[Line, ...]
    scheme: Scheme

    @property
    def rounded(self) -> str:
        return f"{float(self.value):.1f}"


def default_scheme() -> Scheme:
    return Scheme(
        name="",
        total=rules.DEFAULT_TOTAL_POINTS,
        points={},
        ratings=tuple(
            Rating(code, str(label), floor) for code, label, floor in rules.DEFAULT_RATINGS
        ),
        downgrade_to=rules.DEFAULT_DOWNGRADE,
    )


def _scheme(row: ScoringScheme) -> Scheme:
    vi = (get_language() or "vi").startswith("vi")
    ratings = tuple(
        Rating(r["code"], r["label_vi"] if vi else r["label_en"], int(r["min"]))
        for r in sorted(row.ratings, key=lambda r: -int(r["min"]))
    )
    total = sum(int(v) for v in row.points.values()) or rules.DEFAULT_TOTAL_POINTS
    return Scheme(
        row.name, total, {k: int(v) for k, v in row.points.items()}, ratings, row.downgrade_to
    )


def scheme_for(unit: Unit, year: int) -> Scheme:
    """The scheme set nearest above the unit (itself included) in force in `year`."""
    ancestors = [unit.path[:end] for end in range(8, len(unit.path) + 1, 8)]
    row = (
        ScoringScheme.objects.filter(unit__path__in=ancestors, year_from__lte=year)
        .order_by("-unit__depth", "-year_from")
        .first()
    )
    return _scheme(row) if row else default_scheme()


def score(indicators: Sequence[Any], scheme: Scheme, *, one_unit: bool = False) -> Score | None:
    """The score of a node from its indicators (code, title, legal_duty, met, late, missed);
    None when nothing fell due. The downgrade for a missed legal duty rates one unit
    (`one_unit`): a subtree's score is the share of its units' points, its shortfalls listed."""
    due = [i for i in indicators if i.met + i.late + i.missed]
    if not due:
        return None
    default = Fraction(scheme.total, len(indicators)) if indicators else Fraction(0)
    lines = []
    for i in due:
        points = Fraction(scheme.points.get(i.code, default))
        credit = (i.met + LATE_CREDIT * i.late) / (i.met + i.late + i.missed)
        lines.append(Line(i.code, i.title, points, points * credit, i.met, i.late, i.missed))
    available = sum((line.points for line in lines), Fraction(0))
    value = (
        sum((line.earned for line in lines), Fraction(0)) * scheme.total / available
        if available
        else Fraction(scheme.total)
    )
    rating = next((r for r in scheme.ratings if value >= r.floor), scheme.ratings[-1])
    downgraded = one_unit and any(i.missed and i.legal_duty for i in due)
    if downgraded:
        capped = next((r for r in scheme.ratings if r.code == scheme.downgrade_to), None)
        if capped is not None and capped.floor < rating.floor:
            rating = capped
        else:
            downgraded = False
    return Score(value, rating, downgraded, tuple(lines), scheme)
