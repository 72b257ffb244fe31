"""schemathesis against /api/v1/openapi.json, in process: 0 server errors on any input (issue 11,
finding 3). Every operation gets a bounded number of generated requests, valid and invalid, sent
with the bearer token of the agency's head into a populated world (config/tests/populated.py);
path ids are drawn half the time from real records of both agencies, so the endpoints get past
their 404s. Each request runs in a savepoint rolled back afterwards: every example meets the same
world (built once for all operations), and the run is reproducible (derandomized). The probe
itself is in fuzzing.py; the targeted regression test of each error it found is in
test_bad_input.py."""

from __future__ import annotations

import pytest

from config.tests.fuzzing import Probe
from config.tests.populated import populate

pytestmark = pytest.mark.django_db


def test_no_input_makes_a_server_error(world, member_of, frozen, settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    probe = Probe(populate(world, member_of))
    labels = probe.labels()
    assert len(labels) >= 25  # the whole API, not a schema that failed to load
    failures = [failure for label in labels for failure in probe.run(label)]
    assert not failures, f"{len(failures)} failures:\n\n" + "\n\n".join(failures)
    assert probe.sent >= 20 * len(labels)  # each operation really got its examples
    # The token works and the real ids reach records: every read answered 2xx at least once
    # (a new path parameter needs its records in Probe.real).
    answered = {label for (label, status), _ in probe.answers.items() if status < 300}
    unread = [label for label in labels if label.startswith("GET ") and label not in answered]
    assert not unread, f"never answered 2xx: {unread}"
