"""media_pipeline knows nothing of items: the photo model now belongs to inventory (its
0005 took over the table, rows untouched), and a signed upload keeps no item link (the
key's scope says whose it is)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("media_pipeline", "0002_pending_uploads"),
        ("inventory", "0005_item_photos_from_media_pipeline"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Image")],
            database_operations=[],
        ),
        migrations.RemoveField(model_name="pendingupload", name="item"),
    ]
