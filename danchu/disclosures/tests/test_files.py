"""Attachments: judged by their bytes, limited in size, stored under a name we generate."""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from danchu.core.errors import InvalidInput
from danchu.disclosures.files import DOCX, PDF, XLSX, check_upload, clean_name
from danchu.disclosures.models import Attachment, Disclosure
from danchu.disclosures.tests.factories import (
    EXE_BYTES,
    HTML_PAGE,
    JPEG_BYTES,
    PDF_BYTES,
    SVG_WITH_SCRIPT,
    docx_bytes,
    make_tree,
    plain_zip_bytes,
    png_bytes,
    publish,
    upload,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return tmp_path


def stored_files(root: Path) -> list[Path]:
    return [path for path in root.rglob("*") if path.is_file()]


class TestCheckUpload:
    @pytest.mark.parametrize(
        ("name", "make", "content_type", "extension"),
        [
            ("Quyết định.pdf", lambda: PDF_BYTES, PDF, "pdf"),
            ("Tờ trình.docx", docx_bytes, DOCX, "docx"),
            ("Dự toán.xlsx", xlsx_bytes, XLSX, "xlsx"),
            ("sơ đồ.png", png_bytes, "image/png", "png"),
            ("ảnh.jpg", lambda: JPEG_BYTES, "image/jpeg", "jpg"),
        ],
    )
    def test_accepts_real_documents_and_images(self, name, make, content_type, extension):
        data = make()
        checked = check_upload(upload(name, data, content_type="text/plain"))
        assert (checked.content_type, checked.extension) == (content_type, extension)
        assert checked.original_name == name
        assert checked.data == data
        assert checked.sha256 == hashlib.sha256(data).hexdigest()
        assert re.fullmatch(rf"[0-9a-f]{{32}}\.{extension}", checked.stored_name)

    @pytest.mark.parametrize(
        ("name", "data"),
        [
            pytest.param("sơ đồ.svg", SVG_WITH_SCRIPT, id="svg-with-script"),
            pytest.param("trang.html", HTML_PAGE, id="html"),
            pytest.param("trang.pdf", HTML_PAGE, id="html-named-pdf"),
            pytest.param("setup.exe", EXE_BYTES, id="exe"),
            pytest.param("tài liệu.docx", EXE_BYTES, id="exe-named-docx"),
            pytest.param("hồ sơ.zip", plain_zip_bytes(), id="zip"),
            pytest.param("hồ sơ.docx", plain_zip_bytes(), id="zip-named-docx"),
            pytest.param("hỏng.docx", b"PK\x03\x04 broken archive", id="broken-zip"),
            pytest.param("ghi chú.txt", "Ghi chú".encode(), id="text"),
            pytest.param("rỗng.pdf", b"", id="empty"),
        ],
    )
    def test_refuses_anything_else(self, name, data):
        with pytest.raises(InvalidInput):
            check_upload(upload(name, data, content_type="application/pdf"))

    def test_the_type_is_told_by_the_content_not_the_name(self):
        checked = check_upload(upload("scan.png", PDF_BYTES, content_type="image/png"))
        assert (checked.content_type, checked.extension) == (PDF, "pdf")
        assert checked.stored_name.endswith(".pdf")

    def test_refuses_a_file_over_the_limit(self, settings):
        settings.DANCHU_MAX_ATTACHMENT_BYTES = 100
        check_upload(upload("vừa.pdf", PDF_BYTES.ljust(100, b" ")))
        with pytest.raises(InvalidInput):
            check_upload(upload("lớn.pdf", PDF_BYTES.ljust(101, b" ")))

    def test_refuses_a_stream_of_unknown_size_over_the_limit(self, settings):
        settings.DANCHU_MAX_ATTACHMENT_BYTES = 100

        class Stream(io.BytesIO):
            name = "luồng.pdf"
            size = None

        with pytest.raises(InvalidInput):
            check_upload(Stream(PDF_BYTES.ljust(500, b" ")))

    def test_two_uploads_of_one_file_get_different_stored_names(self):
        first = check_upload(upload("a.pdf", PDF_BYTES))
        second = check_upload(upload("a.pdf", PDF_BYTES))
        assert first.stored_name != second.stored_name
        assert first.sha256 == second.sha256


class TestCleanName:
    @pytest.mark.parametrize(
        ("given", "kept"),
        [
            ("../../etc/passwd", "passwd"),
            ("C:\\x\\..\\evil.pdf", "evil.pdf"),
            ("/var/www/../../shell.pdf", "shell.pdf"),
            ("..\\..\\boot.ini", "boot.ini"),
            ("bad\x00na\x1fme\u202e.pdf", "badname.pdf"),
            ("  .hidden.pdf. ", "hidden.pdf"),
            ("..", ""),
            ("", ""),
            (None, ""),
            (unicodedata.normalize("NFD", "Kế hoạch.pdf"), "Kế hoạch.pdf"),
            ("a" * 300 + ".pdf", "a" * 200),
        ],
    )
    def test_keeps_only_a_safe_base_name(self, given, kept):
        assert clean_name(given) == kept

    def test_a_name_with_nothing_left_gets_a_plain_one(self):
        class Raw(io.BytesIO):  # Django's own upload objects already refuse this name
            name = "../.."
            size = len(PDF_BYTES)

        assert check_upload(Raw(PDF_BYTES)).original_name == "file.pdf"


class TestStoredAttachments:
    def test_are_stored_under_a_generated_name_inside_the_disclosures_folder(self, media):
        tree = make_tree()
        data = docx_bytes("Tờ trình số 12")
        item = publish(
            tree.agency,
            attachments=[
                upload("../../etc/Tờ trình.docx", data),
                upload("C:\\x\\..\\Quyết định.pdf", PDF_BYTES),
            ],
        )
        docx_file, pdf_file = item.attachments.all()
        assert (docx_file.original_name, pdf_file.original_name) == (
            "Tờ trình.docx",
            "Quyết định.pdf",
        )
        assert re.fullmatch(r"[0-9a-f]{32}\.docx", docx_file.stored_name)
        assert docx_file.file.name == f"disclosures/{docx_file.stored_name}"
        assert (docx_file.content_type, docx_file.size) == (DOCX, len(data))
        assert docx_file.sha256 == hashlib.sha256(data).hexdigest()
        on_disk = media / "disclosures" / docx_file.stored_name
        assert on_disk.read_bytes() == data
        assert sorted(stored_files(media)) == sorted(
            [on_disk, media / "disclosures" / pdf_file.stored_name]
        )

    def test_the_attachments_are_part_of_the_digest(self):
        tree = make_tree()
        plain = publish(tree.agency, title="Một", body="x")
        attached = publish(
            tree.agency, title="Một", body="x", attachments=[upload("a.pdf", PDF_BYTES)]
        )
        assert plain.digest != attached.digest

    def test_a_refused_attachment_leaves_nothing_behind(self, media):
        tree = make_tree()
        with pytest.raises(InvalidInput):
            publish(
                tree.agency,
                attachments=[upload("ok.pdf", PDF_BYTES), upload("x.svg", SVG_WITH_SCRIPT)],
            )
        assert not Disclosure.objects.exists()
        assert not Attachment.objects.exists()
        assert stored_files(media) == []
