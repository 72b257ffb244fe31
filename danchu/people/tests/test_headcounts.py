"""The subtree figures the database keeps (`Headcount`, people migration 0006) equal a count from
the records after any sequence of writes: people joining, leaving, changing unit or party
organisation, one at a time and in bulk; units added, moved between parents, changing kind and
deleted (issue 14: aggregates kept incrementally up the tree)."""

from __future__ import annotations

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from danchu.organizations.models import Unit, UnitKind
from danchu.organizations.tests.factories import UnitFactory
from danchu.people import headcounts
from danchu.people.models import Headcount, Person, Role
from danchu.people.queries import attach_counts, subtree_summary
from danchu.people.services import move_unit
from danchu.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

KINDS: list[str] = [UnitKind.STATE_AGENCY, UnitKind.PUBLIC_SERVICE_UNIT, UnitKind.DEPARTMENT]


def tree() -> tuple[Unit, list[Unit], list[Unit]]:
    root = UnitFactory.create(name="Đảng bộ Khối", kind=UnitKind.PARTY_COMMITTEE)
    orgs = [
        UnitFactory.create(name=f"Đảng bộ {n}", kind=UnitKind.PARTY_ORGANIZATION, parent=root)
        for n in range(2)
    ]
    agencies = [UnitFactory.create(name=f"Sở {n}", parent=orgs[n % 2]) for n in range(3)]
    return root, orgs, agencies


EVENTS = st.lists(
    st.tuples(
        st.sampled_from(
            [
                "hire",
                "hire_member",
                "hire_many",
                "transfer",
                "join_party",
                "leave_party",
                "leave",
                "fire_many",
                "department",
                "move",
                "kind",
                "close",
            ]
        ),
        st.integers(0, 5),  # which unit or person
    ),
    max_size=16,
)


@settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
@given(events=EVENTS)
def test_kept_figures_equal_a_count_from_the_records(events, member_of) -> None:
    with transaction.atomic():
        root, orgs, agencies = tree()
        admin = member_of(root, Role.SUPERVISOR)
        for event, which in events:
            units = list(Unit.objects.exclude(kind__in=[UnitKind.PARTY_COMMITTEE]).order_by("pk"))
            workplaces = [u for u in units if u.kind != UnitKind.PARTY_ORGANIZATION]
            people = list(Person.objects.filter(user__isnull=True).order_by("pk"))
            place = workplaces[which % len(workplaces)]
            org = orgs[which % 2]
            person = people[which % len(people)] if people else None
            if event == "hire":
                PersonFactory.create(unit=place)
            elif event == "hire_member":
                PersonFactory.create(unit=place, party_organization=org)
            elif event == "hire_many":  # one INSERT of several rows (an import, the demo)
                Person.objects.bulk_create(
                    [
                        PersonFactory.build(unit=place, party_organization=org if n % 2 else None)
                        for n in range(which + 2)
                    ]
                )
            elif person is None:
                continue
            elif event == "transfer":
                Person.objects.filter(pk=person.pk).update(unit=place)
            elif event == "join_party":
                Person.objects.filter(pk=person.pk).update(party_organization=org)
            elif event == "leave_party":
                person.party_organization = None
                person.save()
            elif event == "leave":
                Person.objects.filter(pk=person.pk).delete()
            elif event == "fire_many":  # one UPDATE and one DELETE of several rows
                Person.objects.filter(pk__gte=person.pk).update(unit=place, given_name="Bình")
                Person.objects.filter(pk__gt=person.pk, user__isnull=True).delete()
            elif event == "department":
                UnitFactory.create(kind=UnitKind.DEPARTMENT, parent=place)
            elif event == "move":
                agency = Unit.objects.get(pk=agencies[which % 3].pk)
                target = orgs[1] if agency.parent_id == orgs[0].pk else orgs[0]
                move_unit(actor=admin, unit=agency, parent=target)
            elif event == "kind":
                agency = agencies[which % 3]
                kind = KINDS[(KINDS.index(Unit.objects.get(pk=agency.pk).kind) + 1) % 3]
                Unit.objects.filter(pk=agency.pk).update(kind=kind)
            elif event == "close":  # an empty department is closed
                empty = Unit.objects.filter(
                    kind=UnitKind.DEPARTMENT, people__isnull=True, children__isnull=True
                ).first()
                if empty is not None:
                    empty.delete()
        assert headcounts.differences() == {}
        assert Headcount.objects.count() == Unit.objects.count()
        transaction.set_rollback(True)


def test_pages_and_api_read_the_kept_figures(django_assert_num_queries) -> None:
    root, orgs, agencies = tree()
    PersonFactory.create_batch(3, unit=agencies[0], party_organization=orgs[0])
    PersonFactory.create_batch(2, unit=agencies[1], party_organization=orgs[1])
    PersonFactory.create(unit=agencies[2])
    units = [root, *orgs, *agencies]
    with django_assert_num_queries(1):
        attach_counts(units)
    assert [u.staff_count for u in units] == [6, 4, 2, 3, 2, 1]  # type: ignore[attr-defined]
    # a party unit counts the members registered under it; an agency, those who work there
    assert [u.party_member_count for u in units] == [5, 3, 2, 3, 2, 0]  # type: ignore[attr-defined]
    assert subtree_summary(root) == {
        "units": 5,
        "party_organizations": 2,
        "staff": 6,
        "party_members": 5,
    }


def test_a_repair_rewrites_figures_written_behind_the_triggers() -> None:
    root, _orgs, agencies = tree()
    PersonFactory.create_batch(2, unit=agencies[0])
    Headcount.objects.filter(unit=root).update(staff=99)  # a restore of one table, say
    assert set(headcounts.differences()) == {root.pk}
    assert headcounts.repair() == 1
    assert headcounts.differences() == {}
    assert Headcount.objects.get(unit=root).staff == 2
