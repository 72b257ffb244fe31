"""Issue 12: publishing takes a check page (to how many people, what cannot be undone; nothing
written), then Confirm (once, even on a double click), then a confirmation page. Uploads are
staged once and neither lost nor uploaded again."""

from __future__ import annotations

import datetime as dt
import html

import pytest
from django.conf import settings
from django.urls import reverse

from danchu.audit.models import Entry
from danchu.core import pending
from danchu.core.tests.confirming import confirm, token_of
from danchu.disclosures import queries
from danchu.disclosures.models import Attachment, Disclosure
from danchu.disclosures.queries import rates
from danchu.disclosures.tests.test_views_support import BASE, PDF, form_data, pdf
from danchu.people.tests.factories import PersonFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]
URL = "/disclosures/new/"


def page(response):
    return html.unescape(response.content.decode())


def staged_files():
    root = settings.MEDIA_ROOT / pending.STAGING
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


class TestCheckPage:
    def test_says_to_how_many_and_what_cannot_be_undone_and_writes_nothing(self, world, client_as):
        assert reverse("disclosure_publish") == URL
        head = client_as(world.head)
        entries = Entry.objects.count()
        check = head.post(URL, form_data(world.agency, title="Dự toán 2025", attachments=[pdf()]))
        text = page(check)
        assert check.status_code == 200
        people = queries.planned_audience(world.agency, []).count()  # the agency and its dept
        assert people > 1
        assert f"{people} người thuộc phạm vi công khai" in text
        assert "không bao giờ bị xóa" in text
        assert "Dự toán 2025" in text
        assert "Quyết định công khai.pdf" in text
        assert not Disclosure.objects.exists()
        assert not Attachment.objects.exists()
        assert Entry.objects.count() == entries
        assert len(staged_files()) == 1  # staged once, outside any record

    def test_says_who_the_app_cannot_notify(self, world, client_as):
        """People without an account are in the audience but get no notice (issue 12)."""
        PersonFactory(unit=world.dept)
        people, reachable = rates.reach(queries.planned_audience(world.agency, []))
        assert people - reachable >= 1
        head = client_as(world.head)
        check = head.post(URL, form_data(world.agency))
        text = page(check)
        assert f"{reachable} người thuộc phạm vi công khai" in text
        assert f"{people - reachable} người thuộc phạm vi công khai chưa có tài khoản" in text
        published = confirm(head, URL, check)
        done = page(head.get(published["Location"]))
        assert f"{people - reachable} người thuộc phạm vi công khai chưa có tài khoản" in done

    def test_counts_the_chosen_sub_unit_only(self, world, client_as):
        data = form_data(world.agency, audience_units=[str(world.dept.pk)])
        text = page(client_as(world.head).post(URL, data))
        assert "1 người thuộc phạm vi công khai" in text

    def test_a_refusal_is_shown_on_the_form_with_the_text(self, world, client_as):
        data = form_data(world.agency, title="Bí mật", confidentiality="state_secret")
        response = client_as(world.head).post(URL, data)
        assert response.status_code == 422
        assert 'name="confirm"' not in page(response)
        assert 'value="Bí mật"' in page(response)


class TestConfirm:
    def test_publishes_once_with_the_staged_file_and_says_what_happens_next(self, world, client_as):
        head = client_as(world.head)
        check = head.post(URL, form_data(world.agency, attachments=[pdf("Phụ lục.pdf")]))
        first = confirm(head, URL, check)
        again = confirm(head, URL, check)  # a double click: the same one-time key
        item = Disclosure.objects.get()
        assert first["Location"] == reverse("disclosure_published", args=[item.pk])
        assert again["Idempotent-Replayed"] == "true"
        attachment = item.attachments.get()
        assert attachment.original_name == "Phụ lục.pdf"
        assert attachment.file.read() == PDF
        assert staged_files() == []  # deleted once published
        done = page(head.get(first["Location"]))
        assert f"#{item.pk}" in done
        assert "Điều gì diễn ra tiếp theo" in done
        people = queries.planned_audience(world.agency, []).count()
        assert f"{people} người được thông báo" in done
        assert reverse("disclosure_register", args=[world.agency.pk]) in done

    def test_change_link_keeps_the_text_and_the_files(self, world, client_as):
        head = client_as(world.head)
        check = head.post(URL, form_data(world.agency, title="Bản đầu", attachments=[pdf()]))
        token = token_of(check)
        form = page(head.get(URL, {"answers": token}))
        assert 'value="Bản đầu"' in form
        assert "Quyết định công khai.pdf" in form  # kept, not to be chosen again
        changed = form_data(world.agency, title="Bản sửa") | {"answers": token}
        second = head.post(URL, changed)  # no file chosen: the staged one is kept
        assert "Bản sửa" in page(second)
        assert "Quyết định công khai.pdf" in page(second)
        confirm(head, URL, second)
        item = Disclosure.objects.get()
        assert item.title == "Bản sửa"
        assert item.attachments.get().file.read() == PDF

    def test_a_refusal_on_confirm_comes_back_with_the_text(self, world, client_as, frozen):
        head = client_as(world.head)
        later = {"timing": "later", "publish_at": f"{BASE + dt.timedelta(hours=1):%Y-%m-%dT%H:%M}"}
        check = head.post(URL, form_data(world.agency, title="Còn giữ", **later))
        frozen.shift(dt.timedelta(days=1))  # the scheduled time has passed meanwhile
        refused = confirm(head, URL, check)
        assert refused.status_code == 422
        assert 'value="Còn giữ"' in page(refused)
        assert "error-summary" in page(refused)
        assert not Disclosure.objects.exists()

    def test_staff_and_other_units_are_refused_on_both_steps(self, world, client_as):
        check = client_as(world.head).post(URL, form_data(world.agency))
        for user in (world.staff, world.outsider):
            other = client_as(user)
            assert other.post(URL, form_data(world.agency)).status_code == 404
            assert other.post(URL, {"confirm": token_of(check)}).status_code == 404
        assert not Disclosure.objects.exists()

    def test_the_confirmation_page_is_the_publishers(self, world, client_as):
        head = client_as(world.head)
        done = confirm(head, URL, head.post(URL, form_data(world.agency)))
        assert client_as(world.staff).get(done["Location"]).status_code == 404
        assert client_as(world.outsider).get(done["Location"]).status_code == 404

    def test_stale_staged_files_are_removed(self, world, client_as):
        client_as(world.head).post(URL, form_data(world.agency, attachments=[pdf()]))
        assert len(staged_files()) == 1
        assert pending.purge_stale(now=9e12) == 1
        assert staged_files() == []
