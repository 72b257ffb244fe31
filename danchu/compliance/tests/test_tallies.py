"""The aggregates kept up the tree equal a full recomputation, whatever happens: facts of every
kind in any order, units moving between parents, duties starting and stopping to apply
(issue 14, quality: the property test)."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from danchu.compliance import refresh, tallies
from danchu.compliance.models import Tally, TallyDelta, UnitResult
from danchu.facts.services import emit
from danchu.organizations.models import Unit, UnitKind
from danchu.organizations.tests.factories import UnitFactory
from danchu.people.models import Role
from danchu.people.services import move_unit
from danchu.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 4)


def stored() -> dict[tuple[int, str, int], Counter[str]]:
    rows = {}
    for t in Tally.objects.all():
        counts = Counter(
            {f: getattr(t, f) for f in ("open", "met", "late", "missed", "self_reported")}
        )
        counts = Counter({k: v for k, v in counts.items() if v})
        if counts:
            rows[t.unit_id, t.code, t.year] = counts
    return rows


def as_read() -> dict[tuple[int, str, int], Counter[str]]:
    """Every node's counts as the dashboards read them: its tallies plus the deltas pending in
    its subtree (`tallies.read`)."""
    rows = {}
    for unit in Unit.objects.all():
        for (unit_id, year), per_code in tallies.read(unit, [], 2027, 5).items():
            for code, t in per_code.items():
                counts = Counter({f: getattr(t, f) for f in tallies.FIELDS})
                counts = Counter({k: v for k, v in counts.items() if v})
                if counts:
                    rows[unit_id, code, year] = counts
    return rows


def recomputed() -> dict[tuple[int, str, int], Counter[str]]:
    results = UnitResult.objects.values_list(
        "unit__path", "code", "year", "standing", "self_reported"
    )
    return {
        key: Counter({k: v for k, v in counts.items() if v})
        for key, counts in tallies.expected(results).items()
        if any(counts.values())
    }


def tree():
    root = UnitFactory.create(name="Đảng bộ Khối", kind=UnitKind.PARTY_COMMITTEE)
    orgs = [
        UnitFactory.create(name=f"Đảng bộ {n}", kind=UnitKind.PARTY_ORGANIZATION, parent=root)
        for n in range(2)
    ]
    agencies = [UnitFactory.create(name=f"Sở {n}", parent=orgs[n % 2]) for n in range(3)]
    for n, agency in enumerate(agencies):  # 8, 9, 10 staff: every duty applies
        PersonFactory.create_batch(8 + n, unit=agency)
    return root, orgs, agencies


EVENTS = st.lists(
    st.tuples(
        st.sampled_from(
            [
                "held",
                "held_late",
                "other_kind",
                "established",
                "dissolved",
                "consolidated",
                "published",
                "published_late",
                "move",
                "board",
            ]
        ),
        st.integers(0, 2),  # which agency / organisation
        st.integers(2024, 2026),  # which year
    ),
    max_size=14,
)


@settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
@given(events=EVENTS)
def test_incremental_tallies_equal_a_full_recount(events, member_of, time_machine) -> None:
    time_machine.move_to(dt.datetime(2026, 12, 4, 10, 0), tick=False)
    with transaction.atomic():
        root, orgs, agencies = tree()
        admin = member_of(root, Role.SUPERVISOR)
        refresh.refresh_all([2025, 2026])
        for event, which, year in events:
            agency, org = agencies[which], orgs[which % 2]
            day = dt.date(year, 2, 1)
            if event in ("held", "held_late", "other_kind"):
                emit(
                    kind="conference.held",
                    unit=agency,
                    on=dt.date(year, 5, 1) if event == "held_late" else day,
                    data={
                        "year": year - 1,
                        "kind": "extraordinary" if event == "other_kind" else "annual",
                    },
                )
            elif event in ("established", "dissolved", "consolidated"):
                emit(kind=f"steering_committee.{event}", unit=org, on=day)
            elif event.startswith("published"):
                due = day if event == "published" else day - dt.timedelta(days=3)
                emit(
                    kind="disclosure.published",
                    unit=agency,
                    on=day,
                    data={
                        "version": 1,
                        "due_on": due,
                        "visible_until": day + dt.timedelta(days=20),
                    },
                )
            elif event == "board":
                emit(
                    kind="inspection_board.term_started",
                    unit=agency,
                    on=day,
                    data={"term_end": dt.date(year + 2, 1, 31)},
                )
            else:
                agency.refresh_from_db()
                target = orgs[1] if agency.parent_id == orgs[0].pk else orgs[0]
                move_unit(actor=admin, unit=agency, parent=target)
                agencies[which] = Unit.objects.get(pk=agency.pk)
        # Read while changes wait as deltas, and once they are folded into the tallies.
        assert as_read() == recomputed()
        tallies.fold()
        assert not TallyDelta.objects.exists()
        assert stored() == recomputed() == as_read()
        # Each fact refreshed only the duties that read its kind: a full run finds nothing
        # left to change (and the tallies still agree).
        kept = stored()
        assert refresh.refresh_all([2025, 2026]) == 0
        tallies.fold()
        assert stored() == kept
        if events:
            assert Tally.objects.filter(unit=root).exists()
        transaction.set_rollback(True)


def test_rebuild_writes_what_the_deltas_kept(member_of) -> None:
    root, orgs, agencies = tree()
    refresh.refresh_all([2026])  # the daily run: every unit's duties, with or without facts
    emit(
        kind="conference.held",
        unit=agencies[0],
        on=dt.date(2026, 1, 20),
        data={"year": 2025, "kind": "annual"},
    )
    emit(kind="steering_committee.established", unit=orgs[1], on=dt.date(2021, 3, 1))
    tallies.fold()
    before = stored()
    assert before[root.pk, "annual_conference", 2026]["met"] == 1
    assert before[root.pk, "steering_committee", 2026]["met"] == 1
    assert before[root.pk, "inspection_board", 2026]["missed"] == 3  # no board: short at once
    tallies.rebuild()
    assert stored() == before == recomputed()


def test_deltas_are_folded_after_the_commit(django_capture_on_commit_callbacks) -> None:
    """The writer's transaction holds its own delta only; the tallies above take it after the
    commit, and the dashboards read the same before and after (Law 10/2022 art. 8.3 is what
    the counts measure; issue 15: no row shared by writers of different units)."""
    root, _orgs, agencies = tree()
    with django_capture_on_commit_callbacks(execute=False) as pending:
        emit(
            kind="conference.held",
            unit=agencies[0],
            on=dt.date(2026, 1, 20),
            data={"year": 2025, "kind": "annual"},
        )
    assert TallyDelta.objects.filter(unit=agencies[0]).exists()
    assert not TallyDelta.objects.exclude(unit=agencies[0]).exists()
    assert not Tally.objects.filter(unit=root).exists()  # nothing above was written yet
    seen = as_read()
    assert seen[root.pk, "annual_conference", 2026]["met"] == 1
    for callback in pending:
        callback()
    assert not TallyDelta.objects.exists()
    assert Tally.objects.get(unit=root, code="annual_conference", year=2026).met == 1
    assert as_read() == seen == stored()
