"""Per-unit chains, data: the entries written so far become the `legacy` chain, unchanged.

Their hashes are not rewritten (they were computed without `chain` and `prev_seq`, and the
legacy recipe keeps it so): each entry's `prev_seq` is set to the seq before it, the old single
head becomes the head of the `legacy` chain, and the single head row is dropped. On PostgreSQL
the sequence `audit_entry_seq` then hands out the seqs, starting after the last legacy entry.
The append-only triggers are lifted for the one UPDATE and put back; their SQL is copied here
from migration 0003, frozen.
"""

from django.db import migrations

LEGACY_CHAIN = "legacy"
MESSAGE = "audit log is append-only"

TRIGGERS = {
    "sqlite": {
        "create": [
            "CREATE TRIGGER audit_entry_no_update BEFORE UPDATE ON audit_entry "
            f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END",
            "CREATE TRIGGER audit_entry_no_delete BEFORE DELETE ON audit_entry "
            f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END",
        ],
        "drop": [
            "DROP TRIGGER IF EXISTS audit_entry_no_update",
            "DROP TRIGGER IF EXISTS audit_entry_no_delete",
        ],
    },
    "postgresql": {
        "create": [
            "CREATE OR REPLACE FUNCTION audit_entry_refuse_change() RETURNS trigger "
            "LANGUAGE plpgsql AS $$ BEGIN "
            f"RAISE EXCEPTION '{MESSAGE} (% refused)', TG_OP; "
            "END $$",
            "CREATE TRIGGER audit_entry_no_update_delete BEFORE UPDATE OR DELETE ON audit_entry "
            "FOR EACH ROW EXECUTE FUNCTION audit_entry_refuse_change()",
            "CREATE TRIGGER audit_entry_no_truncate BEFORE TRUNCATE ON audit_entry "
            "FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_refuse_change()",
        ],
        "drop": [
            "DROP TRIGGER IF EXISTS audit_entry_no_truncate ON audit_entry",
            "DROP TRIGGER IF EXISTS audit_entry_no_update_delete ON audit_entry",
            "DROP FUNCTION IF EXISTS audit_entry_refuse_change()",
        ],
    },
}

SEQUENCE = {
    "create": [
        "CREATE SEQUENCE audit_entry_seq OWNED BY audit_entry.seq",
        "SELECT setval('audit_entry_seq', COALESCE((SELECT MAX(seq) FROM audit_entry), 0) + 1,"
        " false)",
    ],
    "drop": ["DROP SEQUENCE IF EXISTS audit_entry_seq"],
}


def _execute(connection, statements):
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def _link_legacy(connection, prev_seq_sql):
    if connection.vendor not in TRIGGERS:
        raise NotImplementedError(f"no append-only triggers for {connection.vendor}")
    _execute(connection, TRIGGERS[connection.vendor]["drop"])
    _execute(connection, [f"UPDATE audit_entry SET prev_seq = {prev_seq_sql} WHERE chain = 'legacy'"])
    _execute(connection, TRIGGERS[connection.vendor]["create"])


def forwards(apps, schema_editor):
    connection = schema_editor.connection
    # Legacy seqs run 1, 2, 3… with no gap (the old head handed them out), so the one before
    # each entry is seq - 1.
    _link_legacy(connection, "seq - 1")
    Head = apps.get_model("audit", "Head")
    ChainHead = apps.get_model("audit", "ChainHead")
    head = Head.objects.using(connection.alias).filter(pk=1).first()
    if head is not None and head.seq > 0:
        ChainHead.objects.using(connection.alias).create(
            chain=LEGACY_CHAIN, seq=head.seq, hash=head.hash
        )
    if connection.vendor == "postgresql":
        _execute(connection, SEQUENCE["create"])


def backwards(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        _execute(connection, SEQUENCE["drop"])
    Entry = apps.get_model("audit", "Entry")
    if Entry.objects.using(connection.alias).exclude(chain=LEGACY_CHAIN).exists():
        raise RuntimeError("entries of per-unit chains cannot go back into a single chain")
    ChainHead = apps.get_model("audit", "ChainHead")
    Head = apps.get_model("audit", "Head")
    legacy = ChainHead.objects.using(connection.alias).filter(chain=LEGACY_CHAIN).first()
    Head.objects.using(connection.alias).update_or_create(
        pk=1,
        defaults={"seq": legacy.seq if legacy else 0, "hash": legacy.hash if legacy else "0" * 64},
    )
    ChainHead.objects.using(connection.alias).all().delete()
    _link_legacy(connection, "0")


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0004_chains'),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
        migrations.DeleteModel(name='Head'),
    ]
