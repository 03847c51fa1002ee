"""What the service-worker and offline-sync browser tests stand on.

- `static_root`: a real collectstatic (hashed names + manifest) into a directory of the
  module's own, with whitenoise re-reading it (so a test can "deploy" by collecting again);
- `server`: Django on 127.0.0.1 (a secure context, so service workers run) through the
  whole middleware stack: whitenoise serves the hashed files as in production, which
  pytest-django's `live_server` (it serves /static/ from the finders, unhashed) cannot;
- `browser`: Debian's headless Chromium driven by Playwright (required in CI);
- `new_context(browser, server)`: a fresh browser profile on the app;
- `sign_in(page, user)`: real tokens in localStorage, where the app keeps them.
"""

import json
import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.core.management import call_command
from django.db import connections
from django.test import override_settings
from django.test.testcases import LiveServerThread
from rest_framework_simplejwt.tokens import RefreshToken

from tests.conftest import require
from tracktory.pwa import service_worker

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
TIMEOUT_MS = 20_000


def collect_static(extra_dirs=()) -> None:
    with override_settings(STATICFILES_DIRS=[*settings.STATICFILES_DIRS, *extra_dirs]):
        call_command("collectstatic", interactive=False, verbosity=0)
    service_worker.forget_deploy()


@pytest.fixture(scope="module")
def static_root(tmp_path_factory):
    root = tmp_path_factory.mktemp("static-root")
    overrides = override_settings(
        STATIC_ROOT=str(root),
        WHITENOISE_AUTOREFRESH=True,
        ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "127.0.0.1"],
    )
    overrides.enable()
    collect_static()
    yield root
    overrides.disable()
    service_worker.forget_deploy()


@pytest.fixture(scope="module")
def server(django_db_setup, static_root):
    """The app on http://127.0.0.1:<free port>, sharing the test database."""
    shared = {
        conn.alias: conn
        for conn in connections.all()
        if conn.vendor == "sqlite" and conn.is_in_memory_db()
    }
    # The full stack (no static/media shortcut handlers in front of it).
    thread = LiveServerThread("127.0.0.1", static_handler=lambda _wrapped: WSGIHandler(),
                              connections_override=shared)
    thread.daemon = True
    for conn in shared.values():
        conn.inc_thread_sharing()
    thread.start()
    thread.is_ready.wait()
    if thread.error:
        raise thread.error
    yield f"http://127.0.0.1:{thread.port}"
    thread.terminate()
    for conn in shared.values():
        conn.dec_thread_sharing()


@pytest.fixture(scope="module")
def browser():
    require(Path(CHROMIUM).exists() or bool(shutil.which("chromium")),
            "Debian's chromium is not installed (apt-get install chromium)")
    # Playwright's sync API keeps an event loop in this thread; the ORM calls the tests
    # make between browser steps are ordinary synchronous ones.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    try:
        with sync_playwright() as pw:
            launched = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield launched
            launched.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def new_context(browser, server):
    """A fresh profile (its own service worker, caches and IndexedDB) on the app."""
    # bypass_csp: Playwright's wait_for_function evaluates its predicate with eval, which the
    # app's CSP (rightly) refuses. The CSP itself is covered by the pages' tests.
    ctx = browser.new_context(base_url=server, service_workers="allow", bypass_csp=True)
    ctx.set_default_timeout(TIMEOUT_MS)
    return ctx


def tokens_for(user) -> dict:
    refresh = RefreshToken.for_user(user)
    return {"access": str(refresh.access_token), "refresh": str(refresh)}


def sign_in(page, user) -> dict:
    """Put a real token pair where api.js keeps it (the login form is the pages' test)."""
    tokens = tokens_for(user)
    page.evaluate("t => localStorage.setItem('tracktory.tokens', JSON.stringify(t))", tokens)
    return tokens


def wait_until(page, predicate: str, arg=None, timeout_ms: int = TIMEOUT_MS) -> None:
    """Wait until the async JS function `predicate(arg)` resolves truthy (caches, IndexedDB:
    what `wait_for_function` cannot await). Polls in the page; fails with the predicate."""
    page.evaluate(
        f"""async (arg) => {{
            const predicate = {predicate};
            const deadline = Date.now() + {timeout_ms};
            for (;;) {{
                if (await predicate(arg)) return;
                if (Date.now() > deadline) throw new Error("timed out: " + {json.dumps(predicate)});
                await new Promise((resolve) => setTimeout(resolve, 25));
            }}
        }}""",
        arg,
    )


API_CACHED = "() => caches.keys().then(ns => ns.some(n => n.startsWith('tracktory-api-')))"


def wait_for_control(page) -> None:
    page.wait_for_function("navigator.serviceWorker.controller !== null")


def cache_names(page) -> list[str]:
    return page.evaluate("caches.keys()")


def api_get(page, path: str) -> dict:
    """GET through the page (so through the worker) as the signed-in user."""
    return page.evaluate(
        """async (path) => {
            const tokens = JSON.parse(localStorage.getItem('tracktory.tokens') || 'null');
            const headers = tokens ? {Authorization: `Bearer ${tokens.access}`} : {};
            try {
                const r = await fetch(path, {headers});
                return {status: r.status, stale: r.headers.get('X-Tracktory-Stale'),
                        body: await r.json()};
            } catch (e) {
                return {status: 0, error: String(e)};
            }
        }""",
        path,
    )


def dumps(value) -> str:
    return json.dumps(value)


@pytest.fixture
def context(browser, server):
    ctx = new_context(browser, server)
    yield ctx
    ctx.close()


@pytest.fixture
def page(context):
    return context.new_page()
