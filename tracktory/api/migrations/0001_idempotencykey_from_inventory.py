"""IdempotencyKey moves here from `inventory`: only Django's idea of which app owns it
changes. The table (inventory_idempotencykey), its rows, index and constraint stay as they
are; `inventory`'s 0007 drops the model from its own state after this one adopted it.
"""

import django.db.models.deletion
import uuid
from django.conf import settings
from django.db import migrations, models

from tracktory.api.migration_ops import move_content_type


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("contenttypes", "0002_remove_content_type_name"),
        # The table is created by inventory's first migration.
        ("inventory", "0004_search_owner_indexes"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='IdempotencyKey',
                    fields=[
                        ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                        ('key', models.CharField(max_length=255)),
                        ('method', models.CharField(max_length=10)),
                        ('path', models.CharField(max_length=500)),
                        ('request_hash', models.CharField(max_length=64)),
                        ('status_code', models.PositiveSmallIntegerField(blank=True, null=True)),
                        ('response_body', models.JSONField(blank=True, null=True)),
                        ('response_headers', models.JSONField(blank=True, default=dict)),
                        ('created_at', models.DateTimeField(auto_now_add=True, db_index=True)),
                        ('owner', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='idempotency_keys', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'inventory_idempotencykey',
                        'constraints': [models.UniqueConstraint(fields=('owner', 'key'), name='idempotency_owner_key')],
                    },
                ),
            ],
            database_operations=[],
        ),
        move_content_type("idempotencykey", old_app="inventory", new_app="api"),
    ]
