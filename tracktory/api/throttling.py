"""Rate limits: fixed-window counters in Django's cache, with X-RateLimit-* headers.

Counters live in the default cache, which is Redis when REDIS_URL is set, so every app
instance and worker shares them. Each request does one atomic `incr` on a key named after
the scope, the caller and the current window; DRF's own `SimpleRateThrottle` instead
reads and rewrites a list of timestamps, which loses counts when two instances race.

A fixed window can let up to twice the limit through around a window boundary; for brute
force protection that is still a hard ceiling per minute, and it costs one round trip.

Scopes (rates in REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]):
- "auth": sign-in and registration, per client IP and, separately, per email address, so
  neither many addresses from one IP nor many IPs against one address get far.
- "user": every other API call, per signed-in user (per IP before sign-in).
"""

import hashlib
import math
import time
from dataclasses import dataclass

from django.core.cache import cache as default_cache
from rest_framework.settings import api_settings
from rest_framework.throttling import BaseThrottle

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    """"10/min" -> (10, 60); the period is read from its first letter, as DRF does."""
    count, period = rate.split("/")
    return int(count), PERIODS[period.strip()[0].lower()]


@dataclass(frozen=True)
class RateLimitState:
    limit: int
    remaining: int
    reset_at: int  # Unix time (seconds) when the current window ends


def record(request, state: RateLimitState) -> None:
    # Kept on Django's HttpRequest (not DRF's wrapper) so the middleware below can read it.
    django_request = getattr(request, "_request", request)
    states = getattr(django_request, "rate_limits", None)
    if states is None:
        states = django_request.rate_limits = []
    states.append(state)


class FixedWindowThrottle(BaseThrottle):
    """One counter per (scope, caller, window). Subclasses say who the caller is.

    `cache` and `timer` are attributes so a test can hand in another cache or clock.
    """

    scope: str = ""
    cache = default_cache
    timer = staticmethod(time.time)

    def __init__(self):
        self.limit, self.duration = parse_rate(api_settings.DEFAULT_THROTTLE_RATES[self.scope])
        self.reset_at = 0

    def caller(self, request, view) -> str | None:
        """Who is counted; None means this throttle does not apply to the request."""
        raise NotImplementedError

    def allow_request(self, request, view) -> bool:
        caller = self.caller(request, view)
        if caller is None:
            return True
        now = self.timer()
        window = int(now // self.duration)
        key = f"ratelimit:{self.scope}:{caller}:{window}"
        # `incr` is atomic in Redis and in the local cache; only the window's first request
        # creates the key (with its expiry), and `add` lets exactly one racer do that.
        try:
            count = self.cache.incr(key)
        except ValueError:
            created = self.cache.add(key, 1, timeout=self.duration + 1)
            count = 1 if created else self.cache.incr(key)
        self.reset_at = (window + 1) * self.duration
        record(request, RateLimitState(self.limit, max(0, self.limit - count), self.reset_at))
        return count <= self.limit

    def wait(self) -> int:
        return max(1, math.ceil(self.reset_at - self.timer()))


class AuthIpThrottle(FixedWindowThrottle):
    scope = "auth"

    def caller(self, request, view):
        return f"ip:{self.get_ident(request)}"


class AuthEmailThrottle(FixedWindowThrottle):
    scope = "auth"

    def caller(self, request, view):
        data = request.data
        email = data.get("email") if hasattr(data, "get") else None
        if not isinstance(email, str) or not email.strip():
            return None
        # Hashed: cache keys should not hold addresses.
        digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()[:32]
        return f"email:{digest}"


class UserApiThrottle(FixedWindowThrottle):
    scope = "user"

    def caller(self, request, view):
        user = getattr(request, "user", None)
        if user is not None and getattr(user, "is_authenticated", False):
            return f"user:{user.pk}"
        return f"ip:{self.get_ident(request)}"


class RateLimitHeadersMiddleware:
    """Adds X-RateLimit-Limit/Remaining/Reset from the tightest throttle that counted."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        states = getattr(request, "rate_limits", None)
        if states:
            tightest = min(states, key=lambda s: (s.remaining, s.limit))
            response["X-RateLimit-Limit"] = str(tightest.limit)
            response["X-RateLimit-Remaining"] = str(tightest.remaining)
            response["X-RateLimit-Reset"] = str(tightest.reset_at)
        return response
