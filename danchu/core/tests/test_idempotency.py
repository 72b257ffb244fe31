"""The one mechanism behind form keys and `Idempotency-Key` (danchu.core.idempotency), on views
that write a row of Django's own: the key and the write commit together or not at all."""

from __future__ import annotations

import datetime as dt
import hashlib
from types import SimpleNamespace
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template import engines
from django.test import Client, RequestFactory
from django.urls import path
from django.utils import timezone

from danchu.core import idempotency
from danchu.core.models import IdempotencyKey

pytestmark = pytest.mark.django_db


def _write(request: HttpRequest) -> HttpResponse:
    """Like a view calling a service: its long work first, then one short audited transaction."""
    _depths.append(len(connection.atomic_blocks))
    if request.headers.get("X-Fail") == "early":
        raise RuntimeError("the view failed before its write")
    if request.headers.get("X-Fail") == "refuse":  # a service's DomainError: nothing written
        return HttpResponse("refused", status=409)
    with transaction.atomic():
        idempotency.bind_write()  # what audit.record does in every service
        group = Group.objects.create(name=f"g{Group.objects.count()}")
    if request.headers.get("X-Fail") == "anonymous":
        idempotency.keep_nothing()
    if request.headers.get("X-Fail") == "raise":
        raise RuntimeError("the view failed after its write")
    return HttpResponse(f'{{"id": {group.pk}}}', status=201, content_type="application/json")


def _redirect(request: HttpRequest) -> HttpResponse:
    with transaction.atomic():
        idempotency.bind_write()
        Group.objects.create(name=f"g{Group.objects.count()}")
    return HttpResponseRedirect("/done/")


_depths: list[int] = []  # how many transactions were open each time `_write` began
urlpatterns = [path("api/v1/test-write", _write), path("test-form", _redirect)]


OWNER = "token:" + hashlib.sha256(b"t0ken").hexdigest()


def _print(body: str) -> str:
    request = RequestFactory().post("/api/v1/test-write", body, content_type="application/json")
    return idempotency.fingerprint(request)


def api(key: str | None, body: str = '{"a": 1}', *, failing: str = "") -> Any:
    """POST to the test view with the token (and `failing`: how the view is to fail)."""
    client = Client(headers={"authorization": "Bearer t0ken", "X-Fail": failing})
    client.raise_request_exception = False  # a view that raises answers 500, as in production
    extra = {"Idempotency-Key": key} if key else {}
    return client.post("/api/v1/test-write", body, content_type="application/json", headers=extra)


