"""Migrations keep the rows already stored (run on a database that holds some)."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.kit.migrations import leaves, migrate

BEFORE_NOTES = [("inventory", "0007_idempotencykey_to_api")]
WITH_NOTES = [("inventory", "0008_item_notes")]



@pytest.mark.django_db(transaction=True)
def test_adding_notes_keeps_stored_items_with_empty_notes(user):
    old_apps = migrate(BEFORE_NOTES)
    try:
        OldItem = old_apps.get_model("inventory", "Item")
        kept = OldItem.objects.create(owner_id=user.id, name="Old kettle",
                                      description="From before notes", status="sold")
        assert "notes" not in {f.name for f in OldItem._meta.get_fields()}
    finally:
        new_apps = migrate(leaves())

    item = new_apps.get_model("inventory", "Item").objects.get(pk=kept.pk)
    assert (item.name, item.description, item.status, item.notes) == (
        "Old kettle", "From before notes", "sold", "")
    assert WITH_NOTES[0] in MigrationExecutor(connection).loader.applied_migrations
