"""Readiness checks: can this instance reach its database, cache and storage?"""

import uuid
from collections.abc import Callable

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import connection


def check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_cache() -> None:
    key = f"readiness:{uuid.uuid4().hex}"
    cache.set(key, "1", timeout=5)
    if cache.get(key) != "1":
        raise RuntimeError("cache did not return what was written")
    cache.delete(key)


def check_storage() -> None:
    storage = storages["default"]
    name = storage.save(f"readiness/{uuid.uuid4().hex}.txt", ContentFile(b"ok"))
    storage.delete(name)


CHECKS: dict[str, Callable[[], None]] = {
    "database": check_database,
    "cache": check_cache,
    "storage": check_storage,
}


def run_checks(checks: dict[str, Callable[[], None]] = CHECKS) -> dict[str, str]:
    """Run every check; map each name to "ok" or a short reason it failed."""
    results = {}
    for name, check in checks.items():
        try:
            check()
        except Exception as exc:  # noqa: BLE001 - any failure means "not ready"
            results[name] = f"failed: {type(exc).__name__}"
        else:
            results[name] = "ok"
    return results
