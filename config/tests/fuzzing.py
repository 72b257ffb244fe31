"""The schemathesis probe behind test_schemathesis.py (this module holds no tests).

Requests go straight into Django's WSGI handler in this thread, so they see the test's database
transaction; each runs in a savepoint that is rolled back, and Django's per-request connection
closing is switched off meanwhile (Django's own test client does the same).
"""

from __future__ import annotations

import logging
import sys
import traceback
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.result import Err
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from config.tests.populated import Populated
from danchu.consultations.tests.test_draft_docx import draft_docx
from danchu.people.tokens import make_token

# Generated requests per operation and mode (valid input, then invalid): the run stays about a
# minute on SQLite on a small machine while every operation meets both kinds of input.
EXAMPLES = {GenerationMode.POSITIVE: 50, GenerationMode.NEGATIVE: 30}
# Valid input must also get an answer of the documented shape; invalid input only no 5xx.
CHECKS: dict[GenerationMode, list[Any]] = {
    GenerationMode.POSITIVE: [
        not_a_server_error, response_schema_conformance, content_type_conformance,
    ],
    GenerationMode.NEGATIVE: [not_a_server_error],
}  # fmt: skip
SCHEMA_URL = "/api/v1/openapi.json"
SETTINGS = settings(
    max_examples=1,  # replaced per mode
    deadline=None,
    derandomize=True,  # CI sees the same requests every run
    database=None,  # no .hypothesis/ directory in the repository
    phases=[Phase.explicit, Phase.generate],  # no shrinking: the first failure is reported
    suppress_health_check=list(HealthCheck),
)


class Probe:
    def __init__(self, populated: Populated) -> None:
        own, other = populated.own, populated.other
        self.app = WSGIHandler()
        self.headers = {
            "Authorization": f"Bearer {make_token(own.head)}",
            "Accept-Language": "vi",
        }
        with _in_process():  # the document the API serves, as a client reads it
            self.schema = schemathesis.openapi.from_wsgi(SCHEMA_URL, self.app, headers=self.headers)
        # Ids of real records by the path segment before `{id}`, and by parameter name.
        self.real: dict[str, list[int]] = {
            "disclosures": [s.disclosure.pk for s in (own, other)],
            "consultations": [c.pk for s in (own, other) for c in (s.consultation, s.closed)],
            "opinions": [s.opinion_id for s in (own, other)],
            "units": [s.unit.pk for s in (own, other)],
            "attachment_id": [s.attachment_id for s in (own, other)],
            "conferences": [s.conference.pk for s in (own, other)],
            "votes": [v.pk for s in (own, other) for v in (s.vote, s.closed_vote)],
            "vote_id": [v.pk for s in (own, other) for v in (s.vote, s.closed_vote)],
            "conference-requests": [s.conference_request.pk for s in (own, other)],
            "resolution-reviews": [s.review.pk for s in (own, other)],
            "steering-committees": [s.committee.pk for s in (own, other)],
            "offline-records": [s.offline.pk for s in (own, other)],
        }
        self.docx = draft_docx()
        self.sent = 0  # requests made
        self.answers: Counter[tuple[str, int]] = Counter()  # (operation, status) → how many

    def labels(self) -> list[str]:
        """Every operation's label ("GET /api/v1/units")."""
        labels = []
        for result in self.schema.get_all_operations():
            if isinstance(result, Err):  # a schema the tool cannot read is a failure, not a skip
                raise result.err()
            labels.append(result.ok().label)
        return labels

    def run(self, label: str) -> list[str]:
        """Fuzz one operation; the failures found, one description each (first of each kind)."""
        operation = self.schema.find_operation_by_label(label)
        assert operation is not None, label
        found: dict[str, str] = {}
        with _in_process():
            for mode, examples in EXAMPLES.items():
                self._fuzz(operation, mode, examples, found)
        return list(found.values())

    def _fuzz(self, operation: Any, mode: GenerationMode, examples: int, found: dict) -> None:
        @settings(SETTINGS, max_examples=examples)
        @given(case=operation.as_strategy(generation_mode=mode), real=st.data())
        def fuzz(case: Any, real: st.DataObject) -> None:
            self._use_real_ids(case, real)
            failure = self._send(case, CHECKS[mode])
            if failure:
                kind = failure.splitlines()[0]
                found.setdefault(kind, f"{mode.value} {failure}\n{case.as_curl_command()}")

        fuzz()

    def _use_real_ids(self, case: Any, data: st.DataObject) -> None:
        """Half the time, point each id in the path, and a body's `unit_id`, at a real record
        (of either agency), and send a real .docx draft where a file is asked for."""
        segments = case.operation.path.strip("/").split("/")
        for name in list(case.path_parameters or {}):
            key = name if name in self.real else _segment_before(segments, name)
            if key in self.real and data.draw(st.booleans()):
                case.path_parameters[name] = data.draw(st.sampled_from(self.real[key]))
        if isinstance(case.body, dict) and "unit_id" in case.body and data.draw(st.booleans()):
            case.body["unit_id"] = data.draw(st.sampled_from(self.real["units"]))
        if isinstance(case.body, dict) and "draft" in case.body and data.draw(st.booleans()):
            case.body["draft"] = self.docx

    def _send(self, case: Any, checks: list[Any]) -> str | None:
        errors: list[str] = []

        def keep(sender: Any, **kwargs: Any) -> None:
            errors.append("".join(traceback.format_exception(*sys.exc_info())))

        signals.got_request_exception.connect(keep)
        try:
            with transaction.atomic():
                response = case.call(app=self.app, headers=self.headers)
                self.sent += 1
                self.answers[case.operation.label, response.status_code] += 1
                transaction.set_rollback(True)
        finally:
            signals.got_request_exception.disconnect(keep)
        try:
            case.validate_response(response, checks=checks)
        except AssertionError as failure:
            message = str(failure)
        except BaseExceptionGroup as group:
            message = "\n".join(str(error) for error in group.exceptions)
        else:
            return None
        return f"{case.operation.label} → {response.status_code}: {message}\n" + "".join(errors)


def _segment_before(segments: list[str], name: str) -> str:
    index = segments.index("{" + name + "}")
    return segments[index - 1] if index else ""


@contextmanager
def _in_process() -> Iterator[None]:
    """Keep the test's connection (and its transaction) open across requests."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    log = logging.getLogger("django.request")  # hundreds of 4xx lines; a 5xx is reported above
    level = log.level
    log.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        log.setLevel(level)
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)
