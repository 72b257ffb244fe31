"""The import pages: form, templates, upload (good, bad and hostile files), progress, access."""

import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from danchu.people.models import Person, Role
from danchu.people.staff_import.models import ImportJob
from danchu.people.tests.test_import_support import (
    csv_bytes,
    row,
    rows,
    upload,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def browser(head, client_as):
    return client_as(head)


def form_url(unit):
    return reverse("staff_import", args=[unit.pk])


def post(client, unit, data, name="can-bo.xlsx", **headers):
    return client.post(form_url(unit), {"file": upload(data, name)}, **headers)


class TestForm:
    def test_has_a_labelled_file_input_and_both_templates(self, tree, browser):
        page = browser.get(form_url(tree.agency)).content.decode()
        assert '<label for="import-file">' in page
        assert 'id="import-file"' in page
        assert 'enctype="multipart/form-data"' in page
        for fmt in ("xlsx", "csv"):
            assert reverse("staff_import_template", args=[tree.agency.pk, fmt]) in page

    def test_templates_download(self, tree, browser):
        xlsx = browser.get(reverse("staff_import_template", args=[tree.agency.pk, "xlsx"]))
        assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
        assert "attachment" in xlsx["Content-Disposition"]
        csv = browser.get(reverse("staff_import_template", args=[tree.agency.pk, "csv"]))
        assert csv.content.startswith(b"\xef\xbb\xbf")
        assert (
            browser.get(reverse("staff_import_template", args=[tree.agency.pk, "pdf"])).status_code
            == 404
        )


class TestUpload:
    def test_template_round_trip(self, tree, browser):
        template = browser.get(reverse("staff_import_template", args=[tree.agency.pk, "xlsx"]))
        workbook = load_workbook(io.BytesIO(template.content))
        sheet = workbook["Danh sách"]
        sheet.append(
            [
                "SP-1",
                "Lê",
                "Văn",
                "Tám",
                "19/05/1980",
                "",
                "",
                "Chánh Văn phòng",
                "cán bộ",
                "Phòng Hành chính",
                "có",
                "có",
            ]
        )
        sheet.append(["SP-2", "Phạm", "", "Ngọc", "", "", "", "", "viên chức", "", "không", ""])
        out = io.BytesIO()
        workbook.save(out)
        response = post(browser, tree.agency, out.getvalue())
        job = ImportJob.objects.get()
        assert response.status_code == 302
        assert response["Location"] == reverse("staff_import_job", args=[tree.agency.pk, job.pk])
        assert (job.status, job.created_count) == ("done", 2)
        assert not Person.objects.filter(staff_code="VD-0001").exists()
        tam = Person.objects.get(staff_code="SP-1")
        assert (tam.full_name, tam.unit, tam.party_organization) == (
            "Lê Văn Tám",
            tree.dept,
            tree.org,
        )
        browser.cookies["danchu_language"] = "en"
        result = browser.get(response["Location"]).content.decode()
        assert "The import is finished." in result
        assert "<dd>2</dd>" in result.replace(" ", "").replace("\n", "")

    def test_bad_rows_are_listed_and_nothing_is_imported(self, tree, browser):
        before = Person.objects.count()
        data = csv_bytes([row("SP-1"), row("SP-2", birth_date="32/01/1990"), row("SP-1")])
        browser.cookies["danchu_language"] = "en"
        response = post(browser, tree.agency, data, "can-bo.csv")
        page = response.content.decode()
        assert response.status_code == 422
        assert "Nothing was imported: 2 problems were found in the file." in page
        assert re.search(r"<td[^>]*>3</td>", page)
        assert re.search(r"<td[^>]*>Ngày sinh \(birth_date\)</td>", page)
        assert "The staff code SP-1 is also used in row 2." in page
        assert Person.objects.count() == before
        assert not ImportJob.objects.exists()

    def test_the_page_follows_the_users_language(self, tree, browser):
        browser.cookies["danchu_language"] = "en"
        english = post(browser, tree.agency, b"", "x.csv")
        assert "The file is empty." in english.content.decode()
        assert '<html lang="en">' in english.content.decode()
        browser.cookies["danchu_language"] = "vi"
        vietnamese = post(browser, tree.agency, b"", "x.csv")
        assert '<html lang="vi">' in vietnamese.content.decode()

    @pytest.mark.parametrize(
        ("data", "name", "status"),
        [
            (b"\x00\xff" * 500, "can-bo.xlsx", 415),
            (b"MZ\x90\x00\x03\x00\x00\x00\xff\xff\x00\x00", "setup.exe", 415),
            (b"PK\x03\x04 broken", "can-bo.xlsx", 422),
        ],
    )
    def test_hostile_files_get_a_message_and_a_4xx(self, tree, browser, data, name, status):
        response = post(browser, tree.agency, data, name)
        assert response.status_code == status
        assert 'role="alert"' in response.content.decode()
        assert not ImportJob.objects.exists()

    def test_an_oversized_file(self, tree, browser, settings):
        settings.DANCHU_MAX_UPLOAD_BYTES = 2048
        browser.cookies["danchu_language"] = "en"
        response = post(browser, tree.agency, csv_bytes(rows(100)), "x.csv")
        assert response.status_code == 413
        assert "The file is larger than 2.0 KB." in response.content.decode()

    def test_a_refused_file_is_named_with_its_size_and_must_be_chosen_again(
        self, tree, browser, settings
    ):
        settings.DANCHU_MAX_UPLOAD_BYTES = 2048
        page = post(browser, tree.agency, csv_bytes(rows(100)), "danh-sach.csv").content.decode()
        assert "Tệp danh-sach.csv (" in page
        assert "chưa được nhập" in page
        assert "rồi chọn lại" in page
        assert 'href="#import-file"' in page
        assert 'aria-invalid="true"' in page

    def test_the_limit_and_types_are_shown_before_upload(self, tree, browser, settings):
        settings.DANCHU_MAX_UPLOAD_BYTES = 10 * 1024 * 1024
        page = browser.get(form_url(tree.agency)).content.decode()
        assert "10\xa0MB" in page
        assert ".xlsx" in page
        assert "(bắt buộc)" in page

    def test_no_file(self, tree, browser):
        assert browser.post(form_url(tree.agency)).status_code == 422

    def test_a_large_file_shows_progress_then_the_result(
        self, tree, browser, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            response = post(browser, tree.agency, xlsx_bytes(rows(500)))
        job = ImportJob.objects.get()
        page = browser.get(response["Location"], HTTP_HX_REQUEST="true").content.decode()
        assert 'hx-trigger="every 1s"' in page
        assert '<progress max="500"' in page
        assert "aria-labelledby=" in page
        assert "<html" not in page
        for callback in callbacks:
            callback()
        job.refresh_from_db()
        assert (job.status, job.processed, job.created_count) == ("done", 500, 500)
        page = browser.get(response["Location"], HTTP_HX_REQUEST="true").content.decode()
        assert "hx-trigger" not in page
        assert "500" in page


class TestJobPage:
    def job_url(self, job):
        return reverse("staff_import_job", args=[job.unit_id, job.pk])

    def test_without_javascript_a_waiting_job_offers_a_refresh_link(self, tree, head, browser):
        job = ImportJob.objects.create(unit=tree.agency, created_by=head, total=300)
        browser.cookies["danchu_language"] = "en"
        page = browser.get(self.job_url(job)).content.decode()
        assert "Waiting to start: 300 rows" in page
        assert f'<a href="{self.job_url(job)}">Refresh</a>' in page

    def test_a_failed_job_says_nothing_was_changed(self, tree, head, browser):
        job = ImportJob.objects.create(
            unit=tree.agency, created_by=head, total=3, status="failed", error="Row 4: Trùng."
        )
        browser.cookies["danchu_language"] = "en"
        page = browser.get(self.job_url(job)).content.decode()
        assert "The import failed and nothing was changed. Row 4: Trùng." in page
        assert "hx-trigger" not in page


class TestAccess:
    def test_staff_of_the_unit_get_404(self, tree, member_of, client_as):
        browser = client_as(member_of(tree.agency, Role.STAFF))
        assert browser.get(form_url(tree.agency)).status_code == 404
        assert post(browser, tree.agency, csv_bytes([row()]), "x.csv").status_code == 404
        template = reverse("staff_import_template", args=[tree.agency.pk, "csv"])
        assert browser.get(template).status_code == 404
        assert not Person.objects.filter(staff_code="SP-001").exists()

    def test_the_head_of_another_unit_gets_404(self, tree, member_of, client_as):
        browser = client_as(member_of(tree.other, Role.HEAD))
        assert browser.get(form_url(tree.agency)).status_code == 404
        assert post(browser, tree.agency, csv_bytes([row()]), "x.csv").status_code == 404

    def test_a_job_is_only_shown_under_its_unit(self, tree, head, member_of, client_as):
        job = ImportJob.objects.create(unit=tree.agency, created_by=head, total=1)
        other_head = client_as(member_of(tree.other, Role.HEAD))
        assert (
            other_head.get(reverse("staff_import_job", args=[tree.other.pk, job.pk])).status_code
            == 404
        )
        assert (
            other_head.get(reverse("staff_import_job", args=[tree.agency.pk, job.pk])).status_code
            == 404
        )

    def test_login_is_required(self, tree, client):
        response = client.get(form_url(tree.agency))
        assert response.status_code == 302
        assert reverse("login") in response["Location"]
