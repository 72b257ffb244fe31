"""Migration 0003: opinions keep their ids and links both ways; new ones get random ids."""

from __future__ import annotations

from typing import Any

import pytest
import time_machine
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from danchu.anonymity.fields import MIN_ID
from danchu.consultations import queries, services
from danchu.consultations.models import Opinion
from danchu.consultations.tests.conftest import BASE, open_one

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("audit_log_flushable"),
]

BEFORE = [("consultations", "0002_early_close_reason")]
# Forward again to the latest migration (0003 and those after it): the models the test then
# uses are the current ones.
# Every app's latest migration: going back also unapplied the apps that depend on this one
# (the conferences, since issue 13), and the tests after this one need the whole schema.
AFTER: list[tuple[str, str]] | None = None


def migrate(targets: list[tuple[str, str]] | None) -> Any:
    """Migrate to `targets`, or (None) to every app's latest migration."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    targets = targets or executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def answered(apps: Any, paragraph_id: int) -> set[int]:
    paragraph = apps.get_model("consultations", "Paragraph").objects.get(pk=paragraph_id)
    return set(paragraph.answers.values_list("pk", flat=True))


def test_ids_and_answers_survive_back_and_forth(world):
    with time_machine.travel(BASE, tick=False):
        consultation = open_one(world)
        named = services.give_opinion(actor=world.staff, consultation=consultation, text="Một")
        union = services.give_opinion(
            actor=world.staff, consultation=consultation, text="Hai", via_union=True
        )
    paragraph = queries.latest_version(consultation).paragraphs.get(number=1)
    paragraph.answers.add(named, union)

    try:
        old_apps = migrate(BEFORE)
        old_opinion = old_apps.get_model("consultations", "Opinion")
        assert set(old_opinion.objects.values_list("pk", flat=True)) == {named.pk, union.pk}
        assert answered(old_apps, paragraph.pk) == {named.pk, union.pk}
        earlier = old_opinion.objects.create(  # given before the change: a sequence's id
            consultation_id=consultation.pk,
            version_id=paragraph.version_id,
            author_id=world.staff.person.pk,
            text="Ba",
            created_at=BASE,
        )
    finally:
        new_apps = migrate(AFTER)

    assert answered(new_apps, paragraph.pk) == {named.pk, union.pk}
    texts = dict(Opinion.objects.values_list("pk", "text"))
    assert texts == {named.pk: "Một", union.pk: "Hai", earlier.pk: "Ba"}
    with time_machine.travel(BASE, tick=False):
        fresh = services.give_opinion(actor=world.staff, consultation=consultation, text="Bốn")
    assert fresh.pk >= MIN_ID
