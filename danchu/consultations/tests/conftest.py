"""What the consultation tests share: a draft and `open_one` (the world and the clock, `world` and
`frozen`, come from the root conftest.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from danchu.consultations import drafts, services
from danchu.consultations.models import Consultation, Topic
from danchu.people.tests.world import BASE, World

__all__ = ["BASE", "DRAFT", "EARLY", "open_one"]

# A reason for closing before the planned end (required then; issue 10, art. 55).
EARLY = "Đã đủ ý kiến; cần ban hành trước kỳ họp."
DRAFT = [
    "Chương I",
    "QUY ĐỊNH CHUNG",
    "Điều 1. Phạm vi điều chỉnh",
    "Quy chế này quy định việc thực hiện dân chủ trong hoạt động của Sở.",
    "Điều 2. Thời gian góp ý",
    "1. Thời gian góp ý là 05 ngày làm việc.",
    "2. Ý kiến được gửi qua hệ thống thông tin nội bộ.",
]


@pytest.fixture(autouse=True)
def _isolated(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def open_one(world: World, **fields: Any) -> Consultation:
    """A consultation open to staff (without the union's preview unless `union_preview=True`)."""
    values: dict[str, Any] = {
        "union_preview": False,
        "topic": Topic.DEMOCRACY_REGULATION,
        "title": "Dự thảo Quy chế dân chủ của Sở Nội vụ",
        "draft": drafts.split_paragraphs(DRAFT),
        "opens_at": BASE,
        "closes_at": BASE + dt.timedelta(days=9),
    }
    return services.open_consultation(actor=world.head, unit=world.agency, **(values | fields))
