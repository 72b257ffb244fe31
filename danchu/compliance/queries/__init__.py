"""Reads of steering and compliance, scoped to what the user may see (None → 404).

A node's dashboard reads the node's tallies and its children's (`Tally`), never the events of
its subtree: a constant number of queries whatever the size of the tree. The page, the API, the
.xlsx export and the report all read these functions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import get_language

from danchu.compliance import permissions, tallies
from danchu.compliance.models import (
    Obligation,
    ObligationRule,
    Tally,
    UnitResult,
)

# The steering committees' reads live in queries/steering.py; callers read them from here.
from danchu.compliance.queries.steering import (
    agencies_under as agencies_under,
)
from danchu.compliance.queries.steering import (
    committee as committee,
)
from danchu.compliance.queries.steering import (
    committee_detail as committee_detail,
)
from danchu.compliance.queries.steering import (
    committees as committees,
)
from danchu.compliance.queries.steering import (
    members_to_choose as members_to_choose,
)
from danchu.compliance.queries.steering import (
    offline_record as offline_record,
)
from danchu.compliance.queries.steering import (
    steerable_units as steerable_units,
)
from danchu.compliance.scoring import Score, scheme_for, score
from danchu.core.cached_reads import UnitScope, cached_read
from danchu.facts.models import Fact
from danchu.organizations.models import PARTY_KINDS, PATH_END, Unit
from danchu.people.models import AnyUser, Headcount
from danchu.people.queries import unit_by_id

PAGE = 50


@dataclass(frozen=True)
class Indicator:
    code: str
    title: str
    legal_basis: str
    pillar: str
    legal_duty: bool
    met: int = 0
    late: int = 0
    missed: int = 0
    open: int = 0
    self_reported: int = 0

    @property
    def due(self) -> int:
        return self.met + self.late + self.missed

    @property
    def rate(self) -> Fraction | None:
        return Fraction(self.met, self.due) if self.due else None

    @property
    def percent(self) -> float | None:
        return round(float(self.rate) * 100, 1) if self.rate is not None else None

    @property
    def short(self) -> int:
        return self.late + self.missed


@dataclass(frozen=True)
class Counts:
    units: int
    party_organizations: int
    party_members: int
    staff: int


@dataclass(frozen=True)
class Row:
    """A child of the node, with its own subtree's indicators."""

    unit: Unit
    indicators: tuple[Indicator, ...]
    score: Score | None

    @property
    def short(self) -> list[Indicator]:
        return [i for i in self.indicators if i.short]

    @property
    def rate(self) -> Fraction | None:
        due = sum(i.due for i in self.indicators)
        return Fraction(sum(i.met for i in self.indicators), due) if due else None


@dataclass(frozen=True)
class Dashboard:
    unit: Unit
    year: int
    counts: Counts
    indicators: tuple[Indicator, ...]
    score: Score | None
    children: tuple[Row, ...]
    trend: dict[int, tuple[Indicator, ...]] = field(default_factory=dict)

    @property
    def ranking(self) -> list[Row]:
        """Children best first (share of duties met, then score), units with nothing due last."""
        return sorted(
            self.children,
            key=lambda r: (r.rate is None, -(r.rate or 0), -(r.score.value if r.score else 0)),
        )

    @property
    def falling_short(self) -> list[Row]:
        return [r for r in self.children if r.short]


def compliance_unit(user: AnyUser, pk: int) -> Unit | None:
    """Unit `pk` if the user may see its compliance."""
    unit = unit_by_id(pk)
    return unit if unit is not None and permissions.can_view(user, unit) else None


def top_unit(user: AnyUser) -> Unit | None:
    """Where the user's compliance view starts: the highest unit they may see it for."""
    return (
        Unit.objects.filter(permissions.visible(user)).order_by("depth", "sort_key", "pk").first()
    )


@cached_read("catalogue")
def rules_in_order() -> list[ObligationRule]:
    """The active duties of the catalogue, in the dashboards' order (cached until it changes)."""
    return list(ObligationRule.objects.filter(active=True).order_by("position", "code"))


