"""Full-text indexes for both databases, and the `grams` column that serves short CJK/Thai words.

SQLite: an FTS5 table with the trigram tokenizer over `document` and `grams`, holding no copy of
the text (external content: search_searchentry) and kept exact by triggers on every INSERT, UPDATE
and DELETE of search rows, whatever writes them. PostgreSQL: a pg_trgm index on `grams` (migration
0002 made the tsvector column and the other indexes). Neither is part of the model state, because
the other database has no equivalent; search.backends reads them by vendor.
"""

from django.db import migrations, models

SQLITE_FORWARD = [
    """CREATE VIRTUAL TABLE search_entry_fts USING fts5(
        document, grams, content='search_searchentry', content_rowid='id',
        tokenize='trigram case_sensitive 1')""",
    """CREATE TRIGGER search_entry_fts_insert AFTER INSERT ON search_searchentry BEGIN
        INSERT INTO search_entry_fts(rowid, document, grams) VALUES (new.id, new.document, new.grams);
    END""",
    """CREATE TRIGGER search_entry_fts_delete AFTER DELETE ON search_searchentry BEGIN
        INSERT INTO search_entry_fts(search_entry_fts, rowid, document, grams)
        VALUES ('delete', old.id, old.document, old.grams);
    END""",
    """CREATE TRIGGER search_entry_fts_update AFTER UPDATE ON search_searchentry BEGIN
        INSERT INTO search_entry_fts(search_entry_fts, rowid, document, grams)
        VALUES ('delete', old.id, old.document, old.grams);
        INSERT INTO search_entry_fts(rowid, document, grams) VALUES (new.id, new.document, new.grams);
    END""",
    # Rows written before this migration.
    "INSERT INTO search_entry_fts(search_entry_fts) VALUES ('rebuild')",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS search_entry_fts_update",
    "DROP TRIGGER IF EXISTS search_entry_fts_delete",
    "DROP TRIGGER IF EXISTS search_entry_fts_insert",
    "DROP TABLE IF EXISTS search_entry_fts",
]
POSTGRESQL_FORWARD = ["CREATE INDEX search_entry_grams_trgm ON search_searchentry USING gin (grams gin_trgm_ops)"]
POSTGRESQL_BACKWARD = ["DROP INDEX IF EXISTS search_entry_grams_trgm"]


def fill_grams(apps, schema_editor):
    """Grams of the rows indexed before this migration (the triggers then index them)."""
    from search.text import grams

    SearchEntry = apps.get_model("search", "SearchEntry")
    rows = []
    for entry in SearchEntry.objects.only("document").iterator(chunk_size=1000):
        entry.grams = grams(entry.document)
        if entry.grams:
            rows.append(entry)
    SearchEntry.objects.bulk_update(rows, ["grams"], batch_size=1000)


def _run(statements_by_vendor):
    def operation(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return operation


class Migration(migrations.Migration):
    dependencies = [("search", "0002_postgresql_search")]

    operations = [
        migrations.AddField(
            model_name="searchentry",
            name="grams",
            field=models.TextField(blank=True, default=""),
        ),
        migrations.RunPython(fill_grams, migrations.RunPython.noop, elidable=False),
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRESQL_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRESQL_BACKWARD}),
            elidable=False,
        ),
    ]
