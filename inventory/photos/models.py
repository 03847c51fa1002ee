import uuid

from django.conf import settings
from django.db import models


class Image(models.Model):
    """A photo of an item: the private original and its public renditions.

    `rendition_keys` maps each rendition of `media_pipeline.renditions` to its object key,
    so a new size needs no new column. Object keys hold only UUIDs (no file names or other
    personal data). `position` orders an item's gallery; position 0 is the primary photo.
    The table keeps the name it had in media_pipeline, so moving the model moved no rows.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    item = models.ForeignKey("inventory.Item", on_delete=models.CASCADE, related_name="images")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="images"
    )
    original_key = models.CharField(max_length=300, unique=True)
    rendition_keys = models.JSONField(default=dict, blank=True)
    content_type = models.CharField(max_length=50)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    bytes = models.PositiveIntegerField(default=0)
    content_hash = models.CharField(max_length=64, blank=True)
    alt_text = models.CharField(max_length=500, blank=True)
    position = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "media_pipeline_image"
        ordering = ["item", "position", "created_at"]
        indexes = [
            models.Index(fields=["item", "position"], name="image_item_position"),
            models.Index(fields=["owner", "-created_at"], name="image_owner_created"),
        ]

    def __str__(self) -> str:
        return f"{self.item_id}/{self.id}"
