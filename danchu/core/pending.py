"""Answers waiting on a "Check your answers" page for their confirmation (issue 12).

An irreversible act (publish to everyone, close a consultation early, publish a synthesis, adopt a
regulation) takes two POSTs, after the GOV.UK Design System's "Check answers" pattern: the form's
POST validates the answers and keeps them here, in the session, under a random token; the check
page shows them, with "Change" links (`?answers=<token>` refills the form) and one Confirm button
that posts the token back (with a one-time `{% form_key %}`, so a double click acts once). Nothing
of the act is written before that POST, and the confirming view validates the kept answers again.

Files are staged, not carried in the page. A browser never refills a file input, so the check page
cannot send them again; carrying them in hidden fields (base64) would upload each file twice and
make the page as heavy as the files. So the files checked on the first POST are written once under
`MEDIA_ROOT/staging/<token>/` and only their names go in the session; the confirming POST reads
them back from there, and they are deleted once the act is done or abandoned. Staged files older
than `STALE_AFTER` are removed whenever something new is staged (and, as files no row names, by
the orphan-file sweep of danchu.core.files).
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpRequest, QueryDict
from django.utils.datastructures import MultiValueDict

SESSION_KEY = "danchu_pending"
STAGING = "staging"
STALE_AFTER = 24 * 60 * 60  # seconds
KEPT_PER_SESSION = 5  # answers kept at once; the oldest go first
_NOT_KEPT = frozenset({"csrfmiddlewaretoken", "submission_key", "answers", "confirm"})


@dataclass
class Pending:
    """Answers kept for a check page: the form's data, and the staged files' names."""

    token: str
    data: QueryDict
    names: list[str] = field(default_factory=list)  # as uploaded, in order

    def files(self) -> MultiValueDict[str, Any]:
        """The staged files as uploads again, for the form (under their form field)."""
        uploads = []
        for index, name in enumerate(self.names):
            with default_storage.open(_staged(self.token, index), "rb") as stored:
                uploads.append(SimpleUploadedFile(name, stored.read()))
        return MultiValueDict({"attachments": uploads} if uploads else {})


def _staged(token: str, index: int) -> str:
    return f"{STAGING}/{token}/{index}"


def _store(request: HttpRequest) -> dict[str, Any]:
    return dict(request.session.get(SESSION_KEY, {}))


def keep(
    request: HttpRequest, act: str, data: Mapping[str, Any], uploads: Iterable[Any] = ()
) -> Pending:
    """Keep the answers of `act` (and stage `uploads`) until confirmed; the token to name them."""
    purge_stale()
    token = secrets.token_urlsafe(16)
    lists = data.lists() if isinstance(data, QueryDict) else data.items()
    fields = {name: list(values) for name, values in lists if name not in _NOT_KEPT}
    names = []
    for index, upload in enumerate(uploads):
        upload.seek(0)
        default_storage.save(_staged(token, index), ContentFile(upload.read()))
        names.append(str(upload.name))
    store = _store(request)
    store[token] = {"act": act, "data": fields, "names": names, "at": time.time()}
    for old in sorted(store, key=lambda t: store[t]["at"])[:-KEPT_PER_SESSION]:
        _forget(store, old)
    request.session[SESSION_KEY] = store
    return answers(request, act, token)  # type: ignore[return-value]


def answers(request: HttpRequest, act: str, token: str | None) -> Pending | None:
    """The answers kept under `token` for `act`, or None (unknown, another act's, or dropped)."""
    kept = _store(request).get(token or "")
    if kept is None or kept["act"] != act:
        return None
    data = QueryDict(mutable=True)
    for name, values in kept["data"].items():
        data.setlist(name, values)
    return Pending(str(token), data, list(kept["names"]))


def drop(request: HttpRequest, token: str) -> None:
    """The act is done: forget its answers and delete its staged files."""
    store = _store(request)
    _forget(store, token)
    request.session[SESSION_KEY] = store


def _forget(store: dict[str, Any], token: str) -> None:
    kept = store.pop(token, None)
    for index in range(len(kept["names"]) if kept else 0):
        default_storage.delete(_staged(token, index))


def purge_stale(*, now: float | None = None) -> int:
    """Delete the staged files older than STALE_AFTER (abandoned check pages); how many."""
    cutoff = (now or time.time()) - STALE_AFTER
    try:
        folders, _files = default_storage.listdir(STAGING)
    except FileNotFoundError:
        return 0
    removed = 0
    for folder in folders:
        for name in default_storage.listdir(f"{STAGING}/{folder}")[1]:
            path = f"{STAGING}/{folder}/{name}"
            if default_storage.get_modified_time(path).timestamp() < cutoff:
                default_storage.delete(path)
                removed += 1
    return removed
