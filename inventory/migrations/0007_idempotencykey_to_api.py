"""IdempotencyKey now belongs to `tracktory.api` (its 0001 adopted the model and kept the
table): drop it from inventory's state only, so no table or row is touched."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("inventory", "0006_image_rendition_keys"),
        ("api", "0001_idempotencykey_from_inventory"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="IdempotencyKey")],
            database_operations=[],
        ),
    ]
