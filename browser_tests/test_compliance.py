"""The province supervisor in a browser (issue 14): the home page is the compliance dashboard;
they drill from the root to the unit that falls short, see why, open the annual review and
download it. Screenshots in both languages and at both widths; axe clean."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from docx import Document
from playwright.sync_api import Page, expect

from browser_tests.helpers import Shoot, assert_accessible, both_widths, in_both_languages, login
from danchu.demo.compliance import seed_compliance

pytestmark = pytest.mark.browser


def test_the_supervisor_drills_down_to_a_unit_falling_short_and_downloads_the_review(
    page: Page, shoot: Shoot, tmp_path: Path
) -> None:
    seed_compliance()
    login(page, "province")
    home = page.locator("section.compliance-home")
    expect(home.locator("dl.figures")).to_contain_text("Đảng viên")
    home.get_by_role("link", name="Mở bảng theo dõi").click()
    expect(page.locator("h1")).to_contain_text("Thực hiện dân chủ ở cơ sở")
    expect(page.locator("svg.coverage")).to_be_visible()
    in_both_languages(page, shoot, "compliance-dashboard")
    both_widths(page, shoot, "compliance-dashboard")

    # The drill-down: the organisation that falls short, then its agency, then why.
    short = page.locator("section[aria-labelledby=short-title] li a").first
    organisation = short.inner_text()
    short.click()
    expect(page.locator("h1")).to_contain_text(organisation)
    page.locator("section[aria-labelledby=short-title] li a").first.click()
    expect(page.locator("table.data").first).to_contain_text("Ban Thanh tra nhân dân")
    agency_url = page.url
    page.get_by_role("link", name="Tất cả nhiệm vụ").click()
    page.get_by_label("Trạng thái").select_option("missed")
    page.get_by_role("button", name="Lọc").click()
    expect(page.locator("table.data tbody tr")).to_have_count(1)
    expect(page.locator("table.data tbody")).to_contain_text("Không thực hiện")
    shoot(page, "compliance-obligations-vi")
    assert_accessible(page)
    page.goto(agency_url)
    shoot(page, "compliance-unit-vi")

    # The annual review of the root, on screen and as .docx.
    page.locator("nav.breadcrumbs a").first.click()
    page.get_by_role("link", name="Báo cáo năm").first.click()
    document = page.locator("article.document")
    expect(document).to_contain_text("100% (")
    expect(document).to_contain_text("đã thành lập, kiện toàn Ban Chỉ đạo")
    shoot(page, "compliance-review-vi")
    assert_accessible(page)
    both_widths(page, shoot, "compliance-review")
    with page.expect_download() as info:
        page.get_by_role("link", name="Tải về (.docx)").click()
    saved = tmp_path / "bao-cao.docx"
    info.value.save_as(saved)
    text = "\n".join(p.text for p in Document(io.BytesIO(saved.read_bytes())).paragraphs)
    assert "BÁO CÁO" in text
    assert "tổ chức cơ sở đảng" in text
