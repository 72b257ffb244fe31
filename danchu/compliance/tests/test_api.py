"""The compliance API as provinces script it (issue 14's public contract), and who sees what:
a supervisor sees their subtree, a unit's head only their own unit."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile

import pytest
from docx import Document

from danchu.compliance.tests.conftest import api
from danchu.facts.services import emit

pytestmark = pytest.mark.django_db


def held(unit, year):
    emit(
        kind="conference.held",
        unit=unit,
        on=dt.date(year, 1, 20),
        data={"year": year - 1, "kind": "annual"},
    )


def test_indicators_answer_the_contract_shape(province):
    held(province.agency, province.year)
    body = (
        api(province.supervisor)
        .get(f"/api/v1/compliance/units/{province.root.pk}/indicators?year={province.year}")
        .json()
    )
    assert set(body) >= {"unit_id", "year", "counts", "indicators"}
    assert set(body["counts"]) >= {"units", "party_organizations", "party_members", "staff"}
    assert body["counts"]["units"] == 2
    assert body["counts"]["party_organizations"] == 2
    assert body["counts"]["staff"] == 22  # 2 × (head + 9), the supervisor, the secretary
    conference = next(i for i in body["indicators"] if i["code"] == "annual_conference")
    assert {"code", "met", "due", "rate"} <= set(conference)
    # One agency held it, the other has nothing yet: open until 31/03, then missed.
    assert conference["met"] == 1
    assert conference["met"] + conference["open"] + conference["missed"] == 2


def test_a_head_sees_only_their_unit_and_a_supervisor_their_subtree(province):
    head, other = api(province.head), api(province.other_head)
    url = "/api/v1/compliance/units/{}/obligations?year=" + str(province.year)
    assert head.get(url.format(province.agency.pk)).status_code == 200
    assert head.get(url.format(province.other.pk)).status_code == 404
    assert head.get(url.format(province.root.pk)).status_code == 404
    assert other.get(url.format(province.agency.pk)).status_code == 404
    assert api(province.supervisor).get(url.format(province.other.pk)).status_code == 200
    for suffix in ("report.docx", "report.xlsx", "evidence.zip", "indicators"):
        assert head.get(f"/api/v1/compliance/units/{province.other.pk}/{suffix}").status_code == 404


def test_obligations_are_paginated_with_links_to_their_evidence(province):
    held(province.agency, province.year)
    client = api(province.supervisor)
    page = client.get(
        f"/api/v1/compliance/units/{province.root.pk}/obligations?year={province.year}"
        "&status=met&limit=1"
    ).json()
    assert page["count"] >= 1
    assert len(page["items"]) == 1
    met = client.get(
        f"/api/v1/compliance/units/{province.agency.pk}/obligations?year={province.year}"
        "&code=annual_conference"
    ).json()["items"][0]
    assert met["status"] == "met"
    assert met["evidence"][0]["kind"] == "conference.held"


def test_the_reports_download_with_the_token(province):
    held(province.agency, province.year)
    client = api(province.supervisor)
    base = f"/api/v1/compliance/units/{province.root.pk}"
    docx = client.get(f"{base}/report.docx?year={province.year}")
    assert docx.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    assert "2 tổ chức cơ sở đảng" in text
    assert client.get(f"{base}/report.docx?year={province.year}").content == docx.content
    xlsx = client.get(f"{base}/report.xlsx?year={province.year}")
    assert xlsx.status_code == 200
    assert xlsx.content[:2] == b"PK"
    bundle = client.get(
        f"/api/v1/compliance/units/{province.agency.pk}/evidence.zip?year={province.year}"
    )
    names = zipfile.ZipFile(io.BytesIO(bundle.content)).namelist()
    assert "manifest.json" in names
    assert "SHA256SUMS" in names
    manifest = json.loads(zipfile.ZipFile(io.BytesIO(bundle.content)).read("manifest.json"))
    assert manifest["unit"]["id"] == province.agency.pk


def test_children_are_ranked_with_what_they_fall_short_on(province):
    held(province.agency, province.year)
    emit(kind="steering_committee.established", unit=province.org, on=dt.date(2021, 3, 1))
    items = (
        api(province.supervisor)
        .get(f"/api/v1/compliance/units/{province.root.pk}/children?year={province.year}")
        .json()["items"]
    )
    assert next(i["unit_id"] for i in items) == province.org.pk
    assert "steering_committee" in items[1]["falling_short"]
