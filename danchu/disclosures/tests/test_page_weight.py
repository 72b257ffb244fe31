"""The inbox and the register arrive complete in one response, under 60 KB compressed in all
(the page and the CSS and JavaScript it links), with full pages of long, varied items."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from django.urls import reverse

from danchu.core.tests.weight import BUDGET, page_weight
from danchu.disclosures.models import Category
from danchu.disclosures.tests.test_views_support import page_of, publish
from danchu.disclosures.views import INBOX_PAGE_SIZE, REGISTER_PAGE_SIZE

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]

TEXT = (
    "kế hoạch triển khai thực hiện quy chế dân chủ cơ sở năm công tác cán bộ công chức viên chức "
    "người lao động dự toán ngân sách nhà nước quyết toán kinh phí tự chủ mua sắm tài sản công "
    "tuyển dụng bổ nhiệm luân chuyển đào tạo bồi dưỡng thi đua khen thưởng kỷ luật phòng chống "
    "tham nhũng lãng phí tiêu cực cải cách hành chính chuyển đổi số nâng cao hiệu quả quản lý "
    "điều hành đơn vị sự nghiệp công lập phòng ban chuyên môn trực thuộc giai đoạn tiếp theo"
)
WORDS = TEXT.split()


def sentence(chance: random.Random, words: int) -> str:
    """Varied text, so that compression is not flattered by repetition."""
    return " ".join(chance.choice(WORDS) for _ in range(words)).capitalize()


def fill(world, count: int) -> None:
    chance = random.Random(count)
    categories = list(Category)
    for number in range(count):
        publish(
            world.head,
            world.agency,
            title=sentence(chance, 30),
            summary=sentence(chance, 70),
            category=categories[number % len(categories)],
            document_number=f"Số: {number + 1}/QĐ-STC",
            decision_date=dt.date(2025, 3, 4),
        )


@pytest.mark.parametrize(
    ("view", "user", "size"),
    [
        ("disclosure_inbox", "staff", INBOX_PAGE_SIZE),
        ("disclosure_register", "head", REGISTER_PAGE_SIZE),
    ],
)
def test_a_full_page_fits_the_budget(world, client_as, view, user, size):
    fill(world, size + 5)
    args = [world.agency.pk] if view == "disclosure_register" else []
    response = client_as(getattr(world, user)).get(reverse(view, args=args))
    html = page_of(response)
    assert html.count('href="/disclosures/') >= size  # every item is in the one response
    weight = page_weight(html)
    assert weight < BUDGET, f"{weight:,} bytes compressed"
