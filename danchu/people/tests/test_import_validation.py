"""Every row is checked before anything is imported; problems are reported by row and column."""

import datetime as dt
import unicodedata

import pytest
import time_machine
from django.utils import translation
from django.utils.translation import gettext

from danchu.core.errors import InvalidInput
from danchu.people.models import Role
from danchu.people.staff_import import validation
from danchu.people.staff_import.columns import ROW_KEY
from danchu.people.staff_import.validation import validate_rows
from danchu.people.tests.factories import PersonFactory
from danchu.people.tests.test_import_support import row

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def numbered(*items):
    return [{ROW_KEY: n, **item} for n, item in enumerate(items, start=2)]


def problems(head, unit, *items):
    _clean, errors = validate_rows(head, unit, numbered(*items))
    return [(e["row"], e["column"], e["message"]) for e in errors]


class TestCleanRows:
    def test_a_good_row_becomes_model_values(self, tree, head):
        nfd = unicodedata.normalize("NFD", "nguyễn  văn")
        source = row(surname=nfd, middle_name="", given_name="AN", party_member="Có")
        [clean], errors = validate_rows(head, tree.agency, numbered(source))
        assert errors == []
        assert clean == {
            "row": 2,
            "staff_code": "SP-001",
            "surname": "Nguyễn Văn",
            "middle_name": "",
            "given_name": "An",
            "birth_date": "1990-09-02",
            "email": "tran.thi.hoa@sotuphap.gov.vn",
            "phone": "0912 345 678",
            "position": "Chuyên viên",
            "category": "cong_chuc",
            "unit": tree.agency.pk,
            "party_organization": tree.org.pk,
            "union_member": True,
        }

    @pytest.mark.parametrize(
        ("text", "code"),
        [
            ("can_bo", "can_bo"),
            ("CÔNG CHỨC", "cong_chuc"),
            ("vien chuc", "vien_chuc"),
            ("Người  lao động", "nguoi_lao_dong"),
            ("nguoi_lao_dong", "nguoi_lao_dong"),
        ],
    )
    def test_categories_by_code_or_vietnamese_words(self, tree, head, text, code):
        [clean], _ = validate_rows(head, tree.agency, numbered(row(category=text)))
        assert clean["category"] == code

    @pytest.mark.parametrize("text", ["phong-hanh-chinh", "PHÒNG HÀNH CHÍNH", "phong hanh chinh"])
    def test_department_by_code_or_name(self, tree, head, text):
        [clean], _ = validate_rows(head, tree.agency, numbered(row(department=text)))
        assert clean["unit"] == tree.dept.pk

    @pytest.mark.parametrize(
        ("text", "value"), [("x", True), ("1", True), ("yes", True), ("", False), ("0", False)]
    )
    def test_yes_no_forms(self, tree, head, text, value):
        [clean], _ = validate_rows(head, tree.agency, numbered(row(union_member=text)))
        assert clean["union_member"] is value

    def test_a_full_name_column_is_split(self, tree, head):
        source = {"staff_code": "SP-1", "full_name": "lê thị minh khai", "category": "cán bộ"}
        [clean], errors = validate_rows(head, tree.agency, numbered(source))
        assert errors == []
        assert (clean["surname"], clean["middle_name"], clean["given_name"]) == (
            "Lê",
            "Thị Minh",
            "Khai",
        )

    def test_missing_columns_leave_fields_out(self, tree, head):
        source = {"staff_code": "SP-1", "surname": "Lê", "given_name": "Na", "category": "cán bộ"}
        [clean], _ = validate_rows(head, tree.agency, numbered(source))
        assert set(clean) == {"row", "staff_code", "surname", "given_name", "category"}

    def test_an_excel_date(self, tree, head):
        [clean], _ = validate_rows(
            head, tree.agency, numbered(row(birth_date=dt.date(1975, 4, 30)))
        )
        assert clean["birth_date"] == "1975-04-30"


