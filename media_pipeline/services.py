"""Storing image files for whoever asks: check, process, write, and hand back what was stored.

The pipeline knows nothing of what a file belongs to. A caller names a scope (ids that
prefix the keys) and gets a `StoredFile` back; it records that in its own rows. Writes
that end in a row of the caller's are context managers: the caller's block runs after
every object is written, and if the block raises, the objects are removed again. So every
object written has a row, or is gone before the exception leaves.

Order in every write: check what can be checked without writing, process the bytes in
memory (`processing.process` writes nothing), write the objects, then the caller's row.
"""

from __future__ import annotations

import contextlib
import hashlib
import time
import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from django.db import transaction

from media_pipeline import keys, processing, storage
from media_pipeline import renditions as table
from media_pipeline.models import PendingUpload
from tracktory.api.errors import ValidationFailed

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
ALLOWED_CONTENT_TYPES = tuple(keys.EXTENSION_BY_TYPE)
TYPE_NAMES = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WebP"}


@dataclass(frozen=True)
class StoredFile:
    """An original and its renditions, written: what the caller records."""

    id: uuid.UUID
    original_key: str
    rendition_keys: dict[str, str]  # {rendition name: key}
    content_type: str
    width: int
    height: int
    bytes: int
    content_hash: str


@dataclass(frozen=True)
class Rerendered:
    rendition_keys: dict[str, str]
    width: int
    height: int


class UploadNotPending(ValidationFailed):
    """No signed upload (of this owner) has this key: never signed, refused, or confirmed."""


def _refuse(field: str, message: str) -> ValidationFailed:
    return ValidationFailed(message, {field: [message]})


def _check_size(size: int, field: str) -> None:
    if size < 1:
        raise _refuse(field, "The file is empty.")
    if size > MAX_UPLOAD_BYTES:
        raise _refuse(field, f"The file is larger than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB.")


def _process(data: bytes, field: str) -> processing.Job:
    try:
        return processing.process(data)
    except processing.ImageRejected as exc:
        raise _refuse(field, str(exc)) from None


def _split_renditions(rendition_keys: Iterable[str]) -> tuple[list[str], list[str]]:
    """(private, public) keys, by the table's folder of each; unknown folders are public."""
    private_folders = tuple(f"images/{spec.folder}/" for spec in table.RENDITIONS
                            if not spec.public)
    private, public = [], []
    for key in rendition_keys:
        if key:
            (private if key.startswith(private_folders) else public).append(key)
    return private, public


def delete_objects(*, original_keys: Iterable[str] = (),
                   rendition_keys: Iterable[str] = ()) -> None:
    """Delete now; a key already gone is not an error."""
    private, public = _split_renditions(rendition_keys)
    storage.delete_objects(originals=[*original_keys, *private], renditions=public)


def delete_objects_on_commit(*, original_keys: Iterable[str] = (),
                             rendition_keys: Iterable[str] = ()) -> None:
    """Delete once the caller's transaction commits (its rows went first), never on rollback."""
    originals, renditions = list(original_keys), list(rendition_keys)
    transaction.on_commit(lambda: delete_objects(original_keys=originals,
                                                 rendition_keys=renditions))


@contextlib.contextmanager
def _renditions_written(*, scope: Sequence, file_id, revision: int,
                        job: processing.Job) -> Iterator[dict[str, str]]:
    """Write the job's renditions under new keys; remove them if the caller's block raises."""
    new_keys = keys.rendition_keys(scope, file_id, revision)
    written: list[str] = []
    try:
        for rendition in job.renditions:
            spec, key = table.BY_NAME[rendition.name], new_keys[rendition.name]
            storage.write_rendition(key, rendition.data, content_type=spec.content_type,
                                    is_public=spec.public)
            written.append(key)
        yield new_keys
    except BaseException:
        delete_objects(rendition_keys=written)
        raise


def _stored(*, file_id, original_key: str, rendition_keys: dict[str, str], data: bytes,
            job: processing.Job) -> StoredFile:
    return StoredFile(
        id=file_id, original_key=original_key, rendition_keys=rendition_keys,
        content_type=job.content_type, width=job.width, height=job.height, bytes=len(data),
        content_hash=hashlib.sha256(data).hexdigest(),
    )


# --- signed direct uploads ----------------------------------------------------------------


def sign_upload(
    *, owner, scope: Sequence, content_type: str, size: int, now: float | None = None
) -> storage.UploadForm:
    """Reserve a file id and a key under `scope` and sign a form to upload the original."""
    if content_type not in ALLOWED_CONTENT_TYPES:
        raise _refuse("contentType", "Only JPEG, PNG and WebP images are accepted "
                                     f"({', '.join(ALLOWED_CONTENT_TYPES)}).")
    _check_size(size, "size")
    file_id = uuid.uuid4()
    key = keys.original_key(scope, file_id, content_type)
    form = storage.sign_upload(key=key, content_type=content_type, max_size=MAX_UPLOAD_BYTES,
                               size=size, now=now)
    issued = time.time() if now is None else now
    PendingUpload.objects.create(
        id=file_id, owner=owner, object_key=key, content_type=content_type,
        declared_size=size,
        expires_at=datetime.fromtimestamp(issued + form.expires_in, tz=UTC),
    )
    return form


