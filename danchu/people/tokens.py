"""Stateless API tokens: a signed, timestamped user id bound to the user's current password hash.

Nothing is stored: a token is valid while its signature checks, it is younger than
`settings.API_TOKEN_MAX_AGE` seconds, its user is active, and that user's password hash is the
one it was issued against — so changing (or disabling) the password revokes every token at once,
and so does rotating `SECRET_KEY`.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import signing
from django.utils.crypto import constant_time_compare, salted_hmac

from danchu.core.cached_reads import expect_person, expect_user
from danchu.people.backends import load_user
from danchu.people.models import User

SALT = "danchu.api-token"
_HASH_SALT = "danchu.api-token.password"


def _password_digest(user: User) -> str:
    return salted_hmac(_HASH_SALT, user.password, algorithm="sha256").hexdigest()


def make_token(user: User) -> str:
    """A bearer token for `user`, valid until it expires or the password changes."""
    return signing.dumps({"u": user.pk, "p": _password_digest(user)}, salt=SALT)


def _payload(token: str) -> tuple[int, str] | None:
    try:
        data: Any = signing.loads(token, salt=SALT, max_age=settings.API_TOKEN_MAX_AGE)
    except signing.BadSignature:  # tampered, foreign or expired (SignatureExpired)
        return None
    if not isinstance(data, dict):
        return None
    user_id, digest = data.get("u"), data.get("p")
    if not isinstance(user_id, int) or not isinstance(digest, str):
        return None
    return user_id, digest


def user_for_token(token: str) -> User | None:
    """The active user a valid token was issued to, or None."""
    payload = _payload(token)
    if payload is None:
        return None
    user_id, digest = payload
    expect_user(user_id)  # the account's own tokens come with the request's first ones
    user = load_user(user_id)  # cached, as for a session, until the account changes
    if user is None or not user.is_active:
        return None
    if not constant_time_compare(digest, _password_digest(user)):
        return None
    expect_person(user.person_id)
    return user