class TestProblems:
    def test_each_problem_by_row_and_column(self, tree, head):
        found = problems(
            head,
            tree.agency,
            row("SP-1"),
            row("", surname=""),
            row("SP-3", email="hoa@", birth_date="31/02/1990"),
            row("SP-1", category="bảo vệ", department="Phòng Kế toán"),
        )
        assert found == [
            (3, "Mã cán bộ (staff_code)", "The staff code is required."),
            (3, "Họ (surname)", "The surname is required."),
            (
                4,
                "Ngày sinh (birth_date)",
                "“31/02/1990” is not a valid date; write it as dd/mm/yyyy.",
            ),
            (4, "Thư điện tử (email)", "“hoa@” is not a valid e-mail address."),
            (5, "Mã cán bộ (staff_code)", "The staff code SP-1 is also used in row 2."),
            (
                5,
                "Phân loại (category)",
                "“bảo vệ” is not a staff category. "
                "Use one of: cán bộ, công chức, viên chức, người lao động.",
            ),
            (5, "Phòng ban (department)", "There is no department “Phòng Kế toán” in Sở Tư pháp."),
        ]

    @time_machine.travel(dt.datetime(2026, 6, 1, 12, tzinfo=dt.UTC), tick=False)
    @pytest.mark.parametrize(
        ("birth_date", "message"),
        [
            ("02/06/2026", "The date of birth cannot be in the future."),
            ("31/12/1939", "The date of birth cannot be before 1940."),
            ("1990/09/02", "“1990/09/02” is not a valid date; write it as dd/mm/yyyy."),
        ],
    )
    def test_dates_of_birth(self, tree, head, birth_date, message):
        [(_, column, found)] = problems(head, tree.agency, row(birth_date=birth_date))
        assert (column, found) == ("Ngày sinh (birth_date)", message)

    def test_other_formats(self, tree, head):
        found = problems(
            head, tree.agency, row(phone="gọi tôi", party_member="có lẽ", position="x" * 129)
        )
        assert [column for _, column, _ in found] == [
            "Điện thoại (phone)",
            "Chức vụ (position)",
            "Đảng viên (party_member)",
        ]

    def test_a_staff_code_of_someone_outside_the_actors_units(self, tree, head):
        PersonFactory(staff_code="YT-7", unit=tree.other)
        [(_, _column, message)] = problems(head, tree.agency, row("YT-7"))
        assert message == "The staff code YT-7 belongs to a person outside your units."

    def test_a_party_member_where_no_party_organisation_leads_the_unit(self, tree, member_of):
        head = member_of(tree.lone, Role.HEAD)
        [(_, column, message)] = problems(head, tree.lone, row(party_member="có"))
        assert column == "Đảng viên (party_member)"
        assert "No grassroots party organisation leads Ban Quản lý dự án" in message

    def test_a_department_name_shared_by_two_units(self, tree, head):
        from danchu.organizations.tests.factories import UnitFactory

        UnitFactory(kind="department", parent=tree.agency, name="Phòng Hành chính", code="hc-2")
        [(_, _, message)] = problems(head, tree.agency, row(department="Phòng Hành chính"))
        assert "write its code instead" in message

    def test_a_one_word_full_name(self, tree, head):
        source = {"staff_code": "SP-1", "full_name": "Hoa", "category": "cán bộ"}
        [(_, column, _)] = problems(head, tree.agency, source)
        assert column == "Họ và tên (full_name)"

    def test_staff_are_not_imported_into_a_party_unit(self, tree, member_of):
        head = member_of(tree.org, Role.HEAD)
        with pytest.raises(InvalidInput, match="agency"):
            validate_rows(head, tree.org, numbered(row()))


class TestLanguage:
    def test_messages_follow_the_active_language(self, tree, head, monkeypatch):
        def tagged(message):
            return f"[{translation.get_language()}] {gettext(message)}"

        monkeypatch.setattr(validation, "_", tagged)
        for language in ("vi", "en"):
            with translation.override(language):
                [(_, _, message)] = problems(head, tree.agency, row(""))
                expected = gettext("The staff code is required.")
            assert message == f"[{language}] {expected}"

    def test_vietnamese_messages_come_from_the_catalogue(self, tree, head):
        source = "The staff code is required."
        with translation.override("vi"):
            vietnamese = gettext(source)
            if vietnamese == source:
                pytest.skip(
                    "the Vietnamese catalogue has no translation of the import messages yet"
                )
            [(_, _, message)] = problems(head, tree.agency, row(""))
        assert message == vietnamese
