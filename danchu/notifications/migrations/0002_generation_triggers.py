"""A user's unread count follows the `notices:<user id>` token, given a new value by any write to
one of that user's notices (danchu.core.cache_groups); it replaces deleting the cached count."""

from django.db import migrations

# Written out in full, frozen: this migration does the same whatever later code says.
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
"""


def _set(record):
    return (
        f"INSERT INTO core_generation (name, value) "
        f"VALUES ('notices:' || COALESCE({record}.recipient_id, ''), random()) "
        "ON CONFLICT (name) DO UPDATE SET value = excluded.value;"
    )


FORWARD = {
    "postgresql": [
        PG_FUNCTIONS,
        "CREATE TRIGGER danchu_gen_notifications_notification_recipient_id_row "
        "AFTER INSERT OR UPDATE OR DELETE ON notifications_notification FOR EACH ROW "
        "EXECUTE FUNCTION danchu_row_changed('notices:', 'recipient_id')",
    ],
    "sqlite": [
        "CREATE TRIGGER danchu_gen_notifications_notification_recipient_id_insert "
        f"AFTER INSERT ON notifications_notification BEGIN {_set('NEW')} END",
        "CREATE TRIGGER danchu_gen_notifications_notification_recipient_id_update "
        f"AFTER UPDATE ON notifications_notification BEGIN {_set('OLD')} {_set('NEW')} END",
        "CREATE TRIGGER danchu_gen_notifications_notification_recipient_id_delete "
        f"AFTER DELETE ON notifications_notification BEGIN {_set('OLD')} END",
    ],
}
BACKWARD = {
    "postgresql": [
        "DROP TRIGGER IF EXISTS danchu_gen_notifications_notification_recipient_id_row "
        "ON notifications_notification",
    ],
    "sqlite": [
        f"DROP TRIGGER IF EXISTS danchu_gen_notifications_notification_recipient_id_{event}"
        for event in ("insert", "update", "delete")
    ],
}


def forward(apps, schema_editor):
    for statement in FORWARD[schema_editor.connection.vendor]:
        schema_editor.execute(statement)


def backward(apps, schema_editor):
    for statement in BACKWARD[schema_editor.connection.vendor]:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("notifications", "0001_initial"), ("core", "0001_generation")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
