"""The people API: tokens, the current user, the unit tree and the people in it.

Reads go through `queries`, so what the user may not see is absent: 404, never 403.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import authenticate
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import P, PathEx, QueryEx, Router, Status

from danchu.core.pagination import window
from danchu.organizations.models import Unit, UnitKind
from danchu.people.models import User
from danchu.people.permissions import Action
from danchu.people.queries import (
    active_roles,
    attach_counts,
    people_under,
    unit_list,
    visible_unit,
)
from danchu.people.schemas import (
    CredentialsIn,
    ErrorOut,
    MeOut,
    PersonPage,
    TokenOut,
    UnitDetailOut,
    UnitPage,
)
from danchu.people.tokens import make_token

router = Router(tags=["people"])

MAX_LIMIT = 200

# Shared query parameters of the list endpoints.
Limit = QueryEx[int, P(ge=1, le=MAX_LIMIT, description="Page size (at most 200).")]
# Beyond any real id or list (a bigint's range): a larger number is refused as invalid (422)
# instead of reaching the database, where it overflows.
MAX_NUMBER = 2**63 - 1
Offset = QueryEx[int, P(ge=0, le=MAX_NUMBER, description="Rows to skip.")]
Id = PathEx[int, P(ge=1, le=MAX_NUMBER, description="The record's id.")]
Search = QueryEx[str, P(max_length=200, description="Words to find, accents optional.")]

# The error answers every endpoint documents (config/api.py maps them once).
ERRORS: dict[int, Any] = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut}
WRITE_ERRORS: dict[int, Any] = {**ERRORS, 403: ErrorOut, 409: ErrorOut}


def _found(unit: Unit | None) -> Unit:
    if unit is None:
        raise Http404
    return unit


def api_user(request: HttpRequest) -> User:
    """The authenticated caller (a session or a bearer token)."""
    user = request.auth  # type: ignore[attr-defined]
    assert isinstance(user, User)
    return user


@router.post(
    "/auth/token",
    auth=None,
    response={200: TokenOut, 401: ErrorOut, 422: ErrorOut, 429: ErrorOut},
)
def obtain_token(request: HttpRequest, credentials: CredentialsIn) -> Status[dict[str, Any]]:
    """Exchange a username and password for a bearer token (revoked by a password change).

    After too many wrong passwords for one account from one address, that account is refused
    from that address for a while: 429 `too_many_attempts` with `Retry-After` in seconds
    (danchu.people.lockout answers it)."""
    user = authenticate(request, username=credentials.username, password=credentials.password)
    if not isinstance(user, User):  # wrong credentials, or an inactive account
        detail = _("Incorrect username or password.")
        return Status(401, {"detail": detail, "code": "invalid_credentials", "errors": []})
    return Status(200, {"token": make_token(user)})


@router.get("/me", response={200: MeOut, 401: ErrorOut})
def me(request: HttpRequest) -> dict[str, Any]:
    """The current user and the roles they hold today."""
    user = api_user(request)
    roles = active_roles(user.person) if user.person is not None else []
    return {
        "username": user.get_username(),
        "full_name": user.display_name,
        "person_id": user.person_id,
        "roles": [{"unit_id": r.unit_id, "role": r.role} for r in roles],
    }


@router.get("/units", response={200: UnitPage, **ERRORS})
def list_units(
    request: HttpRequest,
    parent: int | None = None,
    kind: UnitKind | None = None,
    q: Search = "",
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Units the user can see: the children of `parent`, else the user's roots.

    Without `parent`, a `q` or `kind` searches every unit the user can see.
    """
    user = api_user(request)
    parent_unit = _found(visible_unit(user, parent)) if parent is not None else None
    units = unit_list(user, parent=parent_unit, q=q.strip(), kind=kind or "")
    page = window(units, offset=offset, limit=limit)
    return {**page, "items": attach_counts(page["items"])}


@router.get("/units/{id}", response={200: UnitDetailOut, **ERRORS})
def get_unit(request: HttpRequest, id: Id) -> Unit:
    """One unit with figures for its whole subtree (`subtree`)."""
    return attach_counts([_found(visible_unit(api_user(request), id))])[0]


@router.get("/units/{id}/people", response={200: PersonPage, **ERRORS})
def list_people(
    request: HttpRequest, id: Id, q: Search = "", limit: Limit = 50, offset: Offset = 0
) -> dict[str, Any]:
    """People working in the unit or below it, in Vietnamese alphabetical order."""
    user = api_user(request)
    unit = _found(visible_unit(user, id, Action.VIEW_PEOPLE))
    return window(people_under(user, unit, q), offset=offset, limit=limit)
