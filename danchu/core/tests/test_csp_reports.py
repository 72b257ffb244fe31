"""The report endpoint logs a browser's CSP violation report and refuses anything else."""

import json
import logging

import pytest
from django.test import Client
from django.urls import reverse

from danchu.core.csp_reports import MAX_FIELD_CHARS, MAX_REPORT_BYTES

REPORT = {
    "csp-report": {
        "document-uri": "http://testserver/",
        "violated-directive": "script-src-elem",
        "effective-directive": "script-src-elem",
        "blocked-uri": "inline",
        "line-number": 12,
        "original-policy": "default-src 'self'",
        "cookie": "not a report field",
    }
}


def logged(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [record for record in caplog.records if record.name == "danchu.csp"]


def post(body: bytes | str, content_type: str = "application/csp-report") -> int:
    client = Client(enforce_csrf_checks=True)  # browsers send no CSRF token
    return client.post(reverse("csp_report"), body, content_type=content_type).status_code


def test_a_report_is_logged_with_its_known_fields_only(caplog):
    with caplog.at_level(logging.WARNING, logger="danchu.csp"):
        assert post(json.dumps(REPORT)) == 204
    [record] = logged(caplog)
    assert "script-src-elem" in record.getMessage()
    assert "'line-number': '12'" in record.getMessage()
    assert "not a report field" not in record.getMessage()


def test_long_values_are_cut_and_newlines_cannot_forge_log_lines(caplog):
    sample = "\nFAKE LOG LINE " + "x" * 2000
    report = {"csp-report": {"script-sample": sample}}
    with caplog.at_level(logging.WARNING, logger="danchu.csp"):
        assert post(json.dumps(report)) == 204
    [message] = [record.getMessage() for record in logged(caplog)]
    assert "\n" not in message
    assert message.count("x") <= MAX_FIELD_CHARS


@pytest.mark.parametrize(
    "body", [b"not json", b"\xff\xfe", b"[]", b'{"csp-report": "text"}', b'{"other": {}}']
)
def test_malformed_reports_are_refused_and_not_logged(body, caplog):
    with caplog.at_level(logging.WARNING, logger="danchu.csp"):
        assert post(body) == 400
    assert not logged(caplog)


def test_an_oversized_report_is_refused_unread(caplog):
    big = {"csp-report": {"script-sample": "x" * MAX_REPORT_BYTES}}
    with caplog.at_level(logging.WARNING, logger="danchu.csp"):
        assert post(json.dumps(big)) == 413
    assert not logged(caplog)


def test_only_post_is_allowed(client):
    assert client.get(reverse("csp_report")).status_code == 405


def test_a_form_post_is_refused_not_a_server_error(caplog):
    """Found by the permission matrix: a multipart form's body is read by the middleware that
    looks for a one-time key, so the view must not read it again as JSON."""
    client = Client()
    with caplog.at_level(logging.WARNING, logger="danchu.csp"):
        response = client.post(reverse("csp_report"), {"csp-report": "x"})
    assert response.status_code == 400
    assert not logged(caplog)