def _indicators(
    catalogue: Sequence[ObligationRule], tallies: dict[str, Tally]
) -> tuple[Indicator, ...]:
    shown = []
    for rule in catalogue:
        t = tallies.get(rule.code)
        counts = (
            {f: getattr(t, f) for f in ("met", "late", "missed", "open", "self_reported")}
            if t
            else {}
        )
        shown.append(
            Indicator(
                rule.code, rule.title, rule.legal_basis, rule.pillar, rule.legal_duty, **counts
            )
        )
    return tuple(shown)


def counts_of(unit: Unit) -> Counts:
    """The figures an annual review opens with, for the node's subtree (the kept figures of
    people 0006: one row, whatever the size of the subtree)."""
    party = "party_by_org" if unit.kind in PARTY_KINDS else "party_by_unit"
    row = (
        Headcount.objects.filter(unit_id=unit.pk)
        .values_list("employers", "party_organizations", party, "staff")
        .first()
    )
    return Counts(*(row or (0, 0, 0, 0)))


def _language_key(unit: Unit, year: int, *more: Any) -> tuple[Any, ...]:
    # Titles and ratings are in the reader's language; the path names the unit's ancestors.
    return (unit.pk, unit.path, year, *more, get_language())


@dataclass(frozen=True)
class Board:
    """What a node's dashboard shows of its tallies (the figures are read apart)."""

    indicators: tuple[Indicator, ...]
    score: Score | None
    children: tuple[Row, ...]
    trend: dict[int, tuple[Indicator, ...]]


def _tally_scope(unit: Unit, year: int, years: int, children: bool) -> dict[str, UnitScope]:
    # The counts read: the tallies of the node and its children plus the deltas pending in the
    # node's subtree; a delta moves the counter of its own unit only (compliance 0003).
    return {"tallies": UnitScope(subtrees=(unit.path,))}


@cached_read("tallies", "catalogue", "units", key=_language_key, keys=_tally_scope)
def _board(unit: Unit, year: int, years: int, children: bool) -> Board:
    """The node's duties in `year` and over `years` years, and (with `children`) its children
    ranked: read from the tallies of the node and its children only, whatever the size of the
    subtree; cached until one of those tallies, the catalogue or the tree changes."""
    catalogue = rules_in_order()
    below = list(Unit.objects.filter(parent=unit).order_by("sort_key", "pk")) if children else []
    per_unit = tallies.read(unit, below, year, years)
    scheme = scheme_for(unit, year)
    own = _indicators(catalogue, per_unit[unit.pk, year])
    trend = {
        y: _indicators(catalogue, per_unit[unit.pk, y])
        for y in range(year - years + 1, year + 1)
        if per_unit.get((unit.pk, y))
    }
    child_rows = []
    for child in below:
        shown = _indicators(catalogue, per_unit[child.pk, year])
        child_rows.append(Row(child, shown, score(shown, scheme)))
    return Board(own, score(own, scheme), tuple(child_rows), trend)


TREND_YEARS = 5


def board_key(unit: Unit, year: int) -> str:
    """The key of the dashboard's read of the tallies: it changes whenever what that read
    returns may have (danchu.core.fragments.render_keyed)."""
    return _board.key_of(unit, year, TREND_YEARS, True)


def dashboard(
    unit: Unit,
    year: int,
    *,
    years: int = TREND_YEARS,
    children: bool = True,
    counts: Counts | None = None,
) -> Dashboard:
    """The node's figures (`counts`, if already read), its duties, its children ranked and the
    trend over `years` years."""
    board = _board(unit, year, years, children)
    return Dashboard(
        unit,
        year,
        counts or counts_of(unit),
        board.indicators,
        board.score,
        board.children,
        board.trend,
    )


def obligations(unit: Unit, year: int, *, status: str = "", code: str = "") -> QuerySet[Obligation]:
    """The obligations of the node's subtree in `year` (due first), with their rule and unit."""
    rows = Obligation.objects.filter(
        unit__path__gte=unit.path, unit__path__lt=unit.path + PATH_END, year=year
    ).select_related("rule", "unit")
    if status:
        rows = rows.filter(status=status)
    if code:
        rows = rows.filter(rule__code=code)
    return rows.order_by("due_on", "unit__path", "pk")


def due_next(unit: Unit, *, limit: int = 5) -> list[Obligation]:
    """The unit's own open obligations, soonest first (the head's "what is due next")."""
    rows = Obligation.objects.filter(unit=unit, status="open").select_related("rule")
    return list(rows.order_by("due_on", "pk")[:limit])


