"""The service worker in real headless Chromium: install, offline shell, API cache, deploys,
sign-out. `context.set_offline(True)` is airplane mode."""

import base64
import json
import time
import uuid

import pytest
from django.urls import reverse

from inventory.services import item_create, item_update
from tests.kit.browser import (
    API_CACHED,
    api_get,
    cache_names,
    collect_again,
    sign_in,
    wait_for_control,
    wait_until,
)
from tests.kit.photos import add_photo, photo_bytes
from tracktory.pwa import service_worker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def open_controlled(page, path="/"):
    page.goto(path)
    wait_for_control(page)
    return page.evaluate("""async () => {
        const channel = new MessageChannel();
        const reply = new Promise((resolve) => {
            channel.port1.onmessage = (e) => resolve(e.data);
        });
        navigator.serviceWorker.controller.postMessage(
            {type: 'tracktory:version'}, [channel.port2]);
        return (await reply).version;
    }""")


def test_worker_installs_controls_the_page_and_precaches_the_shell(page):
    version = open_controlled(page, reverse("pwa-items"))

    scope = page.evaluate("navigator.serviceWorker.getRegistration().then(r => r.scope)")
    assert scope == page.url.split("/", 3)[0] + "//" + page.url.split("/")[2] + "/"
    assert f"tracktory-precache-{version}" in cache_names(page)
    cached = page.evaluate(
        """name => caches.open(name).then(c => c.keys())
                   .then(ks => ks.map(k => new URL(k.url).pathname))""",
        f"tracktory-precache-{version}",
    )
    assert {"/", "/offline.html", "/items/new", "/search", "/settings"} <= set(cached)
    assert any(path.startswith("/static/css/app.") for path in cached)


def test_offline_reload_shows_the_app(page, context, user):
    open_controlled(page, reverse("pwa-items"))
    sign_in(page, user)

    context.set_offline(True)
    page.reload()

    assert page.locator("h1").inner_text() == "Your items"
    page.wait_for_function("!document.querySelector('[data-offline-banner]').hidden")
    assert page.locator("link[rel=stylesheet]").count() == 1
    # The stylesheet came from the precache: the layout is styled (app.css makes the
    # header a flex row), not raw HTML.
    header_display = "getComputedStyle(document.querySelector('.app-header')).display"
    assert page.evaluate(header_display) == "flex"


def test_a_route_never_seen_shows_the_offline_page(page, context):
    open_controlled(page, reverse("pwa-items"))

    context.set_offline(True)
    page.goto(reverse("pwa-item-detail", kwargs={"item_id": uuid.uuid4()}))

    assert page.locator("h1").inner_text() == "You're offline"


def test_a_page_seen_online_opens_offline_as_last_seen(page, context, user):
    item = item_create(user=user, name="Sewing machine")
    open_controlled(page, reverse("pwa-items"))
    sign_in(page, user)
    detail = reverse("pwa-item-detail", kwargs={"item_id": item.pk})
    page.goto(detail)
    page.wait_for_function("document.querySelector('h1').textContent === 'Sewing machine'")
    wait_until(page, """async (path) => {
        const name = (await caches.keys()).find(n => n.startsWith('tracktory-pages-'));
        return Boolean(name && await (await caches.open(name)).match(path));
    }""", detail)
    wait_until(page, API_CACHED)

    context.set_offline(True)
    page.goto(reverse("pwa-search"))
    page.goto(detail)

    # That item's own shell (not the app's start page, not the offline page), filled from
    # the answers cached online.
    assert page.locator("[data-item-id]").first.get_attribute("data-item-id") == str(item.pk)
    page.wait_for_function("document.querySelector('h1').textContent === 'Sewing machine'")
    assert page.locator("h1").inner_text() == "Sewing machine"


def test_an_api_get_seen_online_is_served_offline(page, context, user):
    item_create(user=user, name="Cordless drill")
    open_controlled(page, reverse("pwa-items"))
    sign_in(page, user)
    online = api_get(page, "/api/items")
    assert online["status"] == 200
    wait_until(page, API_CACHED)

    context.set_offline(True)
    offline = api_get(page, "/api/items")

    assert offline["status"] == 200
    assert [i["name"] for i in offline["body"]["data"]] == ["Cordless drill"]
    assert offline["stale"] is None, "younger than 5 minutes: served as fresh"


def age_cached_api_answers(page, seconds: int) -> None:
    """Make every cached API answer look `seconds` old (the worker stamps the fetch time)."""
    page.evaluate("""async (seconds) => {
        for (const name of (await caches.keys()).filter(n => n.startsWith('tracktory-api-'))) {
            const cache = await caches.open(name);
            for (const request of await cache.keys()) {
                const response = await cache.match(request);
                const headers = new Headers(response.headers);
                headers.set('X-Tracktory-Fetched-At', String(Date.now() - seconds * 1000));
                const body = await response.blob();
                await cache.put(request, new Response(body, {status: 200, headers}));
            }
        }
    }""", seconds)


