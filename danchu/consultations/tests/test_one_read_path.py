"""One read path (issue 10): the page and the API show the same thing for the same inputs,
because both call the same function in `queries`."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.urls import reverse

from danchu.consultations import drafts, queries, services
from danchu.consultations.diff import summary
from danchu.consultations.tests.conftest import DRAFT, open_one
from danchu.consultations.tests.test_api import URL, client_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


def three_versions(world):
    consultation = open_one(world)
    for days in ("10 ngày", "15 ngày"):
        revised = [text.replace("05 ngày", days) for text in DRAFT]
        services.publish_version(
            actor=world.head, consultation=consultation, draft=drafts.split_paragraphs(revised)
        )
    return consultation


@pytest.mark.parametrize(
    ("query", "expected"),
    [("", (2, 3)), ("?from=1", (1, 3)), ("?from=1&to=2", (1, 2)), ("?from=0&to=0", (2, 3))],
)
def test_the_diff_page_and_the_api_compare_the_same_versions(world, client_as, query, expected):
    consultation = three_versions(world)
    page = client_as(world.staff).get(reverse("consultation_diff", args=[consultation.pk]) + query)
    api = client_for(world.staff).get(f"{URL}/{consultation.pk}/diff{query}")

    assert page.status_code == api.status_code == 200
    shown = (page.context["old"].number, page.context["new"].number)
    assert shown == (api.json()["from"], api.json()["to"]) == expected
    assert page.context["summary"] == api.json()["summary"]


def test_the_diff_page_and_the_api_refuse_the_same_missing_version(world, client_as):
    consultation = three_versions(world)
    page = client_as(world.staff).get(
        reverse("consultation_diff", args=[consultation.pk]) + "?to=9"
    )
    api = client_for(world.staff).get(f"{URL}/{consultation.pk}/diff?to=9")

    assert page.status_code == api.status_code == 404


def test_both_read_the_diff_from_queries(world):
    consultation = three_versions(world)
    found = queries.version_diff(consultation)

    assert found is not None
    assert (found.old.number, found.new.number) == (2, 3)
    assert summary(found.changes)["changed"] == 1


def test_the_detail_page_and_the_api_show_the_same_paragraphs(world, client_as):
    consultation = three_versions(world)
    page = client_as(world.staff).get(reverse("consultation_detail", args=[consultation.pk]))
    api = client_for(world.staff).get(f"{URL}/{consultation.pk}").json()

    assert page.context["version"].number == api["version"] == 3
    assert [p.pk for p in page.context["paragraphs"]] == [p["id"] for p in api["paragraphs"]]


def test_the_paragraph_panel_and_the_api_list_the_same_opinions(world, client_as):
    consultation = open_one(world)
    paragraph = queries.paragraph_numbered(consultation, 4)
    for text in ("Một", "Hai"):
        services.give_opinion(
            actor=world.staff, consultation=consultation, paragraph=paragraph, text=text
        )
    services.give_opinion(actor=world.dept_staff, consultation=consultation, text="Chung")
    url = reverse("consultation_paragraph", args=[consultation.pk, 4])
    panel = client_as(world.head).get(url).context["page"].object_list
    api = client_for(world.head).get(f"{URL}/{consultation.pk}/opinions").json()["items"]

    on_paragraph = [item["id"] for item in api if item["paragraph_id"] == paragraph.pk]
    assert [opinion.pk for opinion in panel] == on_paragraph


# (not `.values`: TextChoices have it too)
ORM = {
    *("objects", "filter", "exclude", "order_by", "annotate", "aggregate", "values_list"),
    *("select_related", "prefetch_related", "exists", "count", "get_or_create", "raw"),
    *("update_or_create", "select_for_update", "bulk_create"),
}
PAGES = (
    "views.py",
    "outcome_views.py",
    "regulation_views.py",
    "downloads.py",
    "pages.py",
    "api.py",
)


@pytest.mark.parametrize("name", PAGES)
def test_pages_and_the_api_hold_no_orm_calls(name):
    """Reads live in queries.py (and regulations.py), writes in services.py / adoption.py."""
    tree = ast.parse((Path(__file__).parents[1] / name).read_text(encoding="utf-8"))
    calls = [
        f"line {node.lineno}: .{node.attr}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and node.attr in ORM
    ]
    assert not calls, f"ORM in {name}: {calls}"
