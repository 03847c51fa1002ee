"""A per-user data version: bumped by every write, part of every cached read's key.

Search results and list ETags are cached under keys that include this number, so a write
makes every earlier entry unreachable at once (no scanning for keys to delete). With
REDIS_URL set, all app instances share the counter.
"""

from django.core.cache import cache

TIMEOUT = 60 * 60 * 24 * 30


def _key(user_id) -> str:
    return f"user-data-version:{user_id}"


def user_data_version(user_id) -> int:
    version = cache.get(_key(user_id))
    if version is None:
        cache.add(_key(user_id), 1, timeout=TIMEOUT)
        version = cache.get(_key(user_id), 1)
    return version


def bump_user_data_version(user_id) -> int:
    key = _key(user_id)
    try:
        return cache.incr(key)
    except ValueError:
        # Not there yet (or expired): start past any version a reader may have seen.
        cache.set(key, 2, timeout=TIMEOUT)
        return 2
