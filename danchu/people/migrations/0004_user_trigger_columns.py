"""A sign-in writes only `people_user.last_login`, which no cached read uses: it no longer gives
the `people` token a new value (issue 15), so signing in invalidates nobody's cached reads.
Every other column of the user still does (danchu.core.cache_groups)."""

from django.db import migrations

# Written out in full, frozen: this migration does the same whatever later code says.
COLUMNS = (
    "id, password, is_superuser, username, first_name, last_name, email, is_staff, is_active, "
    "date_joined, person_id"
)
SET_PEOPLE = (
    "INSERT INTO core_generation (name, value) VALUES ('people', random()) "
    "ON CONFLICT (name) DO UPDATE SET value = excluded.value;"
)
FORWARD = {
    "postgresql": [
        "DROP TRIGGER IF EXISTS danchu_gen_people_user_stmt ON people_user",
        "CREATE TRIGGER danchu_gen_people_user_stmt "
        f"AFTER INSERT OR UPDATE OF {COLUMNS} OR DELETE OR TRUNCATE ON people_user "
        "FOR EACH STATEMENT EXECUTE FUNCTION danchu_table_changed('people')",
    ],
    "sqlite": [
        "DROP TRIGGER IF EXISTS danchu_gen_people_user_update",
        "CREATE TRIGGER danchu_gen_people_user_update "
        f"AFTER UPDATE OF {COLUMNS} ON people_user BEGIN {SET_PEOPLE} END",
    ],
}
BACKWARD = {
    "postgresql": [
        "DROP TRIGGER IF EXISTS danchu_gen_people_user_stmt ON people_user",
        "CREATE TRIGGER danchu_gen_people_user_stmt "
        "AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON people_user "
        "FOR EACH STATEMENT EXECUTE FUNCTION danchu_table_changed('people')",
    ],
    "sqlite": [
        "DROP TRIGGER IF EXISTS danchu_gen_people_user_update",
        f"CREATE TRIGGER danchu_gen_people_user_update AFTER UPDATE ON people_user BEGIN {SET_PEOPLE} END",
    ],
}


def forward(apps, schema_editor):
    for statement in FORWARD[schema_editor.connection.vendor]:
        schema_editor.execute(statement)


def backward(apps, schema_editor):
    for statement in BACKWARD[schema_editor.connection.vendor]:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("people", "0002_generation_triggers")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
