"""Invalidation scoped to what changed (issue 15): a sign-in invalidates nobody's cached reads; a
role change, a new account or new staff in one unit move only the tokens of the accounts and the
unit concerned; a publication in one unit moves only the counter of that unit. So the readers of
other subtrees keep their cached reads, while those concerned see the change at once."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from danchu.core.cached_reads import scoped_token, tokens
from danchu.core.models import Generation, ScopedGeneration
from danchu.disclosures.queries import reading_scope
from danchu.disclosures.tests.test_views_support import page_of, publish
from danchu.people.models import Role, User
from danchu.people.tests.factories import PersonFactory, RoleAssignmentFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]
INBOX = reverse("disclosure_inbox")


def _tokens_of(user: User) -> dict[str, str]:
    """Every token the user's cached reads depend on."""
    fresh = User.objects.select_related("person__unit").get(pk=user.pk)
    return {
        "groups": tokens("units", f"account:{user.pk}"),
        "own": tokens(f"notices:{user.pk}", f"ack:{user.person_id}"),
        "items": scoped_token("disclosures", reading_scope(fresh)),
    }


def _item_reads(client: Client) -> tuple[str, list[str]]:
    """The inbox page, and the statements of it that read items, people or units."""
    with CaptureQueriesContext(connection) as captured:
        page = page_of(client.get(INBOX))
    tables = ("disclosures_disclosure", "people_roleassignment", "organizations_unit")
    return page, [q["sql"] for q in captured if any(t in q["sql"] for t in tables)]


def test_signing_in_leaves_the_cached_reads_of_a_user_in_another_unit_valid(
    world, member_of, client_as
):
    publish(member_of(world.other, Role.HEAD), world.other, title="Thông báo của Sở Y tế")
    world.staff.set_password("mật khẩu thử")
    world.staff.save()
    reader = client_as(world.outsider)
    _item_reads(reader)  # now cached
    before = _tokens_of(world.outsider)

    response = Client().post(
        reverse("login"), {"username": world.staff.username, "password": "mật khẩu thử"}
    )

    assert response.status_code == 302
    world.staff.refresh_from_db()
    assert world.staff.last_login is not None  # the sign-in did write
    assert _tokens_of(world.outsider) == before
    page, item_reads = _item_reads(reader)
    assert item_reads == []  # every read served from the cache
    assert "Thông báo của Sở Y tế" in page


def test_a_publication_moves_only_its_units_counter(world, member_of, client_as):
    other_head = member_of(world.other, Role.HEAD)
    publish(other_head, world.other, title="Thông báo của Sở Y tế")
    publish(world.head, world.agency, title="Thông báo thứ nhất")
    in_agency, elsewhere = client_as(world.staff), client_as(world.outsider)
    _item_reads(in_agency)
    _item_reads(elsewhere)
    agency_before, elsewhere_before = _tokens_of(world.staff), _tokens_of(world.outsider)
    counters = dict(
        ScopedGeneration.objects.filter(name="disclosures").values_list("unit_id", "counter")
    )

    publish(world.head, world.agency, title="Thông báo thứ hai")

    after = dict(
        ScopedGeneration.objects.filter(name="disclosures").values_list("unit_id", "counter")
    )
    assert after[world.other.pk] == counters[world.other.pk]  # another row: no shared lock
    assert after[world.agency.pk] > counters[world.agency.pk]
    assert _tokens_of(world.outsider) == elsewhere_before
    assert _tokens_of(world.staff)["items"] != agency_before["items"]
    assert "Thông báo thứ hai" in _item_reads(in_agency)[0]  # fresh at once
    page, item_reads = _item_reads(elsewhere)
    assert item_reads == []  # still served from the cache
    assert "Thông báo của Sở Y tế" in page
    assert "Thông báo thứ hai" not in page


def test_role_changes_and_new_staff_in_one_unit_leave_another_units_reads_alone(
    world, member_of, client_as
):
    publish(member_of(world.other, Role.HEAD), world.other, title="Thông báo của Sở Y tế")
    reader = client_as(world.outsider)
    _item_reads(reader)  # now cached
    before = _tokens_of(world.outsider)
    staff_before = _tokens_of(world.staff)
    values = dict(Generation.objects.values_list("name", "value"))
    staff = ScopedGeneration.objects.filter(name="staff")
    counters = dict(staff.values_list("unit_id", "counter"))

    RoleAssignmentFactory.create(
        person=world.staff.person, unit=world.agency, role=Role.UNION_COMMITTEE
    )
    PersonFactory.create(unit=world.agency)  # as a staff import adds people
    member_of(world.agency)  # a new account

    assert _tokens_of(world.outsider) == before
    page, item_reads = _item_reads(reader)
    assert item_reads == []  # every read served from the cache
    assert "Thông báo của Sở Y tế" in page
    # The one whose role changed sees it at once; no token row every writer updates moved.
    assert _tokens_of(world.staff)["groups"] != staff_before["groups"]
    moved = {
        name
        for name, value in Generation.objects.values_list("name", "value")
        if values.get(name) != value
    }
    assert moved
    assert all(name.startswith("account:") for name in moved)
    assert f"account:{world.outsider.pk}" not in moved
    after = dict(staff.values_list("unit_id", "counter"))
    assert {unit for unit, n in after.items() if counters.get(unit) != n} == {world.agency.pk}
