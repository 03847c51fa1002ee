"""The item photo model moves here from media_pipeline; its table and rows stay put.

State only: the model is declared in this app under its existing table name
(media_pipeline_image), and media_pipeline's 0003 forgets it. Its content type follows, so
admin log entries and permissions keep pointing at it.
"""

import uuid

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from tracktory.api.migration_ops import move_content_type


class Migration(migrations.Migration):

    dependencies = [
        ("inventory", "0004_search_owner_indexes"),
        ("media_pipeline", "0002_pending_uploads"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Image",
                    fields=[
                        ("id", models.UUIDField(default=uuid.uuid4, editable=False,
                                                primary_key=True, serialize=False)),
                        ("original_key", models.CharField(max_length=300, unique=True)),
                        ("thumbnail_key", models.CharField(blank=True, max_length=300)),
                        ("display_key", models.CharField(blank=True, max_length=300)),
                        ("detail_key", models.CharField(blank=True, max_length=300)),
                        ("content_type", models.CharField(max_length=50)),
                        ("width", models.PositiveIntegerField(default=0)),
                        ("height", models.PositiveIntegerField(default=0)),
                        ("bytes", models.PositiveIntegerField(default=0)),
                        ("content_hash", models.CharField(blank=True, max_length=64)),
                        ("alt_text", models.CharField(blank=True, max_length=500)),
                        ("position", models.PositiveIntegerField(default=0)),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        ("item", models.ForeignKey(
                            on_delete=django.db.models.deletion.CASCADE, related_name="images",
                            to="inventory.item")),
                        ("owner", models.ForeignKey(
                            on_delete=django.db.models.deletion.CASCADE, related_name="images",
                            to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        "db_table": "media_pipeline_image",
                        "ordering": ["item", "position", "created_at"],
                        "indexes": [
                            models.Index(fields=["item", "position"], name="image_item_position"),
                            models.Index(fields=["owner", "-created_at"],
                                         name="image_owner_created"),
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        move_content_type("image", old_app="media_pipeline", new_app="inventory"),
    ]
