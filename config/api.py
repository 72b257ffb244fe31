"""The JSON API under /api/v1/: authentication, every app's router, and the one error mapping.

Every error answer has the same body, in the request's language (LocaleMiddleware):
`{"detail": <message to show>, "code": <stable code>, "errors": [<per-field details>]}`.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.openapi.schema import OpenAPISchema
from ninja.parser import Parser
from ninja.security import HttpBearer, django_auth
from ninja.types import DictStrAny

from danchu.audit.api import router as audit_router
from danchu.compliance.api import router as compliance_router
from danchu.conferences import board_api, calls_api, records_api
from danchu.conferences.api import router as conferences_router
from danchu.consultations.api import router as consultations_router
from danchu.core.errors import DomainError
from danchu.core.idempotency import document_header
from danchu.disclosures.api import router as disclosures_router
from danchu.disclosures.public_api import router as public_router
from danchu.people.api import router as people_router
from danchu.people.models import User
from danchu.people.tokens import user_for_token

# django-ninja's SessionAuth refuses an unsafe request without a CSRF token with this message.
_NINJA_CSRF_MESSAGE = "CSRF check Failed"


class BearerToken(HttpBearer):
    """`Authorization: Bearer <token>` with a token from POST /api/v1/auth/token."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = user_for_token(token)
        if user is not None:
            request.user = user  # services and queries see the same user as under a session
        return user


class MalformedBody(ValueError):
    """The body is not JSON at all (as opposed to JSON of the wrong shape)."""


class UnstorableText(MalformedBody):
    """A JSON string holds what no text column can: a NUL or an unpaired surrogate (`\\ud800`)."""


def _check_text(value: Any) -> None:
    if isinstance(value, str):
        if "\x00" in value:
            raise UnstorableText("NUL (\\u0000) is not allowed in text.")
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as error:
            raise UnstorableText("Unpaired surrogates (\\ud800-\\udfff) are not text.") from error
    elif isinstance(value, dict):
        for key, item in value.items():
            _check_text(key)
            _check_text(item)
    elif isinstance(value, list):
        for item in value:
            _check_text(item)


class JsonParser(Parser):
    def parse_body(self, request: HttpRequest) -> DictStrAny:
        try:
            body = super().parse_body(request)
        except ValueError as error:  # JSONDecodeError and UnicodeDecodeError
            raise MalformedBody(str(error)) from error
        _check_text(body)
        return body


class DanchuAPI(NinjaAPI):
    """The OpenAPI document also names the `Idempotency-Key` header (danchu.core.idempotency)."""

    def get_openapi_schema(self, **kwargs: Any) -> OpenAPISchema:
        schema = super().get_openapi_schema(**kwargs)
        document_header(schema)
        return schema


api = DanchuAPI(
    title="danchu API",
    version="1",
    description="Grassroots democracy for Vietnamese agencies and public service units.",
    urls_namespace="api",
    auth=[BearerToken(), django_auth],
    parser=JsonParser(),
)

api.add_router("/", people_router)
api.add_router("/", disclosures_router)
api.add_router("/", consultations_router)
api.add_router("/", conferences_router)
api.add_router("/", compliance_router)
for part in (calls_api, records_api, board_api):
    api.add_router("/", part.router)
api.add_router("/", public_router)  # GET /verify: no login (the endpoint sets auth=None)
api.add_router("/", audit_router)  # GET /audit/checkpoints: no login (auth=None)


def error_response(
    request: HttpRequest,
    status: int,
    detail: str,
    code: str,
    errors: list[dict[str, Any]] | None = None,
) -> HttpResponse:
    body = {"detail": detail, "code": code, "errors": errors or []}
    return api.create_response(request, body, status=status)


@api.exception_handler(DomainError)
def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return error_response(request, exc.status_code, str(exc.message), exc.code, exc.errors)


@api.exception_handler(PermissionDenied)
def permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return error_response(request, 403, _("You do not have permission to do this."), "forbidden")


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    # One answer for "missing" and "not yours": the message never says which.
    return error_response(request, 404, _("Not found."), "not_found")


@api.exception_handler(ValidationError)
def invalid_request(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = [
        {
            "field": ".".join(str(part) for part in error.get("loc", ())[1:]),
            "location": str(error.get("loc", ("",))[0]),
            "messages": [str(error.get("msg", ""))],
        }
        for error in exc.errors
    ]
    detail = _("The request is not valid; see “errors” for each field.")
    return error_response(request, 422, detail, "invalid", errors)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if isinstance(exc.__cause__, UnstorableText):
        detail = _(
            "The request holds characters that text cannot contain (NUL or unpaired surrogates)."
        )
        errors = [{"field": "", "location": "body", "messages": [str(exc.__cause__)]}]
        return error_response(request, 422, detail, "invalid_text", errors)
    if isinstance(exc.__cause__, MalformedBody):
        detail = _("The request body is not valid JSON.")
        errors = [{"field": "", "location": "body", "messages": [str(exc.__cause__)]}]
        return error_response(request, 422, detail, "malformed_body", errors)
    if isinstance(exc, AuthenticationError):
        response = error_response(
            request,
            401,
            _("Authentication required: log in or send a bearer token."),
            "unauthenticated",
        )
        response["WWW-Authenticate"] = "Bearer"
        return response
    if exc.status_code == 403 and exc.message == _NINJA_CSRF_MESSAGE:
        detail = _("CSRF check failed: send the X-CSRFToken header with the csrftoken cookie.")
        return error_response(request, 403, detail, "csrf_failed")
    return error_response(request, exc.status_code, exc.message, _http_code(exc.status_code))


def _http_code(status: int) -> str:
    return {400: "bad_request", 403: "forbidden", 404: "not_found", 429: "throttled"}.get(
        status, "error"
    )
