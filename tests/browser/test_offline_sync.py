"""Offline writes in real headless Chromium: nothing typed offline is ever lost, and nothing
is written twice. `context.set_offline(True)` is airplane mode; `context.route` plays the
network dropping a response after the server has acted on the request."""

import time
from datetime import timedelta

import pytest
from django.templatetags.static import static
from django.urls import reverse

from inventory.models import Category, Image, Item, Location
from inventory.services import item_create, item_update
from tests.kit.browser import API_CACHED, put_tokens, sign_in, wait_for_control, wait_until

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


PENDING = "[data-pending-count]"


@pytest.fixture
def photo(photo_file):
    """A real JPEG, as a phone's gallery would hand it over."""
    return photo_file("drill.jpg", size=(640, 480))


def open_app(page, user, path="/"):
    page.goto(reverse("pwa-login"))
    sign_in(page, user)
    page.goto(path)
    wait_for_control(page)


def module_url(name: str) -> str:
    """The URL the pages load a module by (hashed), so a test shares the page's instance."""
    return static(f"js/{name}")


def write(page, request: dict) -> dict:
    """A write through the write API the pages use (writes.js)."""
    return page.evaluate("([url, request]) => import(url).then(w => w.write(request))",
                         [module_url("writes.js"), request])


def pending_count(page) -> str:
    return page.locator(PENDING).first.inner_text()


def is_item_create(response) -> bool:
    return response.request.method == "POST" and response.url.endswith("/api/items")


def is_photo_upload(response) -> bool:
    return response.request.method == "POST" and response.url.endswith("/images")


def wait_for_pending(page, count: int) -> None:
    page.wait_for_function(
        "n => document.querySelector('[data-pending-count]').textContent === String(n)"
        " && !document.querySelector('[data-pending-indicator]').hidden",
        arg=count,
    )


def wait_until_synced(page) -> None:
    page.wait_for_function(
        "document.querySelector('[data-pending-count]').textContent === '0'"
        " && document.querySelector('[data-pending-indicator]').hidden"
    )


def add_item_offline(page, context, *, name, photo_path):
    page.goto(reverse("pwa-item-new"))
    context.set_offline(True)
    page.get_by_label("Name").fill(name)
    page.locator("#photo-gallery").set_input_files(str(photo_path))
    page.locator("[data-photo-list] li").wait_for()  # the form has taken the photo
    page.get_by_role("button", name="Save item").click()
    page.wait_for_url("**/")
    # The new page draws the count once IndexedDB answers; until then it reads 0.
    wait_for_pending(page, 1)  # one item (its photo counts with it)


def test_an_item_added_offline_with_a_photo_shows_pending_then_reaches_the_server_once(
    page, context, user, photo
):
    open_app(page, user)

    add_item_offline(page, context, name="Cordless drill", photo_path=photo)

    card = page.locator("[data-item-grid] li", has_text="Cordless drill")
    assert card.locator(".pending-mark").inner_text() == "Waiting to sync"
    assert page.locator("[data-offline-banner]").is_visible()
    assert pending_count(page) == "1"
    assert not Item.objects.filter(owner=user).exists()

    context.set_offline(False)
    wait_until_synced(page)

    item = Item.objects.get(owner=user)
    assert item.name == "Cordless drill"
    assert Image.objects.filter(item=item).count() == 1
    assert not page.locator("[data-offline-banner]").is_visible()


def test_a_response_lost_mid_replay_is_sent_again_and_applied_once(page, context, user, photo):
    """The server creates the item (and stores the photo), the connection drops before the
    answer arrives; the retry carries the same Idempotency-Key and is answered by a replay."""
    seen = {"items": [], "images": []}

    def lose_first_answer(kind):
        def handle(route):
            if route.request.method != "POST":
                return route.continue_()
            seen[kind].append(route.request.headers.get("idempotency-key"))
            if len(seen[kind]) == 1:
                route.fetch()  # the server acts on it...
                return route.abort("connectionreset")  # ...and the answer is lost
            return route.continue_()

        return handle

    replayed = []
    page.on("response", lambda r: r.request.method == "POST" and replayed.append(
        (r.url, r.status, r.headers.get("idempotency-replayed"))))
    context.route("**/api/items", lose_first_answer("items"))
    context.route("**/api/items/*/images", lose_first_answer("images"))
    open_app(page, user)
    add_item_offline(page, context, name="Angle grinder", photo_path=photo)

    context.set_offline(False)
    wait_until_synced(page)

    assert len(seen["items"]) == 2 and seen["items"][0] == seen["items"][1]
    assert len(seen["images"]) == 2 and seen["images"][0] == seen["images"][1]
    assert [s for _, s, flag in replayed if flag == "true"] == [201, 201]
    item = Item.objects.get(owner=user)
    assert item.name == "Angle grinder"
    assert Image.objects.filter(item=item).count() == 1


