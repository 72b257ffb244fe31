"""The triggers behind generation tokens, on a table of the test's own, and the cached reads."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from danchu.core import generations
from danchu.core.generations import cached, memo_for_request, tokens, watch_rows, watch_tables

pytestmark = pytest.mark.django_db


class _Editor:
    """What the migration operations use of a schema editor, inside the test's transaction."""

    connection = connection

    def execute(self, sql: str) -> None:
        with connection.cursor() as cursor:
            cursor.execute(sql)


def _run(code: Any) -> None:
    code(None, _Editor())


def _sql(statement: str, params: tuple[Any, ...] = ()) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


@pytest.fixture
def watched() -> Iterator[None]:
    """Two tables: `gen_a` moves token `letters`; `gen_b` moves `owner:<owner id>` and
    `kind:<kind>` per row."""
    _sql("CREATE TABLE gen_a (id integer PRIMARY KEY, label varchar(20))")
    _sql("CREATE TABLE gen_b (id integer PRIMARY KEY, owner integer, kind integer)")
    _sql("CREATE TABLE gen_c (id integer PRIMARY KEY)")
    operations = [
        watch_tables("letters", ["gen_a"]),
        watch_rows("owner:", "gen_b", "owner"),
        watch_rows("kind:", "gen_b", "kind"),
    ]
    for operation in operations:
        _run(operation.code)
    yield
    for operation in operations:
        _run(operation.reverse_code)
    for table in ("gen_a", "gen_b", "gen_c"):
        _sql(f"DROP TABLE {table}")


def test_a_token_never_written_reads_as_zero():
    assert tokens("nothing-yet", "nor-this") == "0.0"


def test_every_kind_of_write_gives_a_new_token(watched):
    seen = {tokens("letters")}
    for statement in (
        "INSERT INTO gen_a (id, label) VALUES (1, 'a')",
        "INSERT INTO gen_a (id, label) VALUES (2, 'b'), (3, 'c')",
        "UPDATE gen_a SET label = 'z'",
        "DELETE FROM gen_a WHERE id = 1",
    ):
        _sql(statement)
        current = tokens("letters")
        assert current not in seen, statement
        seen.add(current)


def test_a_write_elsewhere_leaves_the_token_alone(watched):
    _sql("INSERT INTO gen_a (id, label) VALUES (1, 'a')")
    before = tokens("letters")
    _sql("INSERT INTO gen_c (id) VALUES (1)")
    assert tokens("letters") == before


def test_row_tokens_move_only_for_the_rows_owner(watched):
    _sql("INSERT INTO gen_b (id, owner, kind) VALUES (1, 7, 1)")
    seven, eight = tokens("owner:7"), tokens("owner:8")
    assert seven != "0"
    assert eight == "0"
    assert tokens("kind:1") != "0"  # a second watcher of the same table
    _sql("UPDATE gen_b SET owner = 8 WHERE id = 1")  # both the old and the new owner
    assert tokens("owner:7") != seven
    assert tokens("owner:8") != eight
    eight = tokens("owner:8")
    _sql("INSERT INTO gen_b (id, owner, kind) VALUES (2, 9, 2)")
    assert tokens("owner:8") == eight
    _sql("DELETE FROM gen_b WHERE id = 1")
    assert tokens("owner:8") != eight


def test_a_row_without_a_value_moves_the_empty_token(watched):
    _sql("INSERT INTO gen_b (id, owner) VALUES (1, 7)")
    assert tokens("kind:") != "0"


def test_a_rolled_back_write_takes_its_token_with_it(watched):
    before = tokens("letters")
    seen_inside: list[str] = []

    def write_then_fail() -> None:
        with transaction.atomic():
            _sql("INSERT INTO gen_a (id, label) VALUES (1, 'a')")
            seen_inside.append(tokens("letters"))
            raise RuntimeError

    with pytest.raises(RuntimeError):
        write_then_fail()
    assert seen_inside[0] != before  # the writer sees its own change
    assert tokens("letters") == before


def test_cached_reads_follow_the_token(watched):
    calls: list[int] = []

    def count() -> list[int]:
        calls.append(1)
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM gen_a")
            return [cursor.fetchone()[0]]

    assert cached("a-count", ["letters"], count) == [0]
    first = cached("a-count", ["letters"], count)
    assert first == [0]
    assert len(calls) == 1
    first.append(99)  # a copy: the next reader gets the stored value
    assert cached("a-count", ["letters"], count) == [0]
    _sql("INSERT INTO gen_a (id, label) VALUES (1, 'a')")
    assert cached("a-count", ["letters"], count) == [1]
    assert len(calls) == 2
    _sql("INSERT INTO gen_c (id) VALUES (1)")
    assert cached("a-count", ["letters"], count) == [1]
    assert len(calls) == 2


def test_none_is_cached_like_any_result(watched):
    calls: list[int] = []

    def nothing() -> None:
        calls.append(1)

    assert cached("none", ["letters"], nothing) is None
    assert cached("none", ["letters"], nothing) is None
    assert len(calls) == 1


def test_long_keys_are_digested_and_stay_distinct(watched):
    long_a, long_b = "k" * 300 + "a", "k" * 300 + "b"
    assert cached(long_a, ["letters"], lambda: "a") == "a"
    assert cached(long_b, ["letters"], lambda: "b") == "b"
    assert cached(long_a, ["letters"], lambda: "other") == "a"
    assert generations.digest([1, 2]) != generations.digest([12])


def test_a_stale_result_is_computed_again(watched):
    results = iter(["first", "second"])
    assert cached("timed", ["letters"], lambda: next(results)) == "first"
    assert cached("timed", ["letters"], lambda: next(results), stale=lambda v: False) == "first"
    assert cached("timed", ["letters"], lambda: next(results), stale=lambda v: True) == "second"
    assert cached("timed", ["letters"], lambda: "third") == "second"  # stored again


def test_each_process_keeps_recent_reads_and_shares_them_through_the_cache(watched):
    assert cached("shared", ["letters"], lambda: ["computed"]) == ["computed"]
    generations.recent.clear()  # another process: only the shared cache has it
    assert cached("shared", ["letters"], lambda: ["again"]) == ["computed"]
    cache.clear()  # the shared cache lost it: this process still knows the value
    assert cached("shared", ["letters"], lambda: ["again"]) == ["computed"]


def test_a_request_reads_every_group_it_has_seen_in_one_query(watched, django_assert_num_queries):
    tokens("letters")  # the process now knows the group
    with memo_for_request():
        with django_assert_num_queries(1):
            tokens("other-group")
            tokens("letters")  # came along with the first read
        _sql("INSERT INTO gen_a (id, label) VALUES (1, 'a')")  # the request writes...
        with django_assert_num_queries(1):
            tokens("letters")  # ...so its tokens are read again


def test_row_tokens_are_read_by_name_not_by_scanning(watched):
    with memo_for_request(), CaptureQueriesContext(connection) as captured:
        tokens("owner:7")
    assert "LIKE" not in captured.captured_queries[0]["sql"]
