"""Cached reads of the dashboards follow the tallies and the catalogue (danchu.core.cache_groups):
a change of a node's tally moves the `tallies` counter of that node only (core_scopedgeneration),
so a dashboard, which reads its node's tallies and its children's, is read again when one of them
changes and not when another subtree's does; a change of the duties' catalogue or of a
province's scoring scheme moves the `catalogue` token."""

from django.db import migrations

# Written out in full, frozen: this migration does the same whatever later code says.
TALLY = "compliance_tally"
CATALOGUE = ("compliance_obligationrule", "compliance_scoringscheme")
PG_FUNCTIONS = """
CREATE OR REPLACE FUNCTION danchu_new_generation(token text) RETURNS void AS $$
BEGIN
    INSERT INTO core_generation (name, value)
    VALUES (token, floor((random() - 0.5) * 9.2e18)::bigint)
    ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value;
END $$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION danchu_table_changed() RETURNS trigger AS $$
BEGIN
    PERFORM danchu_new_generation(TG_ARGV[0]);
    RETURN NULL;
END $$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION danchu_scoped_bump(grp text, unit bigint) RETURNS void AS $$
BEGIN
    INSERT INTO core_scopedgeneration (name, unit_id, unit_path, counter)
    SELECT grp, u.id, u.path, 1 FROM organizations_unit u WHERE u.id = unit
    ON CONFLICT (name, unit_id) DO UPDATE
    SET counter = core_scopedgeneration.counter + 1, unit_path = EXCLUDED.unit_path;
END $$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION danchu_unit_row_changed() RETURNS trigger AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        PERFORM danchu_scoped_bump(TG_ARGV[0], OLD.unit_id);
    END IF;
    IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.unit_id IS DISTINCT FROM OLD.unit_id) THEN
        PERFORM danchu_scoped_bump(TG_ARGV[0], NEW.unit_id);
    END IF;
    RETURN NULL;
END $$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION danchu_scoped_truncated() RETURNS trigger AS $$
BEGIN
    UPDATE core_scopedgeneration SET counter = counter + 1 WHERE name = TG_ARGV[0];
    RETURN NULL;
END $$ LANGUAGE plpgsql;
"""


def _bump(unit_sql, condition="1"):
    return (
        "INSERT INTO core_scopedgeneration (name, unit_id, unit_path, counter) "
        f"SELECT 'tallies', id, path, 1 FROM organizations_unit WHERE id = {unit_sql} "
        f"AND {condition} ON CONFLICT (name, unit_id) DO UPDATE "
        "SET counter = counter + 1, unit_path = excluded.unit_path;"
    )


_CATALOGUE = (
    "INSERT INTO core_generation (name, value) VALUES ('catalogue', random()) "
    "ON CONFLICT (name) DO UPDATE SET value = excluded.value;"
)
FORWARD = {
    "postgresql": [
        PG_FUNCTIONS,
        f"CREATE TRIGGER danchu_scoped_{TALLY}_row AFTER INSERT OR UPDATE OR DELETE ON {TALLY} "
        "FOR EACH ROW EXECUTE FUNCTION danchu_unit_row_changed('tallies')",
        f"CREATE TRIGGER danchu_scoped_{TALLY}_truncate AFTER TRUNCATE ON {TALLY} "
        "FOR EACH STATEMENT EXECUTE FUNCTION danchu_scoped_truncated('tallies')",
        *(
            f"CREATE TRIGGER danchu_gen_{t}_stmt AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
            f"ON {t} FOR EACH STATEMENT EXECUTE FUNCTION danchu_table_changed('catalogue')"
            for t in CATALOGUE
        ),
    ],
    "sqlite": [
        f"CREATE TRIGGER danchu_scoped_{TALLY}_insert AFTER INSERT ON {TALLY} "
        f"BEGIN {_bump('NEW.unit_id')} END",
        f"CREATE TRIGGER danchu_scoped_{TALLY}_update AFTER UPDATE ON {TALLY} "
        f"BEGIN {_bump('OLD.unit_id')} {_bump('NEW.unit_id', 'NEW.unit_id IS NOT OLD.unit_id')} "
        "END",
        f"CREATE TRIGGER danchu_scoped_{TALLY}_delete AFTER DELETE ON {TALLY} "
        f"BEGIN {_bump('OLD.unit_id')} END",
        *(
            f"CREATE TRIGGER danchu_gen_{t}_{e} AFTER {e.upper()} ON {t} BEGIN {_CATALOGUE} END"
            for t in CATALOGUE
            for e in ("insert", "update", "delete")
        ),
    ],
}
BACKWARD = {
    "postgresql": [
        f"DROP TRIGGER IF EXISTS danchu_scoped_{TALLY}_row ON {TALLY}",
        f"DROP TRIGGER IF EXISTS danchu_scoped_{TALLY}_truncate ON {TALLY}",
        *(f"DROP TRIGGER IF EXISTS danchu_gen_{t}_stmt ON {t}" for t in CATALOGUE),
    ],
    "sqlite": [
        *(
            f"DROP TRIGGER IF EXISTS danchu_scoped_{TALLY}_{e}"
            for e in ("insert", "update", "delete")
        ),
        *(
            f"DROP TRIGGER IF EXISTS danchu_gen_{t}_{e}"
            for t in CATALOGUE
            for e in ("insert", "update", "delete")
        ),
    ],
}


def forward(apps, schema_editor):
    for statement in FORWARD[schema_editor.connection.vendor]:
        schema_editor.execute(statement)


def backward(apps, schema_editor):
    for statement in BACKWARD[schema_editor.connection.vendor]:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("compliance", "0001_initial"),
        ("core", "0002_scoped_generation"),
        ("people", "0006_headcount"),
    ]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
