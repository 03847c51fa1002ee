import uuid

from django.conf import settings
from django.db import models


class PendingUpload(models.Model):
    """A signed upload not yet confirmed: the key the client may write, and until when.

    Whoever asked for the upload chose the key's scope; confirming hands the stored file to
    them (and deletes this row). `cleanup_uploads` removes the objects of rows nobody
    confirmed, so an abandoned upload leaves nothing behind.
    """

    # The id of the file to be, so the key and the caller's row agree.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
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
