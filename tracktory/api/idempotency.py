"""`Idempotency-Key` for POST/PUT/PATCH handlers: a retried write replays, never repeats.

Use it on a DRF view's handler, after authentication has run:

    class ItemListApi(APIView):
        @idempotent
        def post(self, request): ...

The contract: the same key, user, method, route and body within `TTL` replays the first
status and body with `Idempotency-Replayed: true` and runs nothing; the same key with another
body or route is a 409 IDEMPOTENCY_KEY_REUSED, and one whose first request is still running a
409 IDEMPOTENCY_IN_PROGRESS. Keys are per user and live in the database, so every app
instance agrees; `delete_expired_keys` removes them after their window.

How concurrent duplicates are kept from both writing: the key row is inserted first, in the
same transaction as the handler's writes and the stored response. A second request with the
same key blocks on the unique index until the first commits, then finds the finished row and
replays it (or, if the first rolled back, runs itself). A crash mid-way rolls everything back,
so no half-written key can wedge later retries. Only 2xx answers are stored: a 4xx wrote
nothing, and the client should be able to fix the request and retry with the same key.
"""

import functools
import hashlib
import json
from datetime import datetime, timedelta

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils import encoders

from tracktory.api.envelope import is_envelope, success_body
from tracktory.api.errors import IdempotencyInProgress, IdempotencyKeyReused, ValidationFailed
from tracktory.api.models import IdempotencyKey

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotency-Replayed"
TTL = timedelta(hours=24)
MAX_KEY_LENGTH = 255
# Response headers worth replaying; the rest (dates, request ids) belong to each request.
STORED_HEADERS = ("ETag", "Location", "Content-Location")
# Every `@idempotent` handler documents the header (and so its 409 codes) in the schema.
HEADER_PARAMETER = OpenApiParameter(
    HEADER, OpenApiTypes.STR, OpenApiParameter.HEADER,
    description="Retry-safe writes: the same key and body within 24 h replays the first answer.",
)


def _canonical(value):
    if isinstance(value, UploadedFile):
        digest = hashlib.sha256()
        for chunk in value.chunks():
            digest.update(chunk)
        value.seek(0)
        return {"file": digest.hexdigest(), "size": value.size, "type": value.content_type}
    if isinstance(value, dict):
        return {str(k): _canonical(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_canonical(v) for v in value]
    return value


def request_fingerprint(request: Request) -> str:
    """A hash of method, route and parsed body: JSON key order and whitespace do not matter."""
    data = request.data
    if hasattr(data, "lists"):  # QueryDict from a form or multipart body
        data = {key: values for key, values in data.lists()}
    payload = {"method": request.method, "path": request.path, "body": _canonical(data)}
    encoded = json.dumps(payload, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(encoded.encode()).hexdigest()


def replay(record: IdempotencyKey) -> Response:
    response = Response(record.response_body, status=record.status_code)
    for name, value in (record.response_headers or {}).items():
        response[name] = value
    response[REPLAYED_HEADER] = "true"
    return response


def _claim(*, user, key: str, method: str, path: str, request_hash: str):
    """Insert the key row, or return the committed row that already holds this key."""
    for _ in range(2):
        try:
            with transaction.atomic():
                return IdempotencyKey.objects.create(
                    owner=user, key=key, method=method, path=path, request_hash=request_hash
                ), None
        except IntegrityError:
            existing = IdempotencyKey.objects.filter(owner=user, key=key).first()
            if existing is None:  # the holder rolled back: the key is free again
                continue
            if existing.created_at < timezone.now() - TTL:
                existing.delete()
                continue
            return None, existing
    raise IdempotencyInProgress("This Idempotency-Key is in use by another request; retry it.",
                                {"idempotencyKey": ["Busy."]})


def _stored_body(response: Response):
    data = response.data
    if not is_envelope(data):
        data = success_body(data, pagination=getattr(response, "pagination", None))
    # Plain JSON (Decimals, UUIDs and dates as the renderer writes them) for the JSONField.
    return json.loads(json.dumps(data, cls=encoders.JSONEncoder))


def idempotent(handler):
    """Decorate a DRF handler (`def post(self, request, ...)`) to honour `Idempotency-Key`."""

    @functools.wraps(handler)
    def wrapper(*args, **kwargs):
        request = next(arg for arg in args if isinstance(arg, Request))
        key = request.headers.get(HEADER)
        # Keys are stored per user: an anonymous request has nobody to scope its key to.
        if key is None or not getattr(request.user, "is_authenticated", False):
            return handler(*args, **kwargs)
        key = key.strip()
        if not key or len(key) > MAX_KEY_LENGTH or not key.isprintable():
            raise ValidationFailed(
                "The Idempotency-Key header is not valid.",
                {"idempotencyKey": [f"Must be 1 to {MAX_KEY_LENGTH} printable characters."]},
            )
        request_hash = request_fingerprint(request)
        with transaction.atomic():
            record, existing = _claim(user=request.user, key=key, method=request.method,
                                      path=request.path, request_hash=request_hash)
            if existing is not None:
                if existing.request_hash != request_hash:
                    raise IdempotencyKeyReused(
                        "This Idempotency-Key was used for a different request.",
                        {"idempotencyKey": ["Reused with another body or route."]},
                    )
                if existing.status_code is None:
                    raise IdempotencyInProgress(
                        "A request with this Idempotency-Key is still in progress.",
                        {"idempotencyKey": ["In progress."]})
                return replay(existing)

            response = handler(*args, **kwargs)
            if not isinstance(response, Response) or not 200 <= response.status_code < 300:
                # Nothing worth replaying: free the key (and undo anything the handler did).
                transaction.set_rollback(True)
                return response
            record.status_code = response.status_code
            record.response_body = _stored_body(response)
            record.response_headers = {
                name: response[name] for name in STORED_HEADERS if response.has_header(name)
            }
            record.save(update_fields=["status_code", "response_body", "response_headers"])
            # Send exactly what a replay will send (same timestamp and request id).
            response.data = record.response_body
            return response

    return extend_schema(parameters=[HEADER_PARAMETER])(wrapper)


def delete_expired_keys(*, older_than: timedelta = TTL, dry_run: bool = False,
                        now: datetime | None = None) -> int:
    """Remove (or, with dry_run, only count) keys older than `older_than`.

    A key is kept for at least its `TTL` replay window whatever `older_than` says, since
    dropping one early would let a retried write run twice.
    """
    now = now or timezone.now()
    keys = IdempotencyKey.objects.filter(created_at__lt=now - max(older_than, TTL))
    if dry_run:
        return keys.count()
    deleted, _ = keys.delete()
    return deleted
