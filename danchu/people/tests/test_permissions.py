import datetime as dt

import pytest

from danchu.organizations.models import UnitKind
from danchu.organizations.tests.factories import UnitFactory
from danchu.people import queries
from danchu.people.models import Role
from danchu.people.permissions import Action, can, reach_roots, scopes_of
from danchu.people.tests.factories import PersonFactory, RoleAssignmentFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    committee = UnitFactory(kind=UnitKind.PARTY_COMMITTEE, name="Đảng bộ Khối")
    org_a = UnitFactory(kind=UnitKind.PARTY_ORGANIZATION, parent=committee, name="Đảng bộ Sở A")
    agency_a = UnitFactory(kind=UnitKind.STATE_AGENCY, parent=org_a, name="Sở A")
    dept_a = UnitFactory(kind=UnitKind.DEPARTMENT, parent=agency_a, name="Phòng A1")
    org_b = UnitFactory(kind=UnitKind.PARTY_ORGANIZATION, parent=committee, name="Đảng bộ Sở B")
    agency_b = UnitFactory(kind=UnitKind.STATE_AGENCY, parent=org_b, name="Sở B")
    return {"committee": committee, "agency_a": agency_a, "dept_a": dept_a, "agency_b": agency_b}


@pytest.mark.parametrize(
    ("role", "where", "target", "action", "allowed"),
    [
        (Role.SUPERVISOR, "committee", "dept_a", Action.VIEW_PEOPLE, True),
        (Role.SUPERVISOR, "committee", "agency_b", Action.VIEW_UNIT, True),
        (Role.SUPERVISOR, "committee", "agency_b", Action.MANAGE_PEOPLE, False),
        (Role.HEAD, "agency_a", "dept_a", Action.MANAGE_PEOPLE, True),
        (Role.HEAD, "agency_a", "agency_a", Action.MANAGE_ROLES, True),
        (Role.HEAD, "agency_a", "agency_b", Action.VIEW_UNIT, False),
        (Role.HEAD, "agency_a", "committee", Action.VIEW_UNIT, False),
        (Role.STAFF, "agency_a", "dept_a", Action.VIEW_PEOPLE, True),
        (Role.STAFF, "agency_a", "agency_a", Action.MANAGE_PEOPLE, False),
        (Role.STAFF, "agency_a", "agency_b", Action.VIEW_PEOPLE, False),
        (Role.STAFF, "dept_a", "agency_a", Action.VIEW_UNIT, False),
        (Role.RECORDS_CLERK, "agency_a", "agency_a", Action.MANAGE_PEOPLE, True),
        (Role.INSPECTION_CHAIR, "agency_a", "agency_a", Action.MANAGE_PEOPLE, False),
        (Role.UNION_CHAIR, "agency_a", "agency_b", Action.VIEW_UNIT, False),
    ],
)
def test_role_grants_actions_on_its_subtree_only(
    tree, member_of, role, where, target, action, allowed
):
    user = member_of(tree[where], role)
    assert can(user, action, tree[target]) is allowed


def test_expired_and_future_roles_grant_nothing(tree):
    person = PersonFactory(unit=tree["agency_a"])
    RoleAssignmentFactory(
        person=person,
        unit=tree["agency_a"],
        role=Role.HEAD,
        valid_from=dt.date(2019, 1, 1),
        valid_to=dt.date(2020, 12, 31),
    )
    RoleAssignmentFactory(
        person=person, unit=tree["agency_b"], role=Role.HEAD, valid_from=dt.date(2999, 1, 1)
    )
    user = UserFactory(person=person)
    assert scopes_of(user) == ()
    assert not can(user, Action.VIEW_UNIT, tree["agency_a"])


def test_a_user_without_person_or_role_sees_nothing(tree):
    citizen = UserFactory(person=None)
    assert queries.visible_units(citizen).count() == 0
    assert queries.visible_people(citizen).count() == 0
    assert list(queries.root_units(citizen)) == []


def test_superuser_sees_everything(tree):
    admin = UserFactory(person=None, is_superuser=True)
    assert queries.visible_units(admin).count() == 6
    assert list(queries.root_units(admin)) == [tree["committee"]]


def test_nested_scopes_collapse_to_their_top(tree, member_of):
    user = member_of(tree["committee"], Role.SUPERVISOR)
    RoleAssignmentFactory(person=user.person, unit=tree["agency_a"], role=Role.STAFF)
    assert reach_roots(user) == [tree["committee"].path]


def test_staff_lists_only_their_own_agency(tree, member_of):
    staff = member_of(tree["agency_a"], Role.STAFF)
    PersonFactory(unit=tree["dept_a"], given_name="Lan")
    stranger = PersonFactory(unit=tree["agency_b"], given_name="Mai")
    visible = set(queries.visible_people(staff))
    assert stranger not in visible
    assert {p.given_name for p in visible} == {staff.person.given_name, "Lan"}
    assert set(queries.visible_units(staff)) == {tree["agency_a"], tree["dept_a"]}
