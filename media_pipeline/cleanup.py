"""The storage side of clean-up: signed uploads nobody confirmed, and objects in storage
that no caller refers to (a crash between two writes, a row deleted while its upload was
pending, the old objects of reprocessed renditions).

Callers say which keys they still refer to; only objects older than the cutoff are
touched, so an upload in flight is never taken.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from media_pipeline import keys, storage
from media_pipeline import renditions as table
from media_pipeline.models import PendingUpload


@dataclass
class StorageCleanupReport:
    pending_uploads: list[str] = field(default_factory=list)
    orphaned_objects: list[str] = field(default_factory=list)


def _prefixes() -> list[tuple[str, str]]:
    """(storage kind, prefix) of everything the pipeline writes."""
    found = [("private", f"{keys.ORIGINALS}/")]
    for spec in table.RENDITIONS:
        found.append(("public" if spec.public else "private", f"images/{spec.folder}/"))
    return list(dict.fromkeys(found))


def find_orphaned_objects(*, referenced: set[str], cutoff: datetime) -> list[storage.StoredObject]:
    known = referenced | set(PendingUpload.objects.values_list("object_key", flat=True))
    found = []
    for kind, prefix in _prefixes():
        found += [obj for obj in storage.list_objects(kind, prefix) if obj.key not in known]
    return [obj for obj in found if obj.modified < cutoff.timestamp()]


def cleanup_storage(*, referenced: Iterable[str], cutoff: datetime,
                    dry_run: bool = False) -> StorageCleanupReport:
    """Remove (or, with dry_run, only list) unconfirmed uploads signed before `cutoff` and
    objects older than it that are neither in `referenced` nor a pending upload."""
    report = StorageCleanupReport()
    stale = list(PendingUpload.objects.filter(created_at__lt=cutoff))
    report.pending_uploads = [upload.object_key for upload in stale]
    orphans = find_orphaned_objects(referenced=set(referenced), cutoff=cutoff)
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
