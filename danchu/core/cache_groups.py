"""The table groups cached reads depend on: the one list (danchu.core.cached_reads).

A group is a set of tables whose writes give the group's token in `core_generation` a new value,
through database triggers that the owning app's migrations install (their SQL is written into
each migration, frozen). A keyed group has one token per value of a column (`ack:<person id>`):
a write touches only the tokens of the rows it writes, so one reader's change leaves everyone
else's cached reads alone. A scoped group counts writes per unit (`core_scopedgeneration`); a
read names the units it depends on (a `UnitScope`: subtrees and single units) and its token is
the sum of their counters, so a write in one unit leaves the readers of other subtrees alone and
writers in different units never update the same row.

Adding a group here without the migration that installs its triggers fails
`danchu/core/tests/test_cache_dependencies.py`; a cached read that touches a table its groups
do not list fails the same test.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Group:
    tables: tuple[str, ...]
    key: str | None = None  # keyed: the column of each table whose value names the token
    ignored_columns: tuple[str, ...] = ()  # written without invalidating (no cached read uses them)
    # Tables written only by triggers on the group's own tables (a search index): covered by them
    # (by all the groups that list one, when several do).
    derived: tuple[str, ...] = ()
    per_user: bool = False  # keyed by user id: the signed-in user's token is read up front
    per_person: bool = False  # keyed by person id: likewise, once the user's person is known
    # Scoped: one write counter per unit (core_scopedgeneration), read over a UnitScope.
    scoped: bool = False


GROUPS: dict[str, Group] = {
    # One account's user row, person and role assignments (people 0005): a write moves the tokens
    # of the accounts it concerns only; a sign-in only writes `last_login` (issue 15).
    "account": Group(
        ("people_user", "people_person", "people_roleassignment"),
        key="user id (of the row, or of the person's accounts)",
        ignored_columns=("last_login",),
        per_user=True,
    ),
    # Who works where: a person joining, leaving or changing units moves those units' counters.
    # Each unit's subtree figures (people 0006) are written by the triggers on people and on
    # units: a read of them declares both groups.
    "staff": Group(("people_person",), scoped=True, derived=("people_headcount",)),
    "units": Group(("organizations_unit",), derived=("people_headcount",)),
    "disclosures": Group(
        ("disclosures_disclosure", "disclosures_disclosure_audience_units"),
        derived=("disclosures_disclosure_search",),  # SQLite's FTS5 index (disclosures 0003)
        scoped=True,  # per unit of the item: a publication leaves other subtrees' reads alone
    ),
    # One reader's acknowledgements, and one item's readers.
    "ack": Group(("disclosures_acknowledgement",), key="person_id", per_person=True),
    "ackd": Group(("disclosures_acknowledgement",), key="disclosure_id"),
    # The compliance counts (compliance 0003): a change of a unit's standing is a delta of its
    # own unit; a dashboard names its subtree. The tallies are written only by folding those
    # deltas (which leaves every node's tallies plus pending deltas as they were), by a subtree's
    # move (which moves the `units` token) and by a rebuild (which moves every counter).
    "tallies": Group(("compliance_tallydelta",), scoped=True, derived=("compliance_tally",)),
    # The duties' catalogue and the provinces' scoring schemes.
    "catalogue": Group(("compliance_obligationrule", "compliance_scoringscheme")),
    # One user's notices.
    "notices": Group(("notifications_notification",), key="recipient_id", per_user=True),
}
