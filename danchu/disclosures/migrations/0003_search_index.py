"""An index for the inbox's diacritic-free search, which matches any part of a word.

SQLite: an FTS5 table with the trigram tokenizer over the folded text, kept in step with the
disclosures by triggers (`danchu.core.queries.search_folded` queries it). PostgreSQL: a trigram
GIN index (pg_trgm), which serves the same `LIKE '%word%'` the search already sends.
"""

from django.db import migrations

TABLE = "disclosures_disclosure"
SEARCH = f"{TABLE}_search"

SQLITE = [
    f"CREATE VIRTUAL TABLE {SEARCH} USING fts5("
    f"search_text, content='{TABLE}', content_rowid='id', tokenize='trigram')",
    f"INSERT INTO {SEARCH}({SEARCH}) VALUES ('rebuild')",
    f"CREATE TRIGGER {SEARCH}_insert AFTER INSERT ON {TABLE} BEGIN "
    f"INSERT INTO {SEARCH}(rowid, search_text) VALUES (new.id, new.search_text); END",
    f"CREATE TRIGGER {SEARCH}_delete AFTER DELETE ON {TABLE} BEGIN "
    f"INSERT INTO {SEARCH}({SEARCH}, rowid, search_text) "
    f"VALUES ('delete', old.id, old.search_text); END",
    f"CREATE TRIGGER {SEARCH}_update AFTER UPDATE OF search_text ON {TABLE} BEGIN "
    f"INSERT INTO {SEARCH}({SEARCH}, rowid, search_text) "
    f"VALUES ('delete', old.id, old.search_text); "
    f"INSERT INTO {SEARCH}(rowid, search_text) VALUES (new.id, new.search_text); END",
]
SQLITE_UNDO = [
    *(f"DROP TRIGGER {SEARCH}_{event}" for event in ("insert", "delete", "update")),
    f"DROP TABLE {SEARCH}",
]
POSTGRESQL = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",  # trusted since PostgreSQL 13: no superuser needed
    f"CREATE INDEX {TABLE}_search_trgm ON {TABLE} USING gin (search_text gin_trgm_ops)",
]
POSTGRESQL_UNDO = [f"DROP INDEX {TABLE}_search_trgm"]  # the extension stays: others may use it


def run(statements: dict[str, list[str]]):  # type: ignore[no-untyped-def]
    def apply(apps, schema_editor):  # type: ignore[no-untyped-def]
        for statement in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("disclosures", "0002_list_indexes")]

    operations = [
        migrations.RunPython(
            run({"sqlite": SQLITE, "postgresql": POSTGRESQL}),
            run({"sqlite": SQLITE_UNDO, "postgresql": POSTGRESQL_UNDO}),
        ),
    ]
