"""No province-wide `people` token any more (issue 15). A write to a user, a person or a role
assignment moves only the `account:<user id>` tokens of the accounts it concerns (one row per
account), and a person's unit counter (`staff`, core_scopedgeneration) moves when someone joins,
leaves or changes a unit there. Role changes, imports and account edits in different units touch
different rows; sign-ins (`last_login`) still move nothing (danchu.core.cache_groups)."""

from django.db import migrations

# Written out in full, frozen: this migration does the same whatever later code says.
USER_COLUMNS = (
    "id, password, is_superuser, username, first_name, last_name, email, is_staff, is_active, "
    "date_joined, person_id"
)
PG_FUNCTIONS = """
CREATE OR REPLACE FUNCTION danchu_new_generation(token text) RETURNS void AS $$
BEGIN
    INSERT INTO core_generation (name, value)
    VALUES (token, floor((random() - 0.5) * 9.2e18)::bigint)
    ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value;
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

-- The accounts of the person a row names (column TG_ARGV[1]) get new `account:` tokens.
CREATE OR REPLACE FUNCTION danchu_person_accounts_changed() RETURNS trigger AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        PERFORM danchu_new_generation(TG_ARGV[0] || u.id) FROM people_user u
        WHERE u.person_id = (to_jsonb(OLD) ->> TG_ARGV[1])::bigint;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        PERFORM danchu_new_generation(TG_ARGV[0] || u.id) FROM people_user u
        WHERE u.person_id = (to_jsonb(NEW) ->> TG_ARGV[1])::bigint;
    END IF;
    RETURN NULL;
END $$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION danchu_every_account_changed() RETURNS trigger AS $$
BEGIN
    PERFORM danchu_new_generation(TG_ARGV[0] || u.id) FROM people_user u;
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

USER, PERSON, ROLE = "people_user", "people_person", "people_roleassignment"
OLD_TRIGGERS = {
    "postgresql": [f"DROP TRIGGER IF EXISTS danchu_gen_{t}_stmt ON {t}" for t in (USER, PERSON, ROLE)],
    "sqlite": [
        f"DROP TRIGGER IF EXISTS danchu_gen_{t}_{e}"
        for t in (USER, PERSON, ROLE)
        for e in ("insert", "update", "delete")
    ],
}
_UPSERT = "ON CONFLICT (name) DO UPDATE SET value = excluded.value;"


def _account(user_id_sql):
    return f"INSERT INTO core_generation (name, value) VALUES ('account:' || {user_id_sql}, random()) {_UPSERT}"


def _accounts_of(person_id_sql):
    return (
        "INSERT INTO core_generation (name, value) SELECT 'account:' || id, random() "
        f"FROM people_user WHERE person_id = {person_id_sql} {_UPSERT}"
    )


def _staff(unit_sql, condition="1"):
    return (
        "INSERT INTO core_scopedgeneration (name, unit_id, unit_path, counter) "
        f"SELECT 'staff', id, path, 1 FROM organizations_unit WHERE id = {unit_sql} "
        f"AND {condition} ON CONFLICT (name, unit_id) DO UPDATE "
        "SET counter = counter + 1, unit_path = excluded.unit_path;"
    )


FORWARD = {
    "postgresql": [
        *OLD_TRIGGERS["postgresql"],
        PG_FUNCTIONS,
        f"CREATE TRIGGER danchu_account_{USER}_row AFTER INSERT OR UPDATE OF {USER_COLUMNS} "
        f"OR DELETE ON {USER} FOR EACH ROW EXECUTE FUNCTION danchu_row_changed('account:', 'id')",
        f"CREATE TRIGGER danchu_account_{PERSON}_row AFTER INSERT OR UPDATE OR DELETE ON {PERSON} "
        "FOR EACH ROW EXECUTE FUNCTION danchu_person_accounts_changed('account:', 'id')",
        f"CREATE TRIGGER danchu_account_{ROLE}_row AFTER INSERT OR UPDATE OR DELETE ON {ROLE} "
        "FOR EACH ROW EXECUTE FUNCTION danchu_person_accounts_changed('account:', 'person_id')",
        *(
            f"CREATE TRIGGER danchu_account_{t}_truncate AFTER TRUNCATE ON {t} "
            "FOR EACH STATEMENT EXECUTE FUNCTION danchu_every_account_changed('account:')"
            for t in (PERSON, ROLE)
        ),
        f"CREATE TRIGGER danchu_scoped_{PERSON}_row AFTER INSERT OR UPDATE OR DELETE ON {PERSON} "
        "FOR EACH ROW EXECUTE FUNCTION danchu_unit_row_changed('staff')",
        f"CREATE TRIGGER danchu_scoped_{PERSON}_truncate AFTER TRUNCATE ON {PERSON} "
        "FOR EACH STATEMENT EXECUTE FUNCTION danchu_scoped_truncated('staff')",
    ],
    "sqlite": [
        *OLD_TRIGGERS["sqlite"],
        f"CREATE TRIGGER danchu_account_{USER}_insert AFTER INSERT ON {USER} "
        f"BEGIN {_account('NEW.id')} END",
        f"CREATE TRIGGER danchu_account_{USER}_update AFTER UPDATE OF {USER_COLUMNS} ON {USER} "
        f"BEGIN {_account('OLD.id')} {_account('NEW.id')} END",
        f"CREATE TRIGGER danchu_account_{USER}_delete AFTER DELETE ON {USER} "
        f"BEGIN {_account('OLD.id')} END",
        f"CREATE TRIGGER danchu_account_{PERSON}_insert AFTER INSERT ON {PERSON} "
        f"BEGIN {_accounts_of('NEW.id')} {_staff('NEW.unit_id')} END",
        f"CREATE TRIGGER danchu_account_{PERSON}_update AFTER UPDATE ON {PERSON} "
        f"BEGIN {_accounts_of('OLD.id')} {_accounts_of('NEW.id')} {_staff('OLD.unit_id')} "
        f"{_staff('NEW.unit_id', 'NEW.unit_id IS NOT OLD.unit_id')} END",
        f"CREATE TRIGGER danchu_account_{PERSON}_delete AFTER DELETE ON {PERSON} "
        f"BEGIN {_accounts_of('OLD.id')} {_staff('OLD.unit_id')} END",
        f"CREATE TRIGGER danchu_account_{ROLE}_insert AFTER INSERT ON {ROLE} "
        f"BEGIN {_accounts_of('NEW.person_id')} END",
        f"CREATE TRIGGER danchu_account_{ROLE}_update AFTER UPDATE ON {ROLE} "
        f"BEGIN {_accounts_of('OLD.person_id')} {_accounts_of('NEW.person_id')} END",
        f"CREATE TRIGGER danchu_account_{ROLE}_delete AFTER DELETE ON {ROLE} "
        f"BEGIN {_accounts_of('OLD.person_id')} END",
    ],
}
_PEOPLE = (
    "INSERT INTO core_generation (name, value) VALUES ('people', random()) "
    "ON CONFLICT (name) DO UPDATE SET value = excluded.value;"
)
BACKWARD = {
    "postgresql": [
        *(f"DROP TRIGGER IF EXISTS danchu_account_{t}_row ON {t}" for t in (USER, PERSON, ROLE)),
        *(f"DROP TRIGGER IF EXISTS danchu_account_{t}_truncate ON {t}" for t in (PERSON, ROLE)),
        f"DROP TRIGGER IF EXISTS danchu_scoped_{PERSON}_row ON {PERSON}",
        f"DROP TRIGGER IF EXISTS danchu_scoped_{PERSON}_truncate ON {PERSON}",
        f"CREATE TRIGGER danchu_gen_{USER}_stmt AFTER INSERT OR UPDATE OF {USER_COLUMNS} "
        f"OR DELETE OR TRUNCATE ON {USER} FOR EACH STATEMENT "
        "EXECUTE FUNCTION danchu_table_changed('people')",
        *(
            f"CREATE TRIGGER danchu_gen_{t}_stmt AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
            f"ON {t} FOR EACH STATEMENT EXECUTE FUNCTION danchu_table_changed('people')"
            for t in (PERSON, ROLE)
        ),
    ],
    "sqlite": [
        *(
            f"DROP TRIGGER IF EXISTS danchu_account_{t}_{e}"
            for t in (USER, PERSON, ROLE)
            for e in ("insert", "update", "delete")
        ),
        f"CREATE TRIGGER danchu_gen_{USER}_insert AFTER INSERT ON {USER} BEGIN {_PEOPLE} END",
        f"CREATE TRIGGER danchu_gen_{USER}_update AFTER UPDATE OF {USER_COLUMNS} ON {USER} "
        f"BEGIN {_PEOPLE} END",
        f"CREATE TRIGGER danchu_gen_{USER}_delete AFTER DELETE ON {USER} BEGIN {_PEOPLE} END",
        *(
            f"CREATE TRIGGER danchu_gen_{t}_{e} AFTER {e.upper()} ON {t} BEGIN {_PEOPLE} END"
            for t in (PERSON, ROLE)
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
        ("people", "0004_user_trigger_columns"),
        ("core", "0002_scoped_generation"),
    ]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
