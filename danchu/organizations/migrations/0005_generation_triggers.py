"""Cached reads of the unit tree follow the `units` token (danchu.core.cache_groups)."""

from django.db import migrations

# Written out in full, frozen: this migration does the same whatever later code says.
FORWARD = {
    "postgresql": [
        """
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

CREATE OR REPLACE FUNCTION danchu_row_changed() RETURNS trigger AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        PERFORM danchu_new_generation(TG_ARGV[0] || COALESCE(to_jsonb(OLD) ->> TG_ARGV[1], ''));
    END IF;
    IF TG_OP <> 'DELETE' THEN
        PERFORM danchu_new_generation(TG_ARGV[0] || COALESCE(to_jsonb(NEW) ->> TG_ARGV[1], ''));
    END IF;
    RETURN NULL;
END $$ LANGUAGE plpgsql;
""",
        "CREATE TRIGGER danchu_gen_organizations_unit_stmt AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON organizations_unit FOR EACH STATEMENT EXECUTE FUNCTION danchu_table_changed('units')",
    ],
    "sqlite": [
        "CREATE TRIGGER danchu_gen_organizations_unit_insert AFTER INSERT ON organizations_unit BEGIN INSERT INTO core_generation (name, value) VALUES ('units', random()) ON CONFLICT (name) DO UPDATE SET value = excluded.value; END",
        "CREATE TRIGGER danchu_gen_organizations_unit_update AFTER UPDATE ON organizations_unit BEGIN INSERT INTO core_generation (name, value) VALUES ('units', random()) ON CONFLICT (name) DO UPDATE SET value = excluded.value; END",
        "CREATE TRIGGER danchu_gen_organizations_unit_delete AFTER DELETE ON organizations_unit BEGIN INSERT INTO core_generation (name, value) VALUES ('units', random()) ON CONFLICT (name) DO UPDATE SET value = excluded.value; END",
    ],
}

BACKWARD = {
    "postgresql": [
        'DROP TRIGGER IF EXISTS danchu_gen_organizations_unit_stmt ON organizations_unit',
    ],
    "sqlite": [
        'DROP TRIGGER IF EXISTS danchu_gen_organizations_unit_insert',
        'DROP TRIGGER IF EXISTS danchu_gen_organizations_unit_update',
        'DROP TRIGGER IF EXISTS danchu_gen_organizations_unit_delete',
    ],
}


def forward(apps, schema_editor):
    for statement in FORWARD[schema_editor.connection.vendor]:
        schema_editor.execute(statement)


def backward(apps, schema_editor):
    for statement in BACKWARD[schema_editor.connection.vendor]:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [('organizations', '0004_fill_unit_sort_key'), ('core', '0001_generation')]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
