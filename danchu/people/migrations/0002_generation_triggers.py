"""Cached reads of users, persons and roles follow the `people` token (danchu.core.cache_groups)."""

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
        "CREATE TRIGGER danchu_gen_people_user_stmt AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON people_user FOR EACH STATEMENT EXECUTE FUNCTION danchu_table_changed('people')",
        "CREATE TRIGGER danchu_gen_people_person_stmt AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON people_person FOR EACH STATEMENT EXECUTE FUNCTION danchu_table_changed('people')",
        "CREATE TRIGGER danchu_gen_people_roleassignment_stmt AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON people_roleassignment FOR EACH STATEMENT EXECUTE FUNCTION danchu_table_changed('people')",
    ],
    "sqlite": [
        "CREATE TRIGGER danchu_gen_people_user_insert AFTER INSERT ON people_user BEGIN INSERT INTO core_generation (name, value) VALUES ('people', random()) ON CONFLICT (name) DO UPDATE SET value = excluded.value; END",
        "CREATE TRIGGER danchu_gen_people_user_update AFTER UPDATE ON people_user BEGIN INSERT INTO core_generation (name, value) VALUES ('people', random()) ON CONFLICT (name) DO UPDATE SET value = excluded.value; END",
        "CREATE TRIGGER danchu_gen_people_user_delete AFTER DELETE ON people_user BEGIN INSERT INTO core_generation (name, value) VALUES ('people', random()) ON CONFLICT (name) DO UPDATE SET value = excluded.value; END",
        "CREATE TRIGGER danchu_gen_people_person_insert AFTER INSERT ON people_person BEGIN INSERT INTO core_generation (name, value) VALUES ('people', random()) ON CONFLICT (name) DO UPDATE SET value = excluded.value; END",
        "CREATE TRIGGER danchu_gen_people_person_update AFTER UPDATE ON people_person BEGIN INSERT INTO core_generation (name, value) VALUES ('people', random()) ON CONFLICT (name) DO UPDATE SET value = excluded.value; END",
        "CREATE TRIGGER danchu_gen_people_person_delete AFTER DELETE ON people_person BEGIN INSERT INTO core_generation (name, value) VALUES ('people', random()) ON CONFLICT (name) DO UPDATE SET value = excluded.value; END",
        "CREATE TRIGGER danchu_gen_people_roleassignment_insert AFTER INSERT ON people_roleassignment BEGIN INSERT INTO core_generation (name, value) VALUES ('people', random()) ON CONFLICT (name) DO UPDATE SET value = excluded.value; END",
        "CREATE TRIGGER danchu_gen_people_roleassignment_update AFTER UPDATE ON people_roleassignment BEGIN INSERT INTO core_generation (name, value) VALUES ('people', random()) ON CONFLICT (name) DO UPDATE SET value = excluded.value; END",
        "CREATE TRIGGER danchu_gen_people_roleassignment_delete AFTER DELETE ON people_roleassignment BEGIN INSERT INTO core_generation (name, value) VALUES ('people', random()) ON CONFLICT (name) DO UPDATE SET value = excluded.value; END",
    ],
}

BACKWARD = {
    "postgresql": [
        'DROP TRIGGER IF EXISTS danchu_gen_people_user_stmt ON people_user',
        'DROP TRIGGER IF EXISTS danchu_gen_people_person_stmt ON people_person',
        'DROP TRIGGER IF EXISTS danchu_gen_people_roleassignment_stmt ON people_roleassignment',
    ],
    "sqlite": [
        'DROP TRIGGER IF EXISTS danchu_gen_people_user_insert',
        'DROP TRIGGER IF EXISTS danchu_gen_people_user_update',
        'DROP TRIGGER IF EXISTS danchu_gen_people_user_delete',
        'DROP TRIGGER IF EXISTS danchu_gen_people_person_insert',
        'DROP TRIGGER IF EXISTS danchu_gen_people_person_update',
        'DROP TRIGGER IF EXISTS danchu_gen_people_person_delete',
        'DROP TRIGGER IF EXISTS danchu_gen_people_roleassignment_insert',
        'DROP TRIGGER IF EXISTS danchu_gen_people_roleassignment_update',
        'DROP TRIGGER IF EXISTS danchu_gen_people_roleassignment_delete',
    ],
}


def forward(apps, schema_editor):
    for statement in FORWARD[schema_editor.connection.vendor]:
        schema_editor.execute(statement)


def backward(apps, schema_editor):
    for statement in BACKWARD[schema_editor.connection.vendor]:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    # After the unit table's last rebuild (organizations 0003): the triggers read it, and a
    # rebuild under them breaks them on SQLite, whatever order the migration graph yields.
    dependencies = [
        ('people', '0001_initial'),
        ('core', '0001_generation'),
        ('organizations', '0004_fill_unit_sort_key'),
    ]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
