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
    page.locator("header nav a[href='/consultations/']").click()
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
