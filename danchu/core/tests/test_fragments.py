"""Cached fragments: rendered once per identity and language, shared between processes; a view
is keyed by every value it holds, and nothing else can be shown."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import translation

from danchu.core import fragments

TEMPLATE = "fragment_test.html"
RENDERS: list[int] = []  # one entry per time the template ran


@dataclass(frozen=True)
class Row:
    pk: int
    name: str

    @property
    def label(self) -> str:
        RENDERS.append(self.pk)
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
    RENDERS.clear()


def render(rows: list[Any]) -> list[str]:
    return [str(html) for html in fragments.render_cached(TEMPLATE, rows)]


def test_renders_each_object_in_order_and_escaped() -> None:
    html = render([Row(1, "Một"), Row(2, "<script>")])
    assert html[0].startswith("<b>Một</b>")
    assert html[1].startswith("<b>&lt;script&gt;</b>")


def test_the_second_time_comes_from_memory_then_from_the_shared_cache() -> None:
    row = Row(1, "Một")
    render([row])
    render([row])
    assert RENDERS == [1]
    fragments.recent.clear()  # another process: only the shared cache has it
    assert render([row])[0].startswith("<b>Một</b>")
    assert RENDERS == [1]


def test_a_view_is_keyed_by_every_value_it_holds() -> None:
    render([Row(1, "Phòng Tổ chức")])
    assert render([Row(1, "Phòng Tổ chức cán bộ")])[0].startswith("<b>Phòng Tổ chức cán bộ</b>")
    assert RENDERS == [1, 1]


@dataclass
class Unfrozen:
    label: str


@dataclass(frozen=True)
class Holding:
    label: str
    inside: Any


def test_a_view_that_could_change_unseen_is_refused() -> None:
    with pytest.raises(TypeError, match="not a frozen dataclass"):
        render([Unfrozen("Một")])
    with pytest.raises(TypeError, match=r"Holding\.inside: list"):
        render([Holding("Một", ["mutable"])])
    with pytest.raises(TypeError, match=r"Holding\.inside\.0: Unfrozen"):
        render([Holding("Một", (Unfrozen("x"),))])
    with pytest.raises(TypeError, match=r"Holding\.inside: dict"):
        render([Holding("Một", {"agree": 1})])
    assert render([Holding("Một", (Row(2, "Hai"), None, 3))])[0].startswith("<b>Một</b>")


def test_each_language_has_its_own_copy() -> None:
    row = Row(1, "Một")
    with translation.override("vi"):
        vietnamese = render([row])[0]
    with translation.override("en"):
        english = render([row])[0]
    assert "Chưa đọc" in vietnamese
    assert "Unread" in english


def test_an_edited_template_is_seen_at_once_while_developing(settings: Any) -> None:
    settings.DEBUG = True
    row = Row(1, "Một")
    render([row])
    source = "<p>{{ item.label }}</p>"
    settings.TEMPLATES[0]["OPTIONS"]["loaders"][0][1][TEMPLATE] = source
    assert render([row]) == ["<p>Một</p>"]


def test_join_gives_the_rows_as_one_piece_of_html() -> None:
    rows = [Row(1, "Một"), Row(2, "Hai")]
    joined = fragments.join_cached(TEMPLATE, rows)
    assert joined == "".join(fragments.render_cached(TEMPLATE, rows))
    assert "Một" in joined
    assert "Hai" in joined
    assert fragments.join_cached(TEMPLATE, []) == ""
