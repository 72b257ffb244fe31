"""Each unit's whole-subtree figures (units, agencies, party organisations, staff, party members)
kept up to date by the database itself (issue 14): triggers on `people_person` and
`organizations_unit` add each change to the unit it concerns and to every unit above it, so the
unit pages, the API and the compliance dashboards read one row per unit instead of counting the
people of a subtree on each request. Every writer keeps them: the ORM, bulk inserts, imports, raw
SQL, the admin. On PostgreSQL the people triggers run once per statement over its transition
tables (an import of 5,000 people updates each unit above them once, not 5,000 times); units
change rarely and are followed row by row. Then the existing units and people are counted once.

A unit's ancestors are the units whose paths are whole-level prefixes of its path; a path has at
most 31 levels of 8 hex digits (255 characters), so the prefixes' lengths are listed, not
recursed (SQLite takes no WITH clause inside a trigger)."""

# ruff: noqa: S608 - every statement is built from this file's constants, never from input.

import django.db.models.deletion
from django.db import migrations, models

# Written out in full, frozen: this migration does the same whatever later code says.
HEADCOUNT, PERSON, UNIT = "people_headcount", "people_person", "organizations_unit"
COLUMNS = ("units", "employers", "party_organizations", "staff", "party_by_unit", "party_by_org")
EMPLOYER_KINDS = "('state_agency', 'public_service_unit')"
PARTY_ORGANIZATION = "'party_organization'"
# The lengths of a path's whole-level prefixes: a unit's ancestors have those paths.
LEVELS = " UNION ALL ".join(f"SELECT {8 * level} AS n" for level in range(1, 32))


def _is(kinds, column):
    return f"(CASE WHEN {column} IN {kinds} THEN 1 ELSE 0 END)"


def shift(source):
    """Add each row of `source` (unit_id, then one delta per column, named d_<column>) to that
    unit and every unit above it; rows whose deltas are all zero touch nothing. The rows are
    summed per unit first, then joined to the unit's ancestors by path equality (one index probe
    per level), whatever the planner knows of the rows' number."""
    per_unit = ", ".join(f"SUM(s0.d_{c}) AS d_{c}" for c in COLUMNS)
    sums = ", ".join(f"SUM(s.d_{c}) AS d_{c}" for c in COLUMNS)
    sets = ", ".join(f"{c} = {c} + d.d_{c}" for c in COLUMNS)
    moved = " OR ".join(f"d.d_{c} <> 0" for c in COLUMNS)
    return (
        f"UPDATE {HEADCOUNT} SET {sets} FROM (SELECT a.id AS target, {sums} FROM "
        f"(SELECT s0.unit_id, {per_unit} FROM ({source}) s0 GROUP BY s0.unit_id) s "
        f"JOIN {UNIT} u ON u.id = s.unit_id JOIN ({LEVELS}) k ON k.n <= length(u.path) "
        f"JOIN {UNIT} a ON a.path = substr(u.path, 1, k.n) "
        f"GROUP BY a.id) d WHERE {HEADCOUNT}.unit_id = d.target AND ({moved});"
    )


def row(unit_id, **deltas):
    values = ", ".join(f"{deltas.get(c, '0')} AS d_{c}" for c in COLUMNS)
    return f"SELECT {unit_id} AS unit_id, {values}"


def people(rows, sign):
    """What people rows add (sign 1) or take away (sign -1): a member of staff where they work,
    and a party member both there and in their party organisation."""
    party = f"(CASE WHEN r.party_organization_id IS NULL THEN 0 ELSE {sign} END)"
    return (
        f"{row('r.unit_id', staff=sign, party_by_unit=party)} FROM {rows} r UNION ALL "
        f"{row('r.party_organization_id', party_by_org=sign)} FROM {rows} r "
        "WHERE r.party_organization_id IS NOT NULL"
    )


def subtree(unit_id, sign, of, condition="1 = 1"):
    """The whole-subtree figures of unit `of`, to add (or take away) at `unit_id` and above."""
    deltas = {c: f"{sign} * h.{c}" for c in COLUMNS}
    return f"{row(unit_id, **deltas)} FROM {HEADCOUNT} h WHERE h.unit_id = {of} AND {condition}"


