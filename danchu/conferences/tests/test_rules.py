"""Quorum and majority edges in exact arithmetic (Law 10/2022/QH15 art. 51.2.c), and the
counting rules of each kind of vote."""

from __future__ import annotations

from fractions import Fraction

import pytest

from danchu.conferences import counting, rules
from danchu.conferences.attendance import Quorum

HALF = rules.ADOPTION


@pytest.mark.parametrize(
    ("present", "expected", "met"),
    [
        (2, 3, True),  # exactly 2/3
        (20, 30, True),  # exactly 2/3
        (19, 30, False),  # one fewer
        (67, 100, True),  # 2/3 of 100 is 66.67: 67 is the first whole number at or above it
        (66, 100, False),
        (0, 0, False),  # nobody summoned: no conference
        (30, 30, True),
    ],
)
def test_quorum_is_at_least_two_thirds_of_those_summoned_art_51_2_c(present, expected, met):
    assert Quorum(present=present, expected=expected).met is met
    assert Fraction(2, 3) == rules.QUORUM


@pytest.mark.parametrize(("expected", "needed"), [(3, 2), (30, 20), (100, 67), (10, 7), (1, 1)])
def test_quorum_needed_is_the_smallest_whole_number_art_51_2_c(expected, needed):
    assert Quorum(present=0, expected=expected).needed == needed
    assert Quorum(present=needed, expected=expected).met
    assert not Quorum(present=needed - 1, expected=expected).met


@pytest.mark.parametrize(
    ("agree", "present", "adopted"),
    [
        (5, 10, False),  # exactly 50% is not "more than 50%" (trên 50%)
        (6, 10, True),
        (50, 99, True),  # 50/99 > 1/2
        (49, 99, False),
        (1, 1, True),
        (0, 0, False),
    ],
)
def test_a_motion_needs_strictly_more_than_half_of_those_present_art_51_2_c(
    agree, present, adopted
):
    ballots = [["agree"]] * agree
    counted = counting.tally("motion", ballots, candidates=[])
    assert counting.outcome("motion", counted, present=present, seats=None, share=HALF) == {
        "adopted": adopted
    }


def test_abstentions_and_people_who_did_not_vote_count_against_the_motion_art_51_2_c():
    ballots = [["agree"]] * 5 + [["abstain"]] * 4
    counted = counting.tally("motion", ballots, candidates=[])
    assert counted == {"agree": 5, "disagree": 0, "abstain": 4}
    # 5 of 10 present agreed: not more than half of those present, though 5 of 9 ballots.
    assert counting.outcome("motion", counted, present=10, seats=None, share=HALF) == {
        "adopted": False
    }


def election(votes: dict[int, int], *, present: int, seats: int) -> dict:
    ballots = [[candidate] for candidate, n in votes.items() for _ in range(n)]
    counted = counting.tally("election", ballots, candidates=list(votes))
    return counting.outcome("election", counted, present=present, seats=seats, share=HALF)


def test_elected_are_the_top_seats_among_those_over_half_of_those_present_art_51_2_c():
    result = election({1: 9, 2: 8, 3: 7, 4: 6, 5: 5}, present=10, seats=3)
    assert result == {"elected": [1, 2, 3], "tied": []}


def test_fewer_over_half_than_seats_leaves_seats_empty_art_51_2_c():
    assert election({1: 6, 2: 5, 3: 4}, present=10, seats=3) == {"elected": [1], "tied": []}


def test_a_tie_for_the_last_seat_is_reported_never_broken():
    result = election({1: 9, 2: 7, 3: 7, 4: 2}, present=10, seats=2)
    assert result == {"elected": [1], "tied": [2, 3]}


def test_a_tie_inside_the_seats_elects_both():
    assert election({1: 7, 2: 7, 3: 6}, present=10, seats=3) == {"elected": [1, 2, 3], "tied": []}


def test_a_ballot_chooses_up_to_the_seats_and_only_candidates():
    check = counting.check_choices
    assert check("election", [3, 1], candidates=[1, 2, 3], seats=2) == [1, 3]
    assert check("election", [], candidates=[1, 2, 3], seats=2) == []  # a blank ballot
    for bad, code in [
        ([1, 2, 3], "too_many"),
        ([1, 1], "candidate_twice"),
        ([9], "not_a_candidate"),
        (["1"], "candidate_ids"),
        ([True], "candidate_ids"),
        ("1", "not_a_list"),
    ]:
        with pytest.raises(counting.BadChoices) as refused:
            check("election", bad, candidates=[1, 2, 3], seats=2)
        assert refused.value.code == code


def test_a_motion_ballot_holds_exactly_one_of_three_answers():
    assert counting.check_choices("motion", ["abstain"], candidates=[], seats=None) == ["abstain"]
    for bad in ([], ["agree", "agree"], ["yes"], [None]):
        with pytest.raises(counting.BadChoices):
            counting.check_choices("motion", bad, candidates=[], seats=None)


def test_a_confidence_ballot_rates_each_candidate_at_most_once():
    ok = [{"candidate_id": 2, "level": "low"}, {"candidate_id": 1, "level": "high"}]
    assert counting.check_choices("confidence", ok, candidates=[1, 2], seats=None) == [
        {"candidate_id": 1, "level": "high"},
        {"candidate_id": 2, "level": "low"},
    ]
    twice = [{"candidate_id": 1, "level": "low"}, {"candidate_id": 1, "level": "high"}]
    for bad in (twice, [{"candidate_id": 1, "level": "great"}], [{"candidate_id": 1}]):
        with pytest.raises(counting.BadChoices):
            counting.check_choices("confidence", bad, candidates=[1, 2], seats=None)
    counted = counting.tally("confidence", [ok, ok[:1]], candidates=[1, 2])
    assert counted == {
        "1": {"high": 1, "medium": 0, "low": 0},
        "2": {"high": 0, "medium": 0, "low": 2},
    }
