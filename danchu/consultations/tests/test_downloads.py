"""Everything an API client sees it can download with the same bearer token (issue 10); the
session page URL keeps working."""

from __future__ import annotations

import pytest
from django.urls import reverse

from danchu.consultations.tests.test_adoption import closed_with_answers
from danchu.consultations.tests.test_api import URL, client_for, post

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


def test_the_synthesis_document_url_is_fetched_with_the_same_token(world, client_as):
    consultation = closed_with_answers(world)
    published = post(world.head, f"{URL}/{consultation.pk}/synthesis").json()
    url = published["document_url"]
    assert url.endswith(f"/api/v1/consultations/{consultation.pk}/synthesis.docx")

    document = client_for(world.staff).get(url)
    assert document.status_code == 200
    assert document["Content-Disposition"].startswith("attachment")
    body = b"".join(document.streaming_content)
    assert body.startswith(b"PK")  # a .docx is a zip

    assert client_for(world.outsider).get(url).status_code == 404  # another unit's token
    session = client_as(world.staff).get(
        reverse("consultation_synthesis_docx", args=[consultation.pk])
    )
    assert session.status_code == 200
    assert b"".join(session.streaming_content) == body


def test_before_publication_the_document_is_404(world):
    consultation = closed_with_answers(world)
    response = client_for(world.head).get(f"{URL}/{consultation.pk}/synthesis.docx")
    assert response.status_code == 404
