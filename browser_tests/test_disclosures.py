"""Disclosures end to end: the head publishes with an attachment, staff read and acknowledge it,
the head sees who has read it; secrets are refused; anyone can check a digest."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext
from playwright.sync_api import Page, expect

from browser_tests.helpers import (
    Shoot,
    assert_accessible,
    both_widths,
    in_both_languages,
    login,
    number,
)
from danchu.core.text import fold
from danchu.demo.disclosures import seed_disclosures
from danchu.demo.plan import DEMO_AGENCY_CODE
from danchu.disclosures.errors import SecretNotDisclosable
from danchu.disclosures.models import Acknowledgement, Disclosure
from danchu.notifications.models import Notification
from danchu.organizations.models import Unit
from danchu.people.models import User

if TYPE_CHECKING:
    pass

pytestmark = pytest.mark.browser

TITLE = "Quyết định điều động, bổ nhiệm công chức Phòng Tổ chức cán bộ"
SEARCH = "dieu dong bo nhiem"  # typed without diacritics
SUMMARY = "Điều động ông Nguyễn Văn Đức giữ chức Trưởng phòng Tổ chức cán bộ từ ngày ký."
BODY = "**Điều 1.** Điều động và bổ nhiệm công chức.\n\n- Thời hạn: 5 năm\n- Hiệu lực: từ ngày ký"
NUMBER = "Số: 12/QĐ-SNV"
FILENAME = "Quyết định 12-QĐ-SNV.pdf"
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<<>>\n%%EOF\n"

# Records the query of every htmx swap that has settled, so a search waits for its own results.
_WATCH_SWAPS = """() => {
    if (window.__settledQueries) return;
    window.__settledQueries = [];
    document.body.addEventListener("htmx:afterSettle", (event) => {
        const url = new URL(event.detail.xhr.responseURL);
        window.__settledQueries.push(url.searchParams.get("q") ?? "");
    });
}"""


def _vi(message: str) -> str:
    with translation.override("vi"):
        return gettext(message)


def _agency() -> Unit:
    return Unit.objects.get(code=DEMO_AGENCY_CODE)


def _open_publish_form(page: Page) -> None:
    page.locator("header nav a[href='/disclosures/']:visible").click()
    page.wait_for_url("**/disclosures/")
    page.locator("#main a[href='/disclosures/new/']").click()
    page.wait_for_url("**/disclosures/new/")
    expect(page.locator("h1")).to_have_text(_vi("Publish a disclosure"))


def _fill_form(page: Page) -> None:
    expect(page.locator("#id_unit")).to_have_value(str(_agency().pk))
    page.locator("#id_category").select_option("personnel")
    page.locator("#id_title").fill(TITLE)
    page.locator("#id_summary").fill(SUMMARY)
    page.locator("#id_body").fill(BODY)
    page.locator("#id_document_number").fill(NUMBER)
    page.locator("#id_decision_date").fill(f"{timezone.localdate():%d/%m/%Y}")
    expect(page.locator("input[name=channels][value=intranet]")).to_be_checked()
    expect(page.locator("input[name=confidentiality][value=none]")).to_be_checked()
    expect(page.locator("input[name=timing][value=now]")).to_be_checked()


def _publish(page: Page, tmp_path: Path, shots: Shoot | None = None) -> Disclosure:
    """As head: publish TITLE with a PDF through the form; land on its page."""
    login(page, "head")
    _open_publish_form(page)
    _fill_form(page)
    pdf = tmp_path / FILENAME
    pdf.write_bytes(PDF)
    page.locator("#id_attachments").set_input_files(pdf)
    page.locator("#main form button[type=submit].primary").click()
    # Check your answers (issue 12): nothing is published before Confirm.
    expect(page.locator("h1")).to_have_text(_vi("Check before publishing"))
    expect(page.locator(".summary-list")).to_contain_text(FILENAME)
    assert not Disclosure.objects.filter(title=TITLE).exists()
    if shots is not None:
        both_widths(page, shots, "check")
    page.locator("#main form button[type=submit].primary").click()
    page.wait_for_url(re.compile(r"/disclosures/\d+/published/$"))
    disclosure = Disclosure.objects.get(title=TITLE)
    expect(page.locator(".panel h1")).to_have_text(_vi("Published"))
    if shots is not None:
        both_widths(page, shots, "confirmation")
    page.locator(f"#main .next-links a[href='/disclosures/{disclosure.pk}/']").click()
    page.wait_for_url(re.compile(r"/disclosures/\d+/$"))
    assert page.url.endswith(f"/disclosures/{disclosure.pk}/")
    return disclosure


def test_head_publishes_with_an_attachment(page: Page, shoot: Shoot, tmp_path: Path) -> None:
    disclosure = _publish(page, tmp_path, shoot)
    expect(page.locator("h1")).to_have_text(TITLE)
    expect(page.locator("#main p.summary")).to_have_text(SUMMARY)
    expect(page.locator("#main .body strong")).to_have_text("Điều 1.")
    expect(page.locator("dl.details")).to_contain_text("12/QĐ-SNV")
    expect(page.locator("dl.details")).to_contain_text(f"{timezone.localdate():%d/%m/%Y}")
    link = page.locator("ul.attachments a")
    expect(link).to_have_text(FILENAME)
    attachment = disclosure.attachments.get()
    expect(link).to_have_attribute(
        "href", f"/disclosures/{disclosure.pk}/attachments/{attachment.pk}/"
    )
    assert attachment.content_type == "application/pdf"
    digest = (page.locator("code.digest").text_content() or "").strip()
    assert re.fullmatch(r"[0-9a-f]{64}", digest), digest
    assert digest == disclosure.digest
    assert disclosure.document_number == "12/QĐ-SNV"
    page.reload()  # the flash message is shown once; its own axe check is a test below
    in_both_languages(page, shoot, "detail")
    expect(page.locator("h1")).to_have_text(TITLE)


def _search_inbox(page: Page, text: str) -> int:
    page.evaluate(_WATCH_SWAPS)
    box = page.get_by_role("searchbox")
    box.focus()
    page.keyboard.press("Control+A")
    page.keyboard.press("Backspace")
    box.press_sequentially(text, delay=15)
    page.wait_for_function("(q) => window.__settledQueries.at(-1) === q", arg=text)
    expect(page.locator("#inbox-loading")).not_to_have_class(re.compile("htmx-request"))
    return number(page.locator("#results p.count").inner_text())


def test_staff_read_download_acknowledge_and_head_sees_the_count(
    page: Page, new_page: Callable[[], Page], shoot: Shoot, tmp_path: Path
) -> None:
    seed_disclosures(_agency(), count=12)  # earlier items, some read by staff
    disclosure = _publish(page, tmp_path)
    detail_url = f"/disclosures/{disclosure.pk}/"

    staff = new_page()
    login(staff, "staff")
    staff.locator("header nav a[href='/disclosures/']:visible").click()
    staff.wait_for_url("**/disclosures/")
    # Art. 48.1: the twelve seeded items' periods have ended; they leave the current view and
    # stay in the register and in the view of every item.
    assert number(staff.locator("#results p.count").inner_text()) == 1
    staff.goto("/disclosures/?period=all")
    assert number(staff.locator("#results p.count").inner_text()) == 13
    staff.goto("/disclosures/")
    first = staff.locator("#results li.card").first
    expect(first.locator("h2 a")).to_have_text(TITLE)
    expect(first).to_have_class(re.compile(r"\bunread\b"))
    expect(first.locator(".badge").first).to_have_text(_vi("Unread"))
    in_both_languages(staff, shoot, "inbox")

    assert _search_inbox(staff, SEARCH) == 1
    assert parse_qs(urlsplit(staff.url).query)["q"] == [SEARCH], "the search is in the address"
    expect(staff.locator("#results li.card h2 a")).to_have_text([TITLE])
    assert _search_inbox(staff, "zzzz") == 0
    assert _search_inbox(staff, fold(TITLE).upper()) == 1
    staff.locator("#results li.card h2 a").click()
    staff.wait_for_url(f"**{detail_url}")

    with staff.expect_download() as info:
        staff.locator("ul.attachments a").click()
    download = info.value
    assert download.suggested_filename == FILENAME
    data = Path(download.path()).read_bytes()
    assert data.startswith(b"%PDF")
    assert data == PDF

    stale = staff.context.new_page()  # the same item open in a second tab
    stale.goto(detail_url)
    button = staff.locator("#acknowledge button")
    expect(button).to_have_text(_vi("I have read this"))
    in_both_languages(staff, shoot, "unread")
    staff.locator("#acknowledge button").click()
    done = staff.locator("#acknowledge p.done[role=status]")
    expect(done).to_be_visible()
    expect(staff.locator("#acknowledge button")).to_have_count(0)
    stale.locator("#acknowledge button").click()  # sent again from the stale tab
    expect(stale.locator("#acknowledge p.done")).to_be_visible()
    staff.reload()
    expect(done).to_be_visible()
    expect(staff.locator("#acknowledge button")).to_have_count(0)
    assert Acknowledgement.objects.filter(disclosure=disclosure).count() == 1
    in_both_languages(staff, shoot, "acknowledged")

    staff.locator("header nav a[href='/disclosures/']:visible").click()
    staff.wait_for_url("**/disclosures/")
    item = staff.locator("#results li.card").filter(has_text=TITLE)
    expect(item).not_to_have_class(re.compile(r"\bunread\b"))

    person = User.objects.get(username="staff").person
    assert person is not None
    assert person.unit is not None
    page.goto(detail_url)
    page.locator(f"#main a[href='{detail_url}acknowledgements/']").click()
    page.wait_for_url(f"**{detail_url}acknowledgements/")
    expect(page.locator("[data-figure=acknowledged]")).to_have_text("1")
    audience = number(page.locator("[data-figure=audience]").inner_text())
    assert audience > 1
    rate = page.locator("[data-figure=rate]").inner_text()
    assert rate.strip() == f"{round(100 / audience)}%", rate
    row = page.locator("tbody tr").filter(has=page.locator("th", has_text=person.unit.name))
    expect(row.locator("td").first).to_contain_text(person.full_name)
    expect(row.locator("td").nth(1)).not_to_contain_text(person.full_name)
    in_both_languages(page, shoot, "report")

    page.locator("#main form[method=post] button[type=submit]").click()
    page.wait_for_url(f"**{detail_url}acknowledgements/")
    message = page.locator("ul.messages li.success")
    expect(message).to_be_visible()
    reminders = Notification.objects.filter(kind="disclosures.reminder")
    assert number(message.inner_text()) == reminders.count() > 0
    shoot(page, "reminded-vi")
    page.reload()
    assert not reminders.filter(recipient__person=person).exists(), "staff has read it"
    assert_accessible(page)


def test_a_state_secret_is_refused_and_nothing_published(page: Page, shoot: Shoot) -> None:
    login(page, "head")
    page.goto("/disclosures/")
    before = number(page.locator("#results p.count").inner_text())
    _open_publish_form(page)
    _fill_form(page)
    page.locator("input[name=confidentiality][value=state_secret]").check()
    page.locator("#main form button[type=submit].primary").click()
    with translation.override("vi"):
        refusal = str(SecretNotDisclosable().message)
    summary = page.locator("#main div.error-summary[role=alert]")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()  # autofocus, no script
    field = page.locator("#main .field").filter(has=page.locator("#id_confidentiality"))
    expect(field.locator(".errorlist li")).to_have_text(f"Lỗi: {refusal}")
    assert page.url.endswith("/disclosures/new/")
    expect(page.locator("#id_title")).to_have_value(TITLE)
    assert not Disclosure.objects.exists()
    shoot(page, "vi")
    assert_accessible(page)

    page.locator("header nav a[href='/disclosures/']:visible").click()
    page.wait_for_url("**/disclosures/")
    assert number(page.locator("#results p.count").inner_text()) == before


def test_anyone_checks_the_digest_and_the_notice_carries_it(
    page: Page, new_page: Callable[[], Page], shoot: Shoot, tmp_path: Path
) -> None:
    disclosure = _publish(page, tmp_path)
    digest = (page.locator("code.digest").text_content() or "").strip()

    anonymous = new_page()
    anonymous.goto(f"/verify/?digest={digest}")
    expect(anonymous.locator("header .who")).to_have_count(0)
    expect(anonymous.locator("code.digest")).to_have_text(digest)
    expect(anonymous.locator("#result-title")).to_have_text(
        _vi("This is the current published version")
    )
    expect(anonymous.locator("[data-status]")).to_have_attribute("data-status", "published")
    expect(anonymous.locator(".verify-result dl")).to_contain_text(TITLE)
    expect(anonymous.locator(".verify-result dl")).to_contain_text("12/QĐ-SNV")
    shoot(anonymous, "verify-vi")
    assert_accessible(anonymous)

    spaced = " ".join(digest[i : i + 8] for i in range(0, 64, 8)).upper()  # as printed
    anonymous.goto("/verify/")
    anonymous.locator("#id_digest").fill(spaced)
    anonymous.locator("#id_digest").press("Enter")
    expect(anonymous.locator("#result-title")).to_be_visible()
    expect(anonymous.locator("code.digest")).to_have_text(digest)

    page.locator(f"#main a[href='/disclosures/{disclosure.pk}/notice/']").click()
    page.wait_for_url(f"**/disclosures/{disclosure.pk}/notice/")
    expect(page.locator(".qr-box svg")).to_be_visible()
    expect(page.locator(".digest[data-digest]")).to_have_attribute("data-digest", digest)
    # Issue 12: people read the short "mã xác thực"; the full value is on demand (and on paper).
    short = re.sub(r"\s+", "", page.locator(".digest[data-digest]").inner_text())
    assert short.lower() == digest[:12]
    full = page.locator(".digest-full.print-only").text_content() or ""
    assert re.sub(r"\s+", "", full).lower() == digest
    # Decree 30/2020: the notice's own number and type code; the decision keeps its number.
    expect(page.locator(".number")).to_have_text(re.compile(r"^Số: \d{2}/TB-SNV$"))
    expect(page.locator(".doc-body")).to_contain_text("Văn bản được công khai: số 12/QĐ-SNV")
    expect(page.locator(".doc-body")).to_contain_text("Điều 1.")
    expect(page.locator(".doc-body")).to_contain_text(FILENAME.removesuffix(".pdf"))
    shoot(page, "notice-vi")
    assert_accessible(page)


def test_the_check_and_confirmation_pages_pass_axe(page: Page, tmp_path: Path) -> None:
    login(page, "head")
    _open_publish_form(page)
    _fill_form(page)
    page.locator("#main form button[type=submit].primary").click()
    expect(page.locator("h1")).to_have_text(_vi("Check before publishing"))
    assert_accessible(page)
    page.locator("#main .summary-list a[href*='#id_title']").click()  # Change: values kept
    expect(page.locator("#id_title")).to_have_value(TITLE)
    page.locator("#main form button[type=submit].primary").click()
    page.locator("#main form button[type=submit].primary").click()
    page.wait_for_url(re.compile(r"/disclosures/\d+/published/$"))
    assert_accessible(page)
    assert Disclosure.objects.filter(title=TITLE).count() == 1
