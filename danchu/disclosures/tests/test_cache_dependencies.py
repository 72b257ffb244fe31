"""Each cached read of disclosures runs with its SQL captured: it may touch only the tables of
the groups it declares (danchu.core.cache_check)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import pytest
from django.utils import timezone

from danchu.core.cache_check import undeclared_tables
from danchu.core.cached_reads import EVERY_UNIT, REGISTRY, UnitScope
from danchu.disclosures import queries
from danchu.disclosures.queries import InboxScope, RegisterScope, rates
from danchu.disclosures.services import acknowledge
from danchu.disclosures.tests.factories import Tree, publish
from danchu.people.models import User

Q = "danchu.disclosures.queries"
SAMPLES: dict[str, Callable[[Any], object]] = {
    f"{Q}._publishable_units": lambda w: queries._publishable_units(w.head),
    f"{Q}.first_scheduled": lambda w: queries.first_scheduled(w.reading),
    f"{Q}._read_readable_units": lambda w: queries._read_readable_units(w.staff, "mark"),
    f"{Q}.inbox_total": lambda w: queries.inbox_total(w.inbox),
    f"{Q}.inbox_read_count": lambda w: queries.inbox_read_count(w.inbox, w.staff.person_id),
    f"{Q}.acknowledged_ids": lambda w: queries.acknowledged_ids(w.staff.person_id),
    f"{Q}.inbox_newest": lambda w: queries.inbox_newest(w.inbox, 64),
    f"{Q}._read_cards": lambda w: queries._read_cards((w.item.pk,), w.reading),
    f"{Q}.rates._readers_by_unit": lambda w: rates._readers_by_unit((w.item.pk,), EVERY_UNIT),
    f"{Q}.rates._chosen_audiences": lambda w: rates._chosen_audiences((w.item.pk,), w.reading),
    f"{Q}.rates._read_staff_counts": lambda w: rates._read_staff_counts(
        [w.tree.agency], EVERY_UNIT
    ),
    f"{Q}.register_count": lambda w: queries.register_count(w.register, "mark"),
    f"{Q}.register_rows": lambda w: queries.register_rows(w.register, "mark", 0, 10),
}


@pytest.fixture
def world(db: None, tree: Tree, head: Any, staff: Any) -> SimpleNamespace:
    item = publish(tree.agency, head, audience_units=[tree.dept_a], title="Kế hoạch tuyển dụng")
    publish(tree.agency, head, publish_at=timezone.now() + dt.timedelta(days=3))
    acknowledge(actor=staff, disclosure=item)
    units = (tree.agency.pk, tree.dept_a.pk)
    reading = UnitScope(subtrees=(tree.agency.path,))
    year = timezone.now().year
    return SimpleNamespace(
        tree=tree,
        item=item,
        # Fresh users: nothing read during the set-up is kept on them.
        head=User.objects.get(pk=head.pk),
        staff=User.objects.get(pk=staff.pk),
        reading=reading,
        inbox=InboxScope(
            units,
            queries.Filters(
                q="ke hoach", category=item.category, year=year, unit_id=tree.agency.pk
            ),
            None,
            "mark",
            reading,
        ),
        register=RegisterScope(tree.agency, True, None, None),
    )


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_the_read_touches_only_the_tables_of_its_groups(name: str, world: SimpleNamespace) -> None:
    read = REGISTRY[name]
    assert undeclared_tables(read, lambda: SAMPLES[name](world)) == set()