def unit_statements(event, differ):
    """The statements a unit's insert, update or delete runs (NEW and OLD as in the trigger)."""
    if event == "insert":
        own = {
            "units": "1",
            "employers": _is(EMPLOYER_KINDS, "NEW.kind"),
            "party_organizations": _is(f"({PARTY_ORGANIZATION})", "NEW.kind"),
        }
        values = ", ".join(own.get(c, "0") for c in COLUMNS)
        return [
            f"INSERT INTO {HEADCOUNT} (unit_id, {', '.join(COLUMNS)}) VALUES (NEW.id, {values});",
            shift(row("NEW.parent_id", **own)),
        ]
    if event == "delete":
        return [
            shift(subtree("OLD.parent_id", -1, "OLD.id")),
            f"DELETE FROM {HEADCOUNT} WHERE unit_id = OLD.id;",
        ]
    moved = differ("NEW.parent_id", "OLD.parent_id")
    kind = {
        "employers": f"{_is(EMPLOYER_KINDS, 'NEW.kind')} - {_is(EMPLOYER_KINDS, 'OLD.kind')}",
        "party_organizations": f"{_is(f'({PARTY_ORGANIZATION})', 'NEW.kind')} - "
        f"{_is(f'({PARTY_ORGANIZATION})', 'OLD.kind')}",
    }
    return [
        # A move: the subtree's figures leave the old parent's line and join the new one's.
        shift(
            f"{subtree('OLD.parent_id', -1, 'NEW.id', moved)} UNION ALL "
            f"{subtree('NEW.parent_id', 1, 'NEW.id', moved)}"
        ),
        shift(row("NEW.id", **kind)),  # a change of kind (all zero otherwise: nothing written)
    ]


def _past(event):
    return event.rstrip("e") + "ed"


def _sqlite_differ(a, b):
    return f"{a} IS NOT {b}"


def _pg_differ(a, b):
    return f"{a} IS DISTINCT FROM {b}"


def _one(record):
    return (
        f"(SELECT {record}.unit_id AS unit_id, "
        f"{record}.party_organization_id AS party_organization_id)"
    )


PERSON_CHANGED = "unit_id, party_organization_id"


def sqlite_forward():
    changed = (
        "NEW.unit_id IS NOT OLD.unit_id "
        "OR NEW.party_organization_id IS NOT OLD.party_organization_id"
    )
    unit_body = {
        e: " ".join(unit_statements(e, _sqlite_differ)) for e in ("insert", "update", "delete")
    }
    return [
        f"CREATE TRIGGER danchu_headcount_{PERSON}_insert AFTER INSERT ON {PERSON} "
        f"BEGIN {shift(people(_one('NEW'), 1))} END",
        f"CREATE TRIGGER danchu_headcount_{PERSON}_update AFTER UPDATE OF {PERSON_CHANGED} "
        f"ON {PERSON} WHEN {changed} "
        f"BEGIN {shift(people(_one('OLD'), -1) + ' UNION ALL ' + people(_one('NEW'), 1))} END",
        f"CREATE TRIGGER danchu_headcount_{PERSON}_delete AFTER DELETE ON {PERSON} "
        f"BEGIN {shift(people(_one('OLD'), -1))} END",
        f"CREATE TRIGGER danchu_headcount_{UNIT}_insert AFTER INSERT ON {UNIT} "
        f"BEGIN {unit_body['insert']} END",
        f"CREATE TRIGGER danchu_headcount_{UNIT}_update AFTER UPDATE OF parent_id, kind ON {UNIT} "
        f"BEGIN {unit_body['update']} END",
        f"CREATE TRIGGER danchu_headcount_{UNIT}_delete AFTER DELETE ON {UNIT} "
        f"BEGIN {unit_body['delete']} END",
    ]


def _pg_function(name, statements):
    body = "\n    ".join(statements)
    return (
        f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger AS $$\nBEGIN\n    {body}\n"
        "    RETURN NULL;\nEND $$ LANGUAGE plpgsql;"
    )


