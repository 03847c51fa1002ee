"""The field table's form and detail page in real Chromium: a field written in the form
comes back on the detail page and in its history; an empty optional one stays out."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from inventory.models import Item
from tests.kit.browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_notes_written_in_the_form_show_on_the_detail_page_and_in_history(app, user):
    from inventory.services import item_create

    item = item_create(user=user, name="Fridge", purchase_price="499.00", condition="good")
    sign_in(app.page, user)
    app.page.goto(reverse("pwa-item-detail", kwargs={"item_id": item.id}))
    expect(app.page.get_by_role("heading", name="Fridge")).to_be_visible()
    expect(app.page.get_by_role("heading", name="Notes")).to_be_hidden()  # empty: left out

    app.page.goto(reverse("pwa-item-edit", kwargs={"item_id": item.id}))
    expect(app.page.get_by_label("Name")).to_have_value("Fridge")
    expect(app.page.get_by_label("Price paid")).to_have_value("499")
    expect(app.page.get_by_label("Condition")).to_have_value("good")
    expect(app.page.get_by_label("Status")).to_have_value("active")
    app.page.get_by_label("Notes").fill("Receipt in the blue folder.\nTwo-year warranty.")
    app.page.get_by_label("Category").select_option(label="Kitchen")
    app.page.get_by_role("button", name="Save changes").click()

    expect(app.page).to_have_url(re.compile(rf"/items/{item.id}$"))
    expect(app.page.get_by_role("heading", name="Notes")).to_be_visible()
    expect(app.page.locator('[data-field="notes"]')).to_contain_text("Two-year warranty.")
    expect(app.page.locator('[data-field="category"]')).to_have_text("Kitchen")
    item.refresh_from_db()
    assert (item.notes, item.purchase_price, item.condition) == (
        "Receipt in the blue folder.\nTwo-year warranty.", 499, "good")
    app.page.get_by_text("History").click()
    expect(app.page.locator("[data-history-list] li").first).to_contain_text(
        "category: nothing → Kitchen; notes: nothing → Receipt")
    assert Item.objects.count() == 1
    assert app.errors == []
