"""A notice is stored as a code and parameters and shown in the reader's language; a row from
before codes keeps its text."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from danchu.notifications import messages, services
from danchu.notifications.models import Notification
from danchu.notifications.tasks import send_notification_email
from danchu.organizations.tests.factories import UnitFactory

pytestmark = pytest.mark.django_db

TITLE = "Kế hoạch công tác năm 2026"


@pytest.fixture
def reader(member_of):
    return member_of(UnitFactory(), "staff", email="doc@example.vn")


def test_the_same_notice_reads_in_vietnamese_and_in_english(reader):
    services.notify(recipients=[reader], code="disclosures.reminder", params={"title": TITLE})
    notice = Notification.objects.get()
    assert (notice.code, notice.params, notice.message) == (
        "disclosures.reminder",
        {"title": TITLE},
        "",
    )
    with translation.override("vi"):
        assert notice.text == f"Đề nghị đọc và xác nhận đã đọc: “{TITLE}”"
    with translation.override("en"):
        assert notice.text == f"Please read and acknowledge: “{TITLE}”"


def test_the_list_page_follows_the_readers_language(reader, client_as):
    services.notify(recipients=[reader], code="disclosures.published", params={"title": TITLE})
    client = client_as(reader)
    assert f"Có thông tin công khai mới cần đọc: “{TITLE}”" in client.get(
        reverse("notification_list")
    ).content.decode("utf-8")
    client.cookies["danchu_language"] = "en"
    page = client.get(reverse("notification_list"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f"New disclosure to read: “{TITLE}”" in page


def test_an_old_row_without_a_code_keeps_its_text(reader):
    old = Notification.objects.create(recipient=reader, kind="x", message="Văn bản cũ")
    with translation.override("en"):
        assert old.text == "Văn bản cũ"


def test_every_code_renders_with_its_parameters_in_both_languages():
    params = {"title": TITLE, "subject": TITLE, "when": "10/03/2025 08:00"}
    for code in messages.MESSAGES:
        for language in ("vi", "en"):
            with translation.override(language):
                text = messages.render(code, params)
            assert "%(" not in text, (code, language)


def test_an_unknown_code_is_refused(reader):
    with pytest.raises(ValueError, match="unknown notice code"):
        services.notify(recipients=[reader], code="nobody.knows")


def test_the_immediate_e_mail_is_in_the_recipients_language_whatever_the_senders(reader, settings):
    settings.DANCHU_SITE_URL = "https://danchu.example.vn"
    services.notify(
        recipients=[reader], code="disclosures.reminder", params={"title": TITLE}, url="/d/1/"
    )
    notice = Notification.objects.get()
    with translation.override("en"):  # the sender works in English
        send_notification_email.call(notice.pk)
    (sent,) = mail.outbox
    assert sent.subject == f"Đề nghị đọc và xác nhận đã đọc: “{TITLE}”"
    assert "https://danchu.example.vn/d/1/" in sent.body
    notice.refresh_from_db()
    assert notice.emailed_at is not None


def test_a_publication_is_not_e_mailed_at_once(reader, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(recipients=[reader], code="disclosures.published", params={"title": "x"})
        services.notify(recipients=[reader], code="disclosures.answer")
    assert [message.subject for message in mail.outbox] == ["Câu hỏi của bạn đã được trả lời"]
