"""The inbox search: diacritic-free, any part of a word, served by a trigram index (an FTS5
table on SQLite, pg_trgm on PostgreSQL) that follows every write."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.db import connection

from danchu.core.text import fold
from danchu.disclosures import queries
from danchu.disclosures.models import Disclosure
from danchu.disclosures.tests.factories import Tree, publish
from danchu.disclosures.tests.test_queries import NOW, titles

pytestmark = pytest.mark.django_db

PLAN = "Kế hoạch tuyển dụng viên chức năm 2026"
BUDGET = "Dự toán ngân sách nhà nước"


@pytest.fixture
def items(tree: Tree, head: Any) -> Iterator[tuple[Disclosure, Disclosure]]:
    with time_machine.travel(NOW, tick=False):
        plan = publish(tree.agency, head, title=PLAN, document_number="Số: 05/QĐ-SNV")
        budget = publish(tree.agency, head, title=BUDGET, body="Đường nội bộ")
        yield plan, budget


@pytest.mark.parametrize(
    ("q", "found"),
    [
        ("tuyen dung", [PLAN]),  # words of three letters or more: the index
        ("oach", [PLAN]),  # inside a word
        ("ke", [PLAN]),  # shorter than a trigram: a plain scan
        ("ke tuyen", [PLAN]),  # both kinds in one query
        ("nam ngan", []),  # every word must be in the same item
        ("DƯỜNG", [BUDGET]),  # in the body, any case, any accent
        ("05/qd-snv", [PLAN]),  # punctuation is part of the text
        ("", [BUDGET, PLAN]),
    ],
)
def test_finds_every_word_anywhere(items, staff, q, found):
    assert sorted(titles(queries.inbox(staff, q=q))) == sorted(found)


@pytest.mark.parametrize(
    "q", ['"', 'hoach" OR "ngan', "tuyen*", "NEAR(ke hoach)", "-tuyen", "title:ke", "^ke", "a'b"]
)
def test_search_syntax_in_a_query_is_plain_text(items, staff, q):
    """FTS5 operators typed by a user are searched for literally, never parsed or refused."""
    assert titles(queries.inbox(staff, q=q)) == []


def test_the_index_follows_a_changed_text(items, staff):
    plan, _ = items
    Disclosure.objects.filter(pk=plan.pk).update(search_text=fold("Quy chế chi tiêu"))
    assert titles(queries.inbox(staff, q="tuyen dung")) == []
    assert titles(queries.inbox(staff, q="chi tieu")) == [PLAN]


def test_the_search_uses_the_index(items, staff):
    sql = str(queries.inbox(staff, q="tuyen dung").scope.items().query)
    if connection.vendor == "sqlite":
        assert "disclosures_disclosure_search MATCH" in sql
    else:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT indexdef FROM pg_indexes WHERE indexname = %s",
                ["disclosures_disclosure_search_trgm"],
            )
            assert "gin_trgm_ops" in cursor.fetchone()[0]
        assert "LIKE" in sql
