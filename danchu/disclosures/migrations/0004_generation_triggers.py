"""Cached reads of disclosures follow the `disclosures` token, of one reader's acknowledgements
the `ack:<person id>` token, and of one item's read rate the `ackd:<disclosure id>` token
(danchu.core.cache_groups)."""

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
        "CREATE TRIGGER danchu_gen_disclosures_disclosure_stmt AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON disclosures_disclosure FOR EACH STATEMENT EXECUTE FUNCTION danchu_table_changed('disclosures')",
        "CREATE TRIGGER danchu_gen_disclosures_disclosure_audience_units_stmt AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON disclosures_disclosure_audience_units FOR EACH STATEMENT EXECUTE FUNCTION danchu_table_changed('disclosures')",
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
        "CREATE TRIGGER danchu_gen_disclosures_acknowledgement_person_id_row AFTER INSERT OR UPDATE OR DELETE ON disclosures_acknowledgement FOR EACH ROW EXECUTE FUNCTION danchu_row_changed('ack:', 'person_id')",
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
        "CREATE TRIGGER danchu_gen_disclosures_acknowledgement_disclosure_id_row AFTER INSERT OR UPDATE OR DELETE ON disclosures_acknowledgement FOR EACH ROW EXECUTE FUNCTION danchu_row_changed('ackd:', 'disclosure_id')",
    ],
    "sqlite": [
        "CREATE TRIGGER danchu_gen_disclosures_disclosure_insert AFTER INSERT ON disclosures_disclosure BEGIN INSERT INTO core_generation (name, value) VALUES ('disclosures', random()) ON CONFLICT (name) DO UPDATE SET value = excluded.value; END",
        "CREATE TRIGGER danchu_gen_disclosures_disclosure_update AFTER UPDATE ON disclosures_disclosure BEGIN INSERT INTO core_generation (name, value) VALUES ('disclosures', random()) ON CONFLICT (name) DO UPDATE SET value = excluded.value; END",
        "CREATE TRIGGER danchu_gen_disclosures_disclosure_delete AFTER DELETE ON disclosures_disclosure BEGIN INSERT INTO core_generation (name, value) VALUES ('disclosures', random()) ON CONFLICT (name) DO UPDATE SET value = excluded.value; END",
        "CREATE TRIGGER danchu_gen_disclosures_disclosure_audience_units_insert AFTER INSERT ON disclosures_disclosure_audience_units BEGIN INSERT INTO core_generation (name, value) VALUES ('disclosures', random()) ON CONFLICT (name) DO UPDATE SET value = excluded.value; END",
        "CREATE TRIGGER danchu_gen_disclosures_disclosure_audience_units_update AFTER UPDATE ON disclosures_disclosure_audience_units BEGIN INSERT INTO core_generation (name, value) VALUES ('disclosures', random()) ON CONFLICT (name) DO UPDATE SET value = excluded.value; END",
        "CREATE TRIGGER danchu_gen_disclosures_disclosure_audience_units_delete AFTER DELETE ON disclosures_disclosure_audience_units BEGIN INSERT INTO core_generation (name, value) VALUES ('disclosures', random()) ON CONFLICT (name) DO UPDATE SET value = excluded.value; END",
        "CREATE TRIGGER danchu_gen_disclosures_acknowledgement_person_id_insert AFTER INSERT ON disclosures_acknowledgement BEGIN INSERT INTO core_generation (name, value) VALUES ('ack:' || COALESCE(NEW.person_id, ''), random()) ON CONFLICT (name) DO UPDATE SET value = excluded.value; END",
        "CREATE TRIGGER danchu_gen_disclosures_acknowledgement_person_id_update AFTER UPDATE ON disclosures_acknowledgement BEGIN INSERT INTO core_generation (name, value) VALUES ('ack:' || COALESCE(OLD.person_id, ''), random()) ON CONFLICT (name) DO UPDATE SET value = excluded.value; INSERT INTO core_generation (name, value) VALUES ('ack:' || COALESCE(NEW.person_id, ''), random()) ON CONFLICT (name) DO UPDATE SET value = excluded.value; END",
        "CREATE TRIGGER danchu_gen_disclosures_acknowledgement_person_id_delete AFTER DELETE ON disclosures_acknowledgement BEGIN INSERT INTO core_generation (name, value) VALUES ('ack:' || COALESCE(OLD.person_id, ''), random()) ON CONFLICT (name) DO UPDATE SET value = excluded.value; END",
        "CREATE TRIGGER danchu_gen_disclosures_acknowledgement_disclosure_id_insert AFTER INSERT ON disclosures_acknowledgement BEGIN INSERT INTO core_generation (name, value) VALUES ('ackd:' || COALESCE(NEW.disclosure_id, ''), random()) ON CONFLICT (name) DO UPDATE SET value = excluded.value; END",
        "CREATE TRIGGER danchu_gen_disclosures_acknowledgement_disclosure_id_update AFTER UPDATE ON disclosures_acknowledgement BEGIN INSERT INTO core_generation (name, value) VALUES ('ackd:' || COALESCE(OLD.disclosure_id, ''), random()) ON CONFLICT (name) DO UPDATE SET value = excluded.value; INSERT INTO core_generation (name, value) VALUES ('ackd:' || COALESCE(NEW.disclosure_id, ''), random()) ON CONFLICT (name) DO UPDATE SET value = excluded.value; END",
        "CREATE TRIGGER danchu_gen_disclosures_acknowledgement_disclosure_id_delete AFTER DELETE ON disclosures_acknowledgement BEGIN INSERT INTO core_generation (name, value) VALUES ('ackd:' || COALESCE(OLD.disclosure_id, ''), random()) ON CONFLICT (name) DO UPDATE SET value = excluded.value; END",
    ],
}

