"""What `cleanup_uploads` removes: the media pipeline's leftovers in storage (unconfirmed
uploads, objects no photo refers to) and Idempotency-Key records past their window.

This app sits on top, so it is the one that knows every row referring to a stored object.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.utils import timezone

from inventory.photos.selectors import referenced_object_keys
from media_pipeline.cleanup import cleanup_storage
from tracktory.api.idempotency import delete_expired_keys


@dataclass
class CleanupReport:
    pending_uploads: list[str] = field(default_factory=list)
    orphaned_objects: list[str] = field(default_factory=list)
    idempotency_keys: int = 0


def cleanup_uploads(*, older_than: timedelta, dry_run: bool = False,
                    now: datetime | None = None) -> CleanupReport:
    """Remove (or, with dry_run, only list) what is older than `older_than`; idempotency
    keys always keep their replay window (the kernel's rule)."""
    now = now or timezone.now()
    stored = cleanup_storage(referenced=referenced_object_keys(), cutoff=now - older_than,
                             dry_run=dry_run)
    expired = delete_expired_keys(older_than=older_than, dry_run=dry_run, now=now)
    return CleanupReport(pending_uploads=stored.pending_uploads,
                         orphaned_objects=stored.orphaned_objects, idempotency_keys=expired)
