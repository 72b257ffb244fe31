"""The signed-in user, their person, unit and roles come from the cache between requests; every
kind of change shows on the very next request (danchu.core.cached_reads), bulk updates too."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from danchu.organizations.models import Unit
from danchu.people.backends import PeopleBackend
from danchu.people.models import Person, Role, RoleAssignment, User

pytestmark = pytest.mark.django_db


def _unit_page(client: Client, unit: Unit) -> int:
    return client.get(reverse("unit_detail", args=[unit.pk])).status_code


def test_a_deactivated_user_is_signed_out_on_the_next_request(tree, member_of, client_as):
    user = member_of(tree.agency)
    client = client_as(user)
    assert _unit_page(client, tree.agency) == 200  # user now cached
    User.objects.filter(pk=user.pk).update(is_active=False)  # no signal, no save()
    response = client.get(reverse("unit_detail", args=[tree.agency.pk]))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_a_new_password_ends_the_other_sessions(tree, member_of, client_as):
    user = member_of(tree.agency)
    client = client_as(user)
    assert _unit_page(client, tree.agency) == 200
    user.set_password("a-new-long-passphrase")
    user.save()
    assert client.get(reverse("unit_detail", args=[tree.agency.pk])).status_code == 302


def test_a_role_given_or_ended_counts_from_the_next_request(tree, member_of, client_as):
    user = member_of(tree.agency)
    client = client_as(user)
    assert _unit_page(client, tree.other) == 404
    role = RoleAssignment.objects.create(
        person=user.person, unit=tree.other, role=Role.STAFF, valid_from=dt.date(2020, 1, 1)
    )
    assert _unit_page(client, tree.other) == 200
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    RoleAssignment.objects.filter(pk=role.pk).update(valid_to=yesterday)
    assert _unit_page(client, tree.other) == 404


def test_a_transfer_counts_from_the_next_request(tree, member_of):
    user = member_of(tree.agency)
    backend = PeopleBackend()
    assert backend.get_user(user.pk).person.unit == tree.agency
    Person.objects.filter(pk=user.person_id).update(unit=tree.other)
    assert backend.get_user(user.pk).person.unit == tree.other


def test_the_cached_user_is_a_copy(tree, member_of):
    user = member_of(tree.agency)
    backend = PeopleBackend()
    first = backend.get_user(user.pk)
    first._danchu_readable_units = ["left over"]  # as a request annotates its user
    assert not hasattr(backend.get_user(user.pk), "_danchu_readable_units")


def test_a_renamed_unit_shows_its_new_name(tree, member_of, client_as):
    user = member_of(tree.agency)
    client = client_as(user)
    assert (
        "Sở Tư pháp" in client.get(reverse("unit_detail", args=[tree.agency.pk])).content.decode()
    )
    Unit.objects.filter(pk=tree.agency.pk).update(name="Sở Tư pháp tỉnh")
    assert (
        "Sở Tư pháp tỉnh"
        in client.get(reverse("unit_detail", args=[tree.agency.pk])).content.decode()
    )
