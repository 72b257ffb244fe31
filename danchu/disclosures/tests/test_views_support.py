"""What the disclosure page tests share: a unit tree with one account per role, and items
published through the service by the head (this module holds no tests)."""

from __future__ import annotations

import re
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from danchu.disclosures import services
from danchu.disclosures.models import Category, Disclosure
from danchu.organizations.models import Unit
from danchu.people.models import User

# The shared world (fixtures `world`, `frozen` in the root conftest.py).
from danchu.people.tests.world import BASE, World, make_world  # noqa: F401

PDF = b"%PDF-1.4\n% a tiny test file\n%%EOF\n"
XSS = "<script>alert(1)</script>"


def publish(head: User, unit: Unit, **fields: Any) -> Disclosure:
    values: dict[str, Any] = {
        "category": Category.BUDGET_FINANCE,
        "title": "Kế hoạch tài chính năm 2025",
        "summary": "Tóm tắt",
        "body": "Nội dung **chính**.",
    }
    return services.publish_disclosure(actor=head, unit=unit, **(values | fields))


def pdf(name: str = "Quyết định công khai.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def form_data(unit: Unit, **fields: Any) -> dict[str, Any]:
    """A valid POST of the publish form."""
    data = {
        "unit": str(unit.pk),
        "category": Category.WORK_PLAN,
        "title": "Kế hoạch công tác quý II",
        "summary": "",
        "body": "Nội dung",
        "decision_date": "",
        "document_number": "",
        "channels": ["intranet"],
        "confidentiality": "none",
        "timing": "now",
        "late_reason": "",
    }
    return data | fields


def page_of(response: Any) -> str:
    return str(response.content.decode())


def without_csrf(response: Any) -> str:
    """The page with its per-response CSRF tokens blanked, to compare two responses."""
    return re.sub(r'(csrfmiddlewaretoken" value="|"X-CSRFToken": ")[^"]+', r"\1", page_of(response))
