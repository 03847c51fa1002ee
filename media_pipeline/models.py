import uuid

from django.conf import settings
from django.db import models


class Image(models.Model):
    """A photo of an item: the private original and its three public WebP renditions.

    Object keys hold only UUIDs (no file names or other personal data). `position` orders
    an item's gallery; position 0 is the primary photo.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    item = models.ForeignKey("inventory.Item", on_delete=models.CASCADE, related_name="images")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="images"
    )
    original_key = models.CharField(max_length=300, unique=True)
    thumbnail_key = models.CharField(max_length=300, blank=True)
    display_key = models.CharField(max_length=300, blank=True)
    detail_key = models.CharField(max_length=300, blank=True)
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
        ordering = ["item", "position", "created_at"]
        indexes = [
            models.Index(fields=["item", "position"], name="image_item_position"),
            models.Index(fields=["owner", "-created_at"], name="image_owner_created"),
        ]

    def __str__(self) -> str:
        return f"{self.item_id}/{self.id}"

    @property
    def rendition_keys(self) -> list[str]:
        return [key for key in (self.thumbnail_key, self.display_key, self.detail_key) if key]


class PendingUpload(models.Model):
    """A signed upload not yet confirmed: the key the client may write, and until when.

    Confirming turns it into an Image (and deletes this row); `cleanup_uploads` removes the
    objects of rows nobody confirmed, so an abandoned upload leaves nothing behind.
    """

    # The future Image's id, so the key and the image agree.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    item = models.ForeignKey(
        "inventory.Item", on_delete=models.CASCADE, related_name="pending_uploads"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pending_uploads"
    )
    object_key = models.CharField(max_length=300, unique=True)
    content_type = models.CharField(max_length=50)
    declared_size = models.PositiveIntegerField()
    expires_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.object_key
