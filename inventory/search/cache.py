"""Cached, ETagged search payloads, keyed on the reader's memberships and their data.

The key holds the user, every household they are in with their role there, and each
household's data version: a write by any member bumps that version, and joining, leaving
or a role change changes the membership part, so an entry made before can no longer be
reached (nothing is scanned or deleted), and one member's view is never served to another.
Reading the memberships is one query per cached read, never cached itself. With REDIS_URL
set every app instance sees the bumps at once.
"""

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass

from django.core.cache import cache
from rest_framework.utils.encoders import JSONEncoder

from households.selectors import memberships_of
from inventory.cache_versions import household_data_versions

CACHE_TIMEOUT = 10 * 60
# Part of every key: bump it when Payload or the answers' shape changes, so a deploy never
# reads entries pickled by the previous release.
CACHE_FORMAT = 2


@dataclass(frozen=True)
class Payload:
    data: object
    # {"limit", "next_cursor"} for paged answers, else None.
    page: dict | None = None

    @property
    def etag(self) -> str:
        body = json.dumps([self.data, self.page], cls=JSONEncoder, sort_keys=True)
        return '"' + hashlib.sha256(body.encode()).hexdigest()[:32] + '"'


def _digest(value) -> str:
    return hashlib.sha256(json.dumps(value, cls=JSONEncoder, sort_keys=True).encode()
                          ).hexdigest()


def cache_key(*, user, kind: str, params: dict) -> str:
    memberships = memberships_of(user=user)
    versions = household_data_versions([household_id for household_id, _ in memberships])
    scope = _digest([[household_id, role, versions[household_id]]
                     for household_id, role in memberships])
    return f"search:{CACHE_FORMAT}:{kind}:{user.pk}:{scope}:{_digest(params)}"


def cached_payload(*, user, kind: str, params: dict, build: Callable[[], Payload],
                   timeout: int = CACHE_TIMEOUT) -> Payload:
    key = cache_key(user=user, kind=kind, params=params)
    payload = cache.get(key)
    if payload is None:
        payload = build()
        cache.set(key, payload, timeout)
    return payload
