"""seed_demo: the demo province of THE-CASE.md (72 party organisations, 4,706 party members)."""

from __future__ import annotations

from collections import Counter
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db.models import Count

from danchu.audit.models import Entry
from danchu.demo import names as demo_names
from danchu.demo import plan as demo
from danchu.demo.accounts import DEMO_ACCOUNTS
from danchu.organizations.models import EMPLOYER_KINDS, Body, BodyKind, BodyMember, Unit, UnitKind
from danchu.organizations.tree import depth_of, path_for
from danchu.people.models import Person, Role, RoleAssignment, StaffCategory, User

SMALL = 0.05  # 4 party organisations, 600 staff, 235 party members


def seed(factor: float = SMALL, **options: object) -> str:
    out = StringIO()
    call_command("seed_demo", factor=factor, verbosity=0, stdout=out, **options)
    return out.getvalue()


def roles_of(username: str) -> set[tuple[str, str]]:
    person = User.objects.get(username=username).person
    assert person is not None
    return set(RoleAssignment.objects.filter(person=person).values_list("role", "unit__code"))


class TestPlan:
    """The planning half runs without a database."""

    def test_apportion_adds_up_and_keeps_the_minimum(self):
        shares = demo.apportion(100, [1, 1, 8], minimum=3)
        assert sum(shares) == 100
        assert min(shares) >= 3
        assert shares[2] > shares[0]

    def test_apportion_rejects_an_impossible_minimum(self):
        with pytest.raises(ValueError, match="minimum"):
            demo.apportion(5, [1, 1], minimum=3)

    @pytest.mark.parametrize(
        ("factor", "orgs", "staff", "party"),
        [(1, 72, 12_000, 4_706), (10, 720, 120_000, 47_060), (SMALL, 4, 600, 235)],
    )
    def test_factor_scales_organisations_and_people(self, factor, orgs, staff, party):
        plans = demo.plan_agencies(factor)
        assert len(plans) == orgs
        assert sum(p.staff for p in plans) == staff
        assert sum(p.party_members for p in plans) == party
        assert min(p.party_members for p in plans) >= 3
        assert len({p.code for p in plans}) == orgs

    def test_above_factor_one_each_copy_has_a_committee_of_its_own(self):
        """A benchmark's larger tree nests like a national one: the root's children stay as
        many as a province's (one committee per copy), each with the case's 72 organisations."""
        province = demo.Planner(2).plan()
        root, committees, orgs = province.levels[0][0], province.levels[1], province.levels[2]
        assert [c.parent for c in committees] == [root, root]
        assert {o.kind for o in orgs} == {"party_organization"}
        assert [sum(o.parent is c for o in orgs) for c in committees] == [72, 72]
        at_one = demo.Planner(1).plan()
        assert all(o.parent is at_one.levels[0][0] for o in at_one.levels[1])  # the case as it is

    def test_is_deterministic(self):
        def names(province: demo.Province) -> list[tuple[str, str, str, str]]:
            return [(p.full_name, p.email, p.position, p.category) for p in province.people]

        first, second = demo.Planner(SMALL).plan(), demo.Planner(SMALL).plan()
        assert names(first) == names(second)
        assert [u.code for u in first.levels[3]] == [u.code for u in second.levels[3]]


