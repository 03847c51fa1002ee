"""A person's first minutes, in real Chromium: register, sign in, add an item with a
photo, find it in the grid, open it, edit it, search it, delete it."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from inventory.models import Image, Item
from tests.conftest import PASSWORD
from tests.kit.browser import UUID_PATH

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EMAIL = "ada@example.com"


def tab(page, name):
    return page.get_by_role("navigation", name="Main").get_by_role("link", name=name, exact=True)


def register(page):
    page.goto(reverse("pwa-register"))
    page.get_by_label("Name").fill("Ada")
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page).to_have_url(re.compile(r"/$"))


def sign_out(page):
    page.goto(reverse("pwa-settings"))
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/login$"))


def sign_in_with_form(page):
    page.goto(reverse("pwa-items"))
    expect(page).to_have_url(re.compile(r"/login\?next=%2F$"))
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/$"))


def test_register_sign_in_add_find_open_edit_search_delete(app, photo_file):
    page = app.page
    register(page)
    expect(page.get_by_role("heading", name="Start by adding your first item!")).to_be_visible()
    sign_out(page)
    assert page.evaluate("localStorage.getItem('tracktory.tokens')") is None
    sign_in_with_form(page)

    # Add an item with a 3000x2000 photo from the gallery input.
    photo = photo_file("drill.jpg", size=(3000, 2000))
    page.get_by_role("link", name="Add item").first.click()
    page.get_by_label("Name").fill("Cordless drill")
    page.get_by_label("Description").fill("18V, two batteries, in the blue case")
    page.get_by_label("Category").select_option(label="Tools")
    page.get_by_label("Price paid").fill("89.99")
    page.get_by_label("Purchase date").fill("2024-03-15")
    page.get_by_label("Condition").select_option("good")
    page.locator("#photo-gallery").set_input_files(str(photo))
    expect(page.locator("[data-photo-list] li")).to_contain_text("Ready")
    page.get_by_role("button", name="Save item").click()
    expect(page).to_have_url(UUID_PATH)
    expect(page.locator("[data-toast]")).to_have_text("Item added.")

    item = Item.objects.get(owner__email=EMAIL)
    assert page.url.endswith(f"/items/{item.id}")
    assert (item.name, item.category.name, str(item.purchase_price), str(item.purchase_date),
            item.condition) == ("Cordless drill", "Tools", "89.99", "2024-03-15", "good")
    image = Image.objects.get(item=item)
    # Shrunk on the device: the longest edge arrived at 2048 px, the aspect kept.
    assert (image.width, image.height) == (2048, 1365)

    # The detail page: every field, and the gallery upgrading to the display rendition.
    expect(page.get_by_role("heading", name="Cordless drill")).to_be_visible()
    expect(page.locator('[data-field="category"]')).to_have_text("Tools")
    expect(page.locator('[data-field="condition"]')).to_have_text("Good")
    expect(page.locator('[data-field="purchasePrice"]')).to_contain_text("89.99")
    expect(page.locator("[data-gallery-track] img")).to_have_attribute(
        "src", re.compile(r"_800\.v\d+-r\d+\.webp$"))

    # The grid: the item, with its lazy thumbnail at a fixed size.
    tab(page, "Items").click()
    card = page.locator(".card a", has_text="Cordless drill")
    expect(card).to_be_visible()
    thumbnail = card.locator("img")
    expect(thumbnail).to_have_attribute("src", re.compile(r"_thumb\.v\d+-r\d+\.webp$"))
    assert thumbnail.get_attribute("width") == "150"
    assert thumbnail.get_attribute("height") == "150"
    assert thumbnail.evaluate("img => img.complete")

    # Open it and edit it.
    card.click()
    expect(page).to_have_url(re.compile(rf"/items/{item.id}$"))
    page.get_by_role("link", name="Edit").click()
    expect(page.get_by_label("Name")).to_have_value("Cordless drill")
    page.get_by_label("Name").fill("Cordless drill 18V")
    page.get_by_label("Status").select_option("sold")
    page.get_by_role("button", name="Save changes").click()
    expect(page).to_have_url(re.compile(rf"/items/{item.id}$"))
    expect(page.get_by_role("heading", name="Cordless drill 18V")).to_be_visible()
    expect(page.locator('[data-field="status"]')).to_have_text("Sold")
    item.refresh_from_db()
    assert (item.name, item.status) == ("Cordless drill 18V", "sold")

    # Search: the match highlighted, the query kept in the URL.
    tab(page, "Search").click()
    page.get_by_label("Search your items").fill("cordl")
    result = page.locator("[data-search-results] a", has_text="Cordless drill 18V")
    expect(result).to_be_visible()
    expect(result.locator("em").first).to_have_text(re.compile("cordl", re.I))
    expect(page).to_have_url(re.compile(r"/search\?q=cordl$"))
    result.click()
    expect(page).to_have_url(re.compile(rf"/items/{item.id}$"))
    page.go_back()
    expect(page.get_by_label("Search your items")).to_have_value("cordl")
    expect(page.locator("[data-search-results] a", has_text="Cordless drill 18V")).to_be_visible()

    # Delete it, from its page, after confirming.
    page.goto(reverse("pwa-item-detail", kwargs={"item_id": item.id}))
    page.get_by_role("button", name="Delete").click()
    page.get_by_role("dialog").get_by_role("button", name="Delete").click()
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.locator("[data-toast]")).to_have_text("Item deleted.")
    expect(page.get_by_role("heading", name="Start by adding your first item!")).to_be_visible()
    assert not Item.objects.filter(id=item.id).exists()
    assert not Image.objects.filter(item_id=item.id).exists()

    assert app.errors == []
