"""What the conference's pages share: the signed-in user, and the check-your-answers page of an
irreversible act (check_page.html; docs/page-patterns.md)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.functional import Promise

from danchu.conferences import permissions, queries
from danchu.conferences.models import Conference
from danchu.people.models import User

Text = str | Promise


def user(request: HttpRequest) -> User:
    """The signed-in user (the views are behind login_required)."""
    assert isinstance(request.user, User)
    return request.user


def managed(request: HttpRequest, pk: int) -> Conference:
    """A conference the user manages (the head's side); 404 for anyone else."""
    conference = queries.conference(request.user, pk)
    if not permissions.can_manage(request.user, conference):
        raise Http404
    return conference


def check_page(
    request: HttpRequest,
    *,
    heading: Text,
    facts: Sequence[Text],
    cannot_undo: Sequence[Text],
    rows: list[dict[str, Any]],
    action: str,
    button: Text,
    back: str,
) -> HttpResponse:
    """What will happen, what cannot be undone, the answers, and one Confirm button posting to
    `action` (the act itself checks again: the page only shows)."""
    context = {"heading": heading, "facts": facts, "cannot_undo": cannot_undo, "rows": rows,
               "action": action, "token": "", "button": button, "back": back}  # fmt: skip
    return render(request, "check_page.html", context)
