"""Consultations end to end: the head imports a .docx draft, the union committee previews it and
gives its opinion, the head opens it to staff, staff comment on a paragraph (its controls folded
in a <details>), the head answers every opinion, the union's included, and publishes the
synthesis; the page then says so."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import Page, expect

from browser_tests.helpers import (
    Shoot,
    both_widths,
    in_both_languages,
    login,
)
from danchu.consultations.models import Consultation, Decision, Opinion, Status
from danchu.consultations.tests.test_draft_docx import draft_docx
from danchu.disclosures.models import Category, Disclosure

if TYPE_CHECKING:
    pass

pytestmark = pytest.mark.browser

TITLE = "Dự thảo Quy chế thực hiện dân chủ của Sở Nội vụ"
COMMENT = "Đề nghị quy định rõ thời hạn trả lời ý kiến là 10 ngày làm việc."
UNION_OPINION = "Ban Chấp hành Công đoàn nhất trí với kế hoạch; đề nghị đối thoại định kỳ."


def _vi(message: str) -> str:
    with translation.override("vi"):
        return gettext(message)


def _open_from_docx(page: Page, tmp_path: Path) -> Consultation:
    login(page, "head")
    page.locator("header nav a[href='/consultations/']:visible").click()
    page.wait_for_url("**/consultations/")
    page.locator("#main a[href='/consultations/new/']").click()
    expect(page.locator("h1")).to_have_text(_vi("Open a consultation"))
    page.locator("#id_topic").select_option("democracy_regulation")
    page.locator("#id_title").fill(TITLE)
    draft = tmp_path / "Dự thảo quy chế.docx"
    draft.write_bytes(draft_docx())
    page.locator("#id_draft_file").set_input_files(draft)
    page.locator("#main form button[type=submit].primary").click()
    page.wait_for_url(re.compile(r"/consultations/\d+/$"))
    return Consultation.objects.get(title=TITLE)


def test_head_imports_staff_comment_head_answers_and_publishes(
    page: Page, new_page: Callable[[], Page], shoot: Shoot, tmp_path: Path
) -> None:
    consultation = _open_from_docx(page, tmp_path)
    assert consultation.status == Status.UNION_PREVIEW  # the default: the union previews it
    expect(page.locator("h1")).to_have_text(TITLE)
    expect(page.locator("ol.draft li.article").first).to_contain_text("Điều 1.")
    expect(page.locator("#preview-heading")).to_be_visible()

    union = new_page()
    login(union, "union")
    union.goto(f"/consultations/{consultation.pk}/")
    union.locator("#union-text").fill(UNION_OPINION)
    union.locator("form[action$='/union/#union-text'] button[type=submit]").click()
    expect(union.locator("ul.messages li.success")).to_be_visible()
    union.locator("form[action$='/union/preview-done/'] button").click()
    expect(union.locator("form[action$='/union/preview-done/']")).to_have_count(0)

    page.reload()
    page.locator("form[action$='/open/'] button").click()
    expect(page.locator("ul.messages li.success")).to_be_visible()
    consultation.refresh_from_db()
    assert consultation.status == Status.OPEN
    in_both_languages(page, shoot, "consultation-head")

    staff = new_page()
    login(staff, "staff")
    staff.goto(f"/consultations/{consultation.pk}/")
    clause = staff.locator("ol.draft li.clause").first
    expect(clause.locator("button[value=agree]")).to_be_hidden()  # folded until opened
    clause.locator("details.para-tools > summary").click()  # htmx brings the form in place
    clause.locator("textarea").fill(COMMENT)
    clause.locator("form[id^=comment-] button[type=submit]").click()
    staff.wait_for_url(re.compile(r"#p\d+$"))
    expect(staff.locator("ul.messages li.success")).to_be_visible()
    expect(staff.locator("ol.draft")).to_contain_text(COMMENT)
    in_both_languages(staff, shoot, "consultation-staff")
    clause = staff.locator("ol.draft li.clause").first
    clause.locator("details.para-tools > summary").click()
    clause.locator("button[value=agree]").click()
    clause = staff.locator("ol.draft li.clause").first
    clause.locator("details.para-tools > summary").click()
    expect(clause.locator("button[value=agree]")).to_have_attribute("aria-pressed", "true")
    expect(staff.locator("ol.draft li.article").first.locator("button[value=agree]")).to_have_count(
        0
    )  # a heading takes no stance
    opinion = Opinion.objects.get()
    assert opinion.paragraph is not None
    assert opinion.paragraph.kind == "clause"

    page.goto(f"/consultations/{consultation.pk}/")
    close = page.locator("form[action$='/close/']")
    close.locator("textarea[name=reason]").fill("Đã đủ ý kiến; cần ban hành trước kỳ họp.")
    close.locator("button").click()
    # Check your answers, then Confirm, then the confirmation page (issue 12).
    expect(page.locator(".summary-list")).to_contain_text("Đã đủ ý kiến")
    assert Consultation.objects.get(pk=consultation.pk).closed_at is None
    both_widths(page, shoot, "close-check")
    page.locator("#main form button[type=submit].primary").click()
    page.wait_for_url(f"**/consultations/{consultation.pk}/closed/")
    both_widths(page, shoot, "close-confirmation")
    page.goto(f"/consultations/{consultation.pk}/")
    expect(page.locator(".early-close")).to_contain_text("Đã đủ ý kiến")
    page.locator(f"#main a[href='/consultations/{consultation.pk}/answers/']").click()
    card = page.locator(f"#o{opinion.pk}")
    expect(card).to_contain_text(COMMENT)
    card.locator("input[value=partly_accepted]").check()
    card.locator("textarea").fill("Tiếp thu: bổ sung thời hạn trả lời 10 ngày làm việc.")
    card.locator("button[type=submit]").click()
    union_card = page.locator("li[id^=u]")
    expect(union_card).to_contain_text(UNION_OPINION)
    union_card.locator("input[value=accepted]").check()
    union_card.locator("button[type=submit]").click()
    expect(page.locator("form[action$='/synthesis/publish/'] button")).to_be_visible()
    in_both_languages(page, shoot, "consultation-answers")
    page.locator("form[action$='/synthesis/publish/'] button").click()
    expect(page.locator(".cannot-undo")).to_be_visible()
    both_widths(page, shoot, "synthesis-check")
    page.locator("#main form button[type=submit].primary").click()
    page.wait_for_url(f"**/consultations/{consultation.pk}/synthesis/published/")
    both_widths(page, shoot, "synthesis-confirmation")
    page.locator(f"#main .next-links a[href='/consultations/{consultation.pk}/synthesis/']").click()
    page.wait_for_url(f"**/consultations/{consultation.pk}/synthesis/")
    expect(page.locator("article.document")).to_contain_text(COMMENT)
    expect(page.locator("article.document")).to_contain_text(UNION_OPINION)
    page.reload()
    in_both_languages(page, shoot, "consultation-synthesis")
    page.goto(f"/consultations/{consultation.pk}/")
    expect(page.locator(".status-line")).to_contain_text(_vi("Read the synthesis of opinions"))

    opinion.refresh_from_db()
    assert opinion.decision == Decision.PARTLY_ACCEPTED
    disclosure = Disclosure.objects.get(category=Category.CONSULTATION_OUTCOME)
    assert disclosure.unit == consultation.unit


def test_head_adopts_through_the_check_and_confirmation_pages(page: Page, shoot: Shoot) -> None:
    import datetime as dt

    from django.utils import timezone

    from danchu.consultations import adoption, drafts, services
    from danchu.consultations.models import Regulation, Topic
    from danchu.people.models import User

    head = User.objects.get(username="head")
    assert head.person is not None
    assert head.person.unit is not None
    unit = head.person.unit
    now = timezone.now()
    consultation = services.open_consultation(
        actor=head, unit=unit, topic=Topic.WORK_PLAN, title="Kế hoạch công tác năm",
        draft=drafts.split_paragraphs("Điều 1. Phạm vi.\nĐiều 2. Thời hạn."),
        opens_at=now, closes_at=now + dt.timedelta(days=9), union_preview=False,
    )  # fmt: skip
    services.close_consultation(actor=head, consultation=consultation, reason="Đã đủ ý kiến.")
    adoption.publish_synthesis(actor=head, consultation=consultation, number="02/BC")
    login(page, "head")
    page.goto(f"/consultations/{consultation.pk}/answers/")
    form = page.locator("form[action$='/adopt/']")
    form.locator("#id_document_number").fill("21/QĐ-SNV")
    form.locator("#id_signed_on").fill(f"{timezone.localdate():%d/%m/%Y}")
    form.locator("#id_effective_from").fill(f"{timezone.localdate():%d/%m/%Y}")
    form.locator("button[type=submit]").click()
    expect(page.locator(".summary-list")).to_contain_text("21/QĐ-SNV")
    assert not Regulation.objects.filter(consultation=consultation).exists()
    both_widths(page, shoot, "adopt-check")
    page.locator("#main .summary-list a[href*='#id_document_number']").click()
    expect(page.locator("#id_document_number")).to_have_value("21/QĐ-SNV")
    page.locator("#main form button[type=submit].primary").click()
    page.locator("#main form button[type=submit].primary").click()
    page.wait_for_url(f"**/consultations/{consultation.pk}/adopted/")
    expect(page.locator(".panel")).to_contain_text("21/QĐ-SNV")
    both_widths(page, shoot, "adopt-confirmation")
    assert Regulation.objects.filter(consultation=consultation).count() == 1
