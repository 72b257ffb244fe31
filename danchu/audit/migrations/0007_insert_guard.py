"""The database refuses an audit entry not appended by `audit.record`, and changes to checkpoints.

An INSERT into `audit_entry` must carry the append path's transaction-local marker
(PostgreSQL: the setting `danchu.audit_append`; SQLite: the function `danchu_audit_appending()`,
which only the application's connections define, `danchu/audit/guard.py`) and must follow its
chain's head row (same `prev_seq` and `prev_hash`). UPDATE and DELETE of checkpoints are refused.
These stop raw and mistaken writes; someone who owns the database can still lift them, which the
signed checkpoints catch (docs/deploy.md). `create_guard(connection)` and `drop_guard(connection)`
are also used by the audit tests, which lift the guard to play the owner tampering.
"""

from django.db import migrations

RAW = "audit log: entries are appended by the application only (raw INSERT refused)"
UNLINKED = "audit log: the entry does not follow its chain head (INSERT refused)"
CHECKPOINTS = "audit checkpoints are append-only"

SQL = {
    "sqlite": {
        "create": [
            "CREATE TRIGGER audit_entry_guard_insert BEFORE INSERT ON audit_entry BEGIN "
            f"SELECT RAISE(ABORT, '{RAW}') WHERE NOT danchu_audit_appending(); "
            f"SELECT RAISE(ABORT, '{UNLINKED}') WHERE NOT EXISTS (SELECT 1 FROM audit_chainhead h"
            " WHERE h.chain = NEW.chain AND h.seq = NEW.prev_seq AND h.hash = NEW.prev_hash); "
            "END",
            "CREATE TRIGGER audit_checkpoint_no_update BEFORE UPDATE ON audit_checkpoint "
            f"BEGIN SELECT RAISE(ABORT, '{CHECKPOINTS}'); END",
            "CREATE TRIGGER audit_checkpoint_no_delete BEFORE DELETE ON audit_checkpoint "
            f"BEGIN SELECT RAISE(ABORT, '{CHECKPOINTS}'); END",
        ],
        "drop": [
            "DROP TRIGGER IF EXISTS audit_entry_guard_insert",
            "DROP TRIGGER IF EXISTS audit_checkpoint_no_update",
            "DROP TRIGGER IF EXISTS audit_checkpoint_no_delete",
        ],
    },
    "postgresql": {
        "create": [
            "CREATE OR REPLACE FUNCTION audit_entry_guard_insert() RETURNS trigger "
            "LANGUAGE plpgsql AS $$ BEGIN "
            "IF coalesce(current_setting('danchu.audit_append', true), '') <> 'on' THEN "
            f"RAISE EXCEPTION '{RAW}'; END IF; "
            "IF NOT EXISTS (SELECT 1 FROM audit_chainhead h WHERE h.chain = NEW.chain"
            " AND h.seq = NEW.prev_seq AND h.hash = NEW.prev_hash) THEN "
            f"RAISE EXCEPTION '{UNLINKED}'; END IF; "
            "RETURN NEW; END $$",
            "CREATE TRIGGER audit_entry_guard_insert BEFORE INSERT ON audit_entry "
            "FOR EACH ROW EXECUTE FUNCTION audit_entry_guard_insert()",
            "CREATE OR REPLACE FUNCTION audit_checkpoint_refuse_change() RETURNS trigger "
            "LANGUAGE plpgsql AS $$ BEGIN "
            f"RAISE EXCEPTION '{CHECKPOINTS} (% refused)', TG_OP; "
            "END $$",
            # No TRUNCATE trigger: the test suite's flush truncates every table; the published
            # copies of the signed checkpoints are what shows one removed (docs/deploy.md).
            "CREATE TRIGGER audit_checkpoint_no_update_delete BEFORE UPDATE OR DELETE"
            " ON audit_checkpoint FOR EACH ROW EXECUTE FUNCTION audit_checkpoint_refuse_change()",
        ],
        "drop": [
            "DROP TRIGGER IF EXISTS audit_entry_guard_insert ON audit_entry",
            "DROP FUNCTION IF EXISTS audit_entry_guard_insert()",
            "DROP TRIGGER IF EXISTS audit_checkpoint_no_update_delete ON audit_checkpoint",
            "DROP FUNCTION IF EXISTS audit_checkpoint_refuse_change()",
        ],
    },
}


def _execute(connection, step):
    if connection.vendor not in SQL:
        raise NotImplementedError(f"no audit insert guard for {connection.vendor}")
    with connection.cursor() as cursor:
        for statement in SQL[connection.vendor][step]:
            cursor.execute(statement)


def create_guard(connection):
    _execute(connection, "create")


def drop_guard(connection):
    _execute(connection, "drop")


def forwards(apps, schema_editor):
    create_guard(schema_editor.connection)


def backwards(apps, schema_editor):
    drop_guard(schema_editor.connection)


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0006_checkpoint'),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
    ]
