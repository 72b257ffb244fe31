"""GET /api/v1/me, /units, /units/{id} and /units/{id}/people: content, scope, query counts."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from danchu.organizations.models import Unit, UnitKind
from danchu.organizations.tests.factories import UnitFactory
from danchu.people.models import Role, User
from danchu.people.permissions import ROLE_GRANTS, Action
from danchu.people.tests.factories import PersonFactory, RoleAssignmentFactory, UserFactory
from danchu.people.tokens import make_token

Member = Callable[..., User]


def get(user: User, url: str, **params: Any) -> Any:
    client = Client(
        headers={"authorization": f"Bearer {make_token(user)}", "accept-language": "en"}
    )
    return client.get(url, params)


@dataclass
class Tree:
    root: Unit  # party committee
    org: Unit  # grassroots party organisation under it
    agency: Unit  # state agency led by the org
    dept: Unit  # department of the agency
    other: Unit  # an unrelated root


@pytest.fixture
def tree(db: None) -> Tree:
    root = UnitFactory.create(name="Đảng bộ Khối các cơ quan tỉnh", kind=UnitKind.PARTY_COMMITTEE)
    org = UnitFactory.create(
        name="Đảng bộ Sở Tài chính", kind=UnitKind.PARTY_ORGANIZATION, parent=root
    )
    agency = UnitFactory.create(name="Sở Tài chính Bắc Giang", parent=org)
    dept = UnitFactory.create(name="Phòng Ngân sách", kind=UnitKind.DEPARTMENT, parent=agency)
    other = UnitFactory.create(name="Sở Y tế Lạng Sơn")
    return Tree(root, org, agency, dept, other)


def names(response: Any) -> list[str]:
    return [item["name"] for item in response.json()["items"]]


class TestMe:
    def test_shows_name_and_active_roles(self, tree: Tree, member_of: Member) -> None:
        user = member_of(tree.agency, Role.HEAD)
        RoleAssignmentFactory.create(person=user.person, unit=tree.org, role=Role.PARTY_SECRETARY)

        response = get(user, "/api/v1/me")

        assert response.status_code == 200
        assert user.person is not None
        assert response.json() == {
            "username": user.username,
            "full_name": user.person.full_name,
            "person_id": user.person_id,  # issue 13: candidates and boards name people by it
            "roles": [
                {"unit_id": tree.org.pk, "role": "party_secretary"},
                {"unit_id": tree.agency.pk, "role": "head"},
            ],
        }

    def test_a_user_without_person_is_named_by_username(self, db: None) -> None:
        user = UserFactory.create(person=None, username="admin")

        assert get(user, "/api/v1/me").json() == {
            "username": "admin",
            "full_name": "admin",
            "person_id": None,
            "roles": [],
        }


class TestListUnits:
    def test_without_parent_lists_the_users_roots(self, tree: Tree, member_of: Member) -> None:
        user = member_of(tree.agency)

        response = get(user, "/api/v1/units")

        assert response.status_code == 200
        assert response.json() == {
            "items": [
                {
                    "id": tree.agency.pk,
                    "name": "Sở Tài chính Bắc Giang",
                    "short_name": "",
                    "code": tree.agency.code,
                    "kind": "state_agency",
                    "parent_id": tree.org.pk,
                    "staff_count": 1,
                    "party_member_count": 0,
                }
            ],
            "count": 1,
        }

    def test_a_superuser_sees_every_root(self, tree: Tree) -> None:
        admin = UserFactory.create(person=None, is_superuser=True)

        assert set(names(get(admin, "/api/v1/units"))) == {tree.root.name, tree.other.name}

    def test_with_parent_lists_its_children_by_name(self, tree: Tree, member_of: Member) -> None:
        UnitFactory.create(name="Phòng Hành chính", kind=UnitKind.DEPARTMENT, parent=tree.agency)
        user = member_of(tree.root, Role.SUPERVISOR)

        response = get(user, "/api/v1/units", parent=tree.agency.pk)

        assert names(response) == ["Phòng Hành chính", "Phòng Ngân sách"]
        assert response.json()["items"][0]["parent_id"] == tree.agency.pk

    def test_a_parent_out_of_reach_is_404(self, tree: Tree, member_of: Member) -> None:
        user = member_of(tree.agency)

        for parent in (tree.other.pk, tree.org.pk, 999_999):
            response = get(user, "/api/v1/units", parent=parent)
            assert response.status_code == 404
            assert response.json()["code"] == "not_found"

    def test_search_without_parent_folds_diacritics(self, tree: Tree, member_of: Member) -> None:
        user = member_of(tree.root, Role.SUPERVISOR)

        assert names(get(user, "/api/v1/units", q="bac giang")) == ["Sở Tài chính Bắc Giang"]
        assert names(get(user, "/api/v1/units", q="lang son")) == []

    def test_kind_without_parent_searches_everything_visible(
        self, tree: Tree, member_of: Member
    ) -> None:
        user = member_of(tree.root, Role.SUPERVISOR)

        response = get(user, "/api/v1/units", kind="department")

        assert names(response) == ["Phòng Ngân sách"]

    def test_an_unknown_kind_is_422(self, tree: Tree, member_of: Member) -> None:
        response = get(member_of(tree.agency), "/api/v1/units", kind="castle")

        assert response.status_code == 422
        assert response.json()["errors"][0]["field"] == "kind"

    @pytest.mark.parametrize("params", [{"limit": 201}, {"limit": 0}, {"offset": -1}])
    def test_paging_out_of_bounds_is_422(
        self, tree: Tree, member_of: Member, params: dict[str, int]
    ) -> None:
        assert get(member_of(tree.agency), "/api/v1/units", **params).status_code == 422

    def test_pages_with_limit_and_offset(self, tree: Tree, member_of: Member) -> None:
        for letter in "ABCDE":
            UnitFactory.create(name=f"Phòng {letter}", kind=UnitKind.DEPARTMENT, parent=tree.dept)
        user = member_of(tree.agency)

        response = get(user, "/api/v1/units", parent=tree.dept.pk, limit=2, offset=1)

        assert names(response) == ["Phòng B", "Phòng C"]
        assert response.json()["count"] == 5

    def test_counts_staff_and_party_members_over_the_subtree(
        self, tree: Tree, member_of: Member
    ) -> None:
        PersonFactory.create(unit=tree.dept, party_organization=tree.org)
        PersonFactory.create(unit=tree.agency)
        user = member_of(tree.root, Role.SUPERVISOR)

        item = get(user, "/api/v1/units").json()["items"][0]

        # The supervisor works in the root; two people work under the agency, one a party member.
        assert (item["staff_count"], item["party_member_count"]) == (3, 1)


class TestGetUnit:
    def test_shows_the_unit_and_its_subtree(self, tree: Tree, member_of: Member) -> None:
        PersonFactory.create(unit=tree.dept, party_organization=tree.org)
        user = member_of(tree.root, Role.SUPERVISOR)

        response = get(user, f"/api/v1/units/{tree.root.pk}")

        assert response.status_code == 200
        body = response.json()
        assert (body["id"], body["kind"], body["parent_id"]) == (
            tree.root.pk,
            "party_committee",
            None,
        )
        assert body["subtree"] == {
            "units": 3,
            "party_organizations": 1,
            "staff": 2,
            "party_members": 1,
        }

    def test_a_unit_out_of_reach_looks_missing(self, tree: Tree, member_of: Member) -> None:
        user = member_of(tree.agency)

        hidden = get(user, f"/api/v1/units/{tree.other.pk}")
        missing = get(user, "/api/v1/units/999999")

        assert hidden.status_code == missing.status_code == 404
        assert hidden.json() == missing.json()


class TestListPeople:
    def test_lists_people_in_vietnamese_order(self, tree: Tree) -> None:
        viewer = PersonFactory.create(unit=tree.agency, given_name="Anh")
        RoleAssignmentFactory.create(person=viewer, unit=tree.agency, role=Role.HEAD)
        user = UserFactory.create(person=viewer)
        PersonFactory.create(
            unit=tree.dept, surname="Đặng", given_name="Đạt", party_organization=tree.org
        )
        PersonFactory.create(unit=tree.dept, surname="Trần", given_name="Dũng", staff_code="X1")

        response = get(user, f"/api/v1/units/{tree.agency.pk}/people")

        assert response.status_code == 200
        body = response.json()
        assert body["count"] == 3
        assert [p["full_name"] for p in body["items"]] == [
            "Nguyễn Văn Anh",
            "Trần Văn Dũng",
            "Đặng Văn Đạt",
        ]
        dung, dat = body["items"][1], body["items"][2]
        assert (dung["staff_code"], dung["category"], dung["party_member"]) == (
            "X1",
            "cong_chuc",
            False,
        )
        assert (dat["party_member"], dat["unit_id"]) == (True, tree.dept.pk)

    def test_search_folds_diacritics(self, tree: Tree, member_of: Member) -> None:
        PersonFactory.create(unit=tree.dept, surname="Đặng", given_name="Hà")
        user = member_of(tree.agency)

        response = get(user, f"/api/v1/units/{tree.agency.pk}/people", q="dang")

        assert [p["full_name"] for p in response.json()["items"]] == ["Đặng Văn Hà"]

    def test_a_supervisor_at_the_root_sees_the_whole_subtree(
        self, tree: Tree, member_of: Member
    ) -> None:
        PersonFactory.create(unit=tree.dept)
        PersonFactory.create(unit=tree.other)
        user = member_of(tree.root, Role.SUPERVISOR)

        response = get(user, f"/api/v1/units/{tree.root.pk}/people")

        assert response.json()["count"] == 2  # the supervisor and the department's staff

    def test_another_units_people_are_404(self, tree: Tree, member_of: Member) -> None:
        PersonFactory.create(unit=tree.other)
        user = member_of(tree.agency)

        assert get(user, f"/api/v1/units/{tree.other.pk}/people").status_code == 404
        assert get(user, f"/api/v1/units/{tree.root.pk}/people").status_code == 404

    def test_a_unit_visible_without_its_people_is_404(
        self, tree: Tree, member_of: Member, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setitem(ROLE_GRANTS, Role.STAFF, frozenset({Action.VIEW_UNIT}))
        user = member_of(tree.agency, Role.STAFF)

        assert get(user, f"/api/v1/units/{tree.agency.pk}").status_code == 200
        assert get(user, f"/api/v1/units/{tree.agency.pk}/people").status_code == 404


@pytest.mark.parametrize("rows", [5, 50])
class TestQueryCountsDoNotGrowWithRows:
    def test_units(
        self, rows: int, tree: Tree, member_of: Member, django_assert_max_num_queries: Any
    ) -> None:
        for n in range(rows):
            child = UnitFactory.create(
                name=f"Phòng {n}", kind=UnitKind.DEPARTMENT, parent=tree.dept
            )
            PersonFactory.create(unit=child, party_organization=tree.org)
        user = member_of(tree.root, Role.SUPERVISOR)
        client = Client(headers={"authorization": f"Bearer {make_token(user)}"})

        # With the generation tokens that cached reads check (danchu.core.cached_reads).
        with django_assert_max_num_queries(8):
            response = client.get("/api/v1/units", {"parent": tree.dept.pk, "limit": 200})
        assert len(response.json()["items"]) == rows
        with django_assert_max_num_queries(7):  # again: the roles come from the cache
            assert client.get("/api/v1/units", {"parent": tree.dept.pk, "limit": 200}).json() == (
                response.json()
            )

    def test_people(
        self, rows: int, tree: Tree, member_of: Member, django_assert_max_num_queries: Any
    ) -> None:
        for _ in range(rows):
            PersonFactory.create(unit=tree.dept, party_organization=tree.org)
        user = member_of(tree.agency)
        client = Client(headers={"authorization": f"Bearer {make_token(user)}"})

        with django_assert_max_num_queries(6):  # with the generation tokens, as above
            response = client.get(f"/api/v1/units/{tree.agency.pk}/people", {"limit": 200})
        assert len(response.json()["items"]) == rows + 1
        with django_assert_max_num_queries(5):  # again: the roles come from the cache
            assert client.get(f"/api/v1/units/{tree.agency.pk}/people", {"limit": 200}).json() == (
                response.json()
            )

    def test_units_over_a_session(
        self,
        rows: int,
        tree: Tree,
        member_of: Member,
        client_as: Callable[[User], Client],
        django_assert_max_num_queries: Any,
    ) -> None:
        for n in range(rows):
            UnitFactory.create(name=f"Sở Kế hoạch {n}", parent=tree.org)
        client = client_as(member_of(tree.root, Role.SUPERVISOR))

        with django_assert_max_num_queries(7):
            response = client.get("/api/v1/units", {"q": "ke hoach", "limit": "200"})

        assert response.json()["count"] == len(response.json()["items"]) == rows