def pg_forward():
    # Only the people whose unit or party organisation changed count in an update.
    changed = (
        "(SELECT {side}.unit_id, {side}.party_organization_id FROM old_rows o JOIN new_rows n "
        "ON n.id = o.id WHERE o.unit_id IS DISTINCT FROM n.unit_id "
        "OR o.party_organization_id IS DISTINCT FROM n.party_organization_id)"
    )
    functions = {
        "danchu_headcount_people_inserted": [shift(people("new_rows", 1))],
        "danchu_headcount_people_deleted": [shift(people("old_rows", -1))],
        "danchu_headcount_people_updated": [
            shift(
                people(changed.format(side="o"), -1)
                + " UNION ALL "
                + people(changed.format(side="n"), 1)
            )
        ],
        **{
            f"danchu_headcount_unit_{_past(e)}": unit_statements(e, _pg_differ)
            for e in ("insert", "update", "delete")
        },
    }
    statements = [_pg_function(name, body) for name, body in functions.items()]
    for event, rows in (("insert", "NEW TABLE AS new_rows"), ("delete", "OLD TABLE AS old_rows")):
        statements.append(
            f"CREATE TRIGGER danchu_headcount_{PERSON}_{event} AFTER {event.upper()} ON {PERSON} "
            f"REFERENCING {rows} FOR EACH STATEMENT "
            f"EXECUTE FUNCTION danchu_headcount_people_{_past(event)}()"
        )
    statements.append(
        f"CREATE TRIGGER danchu_headcount_{PERSON}_update AFTER UPDATE ON {PERSON} "
        "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT "
        "EXECUTE FUNCTION danchu_headcount_people_updated()"
    )
    for event, when in (
        ("insert", "INSERT"),
        ("update", "UPDATE OF parent_id, kind"),
        ("delete", "DELETE"),
    ):
        statements.append(
            f"CREATE TRIGGER danchu_headcount_{UNIT}_{event} AFTER {when} ON {UNIT} "
            f"FOR EACH ROW EXECUTE FUNCTION danchu_headcount_unit_{_past(event)}()"
        )
    return statements


def count_everything():
    """The figures of every unit's subtree, counted from the records (once, here)."""
    within = "w.path >= u.path AND w.path < u.path || '~'"
    return [
        f"DELETE FROM {HEADCOUNT};",
        f"INSERT INTO {HEADCOUNT} (unit_id, {', '.join(COLUMNS)}) SELECT u.id, "
        f"(SELECT COUNT(*) FROM {UNIT} w WHERE {within}), "
        f"(SELECT COUNT(*) FROM {UNIT} w WHERE {within} AND w.kind IN {EMPLOYER_KINDS}), "
        f"(SELECT COUNT(*) FROM {UNIT} w WHERE {within} AND w.kind = {PARTY_ORGANIZATION}), "
        f"(SELECT COUNT(*) FROM {PERSON} p JOIN {UNIT} w ON w.id = p.unit_id WHERE {within}), "
        f"(SELECT COUNT(*) FROM {PERSON} p JOIN {UNIT} w ON w.id = p.unit_id WHERE {within} "
        "AND p.party_organization_id IS NOT NULL), "
        f"(SELECT COUNT(*) FROM {PERSON} p JOIN {UNIT} w ON w.id = p.party_organization_id "
        f"WHERE {within}) FROM {UNIT} u;",
    ]


FORWARD = {"sqlite": sqlite_forward, "postgresql": pg_forward}
TRIGGERS = [
    (f"danchu_headcount_{table}_{event}", table)
    for table in (PERSON, UNIT)
    for event in ("insert", "update", "delete")
]


def forward(apps, schema_editor):
    for statement in [*FORWARD[schema_editor.connection.vendor](), *count_everything()]:
        schema_editor.execute(statement)


def backward(apps, schema_editor):
    postgres = schema_editor.connection.vendor == "postgresql"
    for name, table in TRIGGERS:
        schema_editor.execute(
            f"DROP TRIGGER IF EXISTS {name}" + (f" ON {table}" if postgres else "")
        )


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0005_account_and_staff_tokens"),
        ("organizations", "0007_conference_settings"),
    ]

    operations = [
        migrations.CreateModel(
            name="Headcount",
            fields=[
                (
                    "unit",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        primary_key=True,
                        related_name="headcount",
                        serialize=False,
                        to="organizations.unit",
                    ),
                ),
                ("units", models.PositiveIntegerField(default=0)),
                ("employers", models.PositiveIntegerField(default=0)),
                ("party_organizations", models.PositiveIntegerField(default=0)),
                ("staff", models.PositiveIntegerField(default=0)),
                ("party_by_unit", models.PositiveIntegerField(default=0)),
                ("party_by_org", models.PositiveIntegerField(default=0)),
            ],
            options={"verbose_name": "headcount", "verbose_name_plural": "headcounts"},
        ),
        migrations.RunPython(forward, backward, elidable=False),
    ]
