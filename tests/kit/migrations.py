"""Running migrations inside a test, on a database that holds rows."""

from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def migrate(targets, *, state_of=None):
    """Migrate to `targets`; return the historical models as of `state_of` (default: the
    targets themselves)."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(state_of or targets).apps


def leaves():
    """Every app's latest migration: `migrate(leaves())` brings the database up to date."""
    return MigrationExecutor(connection).loader.graph.leaf_nodes()
