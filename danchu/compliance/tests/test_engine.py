"""The obligation engine on its own (no database): each rule of the catalogue against the facts
that meet, delay or miss it, each test naming the article it checks."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from danchu.compliance import engine
from danchu.compliance.catalogue import CatalogueError, parse
from danchu.compliance.engine import FactRow, UnitInfo

APPS = Path(__file__).resolve().parents[2]
AGENCY = UnitInfo(id=1, kind="state_agency", staff=40)
ORG = UnitInfo(id=2, kind="party_organization", staff=0)
D = dt.date


def rule(code: str):
    for path in APPS.glob("*/obligations.json"):
        for entry in json.loads(path.read_text()):
            if entry["code"] == code:
                return parse(entry, path.name)
    raise LookupError(code)


def statuses(code, unit, year, facts, today):
    return [
        (o.key, o.due_on, o.status) for o in engine.evaluate(rule(code), unit, year, facts, today)
    ]


class TestAnnualConference:
    """Law 10/2022/QH15 art. 51.1: held within 3 months after the work year ends; art. 51.2.đ:
    optional with 7 staff or fewer."""

    def held(self, on, year, kind="annual", fid=1):
        return FactRow(fid, "conference.held", on, "9", {"year": year, "kind": kind})

    def test_held_by_the_end_of_march_is_met(self):
        facts = [self.held(D(2026, 3, 31), 2025)]
        assert statuses("annual_conference", AGENCY, 2026, facts, D(2026, 12, 1)) == [
            ("2025", D(2026, 3, 31), "met")
        ]

    def test_held_in_april_is_late_and_none_is_missed_after_the_deadline(self):
        facts = [self.held(D(2026, 4, 1), 2025)]
        assert statuses("annual_conference", AGENCY, 2026, facts, D(2026, 12, 1))[0][2] == "late"
        assert statuses("annual_conference", AGENCY, 2026, [], D(2026, 4, 1))[0][2] == "missed"
        assert statuses("annual_conference", AGENCY, 2026, [], D(2026, 3, 31))[0][2] == "open"

    def test_an_extraordinary_conference_does_not_count(self):
        facts = [self.held(D(2026, 2, 1), 2025, kind="extraordinary")]
        assert statuses("annual_conference", AGENCY, 2026, facts, D(2026, 5, 1))[0][2] == "missed"

    def test_a_work_year_ending_in_august_is_due_in_november(self):
        school = UnitInfo(id=3, kind="public_service_unit", staff=60, work_year_end=(8, 31))
        facts = [self.held(D(2026, 10, 15), 2026)]
        assert statuses("annual_conference", school, 2026, facts, D(2026, 12, 1)) == [
            ("2026", D(2026, 11, 30), "met")
        ]

    def test_optional_with_seven_staff_or_fewer(self):
        small = UnitInfo(id=4, kind="state_agency", staff=7)
        assert statuses("annual_conference", small, 2026, [], D(2026, 12, 1)) == []
        grown = UnitInfo(id=4, kind="state_agency", staff=8)  # grew past 7 during the year
        assert statuses("annual_conference", grown, 2026, [], D(2026, 12, 1))[0][2] == "missed"


class TestDisclosure:
    """Law 10/2022/QH15 art. 47.2 (within 5 working days) and art. 48.1–2 (kept 20 days)."""

    def published(self, on, due, until, fid=5, version=1):
        return FactRow(
            fid,
            "disclosure.published",
            on,
            "77",
            {"due_on": due.isoformat(), "visible_until": until.isoformat(), "version": version},
        )

    def test_on_time_and_late(self):
        on_time = self.published(D(2026, 2, 20), D(2026, 2, 23), D(2026, 3, 12))
        late = self.published(D(2026, 2, 24), D(2026, 2, 23), D(2026, 3, 16), fid=6)
        assert [
            s
            for *_x, s in statuses(
                "disclosure_on_time", AGENCY, 2026, [on_time, late], D(2026, 6, 1)
            )
        ] == ["met", "late"]

    def test_a_corrected_version_is_not_a_new_duty(self):
        again = self.published(D(2026, 2, 24), D(2026, 2, 23), D(2026, 3, 16), version=2)
        assert statuses("disclosure_on_time", AGENCY, 2026, [again], D(2026, 6, 1)) == []

    def test_kept_twenty_days(self):
        kept = self.published(D(2026, 3, 1), D(2026, 3, 1), D(2026, 3, 21))
        short = self.published(D(2026, 3, 1), D(2026, 3, 1), D(2026, 3, 20), fid=6)
        got = statuses("disclosure_kept", AGENCY, 2026, [kept, short], D(2026, 3, 10))
        assert [s for *_x, s in got] == ["open", "missed"]
        got = statuses("disclosure_kept", AGENCY, 2026, [kept], D(2026, 3, 22))
        assert got == [("5", D(2026, 3, 21), "met")]


class TestInformationRequest:
    """Law 10/2022/QH15 art. 47: a request is answered by its due date."""

    def test_answered_in_time_late_or_never(self):
        asked = FactRow(
            1, "information_request.received", D(2026, 1, 26), "3", {"due_on": "2026-02-23"}
        )
        answered = FactRow(2, "information_request.answered", D(2026, 2, 24), "3", {})
        other = FactRow(3, "information_request.answered", D(2026, 2, 1), "4", {})
        assert (
            statuses("information_request_answered", AGENCY, 2026, [asked, other], D(2026, 2, 23))[
                0
            ][2]
            == "open"
        )
        assert (
            statuses("information_request_answered", AGENCY, 2026, [asked, other], D(2026, 2, 24))[
                0
            ][2]
            == "missed"
        )
        assert (
            statuses(
                "information_request_answered", AGENCY, 2026, [asked, answered], D(2026, 3, 1)
            )[0][2]
            == "late"
        )


class TestResolutionReview:
    """Law 10/2022/QH15 art. 52.3: reviewed every 6 months, the result told to all staff."""

    def test_two_reviews_a_year_each_linked_to_its_resolution(self):
        adopted = FactRow(1, "resolution.adopted", D(2026, 1, 20), "8", {})
        first = FactRow(
            2, "resolution.reviewed", D(2026, 7, 10), "30", {"resolution": 8, "period": 1}
        )
        elsewhere = FactRow(
            3, "resolution.reviewed", D(2026, 7, 10), "31", {"resolution": 9, "period": 2}
        )
        got = statuses(
            "resolution_review", AGENCY, 2026, [adopted, first, elsewhere], D(2026, 12, 1)
        )
        assert got == [("1.1", D(2026, 7, 20), "met")]
        got = statuses(
            "resolution_review", AGENCY, 2027, [adopted, first, elsewhere], D(2027, 1, 21)
        )
        assert got == [("1.2", D(2027, 1, 20), "missed")]


class TestSteeringAndBoard:
    """Directive 30-CT/TW (a steering committee set up and consolidated yearly); Law 10/2022
    art. 60.1 and 60.3 (a board with a 2-year term, none at 7 staff or fewer)."""

    def test_committee_in_place_until_dissolved(self):
        set_up = FactRow(1, "steering_committee.established", D(2021, 3, 1), "1", {})
        gone = FactRow(2, "steering_committee.dissolved", D(2026, 5, 1), "1", {})
        assert (
            statuses("steering_committee", ORG, 2025, [set_up, gone], D(2026, 12, 1))[0][2] == "met"
        )
        # Dissolved in May: the organisation falls short from then on, not only at the year's end.
        assert (
            statuses("steering_committee", ORG, 2026, [set_up, gone], D(2026, 4, 30))[0][2] == "met"
        )
        assert (
            statuses("steering_committee", ORG, 2026, [set_up, gone], D(2026, 5, 1))[0][2]
            == "missed"
        )
        assert (
            statuses("steering_committee", ORG, 2027, [set_up, gone], D(2026, 12, 1))[0][2]
            == "open"
        )
        assert statuses("steering_committee", AGENCY, 2026, [set_up], D(2026, 12, 1)) == []

    def test_consolidated_this_year(self):
        set_up = FactRow(1, "steering_committee.established", D(2021, 3, 1), "1", {})
        review = FactRow(2, "steering_committee.consolidated", D(2026, 2, 1), "1", {})
        assert (
            statuses("steering_committee_reviewed", ORG, 2025, [set_up, review], D(2026, 12, 1))[0][
                2
            ]
            == "missed"
        )
        assert (
            statuses("steering_committee_reviewed", ORG, 2026, [set_up, review], D(2026, 12, 1))[0][
                2
            ]
            == "met"
        )

    def test_board_term_must_be_running(self):
        term = FactRow(
            1,
            "inspection_board.term_started",
            D(2024, 1, 20),
            "5",
            {"term_start": "2024-01-20", "term_end": "2026-01-19"},
        )
        assert statuses("inspection_board", AGENCY, 2025, [term], D(2026, 12, 1))[0][2] == "met"
        assert statuses("inspection_board", AGENCY, 2026, [term], D(2027, 1, 1))[0][2] == "missed"
        assert (
            statuses("inspection_board", UnitInfo(5, "state_agency", 7), 2026, [], D(2027, 1, 1))
            == []
        )

    def test_offline_record_counts_and_is_marked_self_reported(self):
        paper = FactRow(9, "compliance.offline", D(2026, 3, 1), "1", {"rule": "annual_conference"})
        (outcome,) = engine.evaluate(
            rule("annual_conference"), AGENCY, 2026, [paper], D(2026, 5, 1)
        )
        assert (outcome.status, outcome.self_reported, outcome.evidence) == ("met", True, (9,))


class TestTet:
    """Law 10/2022 art. 47.2 counts the 5 days in working days (core.workdays: the Labour Code's
    holidays, lunar Tết included): a duty due 5 working days after its event skips Tết."""

    RULE = {
        "code": "answer_in_5_working_days",
        "title": {"vi": "x", "en": "x"},
        "pillar": "know",
        "applies_to": {"kinds": ["state_agency"]},
        "shape": "per_event",
        "trigger": {"kinds": ["request.received"]},
        "due": {"working_days": "@danchu.disclosures.rules.DUE_WORKING_DAYS"},
        "satisfied_by": {"kinds": ["request.answered"], "link": "target"},
    }

    def test_tet_inside_the_window_moves_the_due_date(self):
        rule = parse(self.RULE)
        # Friday 13/02/2026; Tết Bính Ngọ: the holidays run to Sunday 22/02/2026.
        asked = FactRow(1, "request.received", D(2026, 2, 13), "7", {})
        (outcome,) = engine.evaluate(rule, AGENCY, 2026, [asked], D(2026, 2, 21))
        assert outcome.due_on > D(2026, 2, 22)  # five working days after the holidays
        assert outcome.status == "open"
        answered = FactRow(2, "request.answered", D(2026, 2, 24), "7", {})
        (outcome,) = engine.evaluate(rule, AGENCY, 2026, [asked, answered], D(2026, 3, 31))
        assert outcome.status == "met"  # within the window once Tết is skipped

    def test_without_tet_the_same_answer_would_be_late(self):
        rule = parse(self.RULE)
        asked = FactRow(1, "request.received", D(2026, 3, 6), "7", {})  # a Friday
        answered = FactRow(2, "request.answered", D(2026, 3, 16), "7", {})  # 6 working days on
        (outcome,) = engine.evaluate(rule, AGENCY, 2026, [asked, answered], D(2026, 3, 31))
        assert (outcome.due_on, outcome.status) == (D(2026, 3, 13), "late")


def test_a_broken_entry_is_refused_with_its_field():
    with pytest.raises(CatalogueError, match=r"due\.months"):
        parse(
            {
                "code": "x",
                "title": {"vi": "x", "en": "x"},
                "pillar": "know",
                "shape": "yearly",
                "applies_to": {"kinds": ["state_agency"]},
                "due": {"anchor": "work_year_end", "months": "@danchu.nothing.HERE"},
                "satisfied_by": {"kinds": ["a"]},
            }
        )


def test_every_shipped_entry_parses_and_names_its_article():
    """Each app's obligations.json: every number that names a constant finds it (the legal
    numbers stay in the rules modules), and every entry cites its legal basis."""
    entries = [
        (entry, path.name)
        for path in APPS.glob("*/obligations.json")
        for entry in json.loads(path.read_text())
    ]
    assert len(entries) >= 11
    for entry, source in entries:
        rule = parse(entry, source)
        assert rule.legal_basis, rule.code