def test_an_expired_session_pauses_the_queue_and_keeps_every_entry(
    page, context, user, photo, mint_tokens
):
    open_app(page, user)
    add_item_offline(page, context, name="Tent", photo_path=photo)
    expired = mint_tokens(user, access_expired_for=timedelta(hours=1))
    put_tokens(page, {"access": expired["access"], "refresh": "not-a-valid-refresh-token"})

    context.set_offline(False)
    prompt = page.locator("[data-sync-signin]")
    prompt.wait_for()

    assert "Sign in to sync" in prompt.inner_text()
    assert pending_count(page) == "1"
    assert not Item.objects.filter(owner=user).exists()

    sign_in(page, user)
    with page.expect_response(is_photo_upload) as upload:
        page.goto(reverse("pwa-settings"))  # signed in again: the kept entries replay
    assert upload.value.status == 201
    item = Item.objects.get(owner=user)
    assert item.name == "Tent"
    assert Image.objects.filter(item=item).count() == 1


def test_failures_back_off_1_2_4_8_seconds_then_wait_for_the_user(page, context, user):
    attempts = []

    def unavailable(route):
        if route.request.method != "POST":
            return route.continue_()
        attempts.append(time.monotonic())
        return route.fulfill(status=503, content_type="application/json",
                             body='{"success": false, "error": {"code": "INTERNAL_ERROR",'
                                  ' "message": "Down for maintenance", "details": {}}}')

    open_app(page, user, reverse("pwa-settings"))
    context.route("**/api/items", unavailable)
    result = write(page, {"kind": "item", "op": "create", "body": {"name": "Kayak"}})
    assert result["status"] == "queued"

    page.locator("[data-sync-retry]").wait_for(timeout=40_000)

    assert len(attempts) == 5, "at most 5 tries"
    gaps = [later - earlier for earlier, later in zip(attempts, attempts[1:], strict=False)]
    for gap, base in zip(gaps, [1, 2, 4, 8], strict=True):
        assert base * 0.8 - 0.05 <= gap <= base * 1.2 + 0.75, (gaps, base)
    assert "did not sync after 5 tries" in page.locator("[data-sync-entry]").inner_text()
    assert pending_count(page) == "1"

    context.unroute("**/api/items", unavailable)
    with page.expect_response(is_item_create) as created:
        page.get_by_role("button", name="Sync now").click()  # the user's turn
    assert created.value.status == 201
    wait_until_synced(page)
    assert list(Item.objects.filter(owner=user).values_list("name", flat=True)) == ["Kayak"]


def test_a_conflict_keeps_the_last_write_shows_both_and_lets_the_user_keep_theirs(
    page, context, user
):
    item = item_create(user=user, name="Bike", description="Blue road bike")
    open_app(page, user, reverse("pwa-item-edit", kwargs={"item_id": item.pk}))
    page.get_by_label("Name").wait_for()
    page.wait_for_function("document.querySelector('#name').value === 'Bike'")
    context.set_offline(True)
    page.get_by_label("Name").fill("Bike (sold to Sam)")
    page.get_by_role("button", name="Save changes").click()
    page.wait_for_url(f"**/items/{item.pk}")
    # Meanwhile, on another device:
    item_update(user=user, item_id=item.pk, changes={"name": "Gravel bike"})

    context.set_offline(False)
    notice = page.locator("[data-sync-conflict]")
    notice.wait_for()

    item.refresh_from_db()
    assert item.name == "Bike (sold to Sam)", "last write wins"
    text = notice.inner_text()
    assert "Bike (sold to Sam)" in text and "Gravel bike" in text

    notice.get_by_role("button", name="Keep theirs").click()
    notice.wait_for(state="detached")
    wait_until_synced(page)
    item.refresh_from_db()
    assert item.name == "Gravel bike"


def test_an_item_deleted_offline_is_deleted_on_the_server_when_back_online(page, context, user):
    item = item_create(user=user, name="Old kettle")
    open_app(page, user, reverse("pwa-item-detail", kwargs={"item_id": item.pk}))
    page.wait_for_function("document.querySelector('h1').textContent.includes('Old kettle')")

    context.set_offline(True)
    page.locator("[data-delete]").click()
    page.locator("[data-confirm-delete]").click()
    page.wait_for_url("**/")
    wait_for_pending(page, 1)
    assert Item.objects.filter(pk=item.pk).exists()

    context.set_offline(False)
    wait_until_synced(page)

    assert not Item.objects.filter(pk=item.pk).exists()


def test_a_write_the_server_refuses_is_kept_and_shown_until_discarded(page, context, user):
    open_app(page, user, reverse("pwa-settings"))
    context.set_offline(True)
    write(page, {"kind": "item", "op": "create", "body": {"name": "x" * 300}})

    context.set_offline(False)
    problem = page.locator("[data-sync-entry]")
    problem.wait_for()

    assert "did not sync" in problem.inner_text()
    assert pending_count(page) == "1", "kept on the device, not dropped"
    assert not Item.objects.filter(owner=user).exists()
    problem.get_by_role("button", name="Discard").click()
    wait_until_synced(page)
    assert not Item.objects.filter(owner=user).exists()


