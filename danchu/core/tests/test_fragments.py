"""Cached fragments: rendered once per identity and language, shared between processes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest
from django.utils import translation

from danchu.core import fragments

TEMPLATE = "fragment_test.html"


@dataclass
class Row:
    pk: int
    name: str
    reads: list[int] = field(default_factory=list)

    @property
    def label(self) -> str:
        self.reads.append(1)  # counts how often the template ran for this row
        return self.name


@pytest.fixture(autouse=True)
def _template(settings: Any) -> None:
    source = '{% load i18n %}<b>{{ item.label }}</b> <i>{% trans "Unread" %}</i>'
    settings.TEMPLATES = [
        {
            "BACKEND": "django.template.backends.django.DjangoTemplates",
            "OPTIONS": {"loaders": [("django.template.loaders.locmem.Loader", {TEMPLATE: source})]},
        }
    ]
    fragments._template_version.cache_clear()


def render(rows: list[Row]) -> list[str]:
    return [str(html) for html in fragments.render_cached(TEMPLATE, rows, identity=identity)]


def identity(row: Row) -> tuple[Any, ...]:
    return (row.pk, row.name)


def test_renders_each_object_in_order_and_escaped() -> None:
    html = render([Row(1, "Một"), Row(2, "<script>")])
    assert html[0].startswith("<b>Một</b>")
    assert html[1].startswith("<b>&lt;script&gt;</b>")


def test_the_second_time_comes_from_memory_then_from_the_shared_cache() -> None:
    row = Row(1, "Một")
    render([row])
    render([row])
    assert len(row.reads) == 1
    fragments.recent.clear()  # another process: only the shared cache has it
    assert render([row])[0].startswith("<b>Một</b>")
    assert len(row.reads) == 1


def test_a_changed_identity_renders_anew() -> None:
    row = Row(1, "Phòng Tổ chức")
    render([row])
    row.name = "Phòng Tổ chức cán bộ"
    assert render([row])[0].startswith("<b>Phòng Tổ chức cán bộ</b>")
    assert len(row.reads) == 2


def test_each_language_has_its_own_copy() -> None:
    row = Row(1, "Một")
    with translation.override("vi"):
        vietnamese = render([row])[0]
    with translation.override("en"):
        english = render([row])[0]
    assert "Chưa đọc" in vietnamese
    assert "Unread" in english


def test_attach_sets_the_html_on_each_object() -> None:
    rows = fragments.attach_cached(TEMPLATE, [Row(1, "Một")], identity=identity, attribute="card")
    assert str(rows[0].card).startswith("<b>Một</b>")  # type: ignore[attr-defined]


def test_an_edited_template_is_seen_at_once_while_developing(settings: Any) -> None:
    settings.DEBUG = True
    row = Row(1, "Một")
    render([row])
    source = "<p>{{ item.label }}</p>"
    settings.TEMPLATES[0]["OPTIONS"]["loaders"][0][1][TEMPLATE] = source
    assert render([row]) == ["<p>Một</p>"]


def test_join_gives_the_rows_as_one_piece_of_html() -> None:
    rows = [Row(1, "Một"), Row(2, "Hai")]
    joined = fragments.join_cached(TEMPLATE, rows, identity=identity)
    assert joined == "".join(fragments.render_cached(TEMPLATE, rows, identity=identity))
    assert "Một" in joined
    assert "Hai" in joined
    assert fragments.join_cached(TEMPLATE, [], identity=identity) == ""
