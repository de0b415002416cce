from django.db import migrations

INDEX = "topics_topic_search_vector_gin"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON topics_topic USING gin (search_vector)"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    """A GIN index for full-text search, on PostgreSQL only (SQLite has no GIN)."""

    dependencies = [("topics", "0003_search_vector")]

    operations = [migrations.RunPython(create_index, drop_index)]