def test_one_accounts_queue_is_never_sent_as_another(page, context, user, other_user):
    open_app(page, user, reverse("pwa-settings"))
    context.set_offline(True)
    write(page, {"kind": "item", "op": "create", "body": {"name": "Ada only"}})
    page.evaluate("url => import(url).then(m => m.wipeUserCaches())", module_url("sw-register.js"))

    sign_in(page, other_user)
    context.set_offline(False)
    page.reload()
    page.wait_for_function("document.querySelector('[data-pending-count]').textContent === '0'")
    page.get_by_role("button", name="Sync now").click()
    page.evaluate("url => import(url).then(s => s.replayQueue({manual: true}))",
                  module_url("sync-engine.js"))

    assert not Item.objects.exists()
    sign_in(page, user)
    with page.expect_response(is_item_create) as created:
        page.reload()  # Ada again: her entry replays
    assert created.value.status == 201
    assert list(Item.objects.values_list("owner_id", "name")) == [(user.id, "Ada only")]


def test_an_unreachable_refresh_is_retried_not_taken_for_a_signed_out_session(
    page, context, user
):
    refreshes = []

    def flaky_refresh(route):
        refreshes.append(route.request.method)
        if len(refreshes) == 1:
            return route.abort("connectionreset")
        return route.continue_()

    open_app(page, user, reverse("pwa-settings"))
    context.set_offline(True)
    write(page, {"kind": "item", "op": "create", "body": {"name": "Canoe"}})
    sign_in(page, user, access_expired_for=timedelta(hours=1))
    context.route("**/api/auth/refresh", flaky_refresh)
    wait_for_pending(page, 1)

    context.set_offline(False)
    wait_until_synced(page)

    assert refreshes == ["POST", "POST"]
    assert page.locator("[data-sync-signin]").count() == 0
    assert list(Item.objects.filter(owner=user).values_list("name", flat=True)) == ["Canoe"]


def test_locations_and_categories_added_offline_replay_in_order(page, context, user):
    """A location, a location inside it (naming the first by its temporary id) and a
    category, all typed offline, reach the server once back online, the child under the
    parent the server created."""
    open_app(page, user, reverse("pwa-locations"))
    page.reload()  # controlled: the list is read through the worker, so it is there offline
    page.locator("[data-tree]:not([aria-busy])").wait_for(state="attached")
    wait_until(page, API_CACHED)

    context.set_offline(True)
    page.get_by_label("Name", exact=True).fill("Garage")
    page.get_by_role("button", name="Add location").click()
    page.locator("[data-tree] .name", has_text="Garage").wait_for()
    page.get_by_label("Name", exact=True).fill("Top shelf")
    page.get_by_label("Inside").select_option(label="Garage")
    page.get_by_role("button", name="Add location").click()
    page.locator("[data-tree] .name", has_text="Top shelf").wait_for()
    page.goto(reverse("pwa-categories"))
    page.get_by_label("Name", exact=True).fill("Camping")
    page.get_by_role("button", name="Add category").click()
    wait_for_pending(page, 3)  # two locations and a category
    assert not Location.objects.filter(owner=user).exists()

    context.set_offline(False)
    wait_until_synced(page)

    shelf = Location.objects.get(owner=user, name="Top shelf")
    assert shelf.parent.name == "Garage"
    assert Location.objects.filter(owner=user).count() == 2
    assert list(Category.objects.filter(owner=user).values_list("name", flat=True)) == ["Camping"]


def test_the_pending_count_counts_things_not_queue_entries(page, context, user, photo):
    open_app(page, user, reverse("pwa-settings"))
    context.set_offline(True)
    created = write(page, {"kind": "item", "op": "create", "body": {"name": "Tent"}})
    page.evaluate(
        """async ([url, itemId]) => {
            const w = await import(url);
            for (const name of ['a.jpg', 'b.jpg']) {
                const blob = new Blob([new Uint8Array([255, 216, 255])], {type: 'image/jpeg'});
                await w.write({kind: 'photo', op: 'create', itemId, file: {blob, name}});
            }
        }""",
        [module_url("writes.js"), created["id"]],
    )
    write(page, {"kind": "location", "op": "create", "body": {"name": "Loft"}})

    wait_for_pending(page, 2)  # the tent (with its two photos) and the loft
    assert page.evaluate(
        """url => import(url).then(async (store) => {
            const db = await store.openDb();
            return new Promise((resolve) => {
                const all = db.transaction('offlineQueue').objectStore('offlineQueue').getAll();
                all.onsuccess = () => resolve(all.result.length);
            });
        })""",
        module_url("queue-store.js"),
    ) == 4
