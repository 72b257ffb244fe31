"""A publication moves only the counter of its own unit (core_scopedgeneration), no longer the one
province-wide `disclosures` token: writes in different units touch different rows, and the
readers of other subtrees keep their cached reads (issue 15; danchu.core.cache_groups)."""

from django.db import migrations

# Written out in full, frozen: this migration does the same whatever later code says.
PG_FUNCTIONS = """
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

CREATE OR REPLACE FUNCTION danchu_disclosure_row_changed() RETURNS trigger AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        PERFORM danchu_scoped_bump(TG_ARGV[0],
            (SELECT unit_id FROM disclosures_disclosure WHERE id = OLD.disclosure_id));
    END IF;
    IF TG_OP <> 'DELETE' THEN
        PERFORM danchu_scoped_bump(TG_ARGV[0],
            (SELECT unit_id FROM disclosures_disclosure WHERE id = NEW.disclosure_id));
    END IF;
    RETURN NULL;
END $$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION danchu_scoped_truncated() RETURNS trigger AS $$
BEGIN
    UPDATE core_scopedgeneration SET counter = counter + 1 WHERE name = TG_ARGV[0];
    RETURN NULL;
END $$ LANGUAGE plpgsql;
"""

ITEMS = "disclosures_disclosure"
AUDIENCE = "disclosures_disclosure_audience_units"


def _bump(unit_sql, condition="1"):
    return (
        "INSERT INTO core_scopedgeneration (name, unit_id, unit_path, counter) "
        f"SELECT 'disclosures', id, path, 1 FROM organizations_unit WHERE id = {unit_sql} "
        f"AND {condition} ON CONFLICT (name, unit_id) DO UPDATE "
        "SET counter = counter + 1, unit_path = excluded.unit_path;"
    )


def _via(record):
    return f"(SELECT unit_id FROM {ITEMS} WHERE id = {record}.disclosure_id)"


FORWARD = {
    "postgresql": [
        PG_FUNCTIONS,
        f"DROP TRIGGER IF EXISTS danchu_gen_{ITEMS}_stmt ON {ITEMS}",
        f"DROP TRIGGER IF EXISTS danchu_gen_{AUDIENCE}_stmt ON {AUDIENCE}",
        f"CREATE TRIGGER danchu_scoped_{ITEMS}_row AFTER INSERT OR UPDATE OR DELETE ON {ITEMS} "
        "FOR EACH ROW EXECUTE FUNCTION danchu_unit_row_changed('disclosures')",
        f"CREATE TRIGGER danchu_scoped_{ITEMS}_truncate AFTER TRUNCATE ON {ITEMS} "
        "FOR EACH STATEMENT EXECUTE FUNCTION danchu_scoped_truncated('disclosures')",
        f"CREATE TRIGGER danchu_scoped_{AUDIENCE}_row AFTER INSERT OR UPDATE OR DELETE "
        f"ON {AUDIENCE} FOR EACH ROW EXECUTE FUNCTION danchu_disclosure_row_changed('disclosures')",
        f"CREATE TRIGGER danchu_scoped_{AUDIENCE}_truncate AFTER TRUNCATE ON {AUDIENCE} "
        "FOR EACH STATEMENT EXECUTE FUNCTION danchu_scoped_truncated('disclosures')",
    ],
    "sqlite": [
        *(f"DROP TRIGGER IF EXISTS danchu_gen_{ITEMS}_{e}" for e in ("insert", "update", "delete")),
        *(f"DROP TRIGGER IF EXISTS danchu_gen_{AUDIENCE}_{e}" for e in ("insert", "update", "delete")),
        f"CREATE TRIGGER danchu_scoped_{ITEMS}_insert AFTER INSERT ON {ITEMS} "
        f"BEGIN {_bump('NEW.unit_id')} END",
        f"CREATE TRIGGER danchu_scoped_{ITEMS}_update AFTER UPDATE ON {ITEMS} "
        f"BEGIN {_bump('OLD.unit_id')} {_bump('NEW.unit_id', 'NEW.unit_id IS NOT OLD.unit_id')} END",
        f"CREATE TRIGGER danchu_scoped_{ITEMS}_delete AFTER DELETE ON {ITEMS} "
        f"BEGIN {_bump('OLD.unit_id')} END",
        f"CREATE TRIGGER danchu_scoped_{AUDIENCE}_insert AFTER INSERT ON {AUDIENCE} "
        f"BEGIN {_bump(_via('NEW'))} END",
        f"CREATE TRIGGER danchu_scoped_{AUDIENCE}_update AFTER UPDATE ON {AUDIENCE} "
        f"BEGIN {_bump(_via('OLD'))} {_bump(_via('NEW'))} END",
        f"CREATE TRIGGER danchu_scoped_{AUDIENCE}_delete AFTER DELETE ON {AUDIENCE} "
        f"BEGIN {_bump(_via('OLD'))} END",
    ],
}

_SET = (
    "INSERT INTO core_generation (name, value) VALUES ('disclosures', random()) "
    "ON CONFLICT (name) DO UPDATE SET value = excluded.value;"
)
BACKWARD = {
    "postgresql": [
        *(f"DROP TRIGGER IF EXISTS danchu_scoped_{ITEMS}_{s} ON {ITEMS}" for s in ("row", "truncate")),
        *(f"DROP TRIGGER IF EXISTS danchu_scoped_{AUDIENCE}_{s} ON {AUDIENCE}" for s in ("row", "truncate")),
        *(
            f"CREATE TRIGGER danchu_gen_{table}_stmt AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
            f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION danchu_table_changed('disclosures')"
            for table in (ITEMS, AUDIENCE)
        ),
    ],
    "sqlite": [
        *(
            f"DROP TRIGGER IF EXISTS danchu_scoped_{table}_{e}"
            for table in (ITEMS, AUDIENCE)
            for e in ("insert", "update", "delete")
        ),
        *(
            f"CREATE TRIGGER danchu_gen_{table}_{e} AFTER {e.upper()} ON {table} BEGIN {_SET} END"
            for table in (ITEMS, AUDIENCE)
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
        ("disclosures", "0006_number_existing_notices"),
        ("core", "0002_scoped_generation"),
        ("organizations", "0005_generation_triggers"),
    ]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
