"""Reading staff files: the template, headers, cell types, and files that are not what they say."""

import datetime as dt
import io
import os
import unicodedata
import zipfile

import pytest
from django.utils import translation
from openpyxl import Workbook, load_workbook

from danchu.core.errors import InvalidInput
from danchu.people.staff_import import parsing
from danchu.people.staff_import.columns import COLUMNS
from danchu.people.staff_import.parsing import FileTooLarge, UnsupportedFile, parse_file
from danchu.people.staff_import.template import build_template
from danchu.people.tests.test_import_support import csv_bytes, make_tree, row, upload, xlsx_bytes


@pytest.fixture(autouse=True)
def _english():
    """Messages are checked in English (their source text), whatever the catalogue holds."""
    with translation.override("en"):
        yield


@pytest.fixture
def tree(db):
    return make_tree()


class TestTemplate:
    def test_csv_template_is_utf8_with_bom_header_and_example(self):
        data = build_template("csv")
        assert data.startswith(b"\xef\xbb\xbf")
        header, example = data.decode("utf-8-sig").splitlines()[:2]
        assert header.startswith("Mã cán bộ (staff_code),Họ (surname),")
        assert example.startswith("VD-0001,Nguyễn,Văn,An,15/03/1985")

    def test_xlsx_template_has_header_example_and_a_sheet_of_valid_values(self, tree):
        workbook = load_workbook(io.BytesIO(build_template("xlsx", tree.agency)))
        assert workbook.sheetnames == ["Danh sách", "Danh mục"]
        sheet = workbook["Danh sách"]
        assert [cell.value for cell in sheet[1]] == [column.header for column in COLUMNS]
        assert sheet["A2"].value == "VD-0001"
        lists = [value for line in workbook["Danh mục"].values for value in line if value]
        assert {"cán bộ", "công chức", "viên chức", "người lao động"} <= set(lists)
        assert {"Phòng Hành chính", "phong-hanh-chinh"} <= set(lists)

    def test_an_untouched_template_imports_nothing(self):
        for fmt in ("xlsx", "csv"):
            with pytest.raises(InvalidInput, match="no staff rows"):
                parse_file(upload(build_template(fmt), f"mau.{fmt}"))

    def test_unknown_format(self):
        with pytest.raises(ValueError, match="pdf"):
            build_template("pdf")


class TestHeaders:
    def test_codes_labels_or_both_in_any_case_and_without_diacritics(self):
        header = ["STAFF_CODE", "ho", "Tên Đệm", "TEN", "Phan loai (category)", "Ngày sinh"]
        data = ",".join(header) + "\r\nSP-1,trần,thị,hoa,viên chức,01/02/1990\r\n"
        [parsed] = parse_file(upload(data.encode(), "x.csv"))
        assert parsed == {
            "_row": 2,
            "staff_code": "SP-1",
            "surname": "trần",
            "middle_name": "thị",
            "given_name": "hoa",
            "category": "viên chức",
            "birth_date": "01/02/1990",
        }

    def test_an_ordinal_column_is_ignored(self):
        data = "STT,Mã cán bộ,Họ và tên,Phân loại\r\n1,SP-1,Trần Thị Hoa,công chức\r\n"
        [parsed] = parse_file(upload(data.encode(), "x.csv"))
        assert parsed["full_name"] == "Trần Thị Hoa"
        assert "stt" not in parsed

    def test_a_title_above_the_header_row(self):
        data = "DANH SÁCH CÁN BỘ,,\r\n,,\r\nMã cán bộ,Họ và tên,Phân loại\r\nA,Lê Na,cán bộ\r\n"
        [parsed] = parse_file(upload(data.encode(), "x.csv"))
        assert (parsed["_row"], parsed["full_name"]) == (4, "Lê Na")

    def test_unknown_duplicate_and_missing_columns_are_listed_on_row_1(self):
        data = "Mã cán bộ,Họ,Họ,Quê quán\r\nSP-1,Trần,Trần,Hà Nội\r\n".encode()
        with pytest.raises(InvalidInput) as caught:
            parse_file(upload(data, "x.csv"))
        problems = {(e["row"], e["column"]) for e in caught.value.errors}
        assert problems == {
            (1, "Họ"),
            (1, "Quê quán"),
            (1, "Tên (given_name)"),
            (1, "Phân loại (category)"),
        }

    def test_rows_are_numbered_as_the_spreadsheet_shows_them(self):
        data = csv_bytes([row("A"), {}, row("B")])
        assert [r["_row"] for r in parse_file(upload(data, "x.csv"))] == [2, 4]


