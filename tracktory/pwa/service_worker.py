"""`/sw.js` and `/offline.html`: the hand-written service worker and its last-resort page.

The worker's source is `static/js/sw.js`. This view prepends the deploy it belongs to:

    self.__TRACKTORY_DEPLOY__ = {"version": ..., "precache": [...], "apiCache": {...}};

- `precache` lists the app-shell routes, `/offline.html` and the critical CSS/JS under the
  URLs the pages themselves use (the hashed names from the staticfiles manifest), so the
  list can never go stale;
- `apiCache` is the API caches' expiration (`API_CACHE_EXPIRATION`: at most this many
  answers per user, none older than this many seconds), as Workbox's expiration plugin;
- `version` is a digest of those hashed names, the worker's own source and the templates
  the shell routes render. Any deploy that changes what the worker would cache changes the
  version, the worker's bytes change with it, and the browser installs the new worker,
  whose activate step deletes every cache of the other versions.

Served with `Cache-Control: no-cache` so browsers revalidate it on every navigation.
"""

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import Resolver404, resolve
from django.views.decorators.http import require_GET

from tracktory.pwa.csp import content_security_policy

SOURCE = "js/sw.js"
OFFLINE_URL = "/offline.html"
# The shell a signed-in user can open with no signal; every one renders with no user data.
SHELL_ROUTES = (
    "/",
    "/login",
    "/register",
    "/items/new",
    "/search",
    "/locations",
    "/categories",
    "/settings",
    "/households",
    OFFLINE_URL,
)
# Our own CSS and JS (page modules included: each shell route needs its module offline).
CRITICAL_PREFIXES = ("css/", "js/")
CRITICAL_SUFFIXES = (".css", ".js")
API_CACHE_EXPIRATION = {"maxEntries": 200, "maxAgeSeconds": 7 * 24 * 3600}


@dataclass(frozen=True)
class Deploy:
    version: str
    precache: tuple[str, ...]
    api_cache: dict[str, int]

    def as_js(self) -> str:
        payload = {"version": self.version, "precache": list(self.precache),
                   "apiCache": self.api_cache}
        return f"self.__TRACKTORY_DEPLOY__ = {json.dumps(payload)};\n"


def existing_routes(paths: tuple[str, ...]) -> list[str]:
    """The shell routes this build really serves (one missing route would fail the install)."""
    found = []
    for path in paths:
        try:
            resolve(path)
        except Resolver404:
            continue
        found.append(path)
    return found


def critical_static_names() -> list[str]:
    """Our CSS/JS names: from the manifest when collected, else from the finders (dev)."""
    hashed_files = getattr(staticfiles_storage, "hashed_files", None) or {}
    if hashed_files:
        names = hashed_files.keys()
    else:
        names = [name for finder in finders.get_finders() for name, _ in finder.list([])]
    return sorted(
        {
            name
            for name in names
            if name.startswith(CRITICAL_PREFIXES)
            and name.endswith(CRITICAL_SUFFIXES)
            and name != SOURCE
        }
    )


def read_source() -> bytes:
    path = finders.find(SOURCE)
    if path:
        return Path(path).read_bytes()
    with staticfiles_storage.open(SOURCE) as handle:  # an image built without static/
        return handle.read()


def templates_digest() -> str:
    digest = hashlib.sha256()
    for directory in settings.TEMPLATES[0].get("DIRS", []):
        for path in sorted(Path(directory).rglob("*.html")):
            digest.update(str(path.relative_to(directory)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def build_deploy() -> Deploy:
    # The URL pages load each file by; modules import each other by hashed names too
    # (tracktory.pwa.staticfiles rewrites relative imports).
    assets = [staticfiles_storage.url(name) for name in critical_static_names()]
    precache = tuple(existing_routes(SHELL_ROUTES) + assets)
    digest = hashlib.sha256()
    for url in precache:
        digest.update(url.encode() + b"\n")
    if not hashed_names_in_urls():
        # Dev (no manifest): the URLs carry no content hash, so hash the contents.
        for name in critical_static_names():
            digest.update(Path(finders.find(name)).read_bytes())
    api_cache = dict(API_CACHE_EXPIRATION)
    digest.update(json.dumps(api_cache, sort_keys=True).encode())
    digest.update(read_source())
    digest.update(templates_digest().encode())
    return Deploy(version=digest.hexdigest()[:16], precache=precache, api_cache=api_cache)


def hashed_names_in_urls() -> bool:
    return bool(getattr(staticfiles_storage, "hashed_files", None)) and not settings.DEBUG


_cached: dict[str, tuple[Deploy, bytes]] = {}


def current_script() -> tuple[Deploy, bytes]:
    """The deploy and the script to serve, computed once per process (per manifest)."""
    key = getattr(staticfiles_storage, "manifest_hash", "") or ""
    if settings.DEBUG or key not in _cached:
        deploy = build_deploy()
        _cached.clear()
        _cached[key] = (deploy, deploy.as_js().encode() + read_source())
    return _cached[key]


def forget_deploy() -> None:
    """Drop the computed deploy (after a collectstatic in the same process)."""
    _cached.clear()


@require_GET
def service_worker(request):
    deploy, script = current_script()
    etag = f'"{deploy.version}"'
    if request.headers.get("If-None-Match") == etag:
        response = HttpResponse(status=304)
    else:
        response = HttpResponse(script, content_type="application/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = "/"
    response["ETag"] = etag
    return response


@require_GET
def offline_page(request):
    response = render(request, "offline.html")
    response["Content-Security-Policy"] = content_security_policy()
    response["Cache-Control"] = "no-cache"
    return response
