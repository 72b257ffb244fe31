"""The standalone verifier (`tools/verify_bulletin.py`) recounts what the app published: for
random ballots of every kind the published tally and outcome equal its recount (a property test),
and a bulletin changed in any way fails it."""

from __future__ import annotations

import copy
import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from danchu.conferences import booth, voting
from danchu.conferences.counting import CONFIDENCE_LEVELS, MOTION_CHOICES

pytestmark = pytest.mark.django_db

SCRIPT = Path(__file__).resolve().parents[3] / "tools" / "verify_bulletin.py"


def verifier() -> ModuleType:
    spec = importlib.util.spec_from_file_location("verify_bulletin", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


VERIFIER = verifier()


def published(hall: Any, kind: str, ballots: list[Any], *, seats: int | None = None) -> dict:
    candidates = [u.person_id for u in hall.voters[1:5]] if kind != "motion" else []
    vote = voting.create_vote(
        actor=hall.head, conference=hall.conference, title=f"Phiếu {kind}", kind=kind,
        secret=True, candidate_ids=candidates, seats=seats,
    )  # fmt: skip
    voting.open_vote(actor=hall.head, vote=vote)
    tokens = booth.issue_slips(actor=hall.counters[0], vote=vote)
    for token, choices in zip(tokens, ballots, strict=False):
        booth.cast_secret(vote_id=vote.pk, token=token, choices=choices(candidates))
    voting.close_vote(actor=hall.head, vote=vote)
    answer = Client().get(f"/api/v1/votes/{vote.pk}/bulletin")  # anyone, no login
    assert answer.status_code == 200
    return answer.json()


motion = st.sampled_from(MOTION_CHOICES).map(lambda choice: lambda _c: [choice])
election = st.lists(st.integers(0, 3), max_size=2, unique=True).map(
    lambda picks: lambda c: [c[i] for i in picks]
)
confidence = st.lists(
    st.tuples(st.integers(0, 3), st.sampled_from(CONFIDENCE_LEVELS)),
    max_size=4,
    unique_by=lambda t: t[0],
).map(lambda rated: lambda c: [{"candidate_id": c[i], "level": level} for i, level in rated])
KINDS = {"motion": motion, "election": election, "confidence": confidence}


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_the_published_result_always_equals_the_verifiers_recount(hall, data):
    kind = data.draw(st.sampled_from(sorted(KINDS)))
    ballots = data.draw(st.lists(KINDS[kind], max_size=10))
    bulletin = published(hall, kind, ballots, seats=2 if kind == "election" else None)
    problems, _report = VERIFIER.verify(bulletin)
    assert problems == []
    assert (
        VERIFIER.recount(
            kind,
            [b["choices"] for b in bulletin["ballots"]],
            [c["id"] for c in bulletin["vote"]["candidates"]],
        )
        == bulletin["tally"]
    )
    assert bulletin["ballots_cast"] == len(ballots)


def tampered(bulletin: dict, change: str) -> dict:
    copied = copy.deepcopy(bulletin)
    if change == "choice":
        copied["ballots"][0]["choices"] = ["disagree"]
    elif change == "dropped":
        copied["ballots"].pop()
    elif change == "tally":
        copied["tally"]["agree"] += 1
    elif change == "outcome":
        copied["outcome"]["adopted"] = not copied["outcome"]["adopted"]
    elif change == "present":
        copied["vote"]["present"] += 5
    return copied


@pytest.mark.parametrize("change", ["choice", "dropped", "tally", "outcome", "present"])
def test_a_changed_bulletin_fails(hall, change, tmp_path):
    bulletin = published(hall, "motion", [lambda _c: ["agree"]] * 6 + [lambda _c: ["abstain"]])
    path = tmp_path / "bulletin.json"
    path.write_text(json.dumps(tampered(bulletin, change), ensure_ascii=False), encoding="utf-8")
    problems, _report = VERIFIER.verify(json.loads(path.read_text(encoding="utf-8")))
    assert problems
    assert any("digest" in problem for problem in problems)  # whatever changed, the hash shows


def test_the_script_runs_without_django_and_finds_a_tracker(hall, tmp_path):
    bulletin = published(hall, "motion", [lambda _c: ["agree"]] * 7)
    path = tmp_path / "bulletin.json"
    path.write_text(json.dumps(bulletin, ensure_ascii=False), encoding="utf-8")
    tracker = bulletin["ballots"][3]["tracker"]
    # -S: without site-packages, so Django (or anything installed) cannot be imported.
    run = subprocess.run(
        [sys.executable, "-S", str(SCRIPT), str(path), "--tracker", tracker.lower()],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert run.returncode == 0, run.stdout + run.stderr
    assert "OK" in run.stdout
    assert f"your ballot {tracker.lower()}: ['agree']" in run.stdout
    path.write_text(json.dumps(tampered(bulletin, "choice")), encoding="utf-8")
    failed = subprocess.run(
        [sys.executable, "-S", str(SCRIPT), str(path)], capture_output=True, text=True, check=False
    )
    assert failed.returncode == 1
    assert "DOES NOT MATCH" in failed.stdout