class TestCells:
    def test_csv_with_bom_semicolons_and_decomposed_names(self):
        nfd = unicodedata.normalize("NFD", "Nguyễn")
        data = csv_bytes([row(surname=nfd)], delimiter=";")
        [parsed] = parse_file(upload(data, "x.csv"))
        assert parsed["staff_code"] == "SP-001"
        assert parsed["surname"] == nfd

    def test_xlsx_keeps_real_dates_and_reads_numbers_as_text(self):
        data = xlsx_bytes([row(1001, birth_date=dt.datetime(1990, 9, 2), phone=912345678.0)])
        [parsed] = parse_file(upload(data))
        assert parsed["staff_code"] == "1001"
        assert parsed["birth_date"] == dt.date(1990, 9, 2)
        assert parsed["phone"] == "912345678"

    def test_xlsx_date_serial_numbers_are_dates(self):
        [parsed] = parse_file(upload(xlsx_bytes([row(birth_date=33118)])))
        assert parsed["birth_date"] == dt.date(1990, 9, 2)

    def test_too_many_rows(self, monkeypatch):
        monkeypatch.setattr(parsing, "MAX_ROWS", 3)
        with pytest.raises(InvalidInput, match="more than 3 rows"):
            parse_file(upload(csv_bytes([row(f"A{n}") for n in range(5)]), "x.csv"))


class TestHostileFiles:
    def test_random_bytes_named_xlsx(self):
        with pytest.raises(UnsupportedFile) as caught:
            parse_file(upload(os.urandom(4096) + b"\xff\xfe\x00", "can-bo.xlsx"))
        assert caught.value.status_code == 415

    def test_a_zip_that_is_not_a_spreadsheet(self):
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as archive:
            archive.writestr("readme.txt", "hello")
        with pytest.raises(UnsupportedFile, match=r"neither an \.xlsx"):
            parse_file(upload(out.getvalue()))

    def test_a_word_document_is_not_a_spreadsheet(self):
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as archive:
            archive.writestr("[Content_Types].xml", "<Types>wordprocessingml</Types>")
        with pytest.raises(UnsupportedFile):
            parse_file(upload(out.getvalue()))

    def test_a_truncated_spreadsheet_is_broken(self):
        data = xlsx_bytes([row()])
        with pytest.raises(InvalidInput, match="could not be read") as caught:
            parse_file(upload(data[: len(data) // 2]))
        assert caught.value.status_code == 422

    def test_a_spreadsheet_with_a_damaged_sheet_is_broken(self):
        source = zipfile.ZipFile(io.BytesIO(xlsx_bytes([row()])))
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as archive:
            for name in source.namelist():
                body = source.read(name)
                archive.writestr(name, b"<worksheet><sheetData><row" if "sheet1" in name else body)
        with pytest.raises(InvalidInput, match="could not be read"):
            parse_file(upload(out.getvalue()))

    def test_a_zip_bomb_is_refused(self, monkeypatch):
        monkeypatch.setattr(parsing, "MAX_UNZIPPED_BYTES", 1000)
        with pytest.raises(InvalidInput, match="could not be read"):
            parse_file(upload(xlsx_bytes([row()])))

    @pytest.mark.parametrize("name", ["setup.exe", "setup.csv"])
    def test_a_program(self, name):
        program = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + os.urandom(512)
        with pytest.raises(UnsupportedFile):
            parse_file(upload(program, name))

    def test_old_excel_files(self):
        with pytest.raises(UnsupportedFile, match=r"\.xls"):
            parse_file(upload(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500), "cu.xls"))

    def test_utf16_csv(self):
        with pytest.raises(UnsupportedFile, match="UTF-8"):
            parse_file(upload("Mã cán bộ\tHọ\r\n".encode("utf-16"), "x.csv"))

    def test_an_oversized_file(self, settings):
        settings.DANCHU_MAX_UPLOAD_BYTES = 1024
        with pytest.raises(FileTooLarge) as caught:
            parse_file(upload(csv_bytes([row(f"A{n}") for n in range(50)]), "x.csv"))
        assert caught.value.status_code == 413

    @pytest.mark.parametrize("data", [b"", b"   \r\n", b"\xef\xbb\xbf"])
    def test_an_empty_file(self, data):
        with pytest.raises(InvalidInput, match="empty"):
            parse_file(upload(data, "x.csv"))

    def test_an_empty_workbook(self):
        out = io.BytesIO()
        Workbook().save(out)
        with pytest.raises(InvalidInput, match="empty"):
            parse_file(upload(out.getvalue()))
