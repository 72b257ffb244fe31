"""Stored files follow the database: a publication that fails leaves no file behind, and
`manage.py sweep_files` removes what a crash could still leave (and nothing else)."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from danchu.disclosures import services
from danchu.disclosures.models import Attachment, Disclosure
from danchu.disclosures.tests.factories import PDF_BYTES, Tree, publish, upload

pytestmark = pytest.mark.django_db


def stored(root: Path) -> list[str]:
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


def test_a_failed_publication_removes_the_files_it_stored(
    tree: Tree, head: Any, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("the audit log is unavailable")

    monkeypatch.setattr(services, "_record_publication", fail)
    with pytest.raises(RuntimeError):
        publish(tree.agency, head, attachments=[upload("Quyết định.pdf", PDF_BYTES)])
    assert not Disclosure.objects.exists()
    assert not Attachment.objects.exists()
    assert stored(Path(settings.MEDIA_ROOT)) == []


def test_a_publication_keeps_its_files(tree: Tree, head: Any, settings: Any) -> None:
    item = publish(tree.agency, head, attachments=[upload("Quyết định.pdf", PDF_BYTES)])
    assert stored(Path(settings.MEDIA_ROOT)) == [item.attachments.get().file.name]


def _orphan(root: Path, name: str, *, age: float) -> None:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(PDF_BYTES)
    then = time.time() - age
    os.utime(path, (then, then))


def test_sweep_deletes_only_old_files_that_no_record_names(
    tree: Tree, head: Any, settings: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    root = Path(settings.MEDIA_ROOT)
    item = publish(tree.agency, head, attachments=[upload("Quyết định.pdf", PDF_BYTES)])
    kept = item.attachments.get().file.name
    os.utime(root / kept, (time.time() - 7200, time.time() - 7200))  # old, but referenced
    _orphan(root, "disclosures/left-by-a-crash.pdf", age=7200)
    _orphan(root, "disclosures/being-written-now.pdf", age=5)

    call_command("sweep_files", "--dry-run")
    assert "Would delete 1 file(s)" in capsys.readouterr().out
    assert len(stored(root)) == 3

    call_command("sweep_files")
    assert "Deleted 1 file(s)" in capsys.readouterr().out
    assert stored(root) == sorted([kept, "disclosures/being-written-now.pdf"])


def test_sweep_with_nothing_stored_yet(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "never-created"
    call_command("sweep_files")
