"""Decree 30/2020 notice numbers under parallel publications: each number once, none skipped."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from danchu.audit.tests.helpers import at_once, threads_share_the_test_database
from danchu.disclosures.models import Disclosure, NoticeNumber
from danchu.disclosures.tests.factories import make_tree, publish, publisher_of
from danchu.people.models import User

PARALLEL = 8


@pytest.mark.skipif(
    not threads_share_the_test_database(),
    reason="threads cannot share SQLite's in-memory test database (set DANCHU_SQLITE_TEST_PATH)",
)
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("audit_log_flushable")
def test_decree_30_parallel_publications_take_distinct_consecutive_numbers() -> None:
    """Decree 30/2020, Appendix I: one series per unit and year; the series row is locked while a
    number is taken, so parallel publications (the first creating the series) never collide."""
    tree = make_tree()
    head = publisher_of(tree.agency)

    def send(n: int, ready: Callable[[], None]) -> None:
        actor = User.objects.select_related("person").get(pk=head.pk)
        ready()
        publish(tree.agency, actor, title=f"Thông báo {n}")

    at_once(PARALLEL, send)
    assert Disclosure.objects.count() == PARALLEL
    numbers = sorted(NoticeNumber.objects.values_list("number", flat=True))
    assert numbers == list(range(1, PARALLEL + 1))