# Where the record behind a fact can be read with the same token (API) — public contract.
EVIDENCE_URLS = {
    "disclosures.disclosure": "/api/v1/disclosures/{id}",
    "consultations.consultation": "/api/v1/consultations/{id}",
    "conferences.conference": "/api/v1/conferences/{id}",
    "conferences.vote": "/api/v1/votes/{id}/result",
    "conferences.resolution": "",
    "compliance.steeringcommittee": "/api/v1/steering-committees/{id}",
    "compliance.offlinerecord": "/api/v1/compliance/offline-records/{id}/evidence",
}


@dataclass(frozen=True)
class Evidence:
    fact_id: int
    kind: str
    on: Any
    target_type: str
    target_id: str
    url: str


def evidence_of(rows: Sequence[Obligation]) -> dict[int, list[Evidence]]:
    """The facts each obligation rests on, with a link to the record (one query)."""
    ids = {i for row in rows for i in row.evidence}
    facts = {f.pk: f for f in Fact.objects.filter(pk__in=ids)}
    linked: dict[int, list[Evidence]] = {}
    for row in rows:
        shown = []
        for fact_id in row.evidence:
            fact = facts.get(fact_id)
            if fact is None:
                continue
            url = EVIDENCE_URLS.get(fact.target_type, "")
            target_id = fact.target_id
            if fact.target_type == "conferences.resolution":
                url, target_id = (
                    "/api/v1/conferences/{id}/resolution.docx",
                    str(fact.data.get("conference", "")),
                )
            shown.append(
                Evidence(
                    fact.pk,
                    fact.kind,
                    fact.occurred_on,
                    fact.target_type,
                    fact.target_id,
                    url.format(id=target_id) if url else "",
                )
            )
        linked[row.pk] = shown
    return linked


def shortfalls(
    unit: Unit, year: int, *, limit: int = PAGE
) -> tuple[list[tuple[Unit, list[UnitResult]]], int]:
    """The units of the subtree that missed or were late on a duty in `year`, with which ones
    (the drill-down's end); and how many units that is in all."""
    results = (
        UnitResult.objects.filter(
            unit__path__gte=unit.path,
            unit__path__lt=unit.path + PATH_END,
            year=year,
            standing__in=("missed", "late"),
        )
        .select_related("unit")
        .order_by("unit__path", "code")
    )
    grouped: dict[int, tuple[Unit, list[UnitResult]]] = {}
    for result in results[: limit * 20]:
        grouped.setdefault(result.unit_id, (result.unit, []))[1].append(result)
    total = results.values("unit_id").distinct().count()
    return list(grouped.values())[:limit], total


def unit_results(unit: Unit, year: int) -> dict[str, UnitResult]:
    return {r.code: r for r in UnitResult.objects.filter(unit=unit, year=year)}


def unit_score(unit: Unit, year: int) -> Score | None:
    """One unit's own duties scored (not its subtree's)."""
    results = unit_results(unit, year)
    catalogue = [r for r in rules_in_order() if r.code in results]
    shown = [
        Indicator(
            r.code,
            r.title,
            r.legal_basis,
            r.pillar,
            r.legal_duty,
            met=int(results[r.code].standing == "met"),
            late=int(results[r.code].standing == "late"),
            missed=int(results[r.code].standing == "missed"),
            open=int(results[r.code].standing == "open"),
        )
        for r in catalogue
    ]
    return score(shown, scheme_for(unit, year), one_unit=True)


def offline_rules() -> list[ObligationRule]:
    """The duties an offline record may satisfy (not those each record in the platform makes)."""
    return [r for r in rules_in_order() if r.spec.get("shape") != "per_event"]


def rule_by_code(code: str) -> ObligationRule | None:
    return ObligationRule.objects.filter(code=code, active=True).first()


@cached_read("units", key=lambda unit: unit.path)
def ancestors(unit: Unit) -> list[Unit]:
    """The units above `unit`, the root first (for the breadcrumbs of the drill-down; cached
    until the tree changes)."""
    return list(Unit.objects.filter(path__in=unit.ancestor_paths()).order_by("path"))
