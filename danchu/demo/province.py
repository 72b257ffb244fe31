"""Writing the planned demo province: bulk inserts in one transaction, then one audit entry."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.db import connection, models, transaction

from danchu import audit
from danchu.demo.accounts import create_accounts
from danchu.demo.plan import BATCH_SIZE, ROLES_FROM, Planner, Progress
from danchu.organizations.models import Body, BodyMember, Unit
from danchu.organizations.tree import depth_of, path_for
from danchu.people.models import Person, RoleAssignment


def _chunks(items: Sequence[Any]) -> list[Sequence[Any]]:
    return [items[i : i + BATCH_SIZE] for i in range(0, len(items), BATCH_SIZE)]


def _insert_units(units: list[Unit]) -> None:
    """Insert one level of the tree, then place each unit under its (already placed) parent."""
    for unit in units:
        unit.path = f"-{unit.code}"  # unique until the real path is known
        unit.refresh_derived()
    Unit.objects.bulk_create(units, batch_size=BATCH_SIZE)
    for unit in units:
        unit.path = path_for(parent_path=unit.parent.path if unit.parent else "", pk=unit.pk)
        unit.depth = depth_of(unit.path)
    Unit.objects.bulk_update(units, ["path", "depth"], batch_size=BATCH_SIZE)
    _analyze()


def _analyze() -> None:
    """Fresh statistics of the tree for PostgreSQL's planner: the triggers that keep each
    unit's subtree figures (people 0006) join the units by path, and with the statistics of
    an empty table the planner scans them all for every row (at factor 84: 200 rows/s
    instead of 10,000)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE organizations_unit, people_headcount")


def _insert(model: type[models.Model], objects: list[Any], progress: Progress) -> None:
    for chunk in _chunks(objects):
        model._default_manager.bulk_create(chunk, batch_size=BATCH_SIZE)
        progress(len(chunk))


@transaction.atomic
def seed(
    *,
    factor: float = 1.0,
    on_total: Callable[[int], object] | None = None,
    progress: Progress | None = None,
) -> dict[str, int | float]:
    """Write the demo province into an empty database; returns what was created, by kind."""
    province = Planner(factor).plan()
    advance: Progress = progress or (lambda n: None)
    if on_total is not None:
        on_total(province.row_count())
    for level in province.levels:
        _insert_units(level)
        advance(len(level))
    _insert(Person, province.people, advance)
    roles = [
        RoleAssignment(person=person, unit=unit, role=role, valid_from=ROLES_FROM)
        for person, unit, role in province.roles
    ]
    _insert(RoleAssignment, roles, advance)
    _insert(Body, [body for body, _members in province.bodies], advance)
    members = [
        BodyMember(body=body, person=person, role=role, since=body.term_start, until=body.term_end)
        for body, people in province.bodies
        for person, role in people
    ]
    _insert(BodyMember, members, advance)
    users = create_accounts(province.accounts)

    people = province.people
    counts: dict[str, int | float] = {
        "factor": factor,
        "units": sum(len(level) for level in province.levels),
        # The last three levels, whether or not committees stand between them and the root.
        "party_organizations": len(province.levels[-3]),
        "agencies": len(province.levels[-2]),
        "departments": len(province.levels[-1]),
        "staff": sum(1 for p in people if p.unit is not None),
        "party_members": sum(1 for p in people if p.party_organization is not None),
        "union_members": sum(1 for p in people if p.union_member),
        "role_assignments": len(roles),
        "bodies": len(province.bodies),
        "body_members": len(members),
        "accounts": len(users),
    }
    root = province.levels[0][0]
    audit.record(actor=None, action="demo.seeded", target=root, unit=root, changes=counts)
    return counts
