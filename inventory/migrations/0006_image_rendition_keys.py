"""One `rendition_keys` field {rendition name: key} instead of a column per size, so a new
size in media_pipeline's rendition table needs no migration. Every stored key is copied."""

from django.db import migrations, models

COLUMNS = {"thumbnail": "thumbnail_key", "display": "display_key", "detail": "detail_key"}


def columns_to_field(apps, schema_editor):
    Image = apps.get_model("inventory", "Image")
    for image in Image.objects.only("id", *COLUMNS.values()).iterator(chunk_size=500):
        image.rendition_keys = {name: getattr(image, column)
                                for name, column in COLUMNS.items() if getattr(image, column)}
        image.save(update_fields=["rendition_keys"])


def field_to_columns(apps, schema_editor):
    Image = apps.get_model("inventory", "Image")
    for image in Image.objects.only("id", "rendition_keys").iterator(chunk_size=500):
        for name, column in COLUMNS.items():
            setattr(image, column, image.rendition_keys.get(name, ""))
        image.save(update_fields=list(COLUMNS.values()))


class Migration(migrations.Migration):

    dependencies = [
        ("inventory", "0005_item_photos_from_media_pipeline"),
        # media_pipeline forgets the model first, so two apps never both own the table.
        ("media_pipeline", "0003_forget_item_photos"),
    ]

    operations = [
        migrations.AddField(
            model_name="image",
            name="rendition_keys",
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.RunPython(columns_to_field, field_to_columns),
        migrations.RemoveField(model_name="image", name="thumbnail_key"),
        migrations.RemoveField(model_name="image", name="display_key"),
        migrations.RemoveField(model_name="image", name="detail_key"),
    ]
