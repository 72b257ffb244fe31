"""Every string is translated both ways: English is the source, Vietnamese the default."""

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "locale" / "vi" / "LC_MESSAGES" / "django.po"


def test_every_vietnamese_message_is_translated_and_checked():
    catalogue = polib.pofile(str(CATALOGUE))
    assert catalogue.untranslated_entries() == []
    assert catalogue.fuzzy_entries() == []
    assert len(catalogue.translated_entries()) > 200


def test_the_compiled_catalogue_is_current():
    compiled = polib.mofile(str(CATALOGUE.with_suffix(".mo")))
    # Keyed with the context too: one English word may carry two meanings (pgettext).
    entries = polib.pofile(str(CATALOGUE)).translated_entries()
    source = {(e.msgctxt, e.msgid): e.msgstr for e in entries}
    assert {(e.msgctxt, e.msgid): e.msgstr for e in compiled if e.msgid and not e.msgid_plural} == {
        k: v for k, v in source.items() if v
    }


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext is not installed")
def test_the_catalogue_holds_every_string_of_the_source(tmp_path):
    """makemessages on a copy of the code finds no string the catalogue lacks."""
    for part in ("config", "danchu", "locale"):
        shutil.copytree(ROOT / part, tmp_path / part, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "manage.py", tmp_path)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "vi", "--no-location"],
        cwd=tmp_path,
        check=True,
        capture_output=True,
        timeout=300,
    )
    fresh = {e.msgid for e in polib.pofile(str(tmp_path / "locale/vi/LC_MESSAGES/django.po"))}
    known = {e.msgid for e in polib.pofile(str(CATALOGUE))}
    assert sorted(fresh - known) == [], "run `make messages` and translate the new strings"
