"""The PWA pages' Content-Security-Policy: one policy for the whole site.

`tracktory.security_headers` builds it (own scripts and styles only, plus the object
storage's origins) and sets it on every response; views that set the header themselves
use this to get the same policy.
"""

from functools import lru_cache

from tracktory.security_headers import content_security_policy as build_policy
from tracktory.security_headers import storage_origins


@lru_cache(maxsize=1)
def content_security_policy() -> str:
    return build_policy(storage_origins())