def test_an_answer_older_than_five_minutes_is_not_served_online(page, user):
    item = item_create(user=user, name="Ladder")
    open_controlled(page, reverse("pwa-items"))
    sign_in(page, user)
    api_get(page, "/api/items")
    wait_until(page, API_CACHED)
    age_cached_api_answers(page, 301)
    item_update(user=user, item_id=item.pk, changes={"name": "Step ladder"})

    again = api_get(page, "/api/items")

    assert [i["name"] for i in again["body"]["data"]] == ["Step ladder"]


def test_offline_an_old_answer_is_served_marked_stale(page, context, user):
    item_create(user=user, name="Ladder")
    open_controlled(page, reverse("pwa-items"))
    sign_in(page, user)
    api_get(page, "/api/items")
    wait_until(page, API_CACHED)
    age_cached_api_answers(page, 3600)

    context.set_offline(True)
    offline = api_get(page, "/api/items")

    assert offline["status"] == 200
    assert offline["stale"] == "true"
    assert [i["name"] for i in offline["body"]["data"]] == ["Ladder"]


def test_cached_api_answers_are_scoped_to_the_user(page, context, user, other_user):
    item_create(user=user, name="Ada's microscope")
    open_controlled(page, reverse("pwa-items"))
    sign_in(page, user)
    api_get(page, "/api/items")
    wait_until(page, API_CACHED)

    sign_in(page, other_user)
    context.set_offline(True)
    as_other = api_get(page, "/api/items")

    assert as_other["status"] == 0, "another account never sees Ada's cached answers"


def test_writes_bypass_the_worker_and_its_caches(page, user):
    open_controlled(page, reverse("pwa-items"))
    sign_in(page, user)

    created = page.evaluate("""async () => {
        const tokens = JSON.parse(localStorage.getItem('tracktory.tokens'));
        const r = await fetch('/api/items', {
            method: 'POST', body: JSON.stringify({name: 'Saw'}),
            headers: {Authorization: `Bearer ${tokens.access}`,
                      'Content-Type': 'application/json'}});
        return r.status;
    }""")

    assert created == 201
    cached_urls = page.evaluate("""async () => {
        const urls = [];
        for (const name of await caches.keys()) {
            const cache = await caches.open(name);
            for (const r of await cache.keys()) urls.push(r.method + ' ' + r.url);
        }
        return urls;
    }""")
    assert not any("/api/items" in url for url in cached_urls)


def test_sign_out_leaves_no_cached_api_data(page, user):
    item_create(user=user, name="Passport")
    open_controlled(page, reverse("pwa-items"))
    sign_in(page, user)
    api_get(page, "/api/items")
    wait_until(page, API_CACHED)

    page.goto(reverse("pwa-settings"))
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/login")

    assert not [name for name in cache_names(page) if name.startswith("tracktory-api-")]
    assert page.evaluate("localStorage.getItem('tracktory.tokens')") is None


def test_a_new_deploy_replaces_the_old_caches(page, user, tmp_path):
    old_version = open_controlled(page, reverse("pwa-items"))
    sign_in(page, user)
    api_get(page, "/api/items")
    wait_until(page, API_CACHED)
    release = tmp_path / "next-release"
    (release / "css").mkdir(parents=True)
    (release / "css" / "release-notes.css").write_text(".release-notes { color: teal; }\n")

    collect_again(extra_dirs=[str(release)])
    try:
        page.evaluate("navigator.serviceWorker.getRegistration().then(r => r.update())")
        wait_until(
            page,
            """old => caches.keys().then(ns => ns.some(n => n.startsWith('tracktory-precache-'))
                     && !ns.some(n => n.includes(old)))""",
            old_version,
        )
        names = cache_names(page)
        new_version = open_controlled(page, reverse("pwa-items"))
        precached = page.evaluate(
            "name => caches.open(name).then(c => c.keys()).then(ks => ks.map(k => k.url))",
            f"tracktory-precache-{new_version}",
        )
    finally:
        collect_again()  # back to the session's own release

    assert new_version != old_version
    assert f"tracktory-precache-{new_version}" in names
    assert [name for name in names if old_version in name] == []
    assert any("/static/css/release-notes." in url for url in precached)


def test_photos_seen_online_show_offline_from_the_image_cache(page, context, user):
    item = item_create(user=user, name="Bookshelf")
    add_photo(item, size=(900, 600))
    page.goto(reverse("pwa-login"))
    sign_in(page, user)
    open_controlled(page, reverse("pwa-items"))
    page.reload()  # now controlled, so the thumbnail goes through the worker
    thumbnail = "document.querySelector('[data-item-grid] img.card-photo')"
    page.wait_for_function(f"{thumbnail} && {thumbnail}.complete && {thumbnail}.naturalWidth > 0")
    wait_until(page, """() => caches.open('tracktory-images').then(c => c.keys())
        .then(ks => ks.some(k => k.url.includes('/media/public/')))""")

    context.set_offline(True)
    page.reload()

    page.wait_for_function(f"{thumbnail} && {thumbnail}.complete && {thumbnail}.naturalWidth > 0")
    assert "_thumb.v1-r1.webp" in page.evaluate(f"{thumbnail}.src")


