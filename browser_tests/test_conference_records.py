"""The conference's records in a browser (issue 13): the head opens last year's conference's
records, names the secretary, previews the minutes (each vote with its digest), downloads them
as .docx and opens the file; drafts the resolution. Screenshots at both widths, axe clean."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from docx import Document
from playwright.sync_api import Page, expect

from browser_tests.helpers import Shoot, assert_accessible, both_widths, in_both_languages, login
from danchu.conferences.models import Conference, Status
from danchu.demo.conferences import seed_conferences
from danchu.organizations.models import Unit

pytestmark = pytest.mark.browser


def test_the_head_keeps_the_records_and_downloads_the_minutes(
    page: Page, shoot: Shoot, tmp_path: Path
) -> None:
    seed_conferences(Unit.objects.get(code="so-noi-vu"))
    held = Conference.objects.get(unit__code="so-noi-vu", status=Status.HELD)
    digests = list(held.votes.values_list("bulletin_digest", flat=True))
    login(page, "head")
    page.goto(f"/conferences/{held.pk}/records/")
    expect(page.locator("h1")).to_have_text("Hồ sơ hội nghị")
    in_both_languages(page, shoot, "conference-records")
    both_widths(page, shoot, "conference-records")

    page.locator("#id_resolution-text").fill("Điều 1. Thông qua kế hoạch công tác năm tới.")
    page.locator("#id_resolution-text").press("Tab")
    page.get_by_role("button", name="Lưu dự thảo").click()
    expect(page.locator("#resolution")).to_contain_text("Đã có dự thảo")

    page.goto(f"/conferences/{held.pk}/minutes/")
    expect(page.locator(".doc-title")).to_contain_text("BIÊN BẢN")
    for digest in digests:
        expect(page.locator(".sheet")).to_contain_text(digest)
    shoot(page, "conference-minutes-vi")
    assert_accessible(page)
    both_widths(page, shoot, "conference-minutes")

    with page.expect_download() as info:
        page.locator("a[href$='minutes.docx']").click()
    saved = tmp_path / "bien-ban.docx"
    info.value.save_as(saved)
    text = "\n".join(p.text for p in Document(io.BytesIO(saved.read_bytes())).paragraphs)
    assert "BIÊN BẢN" in text
    assert all(digest in text for digest in digests)
