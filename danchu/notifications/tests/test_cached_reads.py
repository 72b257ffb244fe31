"""The triggers behind the tokens (as the migrations install them) and the cached reads."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from danchu.core import cached_reads
from danchu.core.cached_reads import CachedRead, cached_read, memo_for_request, tokens
from danchu.notifications.models import Notification
from danchu.organizations.models import Unit
from danchu.organizations.tests.factories import UnitFactory
from danchu.people.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

CALLS: list[str] = []


@cached_read("units")
def unit_names() -> list[str]:
    CALLS.append("unit_names")
    return sorted(Unit.objects.values_list("name", flat=True))


@cached_read("units", key=lambda prefix, ignored: prefix)
def names_starting(prefix: str, ignored: object) -> list[str]:
    return [name for name in unit_names() if name.startswith(prefix)]


@cached_read("notices", keys=lambda user_id: {"notices": [user_id]})
def notice_count(user_id: int) -> int:
    CALLS.append("notice_count")
    return Notification.objects.filter(recipient_id=user_id).count()


@pytest.fixture(autouse=True)
def _calls() -> None:
    CALLS.clear()
    return


def _sql(statement: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement)


def test_a_token_never_written_reads_as_zero():
    assert tokens("nothing-yet", "nor-this") == "0.0"


def test_every_kind_of_write_gives_a_new_token():
    seen = {tokens("units")}
    unit = UnitFactory.create()
    for write in (
        lambda: UnitFactory.create(),
        lambda: Unit.objects.filter(pk=unit.pk).update(name="z"),
        lambda: _sql(f"UPDATE organizations_unit SET short_name = 'y' WHERE id = {unit.pk}"),
        lambda: Unit.objects.filter(pk=unit.pk).delete(),
    ):
        write()
        current = tokens("units")
        assert current not in seen
        seen.add(current)


def test_a_write_elsewhere_leaves_the_token_alone():
    user = UserFactory.create()
    before = tokens("units")
    Notification.objects.create(recipient=user, kind="k", message="m")
    assert tokens("units") == before


def test_keyed_tokens_move_only_for_the_rows_owner():
    one, two, three = UserFactory.create(), UserFactory.create(), UserFactory.create()
    notice = Notification.objects.create(recipient=one, kind="k", message="m")
    first, second = tokens(f"notices:{one.pk}"), tokens(f"notices:{two.pk}")
    assert first != "0"
    assert second == "0"
    Notification.objects.filter(pk=notice.pk).update(recipient=two)  # the old and the new owner
    assert tokens(f"notices:{one.pk}") != first
    assert tokens(f"notices:{two.pk}") != second
    second = tokens(f"notices:{two.pk}")
    Notification.objects.create(recipient=three, kind="k", message="m")
    assert tokens(f"notices:{two.pk}") == second
    Notification.objects.filter(pk=notice.pk).delete()
    assert tokens(f"notices:{two.pk}") != second


def test_a_rolled_back_write_takes_its_token_with_it():
    before = tokens("units")
    seen_inside: list[str] = []

    def write_then_fail() -> None:
        with transaction.atomic():
            UnitFactory.create()
            seen_inside.append(tokens("units"))
            raise RuntimeError

    with pytest.raises(RuntimeError):
        write_then_fail()
    assert seen_inside[0] != before  # the writer sees its own change
    assert tokens("units") == before


def test_cached_reads_follow_their_groups():
    user = UserFactory.create(person=None)
    UnitFactory.create(name="a")
    assert unit_names() == ["a"]
    first = unit_names()
    assert CALLS == ["unit_names"]
    first.append("changed")  # a copy: the next reader gets the stored value
    assert unit_names() == ["a"]
    UnitFactory.create(name="b")
    assert unit_names() == ["a", "b"]
    assert CALLS == ["unit_names"] * 2
    Notification.objects.create(recipient=user, kind="k", message="m")
    assert unit_names() == ["a", "b"]
    assert CALLS == ["unit_names"] * 2


def test_keyed_reads_follow_only_their_own_token():
    one, two = UserFactory.create(), UserFactory.create()
    assert notice_count(one.pk) == 0
    assert notice_count(two.pk) == 0
    Notification.objects.create(recipient=two, kind="k", message="m")
    assert notice_count(one.pk) == 0  # still cached
    assert notice_count(two.pk) == 1
    assert CALLS == ["notice_count"] * 3


def test_the_key_names_what_the_result_depends_on():
    UnitFactory.create(name="ab")
    UnitFactory.create(name="b")
    assert names_starting("a", object()) == ["ab"]
    assert names_starting("b", object()) == ["b"]


def test_reads_are_registered_by_name_and_groups_must_exist():
    assert isinstance(cached_reads.REGISTRY[f"{__name__}.unit_names"], CachedRead)
    with pytest.raises(ValueError, match="unknown cache groups"):
        cached_read("no-such-group")(lambda: None)
    with pytest.raises(ValueError, match="need `keys=`"):
        cached_read("notices")(lambda: None)


def test_a_stale_result_is_computed_again():
    results = iter(["first", "second", "third"])
    stale = {"now": False}

    @cached_read("units", stale=lambda value: stale["now"])
    def timed() -> str:
        return next(results)

    assert timed() == "first"
    assert timed() == "first"
    stale["now"] = True
    assert timed() == "second"
    stale["now"] = False
    assert timed() == "second"  # stored again


def test_each_process_keeps_recent_reads_and_shares_them_through_the_cache():
    UnitFactory.create(name="a")
    assert unit_names() == ["a"]
    cached_reads.recent.clear()  # another process: only the shared cache has it
    assert unit_names() == ["a"]
    cache.clear()  # the shared cache lost it: this process still knows the value
    assert unit_names() == ["a"]
    assert CALLS == ["unit_names"]


def test_a_request_reads_every_whole_group_with_its_first_tokens(django_assert_num_queries):
    with memo_for_request():
        with django_assert_num_queries(1):
            tokens("ack:3")
            tokens("units")  # came along with the first read
        UnitFactory.create()  # the request writes...
        with django_assert_num_queries(1):
            tokens("units")  # ...so its tokens are read again


def test_the_signed_in_users_tokens_come_with_the_first_read(django_assert_num_queries):
    with memo_for_request():
        cached_reads.expect_user(7)
        with django_assert_num_queries(1):
            tokens("units")
            tokens("notices:7")


def test_keyed_tokens_are_read_by_name_not_by_scanning():
    with memo_for_request(), CaptureQueriesContext(connection) as captured:
        tokens("notices:7")
    assert "LIKE" not in captured.captured_queries[0]["sql"]


def test_hits_and_misses_are_counted_when_asked(settings):
    """bench/contention.py reads these counters (issue 15: the inbox's hit ratio)."""
    settings.DANCHU_CACHE_STATS = True
    UnitFactory.create(name="a")
    unit_names()
    unit_names()
    name = unit_names.name
    assert cache.get(f"cachestats:{name}:miss") == 1
    assert cache.get(f"cachestats:{name}:hit") == 1