BACKWARD = {
    "postgresql": [
        'DROP TRIGGER IF EXISTS danchu_gen_disclosures_disclosure_stmt ON disclosures_disclosure',
        'DROP TRIGGER IF EXISTS danchu_gen_disclosures_disclosure_audience_units_stmt ON disclosures_disclosure_audience_units',
        'DROP TRIGGER IF EXISTS danchu_gen_disclosures_acknowledgement_person_id_row ON disclosures_acknowledgement',
        'DROP TRIGGER IF EXISTS danchu_gen_disclosures_acknowledgement_disclosure_id_row ON disclosures_acknowledgement',
    ],
    "sqlite": [
        'DROP TRIGGER IF EXISTS danchu_gen_disclosures_disclosure_insert',
        'DROP TRIGGER IF EXISTS danchu_gen_disclosures_disclosure_update',
        'DROP TRIGGER IF EXISTS danchu_gen_disclosures_disclosure_delete',
        'DROP TRIGGER IF EXISTS danchu_gen_disclosures_disclosure_audience_units_insert',
        'DROP TRIGGER IF EXISTS danchu_gen_disclosures_disclosure_audience_units_update',
        'DROP TRIGGER IF EXISTS danchu_gen_disclosures_disclosure_audience_units_delete',
        'DROP TRIGGER IF EXISTS danchu_gen_disclosures_acknowledgement_person_id_insert',
        'DROP TRIGGER IF EXISTS danchu_gen_disclosures_acknowledgement_person_id_update',
        'DROP TRIGGER IF EXISTS danchu_gen_disclosures_acknowledgement_person_id_delete',
        'DROP TRIGGER IF EXISTS danchu_gen_disclosures_acknowledgement_disclosure_id_insert',
        'DROP TRIGGER IF EXISTS danchu_gen_disclosures_acknowledgement_disclosure_id_update',
        'DROP TRIGGER IF EXISTS danchu_gen_disclosures_acknowledgement_disclosure_id_delete',
    ],
}


def forward(apps, schema_editor):
    for statement in FORWARD[schema_editor.connection.vendor]:
        schema_editor.execute(statement)


def backward(apps, schema_editor):
    for statement in BACKWARD[schema_editor.connection.vendor]:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [('disclosures', '0003_search_index'), ('core', '0001_generation')]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
