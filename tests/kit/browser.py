"""Real headless Chromium on the real app: the fixtures every browser test stands on.

- `static_root`: the session's collectstatic (hashed names + manifest) with whitenoise
  re-reading it, so a test can "deploy" by collecting again;
- `server`: Django on 127.0.0.1 (a secure context, so service workers run) through the
  whole middleware stack: whitenoise serves the hashed files as in production, which
  pytest-django's `live_server` (it serves /static/ from the finders, unhashed) cannot;
- `browser`: Debian's Chromium driven by Playwright (required in CI);
- `context` / `page`: a fresh profile (its own service worker, caches and IndexedDB) with
  the CSP bypassed, for tests that drive the page with `evaluate`;
- `app`: a phone-sized profile with the CSP enforced (a violation is a console error) and
  every console error and uncaught exception recorded in `app.errors`;
- `csp_context`: a desktop profile with the CSP enforced, for pages outside the PWA;
- `sign_in(page, user)`: real tokens in localStorage, where api.js keeps them.
"""

import json
import os
import re
import shutil
import threading
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.db import connections
from django.test import override_settings
from django.test.testcases import LiveServerThread
from django.urls import reverse

from tests.kit.environment import require
from tests.kit.static import collect_static
from tests.kit.tokens import token_pair
from tracktory.pwa import service_worker

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
# The machine is shared and small: actions and on-screen expectations get the same room.
TIMEOUT_MS = 20_000
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2,
         "is_mobile": True, "has_touch": True}
UUID_PATH = re.compile(r"/items/([0-9a-f-]{36})$")
TOKENS_KEY = "tracktory.tokens"


def chromium_path() -> str | None:
    return CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium")


# ---- the app and the browser ---------------------------------------------------------------

@pytest.fixture(scope="module")
def static_root(static_collection):
    """The session's collected files, served by whitenoise as they are on disk right now."""
    overrides = override_settings(
        STATIC_ROOT=str(static_collection),
        WHITENOISE_AUTOREFRESH=True,
        ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "127.0.0.1"],
    )
    overrides.enable()
    service_worker.forget_deploy()
    yield static_collection
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
    # Keep-alive request threads close the shared connection on their way out: let them
    # finish while it may still be shared (else "DatabaseWrapper objects created in a thread").
    for worker in threading.enumerate():
        if worker.name.endswith("(process_request_thread)"):
            worker.join(timeout=20)
    for conn in shared.values():
        conn.dec_thread_sharing()


@pytest.fixture(scope="module")
def browser():
    executable = chromium_path()
    require(executable is not None,
            "Debian's chromium is not installed (apt-get install chromium)")
    # Playwright's sync API keeps an event loop in this thread; the ORM calls the tests
    # make between browser steps are ordinary synchronous ones.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=TIMEOUT_MS)
    try:
        with sync_playwright() as pw:
            launched = pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
            yield launched
            launched.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def open_context(browser, base_url: str, *, bypass_csp: bool = False, **options):
    """A fresh browser profile on the app: its own service worker, caches and IndexedDB."""
    options.setdefault("service_workers", "allow")
    ctx = browser.new_context(base_url=base_url, bypass_csp=bypass_csp, **options)
    ctx.set_default_timeout(TIMEOUT_MS)
    return ctx


def new_context(browser, server):
    # bypass_csp: Playwright's wait_for_function evaluates its predicate with eval, which the
    # app's CSP (rightly) refuses. The CSP itself is covered by the `app` and pages' tests.
    return open_context(browser, server, bypass_csp=True)


@pytest.fixture
def context(browser, server):
    ctx = new_context(browser, server)
    yield ctx
    ctx.close()


@pytest.fixture
def page(context):
    return context.new_page()


@pytest.fixture
def csp_context(browser, server):
    """A desktop profile with the app's CSP enforced."""
    ctx = open_context(browser, server)
    yield ctx
    ctx.close()


@dataclass
class App:
    context: object
    page: object
    base_url: str
    errors: list[str] = field(default_factory=list)

    def watch(self, page) -> None:
        page.on("console", lambda msg: msg.type == "error" and self.errors.append(
            f"{page.url}: {msg.text}"))
        page.on("pageerror", lambda exc: self.errors.append(f"{page.url}: {exc}"))

    def new_page(self):
        page = self.context.new_page()
        self.watch(page)
        return page


@pytest.fixture
def default_categories(transactional_db):
    """The ten shared categories: transactional tests flush the tables after each test."""
    from inventory.seeding import seed_default_categories

    seed_default_categories()


@pytest.fixture
def app(browser, server, default_categories):
    context = open_context(browser, server, **PHONE)
    page = context.new_page()
    state = App(context=context, page=page, base_url=server)
    state.watch(page)
    yield state
    context.close()


# ---- signing in ----------------------------------------------------------------------------

def put_tokens(page, tokens: dict) -> None:
    """Store a token pair where api.js keeps it (the page must be on the app's origin)."""
    page.evaluate(f"t => localStorage.setItem('{TOKENS_KEY}', JSON.stringify(t))", tokens)


def stored_tokens(page) -> dict | None:
    return page.evaluate(f"JSON.parse(localStorage.getItem('{TOKENS_KEY}') || 'null')")


def sign_in(page, user, **token_options) -> dict:
    """Real tokens for `user` in localStorage (the login form is the pages' test).

    `token_options` go to `token_pair`, e.g. `access_expired_for=timedelta(minutes=5)`.
    """
    if not page.url.startswith("http"):
        page.goto(reverse("pwa-login"))  # localStorage belongs to the app's origin
    tokens = token_pair(user, **token_options)
    put_tokens(page, tokens)
    return tokens


# ---- waiting on the page -------------------------------------------------------------------

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


# ---- the Content-Security-Policy at work ---------------------------------------------------

WATCH_VIOLATIONS = """
    window.cspViolations = [];
    document.addEventListener('securitypolicyviolation',
        (e) => window.cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
"""


def watch_csp_violations(page) -> None:
    """Record every CSP violation of every document the page loads, before its own scripts."""
    page.add_init_script(WATCH_VIOLATIONS)


def csp_violations(page) -> list[str]:
    return page.evaluate("window.cspViolations")


def collect_again(extra_dirs=()) -> None:
    """A new release: collect into the served STATIC_ROOT again (plus `extra_dirs`)."""
    collect_static(Path(settings.STATIC_ROOT), extra_dirs=extra_dirs)
