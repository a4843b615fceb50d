"""Full-text indexes for both databases, and the `grams` column for words of unspaced scripts.

SQLite: two FTS5 tables that hold no copy of the text (external content: search_searchentry),
kept exact by triggers on every INSERT, UPDATE and DELETE of search rows, whatever writes them:
`search_entry_words` (unicode61 tokens of `document`, for words of scripts written with spaces)
and `search_entry_chars` (trigrams of `grams`, for Chinese, Japanese, Thai...). PostgreSQL: a
pg_trgm index on `grams` (migration 0002 made the tsvector column and the other indexes). None of
this is model state, because the other database has no equivalent; search.backends reads them by
vendor. Also the index the ranking reads instead of the wide rows.
"""

from django.db import migrations, models

# Marks (M*) are part of words: Bengali, Thai and Arabic words are not cut at their vowel signs.
WORDS_TOKENIZER = "unicode61 remove_diacritics 0 categories 'L* N* Co M*'"
SQLITE_FORWARD = [
    f"""CREATE VIRTUAL TABLE search_entry_words USING fts5(
        document, content='search_searchentry', content_rowid='id', tokenize="{WORDS_TOKENIZER}")""",
    """CREATE VIRTUAL TABLE search_entry_chars USING fts5(
        grams, content='search_searchentry', content_rowid='id', tokenize='trigram case_sensitive 1')""",
    """CREATE TRIGGER search_entry_fts_insert AFTER INSERT ON search_searchentry BEGIN
        INSERT INTO search_entry_words(rowid, document) VALUES (new.id, new.document);
        INSERT INTO search_entry_chars(rowid, grams) VALUES (new.id, new.grams);
    END""",
    """CREATE TRIGGER search_entry_fts_delete AFTER DELETE ON search_searchentry BEGIN
        INSERT INTO search_entry_words(search_entry_words, rowid, document) VALUES ('delete', old.id, old.document);
        INSERT INTO search_entry_chars(search_entry_chars, rowid, grams) VALUES ('delete', old.id, old.grams);
    END""",
    """CREATE TRIGGER search_entry_fts_update AFTER UPDATE ON search_searchentry BEGIN
        INSERT INTO search_entry_words(search_entry_words, rowid, document) VALUES ('delete', old.id, old.document);
        INSERT INTO search_entry_chars(search_entry_chars, rowid, grams) VALUES ('delete', old.id, old.grams);
        INSERT INTO search_entry_words(rowid, document) VALUES (new.id, new.document);
        INSERT INTO search_entry_chars(rowid, grams) VALUES (new.id, new.grams);
    END""",
    # Rows written before this migration.
    "INSERT INTO search_entry_words(search_entry_words) VALUES ('rebuild')",
    "INSERT INTO search_entry_chars(search_entry_chars) VALUES ('rebuild')",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS search_entry_fts_update",
    "DROP TRIGGER IF EXISTS search_entry_fts_delete",
    "DROP TRIGGER IF EXISTS search_entry_fts_insert",
    "DROP TABLE IF EXISTS search_entry_chars",
    "DROP TABLE IF EXISTS search_entry_words",
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
        migrations.RemoveIndex(model_name="searchentry", name="search_entry_visible_idx"),
        migrations.AddIndex(
            model_name="searchentry",
            index=models.Index(
                fields=["is_public", "visible_from", "covers", "kind", "date", "title_folded"],
                name="search_entry_rank_idx",
            ),
        ),
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRESQL_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRESQL_BACKWARD}),
            elidable=False,
        ),
    ]
