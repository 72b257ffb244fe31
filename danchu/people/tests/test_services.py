import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from danchu.audit.models import Entry
from danchu.core.errors import InvalidInput
from danchu.organizations.models import Unit, UnitKind
from danchu.organizations.tests.factories import UnitFactory
from danchu.people import services
from danchu.people.models import Person, Role, RoleAssignment, StaffCategory
from danchu.people.tests.factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def agency():
    org = UnitFactory(kind=UnitKind.PARTY_ORGANIZATION, name="Đảng bộ Sở Nội vụ")
    return UnitFactory(kind=UnitKind.STATE_AGENCY, parent=org, name="Sở Nội vụ")


class TestCreateUnit:
    def test_head_adds_a_department_with_a_path_under_the_agency(self, agency, member_of):
        head = member_of(agency, Role.HEAD)
        dept = services.create_unit(
            actor=head, parent=agency, name="  Phòng  Tổ chức ", kind=UnitKind.DEPARTMENT
        )
        assert dept.name == "Phòng Tổ chức"
        assert dept.path.startswith(agency.path)
        assert dept.depth == agency.depth + 1
        assert list(Unit.objects.under(agency, include_self=False)) == [dept]
        entry = Entry.objects.get(action="organizations.unit_created")
        assert entry.target_id == str(dept.pk)
        assert entry.actor_id == head.pk

    def test_staff_may_not_add_units(self, agency, member_of):
        with pytest.raises(PermissionDenied):
            services.create_unit(
                actor=member_of(agency, Role.STAFF),
                parent=agency,
                name="X",
                kind=UnitKind.DEPARTMENT,
            )
        assert not Entry.objects.filter(action="organizations.unit_created").exists()

    def test_refuses_a_party_organisation_under_an_agency(self, agency, member_of):
        with pytest.raises(InvalidInput):
            services.create_unit(
                actor=member_of(agency, Role.HEAD),
                parent=agency,
                name="Chi bộ",
                kind=UnitKind.PARTY_ORGANIZATION,
            )

    def test_only_a_superuser_creates_a_root(self, member_of, agency):
        with pytest.raises(PermissionDenied):
            services.create_unit(
                actor=member_of(agency, Role.HEAD),
                parent=None,
                name="Tỉnh",
                kind=UnitKind.PARTY_COMMITTEE,
            )
        admin = UserFactory(person=None, is_superuser=True)
        root = services.create_unit(
            actor=admin, parent=None, name="Đảng bộ Khối", kind=UnitKind.PARTY_COMMITTEE
        )
        assert root.depth == 0
        assert root.code == "dang-bo-khoi"


class TestCreatePerson:
    def test_records_a_normalised_person_and_an_audit_entry(self, agency, member_of):
        head = member_of(agency, Role.HEAD)
        person = services.create_person(
            actor=head,
            unit=agency,
            staff_code=" SNV-9 ",
            surname="nguyễn",
            middle_name="thị",
            given_name="ánh",
            category=StaffCategory.CONG_CHUC,
            party_organization=agency.parent,
        )
        assert person.full_name == "Nguyễn Thị Ánh"
        assert person.staff_code == "SNV-9"
        assert person.search_text == "nguyen thi anh snv-9"
        assert person.party_member
        assert Entry.objects.filter(
            action="people.person_created", target_id=str(person.pk)
        ).exists()

    def test_rejects_a_bad_category_and_writes_nothing(self, agency, member_of):
        head = member_of(agency, Role.HEAD)
        before = Person.objects.count()
        with pytest.raises(InvalidInput) as error:
            services.create_person(
                actor=head, unit=agency, surname="Lê", given_name="Na", category="general"
            )
        assert error.value.errors[0]["field"] == "category"
        assert Person.objects.count() == before

    def test_party_organisation_must_be_one(self, agency, member_of):
        with pytest.raises(InvalidInput):
            services.create_person(
                actor=member_of(agency, Role.HEAD),
                unit=agency,
                surname="Lê",
                given_name="Na",
                category=StaffCategory.CONG_CHUC,
                party_organization=agency,
            )

    def test_a_head_cannot_add_people_to_another_agency(self, agency, member_of):
        other = UnitFactory()
        with pytest.raises(PermissionDenied):
            services.create_person(
                actor=member_of(agency, Role.HEAD),
                unit=other,
                surname="Lê",
                given_name="Na",
                category="cong_chuc",
            )


class TestUpdatePerson:
    def test_unchanged_values_write_nothing(self, agency, member_of):
        head = member_of(agency, Role.HEAD)
        person = PersonFactory(unit=agency, position="Chuyên viên")
        services.update_person(actor=head, person=person, position="Chuyên viên")
        assert not Entry.objects.filter(action="people.person_updated").exists()

    def test_changes_are_audited_with_what_changed(self, agency, member_of):
        head = member_of(agency, Role.HEAD)
        person = PersonFactory(unit=agency, given_name="An")
        services.update_person(
            actor=head, person=person, given_name="Bình", position="Trưởng phòng"
        )
        person.refresh_from_db()
        assert person.search_text.endswith("binh " + person.staff_code.lower())
        entry = Entry.objects.get(action="people.person_updated")
        assert entry.changes == {"given_name": "Bình", "position": "Trưởng phòng"}

    def test_staff_cannot_edit_colleagues(self, agency, member_of):
        with pytest.raises(PermissionDenied):
            services.update_person(
                actor=member_of(agency, Role.STAFF),
                person=PersonFactory(unit=agency),
                position="Giám đốc",
            )


class TestRoles:
    def test_assign_and_end_a_role_keeps_history(self, agency, member_of):
        head = member_of(agency, Role.HEAD)
        person = PersonFactory(unit=agency)
        assignment = services.assign_role(
            actor=head,
            person=person,
            unit=agency,
            role=Role.RECORDS_CLERK,
            valid_from=dt.date(2024, 1, 1),
        )
        services.end_role(actor=head, assignment=assignment, on=dt.date(2025, 6, 30))
        assert RoleAssignment.objects.get(pk=assignment.pk).valid_to == dt.date(2025, 6, 30)
        actions = list(Entry.objects.order_by("seq").values_list("action", flat=True))
        assert actions[-2:] == ["people.role_assigned", "people.role_ended"]

    def test_a_term_cannot_end_before_it_starts(self, agency, member_of):
        head = member_of(agency, Role.HEAD)
        assignment = services.assign_role(
            actor=head,
            person=PersonFactory(unit=agency),
            unit=agency,
            role=Role.STAFF,
            valid_from=dt.date(2024, 1, 1),
        )
        with pytest.raises(InvalidInput):
            services.end_role(actor=head, assignment=assignment, on=dt.date(2023, 1, 1))

    def test_unknown_role_code_is_refused(self, agency, member_of):
        with pytest.raises(InvalidInput):
            services.assign_role(
                actor=member_of(agency, Role.HEAD),
                person=PersonFactory(unit=agency),
                unit=agency,
                role="king",
            )
