"""Cached, ETagged search payloads, keyed on the user's data version.

Every write to a user's items, categories or locations bumps `user_data_version`, so an
entry made before the write can no longer be reached: nothing is scanned or deleted, and
with REDIS_URL set every app instance sees the bump at once. A payload computed from data
older than the version it is stored under cannot happen as long as writers bump after
their transaction commits.
"""

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass

from django.core.cache import cache
from rest_framework.utils.encoders import JSONEncoder

from inventory.cache_versions import user_data_version

CACHE_TIMEOUT = 10 * 60
# Part of every key: bump it when Payload or the answers' shape changes, so a deploy never
# reads entries pickled by the previous release.
CACHE_FORMAT = 1


@dataclass(frozen=True)
class Payload:
    data: object
    # {"limit", "next_cursor"} for paged answers, else None.
    page: dict | None = None

    @property
    def etag(self) -> str:
        body = json.dumps([self.data, self.page], cls=JSONEncoder, sort_keys=True)
        return '"' + hashlib.sha256(body.encode()).hexdigest()[:32] + '"'


def cache_key(*, user_id, kind: str, params: dict) -> str:
    version = user_data_version(user_id)
    digest = hashlib.sha256(
        json.dumps(params, cls=JSONEncoder, sort_keys=True).encode()
    ).hexdigest()
    return f"search:{CACHE_FORMAT}:{kind}:{user_id}:{version}:{digest}"


def cached_payload(*, user_id, kind: str, params: dict, build: Callable[[], Payload],
                   timeout: int = CACHE_TIMEOUT) -> Payload:
    key = cache_key(user_id=user_id, kind=kind, params=params)
    payload = cache.get(key)
    if payload is None:
        payload = build()
        cache.set(key, payload, timeout)
    return payload
