"""Removing what uploads leave behind: signed uploads nobody confirmed, and objects in
storage that no image or pending upload refers to (a crash between two writes, an item
deleted while its upload was pending).

Only objects older than the cutoff are touched, so an upload in flight is never taken.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.utils import timezone

from media_pipeline import storage
from media_pipeline.models import Image, PendingUpload

ORIGINALS = "images/originals/"
RENDITIONS = ("images/thumbnails/", "images/display/", "images/detail/")


@dataclass
class CleanupReport:
    pending_uploads: list[str] = field(default_factory=list)
    orphaned_objects: list[str] = field(default_factory=list)


def _known_keys() -> tuple[set[str], set[str]]:
    originals = set(Image.objects.values_list("original_key", flat=True))
    originals |= set(PendingUpload.objects.values_list("object_key", flat=True))
    renditions: set[str] = set()
    for keys in Image.objects.values_list("thumbnail_key", "display_key", "detail_key"):
        renditions.update(key for key in keys if key)
    return originals, renditions


def find_orphaned_objects(*, cutoff: datetime) -> list[storage.StoredObject]:
    originals, renditions = _known_keys()
    found = [obj for obj in storage.list_objects("private", ORIGINALS)
             if obj.key not in originals]
    for prefix in RENDITIONS:
        found += [obj for obj in storage.list_objects("public", prefix)
                  if obj.key not in renditions]
    return [obj for obj in found if obj.modified < cutoff.timestamp()]


def cleanup_uploads(*, older_than: timedelta, dry_run: bool = False,
                    now: datetime | None = None) -> CleanupReport:
    """Remove (or, with dry_run, only list) what is older than `older_than`."""
    now = now or timezone.now()
    cutoff = now - older_than
    report = CleanupReport()
    stale = list(PendingUpload.objects.filter(created_at__lt=cutoff))
    report.pending_uploads = [upload.object_key for upload in stale]
    orphans = find_orphaned_objects(cutoff=cutoff)
    report.orphaned_objects = [f"{obj.kind}:{obj.key}" for obj in orphans]
    if dry_run:
        return report
    for upload in stale:
        storage.delete_objects(originals=[upload.object_key])
        upload.delete()
    storage.delete_objects(
        originals=[obj.key for obj in orphans if obj.kind == "private"],
        renditions=[obj.key for obj in orphans if obj.kind == "public"],
    )
    return report
