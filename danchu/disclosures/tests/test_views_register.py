"""The register of disclosures (page and .xlsx) and the acknowledgement report."""

import datetime as dt
import io
import re

import openpyxl
import pytest
from django.urls import reverse

from danchu.disclosures import services
from danchu.disclosures.models import Status
from danchu.disclosures.tests.test_views_support import page_of, publish, without_csrf
from danchu.notifications.models import Notification

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


def figure(page: str, name: str) -> str:
    found = re.search(rf'data-figure="{name}">\s*([^<]*?)\s*<', page)
    return found.group(1) if found else ""


class TestRegister:
    def test_lists_the_period_in_date_order_with_rates(self, world, client_as):
        first = publish(world.head, world.agency, title="Mục thứ nhất", document_number="1/QĐ-STC")
        publish(world.head, world.dept, title="Mục của phòng")
        services.acknowledge(actor=world.staff, disclosure=first)
        url = reverse("disclosure_register", args=[world.agency.pk])
        page = page_of(client_as(world.head).get(url, {"from": "01/03/2025", "to": "31/03/2025"}))
        assert page.index("Mục thứ nhất") < page.index("Mục của phòng")
        assert "1/QĐ-STC" in page
        assert "05/03/2025 → 25/03/2025" in page
        assert "33%" in page  # 1 of the 3 people working in the agency
        empty = client_as(world.head).get(url, {"from": "01/04/2025"})
        assert "Mục thứ nhất" not in page_of(empty)

    def test_a_row_shows_the_current_state_though_its_cells_are_cached(self, world, client_as):
        first = publish(world.head, world.agency, title="Bản đầu")
        client = client_as(world.head)
        url = reverse("disclosure_register", args=[world.agency.pk])
        superseded = str(Status.SUPERSEDED.label)
        assert superseded not in page_of(client.get(url))
        services.supersede_disclosure(
            actor=world.head, previous=first, category=first.category, title="Bản sửa"
        )
        page = page_of(client.get(url))
        assert page.count(superseded) == 1
        assert "Bản đầu" in page
        assert "Bản sửa" in page

    def test_is_404_for_another_units_staff(self, world, client_as):
        url = reverse("disclosure_register", args=[world.agency.pk])
        assert client_as(world.outsider).get(url).status_code == 404
        xlsx = reverse("disclosure_register_xlsx", args=[world.agency.pk])
        assert client_as(world.outsider).get(xlsx).status_code == 404

    @pytest.mark.parametrize("count", [3, 30])
    def test_query_count_does_not_grow(
        self, count, world, client_as, django_assert_max_num_queries
    ):
        for number in range(count):
            publish(world.head, world.agency if number % 2 else world.dept, title=f"Mục {number}")
        client = client_as(world.head)
        url = reverse("disclosure_register", args=[world.agency.pk])
        # A first visit in a new process: the generation tokens, user, unit, roles, its
        # sub-units, the next scheduled item, the count, the page, the items' own tokens, their
        # acknowledgements, audiences (under the register's token) and staff counts, and the
        # unread-notification badge.
        with django_assert_max_num_queries(13):
            response = client.get(url)
        assert response.status_code == 200
        assert page_of(response).count("/disclosures/") >= count
        # Again: only the tokens (of the groups, then of the page's items).
        with django_assert_max_num_queries(2):
            again = client.get(url)
        assert without_csrf(again) == without_csrf(response)

    def test_exports_every_row_to_excel(self, world, client_as):
        for number in range(3):
            publish(
                world.head,
                world.agency,
                title=f"Mục {number}",
                decision_date=dt.date(2025, 3, 4),
                document_number=f"{number + 1}/QĐ-STC",
            )
        client = client_as(world.head)
        client.cookies["danchu_language"] = "en"
        url = reverse("disclosure_register_xlsx", args=[world.agency.pk])
        response = client.get(url, {"from": "01/03/2025"})
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment;")
        workbook = openpyxl.load_workbook(io.BytesIO(response.content))
        rows = list(workbook.active.iter_rows(values_only=True))
        assert rows[0][:4] == ("No.", "Decision date", "Document number", "Title")
        assert [row[3] for row in rows[1:]] == ["Mục 0", "Mục 1", "Mục 2"]
        assert rows[1][1] == dt.datetime(2025, 3, 4)
        assert rows[1][-1] == 0
        cells = next(workbook.active.iter_rows(min_row=2, max_row=2))
        assert cells[1].number_format == "DD/MM/YYYY"
        assert cells[-1].number_format == "0%"


class TestAcknowledgements:
    def test_lists_who_has_read_by_sub_unit(self, world, client_as):
        item = publish(world.head, world.agency)
        services.acknowledge(actor=world.dept_staff, disclosure=item)
        url = reverse("disclosure_acknowledgements", args=[item.pk])
        page = page_of(client_as(world.head).get(url))
        assert figure(page, "audience") == "3"
        assert figure(page, "acknowledged") == "1"
        assert figure(page, "rate") == "33%"
        assert world.dept_staff.person.full_name in page
        assert "Phòng Ngân sách" in page

    def test_supervisor_may_look_but_staff_may_not(self, world, client_as):
        item = publish(world.head, world.agency)
        url = reverse("disclosure_acknowledgements", args=[item.pk])
        assert client_as(world.supervisor).get(url).status_code == 200
        assert client_as(world.staff).get(url).status_code == 404
        assert client_as(world.outsider).get(url).status_code == 404

    def test_reminds_those_who_have_not_read(self, world, client_as):
        item = publish(world.head, world.agency)
        services.acknowledge(actor=world.staff, disclosure=item)
        client = client_as(world.head)
        client.cookies["danchu_language"] = "en"
        url = reverse("disclosure_acknowledgements", args=[item.pk])
        response = client.post(url, follow=True)
        # The department's staff member; not the head who pressed the button.
        assert "1 person was reminded." in page_of(response)
        assert Notification.objects.filter(kind="disclosures.reminder").count() == 1