PNG_1PX = photo_bytes((1, 1), "PNG", exif=False, noise=False)


def test_photo_answers_marked_no_store_are_never_cached(page, context):
    """The storage decides: an immutable rendition is kept, a no-store answer is not."""
    def answer(cache_control):
        def fulfil(route):
            route.fulfill(status=200, body=PNG_1PX, content_type="image/png",
                          headers={"Cache-Control": cache_control})
        return fulfil

    context.route("**/media/public/kept.png", answer("public, max-age=31536000, immutable"))
    context.route("**/media/public/secret.png", answer("no-store"))
    open_controlled(page, reverse("pwa-items"))

    # In this order: the no-store answer's (refused) write would start first.
    page.evaluate("""async () => {
        for (const src of ['/media/public/secret.png', '/media/public/kept.png']) {
            await new Promise((resolve, reject) => {
                const img = new Image(); img.onload = resolve; img.onerror = reject; img.src = src;
            });
        }
    }""")
    wait_until(page, """() => caches.open('tracktory-images').then(c => c.keys())
        .then(ks => ks.some(k => k.url.endsWith('/kept.png')))""")

    cached = page.evaluate(
        "caches.open('tracktory-images').then(c => c.keys()).then(ks => ks.map(k => k.url))")
    assert any(url.endswith("/kept.png") for url in cached)
    assert not any(url.endswith("/secret.png") for url in cached)


def ask_worker(page, message: dict):
    """What the pages do (sw-client.js): ask the worker, never open its caches by name."""
    return page.evaluate("""async (message) => {
        const channel = new MessageChannel();
        const reply = new Promise((resolve) => {
            channel.port1.onmessage = (e) => resolve(e.data);
        });
        navigator.serviceWorker.controller.postMessage(message, [channel.port2]);
        return reply;
    }""", message)


def api_cache_paths(page) -> list[str]:
    return page.evaluate("""async () => {
        const paths = [];
        for (const name of (await caches.keys()).filter(n => n.startsWith('tracktory-api-'))) {
            for (const r of await (await caches.open(name)).keys()) {
                paths.push(new URL(r.url).pathname);
            }
        }
        return paths;
    }""")


@pytest.fixture
def small_api_cache(monkeypatch):
    """A deploy whose API caches keep 2 answers for at most 10 minutes."""
    monkeypatch.setattr(service_worker, "API_CACHE_EXPIRATION",
                        {"maxEntries": 2, "maxAgeSeconds": 600})
    service_worker.forget_deploy()
    yield
    service_worker.forget_deploy()


def test_api_caches_expire_by_entries_then_by_age(page, context, user, small_api_cache):
    item_create(user=user, name="Lantern")
    open_controlled(page, reverse("pwa-settings"))
    sign_in(page, user)
    for path in ("/api/items", "/api/categories", "/api/locations"):
        assert api_get(page, path)["status"] == 200
        wait_until(page, f"""async () => {{
            for (const name of (await caches.keys()).filter(n => n.startsWith('tracktory-api-'))) {{
                const cache = await caches.open(name);
                if (await cache.match('{path}', {{ignoreVary: true}})) return true;
            }}
            return false;
        }}""")

    # The least recently fetched went first.
    assert sorted(api_cache_paths(page)) == ["/api/categories", "/api/locations"]
    stats = ask_worker(page, {"type": "tracktory:cache-stats"})["caches"]
    assert [count for name, count in stats.items() if name.startswith("tracktory-api-")] == [2]

    age_cached_api_answers(page, 601)
    context.set_offline(True)
    too_old = api_get(page, "/api/categories")

    assert too_old["status"] == 0, "past its max age an answer is not served, not even offline"
    assert "/api/categories" not in api_cache_paths(page)


def unsigned_token(claims: dict) -> str:
    def part(value):
        return base64.urlsafe_b64encode(json.dumps(value).encode()).rstrip(b"=").decode()
    return f"{part({'alg': 'none', 'typ': 'JWT'})}.{part(claims)}.signature"


def test_a_token_with_only_sub_gets_an_api_cache(page, context):
    context.route("**/api/items", lambda route: route.fulfill(
        status=200, content_type="application/json",
        body='{"success": true, "data": [{"id": "1", "name": "Rope"}], "meta": {}}'))
    open_controlled(page, reverse("pwa-settings"))
    page.evaluate("t => localStorage.setItem('tracktory.tokens', JSON.stringify(t))",
                  {"access": unsigned_token({"sub": "42", "exp": int(time.time()) + 3600}),
                   "refresh": "unused"})

    assert api_get(page, "/api/items")["status"] == 200
    wait_until(page, API_CACHED)

    context.set_offline(True)
    offline = api_get(page, "/api/items")
    assert [i["name"] for i in offline["body"]["data"]] == ["Rope"]
