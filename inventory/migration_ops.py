"""Operations the search migrations share: raw SQL that only PostgreSQL runs.

Kept out of the migration files so each defines only its SQL; SQLite (the embedded default)
has no tsvector or trigram indexes and skips these steps.
"""

from django.db import migrations


def run_on_postgresql(sql: str):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(sql)

    return operation


def postgresql_sql(forward: str, backward: str) -> migrations.RunPython:
    return migrations.RunPython(run_on_postgresql(forward), run_on_postgresql(backward))
