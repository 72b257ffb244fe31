"""Each unit's whole-subtree figures (`Headcount`), as the database keeps them and as the records
say: `differences()` compares the two, `repair()` rewrites the rows that differ.

The triggers of migration 0006 keep the rows; this module never takes part in a request. It is
what the property test compares them with, and what `manage.py recount_headcounts` runs after
anything that bypassed them (a restore of one table, say)."""

from __future__ import annotations

from collections import Counter
from typing import NamedTuple

from django.db import transaction
from django.db.models import Count

from danchu.organizations.models import EMPLOYER_KINDS, PATH_STEP, Unit, UnitKind
from danchu.people.models import Headcount, Person


class Figures(NamedTuple):
    units: int = 0
    employers: int = 0
    party_organizations: int = 0
    staff: int = 0
    party_by_unit: int = 0
    party_by_org: int = 0


FIELDS = Figures._fields


def counted() -> dict[int, Figures]:
    """Every unit's figures, counted from the units and people (a few grouped queries)."""
    path_of = dict(Unit.objects.values_list("pk", "path"))
    id_of = {path: pk for pk, path in path_of.items()}
    totals: dict[int, Counter[str]] = {pk: Counter() for pk in path_of}

    def add(unit_id: int | None, **amounts: int) -> None:
        if unit_id is None:
            return
        path = path_of[unit_id]
        for end in range(PATH_STEP, len(path) + 1, PATH_STEP):
            above = id_of.get(path[:end])
            if above is not None:
                totals[above].update(amounts)

    for pk, kind in Unit.objects.values_list("pk", "kind"):
        add(
            pk,
            units=1,
            employers=int(kind in EMPLOYER_KINDS),
            party_organizations=int(kind == UnitKind.PARTY_ORGANIZATION),
        )
    staff = Person.objects.values_list("unit_id").annotate(
        n=Count("pk"), party=Count("party_organization")
    )
    for unit_id, n, party in staff.order_by():
        add(unit_id, staff=n, party_by_unit=party)
    members = Person.objects.filter(party_organization__isnull=False).values_list(
        "party_organization_id"
    )
    for org_id, n in members.annotate(n=Count("pk")).order_by():
        add(org_id, party_by_org=n)
    return {pk: Figures(**{f: totals[pk][f] for f in FIELDS}) for pk in path_of}


def kept() -> dict[int, Figures]:
    """The figures as the database keeps them."""
    rows = Headcount.objects.values_list("unit_id", *FIELDS)
    return {unit_id: Figures(*figures) for unit_id, *figures in rows}


def differences() -> dict[int, tuple[Figures | None, Figures]]:
    """The units whose kept figures differ from the records: (kept or None, counted)."""
    have, want = kept(), counted()
    return {pk: (have.get(pk), figures) for pk, figures in want.items() if have.get(pk) != figures}


@transaction.atomic
def repair() -> int:
    """Rewrite the rows that differ from the records; how many there were."""
    wrong = differences()
    rows = [Headcount(unit_id=pk, **figures._asdict()) for pk, (_, figures) in wrong.items()]
    Headcount.objects.filter(unit_id__in=wrong).delete()
    Headcount.objects.bulk_create(rows, batch_size=1000)
    return len(rows)
