"""The annual review and its files: the figures are computed from the records and change when
they do; the .docx and .xlsx are byte-for-byte reproducible; the evidence bundle's manifest names
every file with its hash."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import zipfile

import pytest
from docx import Document
from openpyxl import load_workbook

from danchu.compliance import evidence, exports, report, report_doc, steering
from danchu.disclosures.tests.factories import publish

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 12, 4)


def text_of(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([*(p.text for p in document.paragraphs), *cells])


def committee(province, unit, steers):
    return steering.establish_committee(
        actor=province.supervisor,
        unit=unit,
        name="Ban Chỉ đạo",
        decision_number="01-QĐ/ĐU",
        signed_on=dt.date(province.year, 1, 5),
        members=[(province.head.person_id, "head")],
        steers=steers,
    )


def test_the_review_follows_the_records(province):
    first = committee(province, province.org, [province.agency])
    committee(province, province.other_org, [province.other])
    data = report_doc.build(report.review(province.root, province.year), today=TODAY)
    assert "100% (2/2) tổ chức cơ sở đảng đã thành lập, kiện toàn Ban Chỉ đạo" in text_of(data)
    assert report_doc.build(report.review(province.root, province.year), today=TODAY) == data
    steering.dissolve_committee(actor=province.supervisor, committee=first, reason="Sáp nhập")
    after = text_of(report_doc.build(report.review(province.root, province.year), today=TODAY))
    assert "50% (1/2) tổ chức cơ sở đảng" in after
    assert "Đảng bộ Sở Tài chính" in after  # among the units that fall short


def test_the_annex_has_a_row_per_unit_with_its_standings(province):
    committee(province, province.org, [province.agency])
    review = report.review(province.root, province.year)
    data = exports.annex_xlsx(review)
    assert exports.annex_xlsx(report.review(province.root, province.year)) == data
    sheet = load_workbook(io.BytesIO(data)).active
    rows = list(sheet.iter_rows(values_only=True))
    names = [row[1] for row in rows[1:]]
    assert set(names) == {"Đảng bộ Sở Tài chính", "Sở Tài chính", "Đảng bộ Sở Y tế", "Sở Y tế"}
    header = rows[0]
    column = header.index("Có Ban Chỉ đạo thực hiện dân chủ ở cơ sở")
    standing = {row[1]: row[column] for row in rows[1:]}
    assert standing["Đảng bộ Sở Tài chính"] == "Đạt"
    assert standing["Đảng bộ Sở Y tế"] == "Không thực hiện"
    assert standing["Sở Tài chính"] is None  # the duty is not an agency's


def test_the_evidence_bundle_lists_each_file_with_its_hash(province, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    item = publish(province.agency, province.head)
    data = evidence.bundle(province.agency, item.publish_at.year)
    archive = zipfile.ZipFile(io.BytesIO(data))
    manifest = json.loads(archive.read("manifest.json"))
    assert manifest["files"], manifest
    for entry in manifest["files"]:
        assert hashlib.sha256(archive.read(entry["path"])).hexdigest() == entry["sha256"]
    (notice,) = [f for f in manifest["files"] if f["kind"] == "disclosure"]
    assert notice["record_digest"] == item.digest
    sums = archive.read("SHA256SUMS").decode()
    assert f"{notice['sha256']}  {notice['path']}" in sums
    assert evidence.bundle(province.agency, item.publish_at.year) == data


def test_set_up_and_consolidated_counts_only_committees_reviewed_this_year(province):
    committee(province, province.org, [province.agency])
    steering.establish_committee(
        actor=province.supervisor,
        unit=province.other_org,
        name="Ban Chỉ đạo",
        decision_number="09-QĐ/ĐU",
        signed_on=dt.date(province.year - 1, 12, 1),  # in place, but not reviewed this year
        members=[(province.other_head.person_id, "head")],
    )
    text = text_of(report_doc.build(report.review(province.root, province.year), today=TODAY))
    assert "50% (1/2) tổ chức cơ sở đảng đã thành lập, kiện toàn Ban Chỉ đạo" in text
