"""No publication holds the database's write lock for long work (issue 11, finding 2).

SQLite takes its write lock at BEGIN (`transaction_mode` IMMEDIATE in settings), PostgreSQL holds
row locks until COMMIT: whatever runs inside the transaction keeps other writers waiting. A 4.5 MB
body once kept the lock for 43 s and a concurrent opinion failed with "database is locked". The
slow parts — reading and hashing the files, rendering and folding the text, storing the files —
must run before the transaction opens; these tests watch where each one runs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.storage import FileSystemStorage
from django.db import connection

from danchu.disclosures import services
from danchu.disclosures.models import Attachment, Disclosure
from danchu.disclosures.tests.factories import PDF_BYTES, Tree, publish, upload

# Not wrapped in a test transaction: the service's own transaction is what is watched.
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("audit_log_flushable"),
]


@pytest.fixture
def watched(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[bool]]:
    """For each slow step, whether a transaction was open each time it ran."""
    seen: dict[str, list[bool]] = {"check_upload": [], "render_body": [], "fold": [], "store": []}

    def watch(name: str, function: Any) -> Any:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            seen[name].append(connection.in_atomic_block)
            return function(*args, **kwargs)

        return wrapper

    for name in ("check_upload", "render_body", "fold"):
        monkeypatch.setattr(services, name, watch(name, getattr(services, name)))
    saving = FileSystemStorage._save  # type: ignore[attr-defined]
    monkeypatch.setattr(FileSystemStorage, "_save", watch("store", saving))
    return seen


def test_a_publication_does_its_long_work_before_the_transaction(
    tree: Tree, head: Any, watched: dict[str, list[bool]]
) -> None:
    item = publish(
        tree.agency,
        head,
        body="Nội dung " * 5000,
        attachments=[upload("Quyết định.pdf", PDF_BYTES), upload("Phụ lục.pdf", PDF_BYTES)],
    )
    assert watched == {
        "check_upload": [False, False],
        "render_body": [False],
        "fold": [False],
        "store": [False, False],
    }
    assert item.attachments.count() == 2
    assert item.digest


def test_a_correction_does_its_long_work_before_the_transaction(
    tree: Tree, head: Any, watched: dict[str, list[bool]]
) -> None:
    first = publish(tree.agency, head)
    for steps in watched.values():
        steps.clear()
    services.supersede_disclosure(
        actor=head,
        previous=first,
        category=first.category,
        title="Bản đính chính",
        body="Nội dung đã sửa",
        attachments=[upload("Quyết định.pdf", PDF_BYTES)],
    )
    assert watched == {
        "check_upload": [False],
        "render_body": [False],
        "fold": [False],
        "store": [False],
    }


def test_a_version_superseded_meanwhile_is_refused_under_the_lock(
    tree: Tree, head: Any, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two corrections of the same version race: the one that writes second is refused when it
    re-reads the version under the lock, and the file it stored is removed."""
    first = publish(tree.agency, head)
    render = services.render_body

    def meanwhile(text: str) -> str:
        monkeypatch.setattr(services, "render_body", render)  # only the first correction races
        services.supersede_disclosure(
            actor=head, previous=first, category=first.category, title="Đính chính khác"
        )
        return render(text)

    monkeypatch.setattr(services, "render_body", meanwhile)
    with pytest.raises(services.NotCurrent):
        services.supersede_disclosure(
            actor=head,
            previous=first,
            category=first.category,
            title="Đính chính",
            attachments=[upload("Quyết định.pdf", PDF_BYTES)],
        )
    titles = sorted(Disclosure.objects.values_list("title", "version"))
    assert titles == [(first.title, 1), ("Đính chính khác", 2)]
    assert not Attachment.objects.exists()
    assert [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()] == []
