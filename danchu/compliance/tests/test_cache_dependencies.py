"""Each cached read of compliance runs with its SQL captured: it may touch only the tables of the
groups it declares (danchu.core.cache_check); and the cached dashboard follows every change of
what it shows: a fact, the catalogue, the scoring scheme, the tree, the people."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import pytest
from django.urls import reverse

from danchu.compliance import queries, refresh
from danchu.compliance.models import ObligationRule, ScoringScheme
from danchu.core.cache_check import undeclared_tables
from danchu.core.cached_reads import REGISTRY
from danchu.facts.services import emit
from danchu.organizations.models import UnitKind
from danchu.organizations.tests.factories import UnitFactory
from danchu.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

Q = "danchu.compliance.queries"
SAMPLES: dict[str, Callable[[Any], object]] = {
    f"{Q}.rules_in_order": lambda w: queries.rules_in_order(),
    f"{Q}._board": lambda w: queries._board(w.province.root, w.province.year, 5, True),
    f"{Q}.ancestors": lambda w: queries.ancestors(w.province.agency),
}


@pytest.fixture
def world(province: Any) -> SimpleNamespace:
    ScoringScheme.objects.create(
        unit=province.root,
        name="Thang điểm của tỉnh",
        year_from=province.year - 1,
        points={"annual_conference": 30},
        ratings=[{"code": "good", "min": 0, "label_vi": "Tốt", "label_en": "Good"}],
        downgrade_to="good",
    )
    return SimpleNamespace(province=province)


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_the_read_touches_only_the_tables_of_its_groups(name: str, world: SimpleNamespace) -> None:
    read = REGISTRY[name]
    assert undeclared_tables(read, lambda: SAMPLES[name](world)) == set()


def _board(client: Any, url: str) -> str:
    page = client.get(url).content.decode()
    return page[page.index('<dl class="figures">') :]


def test_the_cached_dashboard_shows_every_change(province: Any, client_as: Any) -> None:
    """A dashboard served from the cache is the one a fresh computation gives, after each kind
    of change its reads depend on."""
    client = client_as(province.supervisor)
    url = reverse("compliance_unit", args=[province.root.pk]) + f"?year={province.year}"
    before = _board(client, url)
    assert _board(client, url) == before  # served again from the cache
    # A fact in a unit two levels down: the root's and its child's tallies move.
    emit(
        kind="conference.held",
        unit=province.agency,
        on=dt.date(province.year, 1, 20),
        data={"year": province.year - 1, "kind": "annual"},
    )
    after_fact = _board(client, url)
    assert after_fact != before
    assert "1/2" in after_fact or "50%" in after_fact
    # The catalogue: a duty's title.
    rule = ObligationRule.objects.get(code="annual_conference")
    rule.title_vi = "Hội nghị cán bộ hằng năm (đã sửa)"
    rule.save()
    assert "(đã sửa)" in _board(client, url)
    # The tree: a new organisation under the root joins the ranking.
    org = UnitFactory.create(
        name="Đảng bộ Sở Xây dựng", kind=UnitKind.PARTY_ORGANIZATION, parent=province.root
    )
    assert "Đảng bộ Sở Xây dựng" in _board(client, url)
    # The people: the figures count a new member of staff.
    agency = UnitFactory.create(name="Sở Xây dựng", parent=org)
    staff = _board(client, url)
    PersonFactory.create(unit=agency)
    assert _board(client, url) != staff
    refresh.refresh_all([province.year])
    # The scoring scheme of the province.
    ScoringScheme.objects.create(
        unit=province.root,
        name="Thang điểm mới",
        year_from=province.year,
        points={},
        ratings=[{"code": "all", "min": 0, "label_vi": "Đạt hết", "label_en": "All"}],
        downgrade_to="all",
    )
    assert "Đạt hết" in _board(client, url)
