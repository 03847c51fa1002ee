"""An external sign-in service's key set (JWT_JWKS_URL), fetched and cached by our rules.

- The set is kept as long as the endpoint's `Cache-Control: max-age` says, never more than
  an hour (`no-cache`/`no-store` or no max-age: `MIN_SECONDS_BETWEEN_FETCHES`).
- A token naming a `kid` we do not hold fetches the set again at once (the service may
  just have rotated), but at most once every `MIN_SECONDS_BETWEEN_FETCHES`: a flood of
  made-up `kid`s costs the endpoint one request per interval, not one per token.
- A failed fetch (down, slow, garbage) keeps the last good set and is logged; the next
  try waits the same interval.

The clock and the fetcher are attributes, so tests drive the policy without sleeping.
"""

from __future__ import annotations

import json
import logging
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass

from tracktory.jwk import UnusableKey, VerifyingKey, verifying_keys_from_jwks

logger = logging.getLogger(__name__)

MAX_CACHE_SECONDS = 3600
MIN_SECONDS_BETWEEN_FETCHES = 30
FETCH_TIMEOUT_SECONDS = 5
MAX_DOCUMENT_BYTES = 512 * 1024


class KeySetUnavailable(Exception):
    """The key set could not be fetched or holds no usable key."""


@dataclass(frozen=True)
class Fetched:
    body: bytes
    cache_control: str


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    # A redirect could lead from https to anywhere; the operator configures the final URL.
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


_opener = urllib.request.build_opener(_NoRedirects)


def fetch_url(url: str) -> Fetched:
    request = urllib.request.Request(url, headers={"Accept": "application/json"})  # noqa: S310 (scheme checked in tracktory.env)
    try:
        with _opener.open(request, timeout=FETCH_TIMEOUT_SECONDS) as response:
            body = response.read(MAX_DOCUMENT_BYTES + 1)
            cache_control = response.headers.get("Cache-Control", "")
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise KeySetUnavailable(f"{url}: {exc}") from None
    if len(body) > MAX_DOCUMENT_BYTES:
        raise KeySetUnavailable(f"{url}: the key set is larger than {MAX_DOCUMENT_BYTES} bytes")
    return Fetched(body=body, cache_control=cache_control)


def cache_seconds(cache_control: str) -> int:
    """How long a fetched set is used before it is fetched again."""
    directives = {}
    for part in cache_control.split(","):
        name, _, value = part.strip().partition("=")
        directives[name.strip().lower()] = value.strip().strip('"')
    if "no-store" in directives or "no-cache" in directives:
        return MIN_SECONDS_BETWEEN_FETCHES
    try:
        max_age = int(directives["max-age"])
    except (KeyError, ValueError):
        return MIN_SECONDS_BETWEEN_FETCHES
    return max(MIN_SECONDS_BETWEEN_FETCHES, min(max_age, MAX_CACHE_SECONDS))


class RemoteKeySet:
    clock: Callable[[], float] = staticmethod(time.monotonic)
    fetch: Callable[[str], Fetched] = staticmethod(fetch_url)

    def __init__(self, url: str) -> None:
        self.url = url
        self._keys: dict[str, VerifyingKey] = {}
        self._fresh_until = float("-inf")
        self._last_attempt = float("-inf")
        self._lock = threading.Lock()

    def get(self, kid: str) -> VerifyingKey | None:
        """The key with this `kid`, fetching the set when it is stale or lacks the kid."""
        with self._lock:
            if self.clock() >= self._fresh_until or kid not in self._keys:
                self._refresh()
            return self._keys.get(kid)

    def _refresh(self) -> None:
        now = self.clock()
        if now - self._last_attempt < MIN_SECONDS_BETWEEN_FETCHES:
            return
        self._last_attempt = now
        try:
            fetched = self.fetch(self.url)
            try:
                keys = verifying_keys_from_jwks(json.loads(fetched.body))
            except (ValueError, UnusableKey) as exc:
                raise KeySetUnavailable(f"{self.url}: {exc}") from None
        except KeySetUnavailable as exc:
            logger.warning("JWKS fetch failed, keeping the last good key set (%d keys): %s",
                           len(self._keys), exc)
            return
        self._keys = keys
        self._fresh_until = now + cache_seconds(fetched.cache_control)