def _discard_pending(pending: PendingUpload) -> None:
    storage.delete_objects(originals=[pending.object_key])
    pending.delete()


@contextlib.contextmanager
def confirm_upload(*, owner, object_key: str) -> Iterator[StoredFile]:
    """Check and process an uploaded original, write its renditions and yield the file.

    The caller's block records the file; it runs inside this transaction, which holds the
    signed upload locked, so two confirms of one upload cannot both get a file. A refused
    file is removed with its signed upload, and the refusal raised.
    """
    with transaction.atomic():
        pending = (PendingUpload.objects.select_for_update()
                   .filter(object_key=object_key, owner=owner).first())
        if pending is None:
            message = "No signed upload has this key; sign the upload again."
            raise UploadNotPending(message, {"objectKey": [message]})
        size = storage.object_size(object_key)
        if size is None:
            raise _refuse("objectKey", "Nothing has been uploaded to this key yet.")
        try:
            _check_size(size, "objectKey")
            data = storage.read_original(object_key, max_size=MAX_UPLOAD_BYTES)
            _check_size(len(data), "objectKey")
            job = _process(data, "objectKey")
            if job.content_type != pending.content_type:
                raise _refuse(
                    "objectKey",
                    f"The file is a {TYPE_NAMES[job.content_type]} image but was signed as "
                    f"{pending.content_type}.",
                )
        except ValidationFailed as exc:
            refusal = exc
        else:
            scope = keys.parse_original_key(object_key).scope
            with _renditions_written(scope=scope, file_id=pending.id, revision=1,
                                     job=job) as rendition_keys:
                yield _stored(file_id=pending.id, original_key=object_key,
                              rendition_keys=rendition_keys, data=data, job=job)
            pending.delete()
            return
    # Refused: the bytes go now, and the row outside the block above, so raising does not
    # roll its deletion back. (Inside a caller's transaction that rolls back on a 400, the
    # row survives until cleanup_uploads; the object is gone either way.)
    _discard_pending(pending)
    raise refusal


def discard_pending_uploads(*, owner, scope: Sequence) -> int:
    """Drop the unconfirmed uploads under `scope` (their owner is going away): rows now,
    objects once the transaction commits. `owner=None`: whoever signed them."""
    pending = PendingUpload.objects.filter(object_key__startswith=keys.originals_prefix(scope))
    if owner is not None:
        pending = pending.filter(owner=owner)
    object_keys = list(pending.values_list("object_key", flat=True))
    if object_keys:
        delete_objects_on_commit(original_keys=object_keys)
    pending.delete()
    return len(object_keys)


# --- one-step upload ----------------------------------------------------------------------


@contextlib.contextmanager
def store_upload(*, scope: Sequence, file) -> Iterator[StoredFile]:
    """The multipart path: check and process the file, store original and renditions, yield
    the file for the caller's block to record; remove everything if that block raises."""
    _check_size(file.size, "file")
    data = file.read(MAX_UPLOAD_BYTES + 1)
    _check_size(len(data), "file")
    job = _process(data, "file")
    file_id = uuid.uuid4()
    key = keys.original_key(scope, file_id, job.content_type)
    storage.write_original(key, data, job.content_type)
    try:
        with _renditions_written(scope=scope, file_id=file_id, revision=1,
                                 job=job) as rendition_keys:
            yield _stored(file_id=file_id, original_key=key, rendition_keys=rendition_keys,
                          data=data, job=job)
    except BaseException:
        storage.delete_objects(originals=[key])
        raise


# --- remaking renditions ------------------------------------------------------------------


@contextlib.contextmanager
def rerender(*, original_key: str, current_keys: dict[str, str]) -> Iterator[Rerendered]:
    """Make every rendition of the table again from the original, under NEW keys (the next
    revision, the current pipeline version), and yield them for the caller to swap in.

    The objects of `current_keys` are removed only after the caller's transaction commits,
    so no cached URL ever points at changed bytes and the row never points at nothing. If
    the caller's block raises, the new objects are removed and the old ones stay.
    """
    parsed = keys.parse_original_key(original_key)
    if parsed is None:
        raise ValueError(f"not an original key: {original_key!r}")
    if storage.object_size(original_key) is None:
        raise storage.ObjectMissing(original_key)
    data = storage.read_original(original_key, max_size=MAX_UPLOAD_BYTES)
    job = processing.process(data)
    revision = keys.next_revision(current_keys.values())
    with _renditions_written(scope=parsed.scope, file_id=parsed.file_id, revision=revision,
                             job=job) as new_keys:
        yield Rerendered(rendition_keys=new_keys, width=job.width, height=job.height)
    delete_objects_on_commit(rendition_keys=[
        key for key in current_keys.values() if key not in new_keys.values()
    ])