@pytest.mark.urls(__name__)
class TestTheKeyAndTheWriteCommitTogether:
    def test_a_repeat_replays_the_first_answer_and_writes_nothing(self):
        first, second = api("k"), api("k")
        assert Group.objects.count() == 1
        assert (second.status_code, second.content) == (201, first.content)
        assert second["Content-Type"] == "application/json"
        assert second["Idempotent-Replayed"] == "true"
        assert "Idempotent-Replayed" not in first

    def test_the_view_runs_outside_any_transaction_of_the_key(self):
        """Its long work (uploads, rendering) must not hold the write lock (finding 2)."""
        _depths.clear()
        outside = len(connection.atomic_blocks)  # the test's own
        api("k")
        assert _depths == [outside]

    def test_a_view_that_fails_before_writing_releases_its_key(self):
        response = api("k", body="{}", failing="early")
        assert response.status_code == 500
        assert (Group.objects.count(), IdempotencyKey.objects.count()) == (0, 0)
        assert api("k", body="{}").status_code == 201

    def test_a_view_that_fails_after_its_write_is_not_carried_out_again(self):
        response = api("k", body="{}", failing="raise")
        assert response.status_code == 500
        repeat = api("k", body="{}")
        assert (repeat.status_code, repeat.json()["code"]) == (409, "idempotency_key_in_progress")
        assert Group.objects.count() == 1

    def test_a_repeat_waits_for_the_first_then_409_if_it_is_still_running(self, monkeypatch):
        monkeypatch.setattr(idempotency, "WAIT", dt.timedelta(seconds=0.2))
        IdempotencyKey.objects.create(
            owner=OWNER, key="k", method="POST", path="/api/v1/test-write",
            fingerprint=_print('{"a": 1}'), status=0, nonce="n", claimed_at=timezone.now(),
            created_at=timezone.now(),
        )  # fmt: skip
        response = api("k")
        assert (response.status_code, response.json()["code"]) == (
            409,
            "idempotency_key_in_progress",
        )
        assert not Group.objects.exists()

    def test_a_claim_whose_request_died_before_writing_is_taken_over(self):
        stale = timezone.now() - idempotency.LEASE - dt.timedelta(seconds=1)
        IdempotencyKey.objects.create(
            owner=OWNER, key="k", method="POST", path="/api/v1/test-write",
            fingerprint=_print('{"a": 1}'), status=0, nonce="dead", claimed_at=stale,
            created_at=stale,
        )  # fmt: skip
        assert api("k").status_code == 201
        assert Group.objects.count() == 1
        # The request that died comes back to write after all: its write is refused.
        dead = IdempotencyKey.objects.get()
        token = idempotency._claimed.set(idempotency._Claim(dead.pk, "dead"))
        try:
            with pytest.raises(idempotency.KeyTakenOver), transaction.atomic():
                idempotency.bind_write()
        finally:
            idempotency._claimed.reset(token)

    def test_an_anonymous_act_keeps_no_key(self):
        api("k", body="{}", failing="anonymous")
        assert Group.objects.count() == 1
        assert not IdempotencyKey.objects.exists()

    def test_a_refusal_keeps_no_key(self):
        assert api("k", failing="refuse").status_code == 409
        assert not IdempotencyKey.objects.exists()
        assert api("k").status_code == 201

    def test_keys_belong_to_their_token(self):
        api("k")
        Client(headers={"authorization": "Bearer other"}).post(
            "/api/v1/test-write", '{"a": 1}', content_type="application/json",
            headers={"Idempotency-Key": "k"},
        )  # fmt: skip
        assert Group.objects.count() == 2

    def test_anonymous_requests_and_reads_are_left_alone(self):
        for _ in range(2):
            Client().post(
                "/api/v1/test-write", "{}", content_type="application/json",
                headers={"Idempotency-Key": "k"},
            )  # fmt: skip
        assert Group.objects.count() == 2
        assert not IdempotencyKey.objects.exists()

    def test_a_redirect_is_replayed_to_the_same_place(self):
        factory = RequestFactory()
        middleware = idempotency.IdempotencyMiddleware(lambda request: HttpResponse())
        responses = []
        for _ in range(3):
            request = factory.post("/test-form", {"x": "1", "submission_key": "abc"})
            request.user = SimpleNamespace(is_authenticated=True, pk=7)
            request._messages = SimpleNamespace(
                add=lambda *args, **kwargs: None, _queued_messages=[]
            )
            responses.append(middleware.process_view(request, _redirect, (), {}))
        assert Group.objects.count() == 1
        assert {r["Location"] for r in responses if r} == {"/done/"}
        assert IdempotencyKey.objects.get().owner == "user:7"


class TestFingerprint:
    def test_a_resent_upload_hashes_alike_whatever_its_multipart_boundary(self):
        factory = RequestFactory()
        prints = set()
        for boundary in ("AAAA", "BBBB"):
            upload = SimpleUploadedFile("a.docx", b"content")
            request = factory.post(
                "/f", {"t": "x", "file": upload, "csrfmiddlewaretoken": boundary},
                content_type=f"multipart/form-data; boundary={boundary}",
            )  # fmt: skip
            prints.add(idempotency.fingerprint(request))
        assert len(prints) == 1

    def test_another_file_or_path_is_another_request(self):
        factory = RequestFactory()
        one = factory.post("/f", {"file": SimpleUploadedFile("a.docx", b"one")})
        two = factory.post("/f", {"file": SimpleUploadedFile("a.docx", b"two")})
        three = factory.post("/g", {"file": SimpleUploadedFile("a.docx", b"one")})
        assert len({idempotency.fingerprint(r) for r in (one, two, three)}) == 3


def test_the_form_key_tag_gives_a_new_key_at_every_rendering():
    template = engines["django"].from_string("{% form_key %}")
    first, second = template.render({}), template.render({})
    assert first.startswith('<input type="hidden" name="submission_key" value="')
    assert first != second


def test_expired_keys_are_purged_and_fresh_ones_kept():
    now = timezone.now()
    for key, age in (("old", dt.timedelta(hours=25)), ("new", dt.timedelta(hours=23))):
        IdempotencyKey.objects.create(
            owner="user:1", key=key, method="POST", path="/x", fingerprint="f", status=302,
            nonce="n", claimed_at=now - age, created_at=now - age,
        )  # fmt: skip
    call_command("purge_idempotency_keys", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert list(IdempotencyKey.objects.values_list("key", flat=True)) == ["new"]


def test_the_openapi_document_names_the_header_on_every_authenticated_write_only():
    paths = Client().get("/api/v1/openapi.json").json()["paths"]
    with_header = {
        (method, url)
        for url, operations in paths.items()
        for method, operation in operations.items()
        if any(p["name"] == "Idempotency-Key" for p in operation.get("parameters", []))
    }
    assert ("post", "/api/v1/consultations/{id}/opinions") in with_header
    assert ("post", "/api/v1/auth/token") not in with_header  # anonymous: nothing is kept
    assert {method for method, _url in with_header} == {"post"}
