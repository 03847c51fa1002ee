"""A per-household data version: bumped by every write, part of every cached read's key.

Search results are cached under keys that include the versions of every household the
reader is in (and the reader's memberships), so a write by any member makes every earlier
entry unreachable at once for every member (no scanning for keys to delete). With
REDIS_URL set, all app instances share the counters.
"""

from django.core.cache import cache

TIMEOUT = 60 * 60 * 24 * 30


def _key(household_id) -> str:
    return f"household-data-version:{household_id}"


def household_data_versions(household_ids) -> dict:
    """{household id: version}, with one cache round trip for all of them."""
    keys = {_key(hid): hid for hid in household_ids}
    found = cache.get_many(list(keys))
    versions = {}
    for key, hid in keys.items():
        if key not in found:
            cache.add(key, 1, timeout=TIMEOUT)
            found[key] = cache.get(key, 1)
        versions[hid] = found[key]
    return versions


def household_data_version(household_id) -> int:
    return household_data_versions([household_id])[household_id]


def bump_household_data_version(household_id) -> int:
    key = _key(household_id)
    try:
        return cache.incr(key)
    except ValueError:
        # Not there yet (or expired): start past any version a reader may have seen.
        cache.set(key, 2, timeout=TIMEOUT)
        return 2