@pytest.mark.django_db
class TestSeedDemo:
    def test_builds_the_case_at_factor_one(self):
        output = seed(factor=1)

        orgs = Unit.objects.filter(kind=UnitKind.PARTY_ORGANIZATION)
        assert orgs.count() == 72
        assert Person.objects.filter(party_organization__isnull=False).count() == 4_706
        assert 11_500 <= Person.objects.filter(unit__isnull=False).count() <= 12_500
        assert "72 party organisations" in output
        assert "4,706 party members" in output
        # Every party organisation leads exactly one agency, and has a steering committee.
        assert Unit.objects.filter(parent__in=orgs, kind__in=EMPLOYER_KINDS).count() == 72
        assert Body.objects.filter(kind=BodyKind.STEERING_COMMITTEE).count() == 72

        agency = Unit.objects.get(code=demo.DEMO_AGENCY_CODE)
        assert agency.name == "Sở Nội vụ tỉnh Bắc Giang"
        root = Unit.objects.get(code=demo_names.ROOT_CODE)
        assert root.name == "Đảng bộ Khối các cơ quan tỉnh Bắc Giang"
        admin = User.objects.get(username="admin")
        assert admin.is_superuser
        assert admin.is_staff
        assert admin.person is None
        assert admin.check_password(settings.DEMO_PASSWORD)
        assert roles_of("province") == {(Role.SUPERVISOR, root.code)}
        assert (Role.HEAD, agency.code) in roles_of("head")
        assert (Role.UNION_CHAIR, agency.code) in roles_of("union")
        assert (Role.INSPECTION_CHAIR, agency.code) in roles_of("inspector")
        assert roles_of("staff") == {(Role.STAFF, agency.code)}
        staff = User.objects.get(username="staff").person
        assert staff is not None
        assert staff.category == StaffCategory.CONG_CHUC
        citizen = User.objects.get(username="citizen").person
        assert citizen is not None
        assert (citizen.unit, citizen.category, citizen.roles.count()) == (None, "", 0)
        assert sorted(User.objects.values_list("username", flat=True)) == sorted(
            username for username, _description in DEMO_ACCOUNTS
        )

        assert seed(factor=1, if_empty=True) == ""
        assert Person.objects.filter(party_organization__isnull=False).count() == 4_706
        assert Entry.objects.filter(action="demo.seeded").count() == 1

    def test_every_unit_sits_at_its_path(self):
        seed()
        units = {u.pk: u for u in Unit.objects.all()}
        for unit in units.values():
            parent_path = units[unit.parent_id].path if unit.parent_id else ""
            assert unit.path == path_for(parent_path=parent_path, pk=unit.pk)
            assert unit.depth == depth_of(unit.path)
        kinds = Counter(u.kind for u in units.values())
        assert kinds[UnitKind.PARTY_COMMITTEE] == 1
        assert kinds[UnitKind.PARTY_ORGANIZATION] == 4
        assert kinds[UnitKind.STATE_AGENCY] + kinds[UnitKind.PUBLIC_SERVICE_UNIT] == 4
        departments = Counter(
            units[u.parent_id].code for u in units.values() if u.kind == UnitKind.DEPARTMENT
        )
        assert all(3 <= n <= 8 for n in departments.values())
        assert len(departments) == 4

    def test_party_members_belong_to_the_organisation_leading_their_agency(self):
        seed()
        members = Person.objects.filter(party_organization__isnull=False).select_related(
            "unit", "party_organization"
        )
        assert members.count() == 235
        for person in members:
            assert person.unit is not None
            assert person.party_organization is not None
            assert person.unit.path.startswith(person.party_organization.path)
        per_org = members.values("party_organization").annotate(n=Count("pk"))
        assert min(row["n"] for row in per_org) >= 3

    def test_every_agency_has_its_roles_and_bodies(self):
        seed()
        for agency in Unit.objects.filter(kind__in=EMPLOYER_KINDS):
            roles = Counter(
                RoleAssignment.objects.filter(unit=agency).values_list("role", flat=True)
            )
            assert roles[Role.STAFF] == Person.objects.in_units_under(agency).count()
            assert roles[Role.HEAD] == roles[Role.CHIEF_ACCOUNTANT] == roles[Role.UNION_CHAIR] == 1
            assert roles[Role.RECORDS_CLERK] == roles[Role.INSPECTION_CHAIR] == 1
            assert roles[Role.INSPECTION_VICE_CHAIR] == 1
            assert 1 <= roles[Role.DEPUTY_HEAD] <= 3
            assert 2 <= roles[Role.UNION_COMMITTEE] <= 4
            assert 3 <= roles[Role.STEERING_COMMITTEE] <= 7
            assert 1 <= roles[Role.INSPECTION_MEMBER] <= 3
            assert agency.parent is not None
            secretaries = RoleAssignment.objects.filter(
                unit=agency.parent, role=Role.PARTY_SECRETARY
            )
            assert secretaries.count() == 1
            self.assert_bodies_match_roles(agency)

    def assert_bodies_match_roles(self, agency: Unit) -> None:
        expected = {
            BodyKind.STEERING_COMMITTEE: {Role.STEERING_COMMITTEE},
            BodyKind.INSPECTION_BOARD: {
                Role.INSPECTION_CHAIR,
                Role.INSPECTION_VICE_CHAIR,
                Role.INSPECTION_MEMBER,
            },
            BodyKind.UNION_EXECUTIVE: {Role.UNION_CHAIR, Role.UNION_COMMITTEE},
        }
        assert Body.objects.filter(unit=agency).count() == 3
        for kind, roles in expected.items():
            body = Body.objects.get(unit=agency, kind=kind)
            members = set(BodyMember.objects.filter(body=body).values_list("person_id", flat=True))
            holders = RoleAssignment.objects.filter(unit=agency, role__in=roles)
            assert members == set(holders.values_list("person_id", flat=True))
            assert body.members.filter(role="chair").count() == 1

    def test_the_inspection_board_is_elected_for_two_years(self):
        """Law 10/2022/QH15 art. 60.3: the People's Inspection Board's term is 2 years."""
        seed()
        boards = Body.objects.filter(kind=BodyKind.INSPECTION_BOARD)
        assert boards.exists()
        for board in boards:
            assert board.term_end is not None
            years = board.term_end.year - board.term_start.year + 1
            assert (board.term_start.month, board.term_start.day) == (1, 1)
            assert (board.term_end.month, board.term_end.day) == (12, 31)
            assert years == 2
            members = BodyMember.objects.filter(body=board)
            assert set(members.values_list("since", "until")) == {
                (board.term_start, board.term_end)
            }

    def test_names_look_vietnamese(self):
        seed()
        people = list(Person.objects.filter(unit__isnull=False))
        surnames = Counter(p.surname for p in people)
        assert set(surnames) <= {name for name, _weight in demo_names.SURNAMES}
        assert 0.25 < surnames["Nguyễn"] / len(people) < 0.5
        assert all(len(p.full_name.split()) >= 3 for p in people)
        with_marks = sum(
            1 for p in people if p.full_name != p.full_name.encode("ascii", "ignore").decode()
        )
        assert with_marks / len(people) > 0.9
        assert all(p.sort_key and p.search_text for p in people)
        assert {p.middle_name for p in people} >= {"Văn", "Thị"}
        assert all(p.email.endswith("@bacgiang.gov.vn") for p in people)
        assert len({p.email for p in people}) == len(people)
        categories = Counter(p.category for p in people)
        assert categories[StaffCategory.CONG_CHUC] > categories[StaffCategory.NGUOI_LAO_DONG] > 0
        assert 0.8 < sum(p.union_member for p in people) / len(people) < 0.97

    def test_records_one_audit_entry_with_the_counts(self):
        seed()
        entry = Entry.objects.get(action="demo.seeded")
        assert entry.actor_id is None
        assert entry.changes["party_organizations"] == 4
        assert entry.changes["party_members"] == 235
        assert entry.unit_id == Unit.objects.get(code=demo_names.ROOT_CODE).pk

    def test_if_empty_does_nothing_when_units_exist(self):
        seed()
        people = Person.objects.count()
        assert seed(if_empty=True) == ""
        assert Person.objects.count() == people

    def test_refuses_a_database_that_has_units(self):
        seed()
        with pytest.raises(CommandError, match="already has units"):
            seed()

    @pytest.mark.parametrize("factor", [0, -1, 1000])
    def test_refuses_a_factor_out_of_range(self, factor):
        with pytest.raises(CommandError, match="--factor"):
            seed(factor=factor)
