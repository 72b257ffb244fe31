"""manage.py import_staff: a progress bar, and errors by row and column with a non-zero exit."""

import pytest
from django.core.management import CommandError, call_command

from danchu.people.models import Person, Role
from danchu.people.staff_import.models import ImportJob
from danchu.people.tests.test_import_support import csv_bytes, row, rows, xlsx_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def head(tree, member_of):
    return member_of(tree.agency, Role.HEAD, username="truong.phong")


def run(path, *args):
    call_command("import_staff", "so-tu-phap", str(path), "--user", "truong.phong", *args)


def test_imports_with_a_progress_bar(tree, head, tmp_path, capsys):
    path = tmp_path / "can-bo.xlsx"
    path.write_bytes(xlsx_bytes(rows(250)))
    run(path)
    out, err = capsys.readouterr()
    assert "250 rows: 250 added, 0 updated, 0 unchanged." in out
    assert "250/250" in err
    assert "100%" in err
    assert Person.objects.filter(staff_code__startswith="SP-").count() == 250
    assert ImportJob.objects.get().status == ImportJob.Status.DONE


def test_a_second_run_changes_nothing(tree, head, tmp_path, capsys):
    path = tmp_path / "can-bo.csv"
    path.write_bytes(csv_bytes(rows(3)))
    run(path, "--no-progress")
    run(path, "--no-progress")
    assert "3 rows: 0 added, 0 updated, 3 unchanged." in capsys.readouterr().out


def test_bad_rows_are_printed_and_nothing_is_imported(tree, head, tmp_path, capsys):
    path = tmp_path / "can-bo.csv"
    path.write_bytes(csv_bytes([row("SP-1"), row("SP-2", category="bảo vệ"), row("")]))
    with pytest.raises(CommandError, match="2 problems"):
        run(path, "--language", "en")
    err = capsys.readouterr().err
    assert "Row 3, Phân loại (category): “bảo vệ” is not a staff category." in err
    assert "Row 4, Mã cán bộ (staff_code): The staff code is required." in err
    assert not Person.objects.filter(staff_code="SP-1").exists()
    assert not ImportJob.objects.exists()


def test_a_broken_file_exits_non_zero(tree, head, tmp_path):
    path = tmp_path / "can-bo.xlsx"
    path.write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(CommandError, match="could not be read"):
        run(path, "--language", "en")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["khong-co", "x.csv", "--user", "truong.phong"], "No unit"),
        (["so-tu-phap", "x.csv", "--user", "ai-do"], "No user"),
        (["so-tu-phap", "missing.csv", "--user", "truong.phong"], "not a file"),
    ],
)
def test_unknown_unit_user_or_file(tree, head, tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "x.csv").write_bytes(csv_bytes([row()]))
    with pytest.raises(CommandError, match=message):
        call_command("import_staff", *args)


def test_a_user_without_rights(tree, member_of, tmp_path):
    member_of(tree.agency, Role.STAFF, username="nhan.vien")
    path = tmp_path / "x.csv"
    path.write_bytes(csv_bytes([row()]))
    with pytest.raises(CommandError, match="may not import"):
        call_command("import_staff", "so-tu-phap", str(path), "--user", "nhan.vien")
