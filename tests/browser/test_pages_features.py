"""The pages' features one by one, in real Chromium: grid paging, gallery, search,
photo upload retries, form errors, locations and categories, export."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from inventory.models import Category, Image, Item, Location
from tests.kit.browser import API_CACHED, UUID_PATH, sign_in, wait_until
from tests.kit.photos import add_photo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


# ---- grid ----------------------------------------------------------------------------------

def test_grid_pages_through_the_cursor_newest_first_and_marks_items_without_photos(app, user):
    items = [Item.objects.create(owner=user, name=f"Box {n:02d}") for n in range(30)]
    add_photo(items[-1])
    sign_in(app.page, user)
    app.page.goto(reverse("pwa-items"))

    cards = app.page.locator(".card a")
    expect(cards.first).to_contain_text("Box 29")  # newest first
    expect(cards.first.locator("img")).to_have_attribute("loading", re.compile("eager|lazy"))
    expect(cards.nth(1).locator("[data-no-photo]")).to_have_text("No photo")
    expect(cards).to_have_count(24)
    app.page.locator("[data-grid-sentinel]").scroll_into_view_if_needed()

    expect(cards).to_have_count(30)
    expect(cards.last).to_contain_text("Box 00")
    expect(app.page.locator("[data-load-more]")).to_be_hidden()
    assert app.errors == []


def test_a_new_account_sees_the_empty_state_not_skeletons(app, user):
    sign_in(app.page, user)
    app.page.goto(reverse("pwa-items"))

    expect(app.page.get_by_role("heading", name="Start by adding your first item!")).to_be_visible()
    expect(app.page.locator(".skeleton")).to_have_count(0)
    expect(app.page.get_by_role("link", name="Add your first item")).to_have_attribute(
        "href", reverse("pwa-item-new"))


# ---- detail and gallery --------------------------------------------------------------------

def test_gallery_arrows_keys_swipe_and_full_screen(app, user):
    item = Item.objects.create(owner=user, name="Bike")
    images = [add_photo(item) for _ in range(3)]
    sign_in(app.page, user)
    app.page.goto(reverse("pwa-item-detail", kwargs={"item_id": item.id}))

    count = app.page.locator("[data-gallery-count]")
    prev, nxt = app.page.get_by_label("Previous photo"), app.page.get_by_label("Next photo")
    expect(count).to_have_text("Photo 1 of 3")
    expect(prev).to_be_disabled()
    nxt.click()
    expect(count).to_have_text("Photo 2 of 3")
    app.page.locator("[data-gallery-track]").press("ArrowRight")
    expect(count).to_have_text("Photo 3 of 3")
    expect(nxt).to_be_disabled()
    # A swipe is a scroll of the snapping track.
    app.page.locator("[data-gallery-track]").evaluate("t => t.scrollTo({left: 0})")
    expect(count).to_have_text("Photo 1 of 3")

    app.page.get_by_role("button", name="Full screen").click()
    expect(app.page.get_by_role("button", name="Exit full screen")).to_be_visible()
    first = app.page.locator("[data-gallery-track] img").first
    expect(first).to_have_attribute("src", re.compile(rf"{images[0].id}_1600\.v\d+-r\d+\.webp$"))
    app.page.get_by_role("button", name="Exit full screen").click()
    expect(app.page.get_by_role("button", name="Full screen")).to_be_visible()
    assert app.errors == []


def test_another_users_item_is_not_found_and_offers_no_actions(app, user, other_user):
    theirs = Item.objects.create(owner=other_user, name="Grace's compass")
    sign_in(app.page, user)
    app.page.goto(reverse("pwa-item-detail", kwargs={"item_id": theirs.id}))

    expect(app.page.get_by_role("alert")).to_have_text(
        "This item does not exist, or it was deleted.")
    expect(app.page.get_by_text("Grace's compass")).to_have_count(0)
    expect(app.page.get_by_role("button", name="Delete")).to_be_hidden()


# ---- search ------------------------------------------------------------------------------

def test_search_highlights_are_text_and_em_only(app, user):
    Item.objects.create(owner=user, name='<img src=x onerror="window.pwned=1">Drill press',
                        description="<b>bold</b> drill <script>window.pwned=2</script>")
    sign_in(app.page, user)
    app.page.goto(reverse("pwa-search"))
    app.page.get_by_label("Search your items").fill("drill")

    result = app.page.locator("[data-search-results] li")
    expect(result).to_have_count(1)
    expect(result.locator(".result-name")).to_have_text(
        '<img src=x onerror="window.pwned=1">Drill press')
    expect(result.locator(".result-name em")).to_have_text("Drill")
    assert result.locator("img, script, b").count() == 0
    assert app.page.evaluate("window.pwned") is None


def test_search_waits_for_two_characters_debounces_and_clears(app, user):
    Item.objects.create(owner=user, name="Hammer")
    sign_in(app.page, user)
    app.page.goto(reverse("pwa-search"))
    searches = []
    app.page.on("request", lambda r: "/api/search" in r.url and searches.append(r.url))
    box = app.page.get_by_label("Search your items")

    box.press_sequentially("h")
    expect(app.page.locator("[data-search-status]")).to_have_text("Type at least 2 characters.")
    box.press_sequentially("amm")  # keystrokes far faster than the 250 ms debounce
    expect(app.page.locator("[data-search-results] a", has_text="Hammer")).to_be_visible()
    assert len(searches) == 1 and "q=hamm" in searches[0]

    app.page.get_by_role("button", name="Clear search").click()
    expect(box).to_have_value("")
    expect(box).to_be_focused()
    expect(app.page.locator("[data-search-results] li")).to_have_count(0)
    expect(app.page).to_have_url(re.compile(r"/search$"))


def test_a_search_link_opens_with_its_results(app, user):
    Item.objects.create(owner=user, name="Tent")
    sign_in(app.page, user)
    app.page.goto(reverse("pwa-search") + "?q=tent")

    expect(app.page.get_by_label("Search your items")).to_have_value("tent")
    expect(app.page.locator("[data-search-status]")).to_have_text("1 result for “tent”.")


# ---- add item: validation and photos ---------------------------------------------------------

def test_a_missing_name_is_shown_at_the_field_and_nothing_is_saved(app, user):
    sign_in(app.page, user)
    app.page.goto(reverse("pwa-item-new"))
    app.page.get_by_role("button", name="Save item").click()

    expect(app.page.locator("#name-error")).to_have_text("Give the item a name.")
    expect(app.page.get_by_label("Name")).to_be_focused()
    expect(app.page.get_by_label("Name")).to_have_attribute("aria-invalid", "true")
    assert Item.objects.count() == 0


def test_the_servers_field_errors_land_next_to_their_fields(app, user):
    sign_in(app.page, user)
    app.page.goto(reverse("pwa-item-new"))
    app.page.get_by_label("Name").fill("Lamp")
    app.page.get_by_label("Price paid").fill("-5")
    app.page.get_by_role("button", name="Save item").click()

    expect(app.page.locator("#purchasePrice-error")).not_to_be_empty()
    expect(app.page.get_by_label("Price paid")).to_have_attribute("aria-invalid", "true")
    assert Item.objects.count() == 0


def test_a_failed_upload_is_retried_and_the_photo_arrives(app, user, photo_file):
    photo = photo_file("lamp.png", size=(640, 480))
    uploads = []

    def flaky(route):
        uploads.append(route.request.url)
        if len(uploads) == 1:
            route.abort("connectionreset")
        else:
            route.continue_()

    app.context.route(re.compile(r"/media/upload"), flaky)
    sign_in(app.page, user)
    app.page.goto(reverse("pwa-item-new"))
    app.page.get_by_label("Name").fill("Lamp")
    app.page.locator("#photo-camera").set_input_files(str(photo))
    expect(app.page.locator("[data-photo-list] li")).to_contain_text("Ready")
    app.page.get_by_role("button", name="Save item").click()

    expect(app.page).to_have_url(UUID_PATH)
    item = Item.objects.get(owner=user)
    image = Image.objects.get(item=item)
    assert len(uploads) == 2
    assert (image.width, image.height, image.content_type) == (640, 480, "image/jpeg")


def test_a_file_that_is_not_a_photo_is_refused_on_the_device(app, user, photo_file):
    fake = photo_file("notes.jpg", data=b"this is not a picture")
    sign_in(app.page, user)
    app.page.goto(reverse("pwa-item-new"))
    app.page.locator("#photo-gallery").set_input_files(str(fake))

    expect(app.page.locator("[data-photo-list] li")).to_contain_text(
        "This photo could not be read.")


def test_edit_removes_a_photo(app, user):
    item = Item.objects.create(owner=user, name="Chair")
    keep, drop = add_photo(item), add_photo(item)
    sign_in(app.page, user)
    app.page.goto(reverse("pwa-item-edit", kwargs={"item_id": item.id}))

    app.page.locator("[data-existing-photos] li").nth(1).get_by_role(
        "button", name="Remove photo").click()

    expect(app.page.locator("[data-existing-photos] li")).to_have_count(1)
    expect(app.page.locator("[data-toast]")).to_have_text("Photo removed.")
    assert list(Image.objects.filter(item=item).values_list("id", flat=True)) == [keep.id]
    assert not Image.objects.filter(id=drop.id).exists()


# ---- locations, categories, settings ---------------------------------------------------------

def test_locations_nest_rename_and_delete(app, user):
    sign_in(app.page, user)
    app.page.goto(reverse("pwa-locations"))
    form = app.page.locator("[data-add-form]")

    form.get_by_label("Name").fill("Garage")
    form.get_by_role("button", name="Add location").click()
    expect(app.page.locator("[data-tree] .row", has_text="Garage")).to_be_visible()
    form.get_by_label("Name").fill("Shelf A")
    form.get_by_label("Inside").select_option(label="Garage")
    form.get_by_role("button", name="Add location").click()
    nested = app.page.locator("[data-tree] > li > ul .row", has_text="Shelf A")
    expect(nested).to_be_visible()
    garage = Location.objects.get(owner=user, name="Garage")
    assert Location.objects.get(owner=user, name="Shelf A").parent_id == garage.id

    nested.get_by_role("button", name="Rename Shelf A").click()
    app.page.get_by_label("New name for Shelf A").fill("Top shelf")
    app.page.get_by_role("button", name="Save").click()
    expect(app.page.locator("[data-tree] .row", has_text="Top shelf")).to_be_visible()
    assert Location.objects.filter(owner=user, name="Top shelf", parent=garage).exists()

    app.page.get_by_role("button", name="Delete Top shelf").click()
    app.page.get_by_role("dialog").get_by_role("button", name="Delete").click()
    expect(app.page.locator("[data-tree] .row", has_text="Top shelf")).to_have_count(0)
    assert not Location.objects.filter(owner=user, name="Top shelf").exists()
    assert app.errors == []


def test_categories_show_the_defaults_read_only_and_manage_your_own(app, user):
    sign_in(app.page, user)
    app.page.goto(reverse("pwa-categories"))

    expect(app.page.locator("[data-default-list] li")).to_have_count(10)
    expect(app.page.locator("[data-default-list] button")).to_have_count(0)
    app.page.get_by_label("Name").fill("Camping")
    app.page.get_by_role("button", name="Add category").click()
    expect(app.page.locator("[data-own-list] .row", has_text="Camping")).to_be_visible()
    assert Category.objects.filter(owner=user, name="Camping").exists()

    app.page.get_by_role("button", name="Delete Camping").click()
    app.page.get_by_role("dialog").get_by_role("button", name="Delete").click()
    expect(app.page.locator("[data-own-list] .row")).to_have_count(0)
    assert not Category.objects.filter(owner=user).exists()


def test_settings_exports_csv_with_the_bearer_token(app, user):
    Item.objects.create(owner=user, name="Record player")
    sign_in(app.page, user)
    app.page.goto(reverse("pwa-settings"))
    expect(app.page.locator("[data-user-email]")).to_have_text(user.email)

    with app.page.expect_download() as download:
        app.page.get_by_role("button", name="Export CSV").click()

    path = download.value.path()
    assert download.value.suggested_filename.endswith(".csv")
    with open(path, encoding="utf-8") as exported:
        assert "Record player" in exported.read()


def test_offline_search_finds_items_this_device_has_seen(app, user):
    """Search works offline over the items this device read online: one match, highlighted."""
    Item.objects.create(owner=user, name="Drill", description="Cordless")
    Item.objects.create(owner=user, name="Hammer")
    sign_in(app.page, user)
    app.page.goto(reverse("pwa-items"))
    wait_until(app.page, "() => navigator.serviceWorker.controller !== null")
    app.page.reload()  # now through the worker, which caches the item list for this user
    expect(app.page.locator(".card a", has_text="Drill")).to_be_visible()
    wait_until(app.page, API_CACHED)

    app.context.set_offline(True)
    app.page.goto(reverse("pwa-search"))
    app.page.get_by_label("Search your items").fill("dri")

    result = app.page.locator("[data-search-results] li")
    expect(result).to_have_count(1)
    expect(result.locator(".result-name em")).to_have_text("Dri")
    expect(app.page.locator("[data-search-status]")).to_contain_text("offline")


def test_an_edit_that_crossed_another_shows_the_conflict_and_lets_the_user_choose(app, user):
    from inventory.services import item_update

    item = Item.objects.create(owner=user, name="Lamp", description="Brass")
    sign_in(app.page, user)
    app.page.goto(reverse("pwa-item-edit", kwargs={"item_id": item.id}))
    expect(app.page.get_by_label("Name")).to_have_value("Lamp")
    item_update(user=user, item_id=item.id, changes={"description": "Changed on the laptop"})

    app.page.get_by_label("Name").fill("Desk lamp")
    app.page.get_by_role("button", name="Save changes").click()

    expect(app.page.get_by_role("alert")).to_contain_text("changed elsewhere")
    item.refresh_from_db()
    assert item.name == "Lamp", "nothing overwritten before the user chooses"
    app.page.get_by_role("button", name="Save mine anyway").click()
    expect(app.page).to_have_url(re.compile(rf"/items/{item.id}$"))
    expect(app.page.get_by_role("heading", name="Desk lamp")).to_be_visible()
    item.refresh_from_db()
    assert item.name == "Desk lamp"


def test_item_history_says_who_changed_what(app, user):
    from inventory.services import item_create, item_update

    item = item_create(user=user, name="Kettle", actor=user)
    item_update(user=user, item_id=item.id, changes={"name": "Electric kettle"}, actor=user)
    sign_in(app.page, user)
    app.page.goto(reverse("pwa-item-detail", kwargs={"item_id": item.id}))
    expect(app.page.get_by_role("heading", name="Electric kettle")).to_be_visible()

    app.page.get_by_text("History").click()

    entries = app.page.locator("[data-history-list] li")
    expect(entries).to_have_count(2)
    expect(entries.first).to_contain_text("Changed; name: Kettle → Electric kettle")
    expect(entries.last).to_contain_text("Added")
    assert app.errors == []
