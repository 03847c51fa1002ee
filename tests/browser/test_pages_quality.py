"""Every page in real Chromium: no console errors, installable, reachable by touch and by
a screen reader's basics, and signed-out visitors sent to sign in."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from inventory.models import Category, Item, Location
from tests.conftest import PASSWORD
from tests.kit.browser import CHROMIUM_ARGS, chromium_path, open_context, sign_in, stored_tokens
from tests.kit.photos import add_photo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def stocked(default_categories, user):
    garage = Location.objects.create(owner=user, name="Garage")
    item = Item.objects.create(
        owner=user, name="Cordless drill", description="18V", category=Category.objects.get(
            name="Tools", owner=None), location=garage, purchase_price="89.99")
    add_photo(item)
    add_photo(item, size=(900, 1200))
    Item.objects.create(owner=user, name="Ladder")
    return item


def loaded(page, name):
    """Wait for the page's data to be on screen (locators: no eval under the CSP)."""
    checks = {
        "pwa-items": lambda: expect(page.locator(".card a").first).to_be_visible(),
        "pwa-item-detail": lambda: expect(page.locator("[data-item-detail]")).not_to_have_attribute("aria-busy", "true"),  # noqa: E501
        "pwa-item-edit": lambda: expect(page.get_by_label("Name")).not_to_have_value(""),
        "pwa-item-new": lambda: expect(page.get_by_label("Category").locator("option")).not_to_have_count(1),  # noqa: E501
        "pwa-search": lambda: expect(page.locator("[data-search-results] a").first).to_be_visible(),  # noqa: E501
        "pwa-locations": lambda: expect(page.locator("[data-tree] .row").first).to_be_visible(),
        "pwa-categories": lambda: expect(page.locator("[data-default-list] li")).to_have_count(10),  # noqa: E501
        "pwa-settings": lambda: expect(page.locator("[data-user-email]")).to_have_text("ada@example.com"),  # noqa: E501
    }
    checks.get(name, lambda: None)()


def signed_in_routes(item):
    return [
        ("pwa-items", {}, ""),
        ("pwa-item-new", {}, ""),
        ("pwa-item-detail", {"item_id": item.id}, ""),
        ("pwa-item-edit", {"item_id": item.id}, ""),
        ("pwa-search", {}, "?q=drill"),
        ("pwa-locations", {}, ""),
        ("pwa-categories", {}, ""),
        ("pwa-settings", {}, ""),
    ]


def test_no_console_errors_on_any_page(app, user, stocked):
    for name in ("pwa-login", "pwa-register"):
        app.page.goto(reverse(name))
        expect(app.page.get_by_role("heading", level=1)).to_be_visible()
    sign_in(app.page, user)
    for name, kwargs, query in signed_in_routes(stocked):
        app.page.goto(reverse(name, kwargs=kwargs) + query)
        loaded(app.page, name)

    assert app.errors == []


def test_signed_out_visitors_go_to_sign_in_and_come_back(app, user, stocked):
    detail = reverse("pwa-item-detail", kwargs={"item_id": stocked.id})
    app.page.goto(detail)
    expect(app.page).to_have_url(re.compile(r"/login\?next="))

    app.page.get_by_label("Email").fill("ada@example.com")
    app.page.get_by_label("Password").fill(PASSWORD)
    app.page.get_by_role("button", name="Sign in").click()

    expect(app.page).to_have_url(re.compile(rf"{detail}$"))
    expect(app.page.get_by_role("heading", name="Cordless drill")).to_be_visible()


def test_a_wrong_password_is_said_plainly_and_nothing_is_stored(app, user):
    app.page.goto(reverse("pwa-login"))
    app.page.get_by_label("Email").fill("ada@example.com")
    app.page.get_by_label("Password").fill("not the password")
    app.page.get_by_role("button", name="Sign in").click()

    expect(app.page.get_by_role("alert")).to_have_text(
        "That email and password do not match an account.")
    assert app.page.evaluate("localStorage.getItem('tracktory.tokens')") is None
    assert app.page.evaluate("document.cookie") == ""


def test_an_expired_access_token_is_refreshed_without_bothering_the_user(app, user, stocked):
    from datetime import timedelta

    expired = sign_in(app.page, user, access_expired_for=timedelta(minutes=5))

    app.page.goto(reverse("pwa-items"))

    expect(app.page.locator(".card a", has_text="Cordless drill")).to_be_visible()
    stored = stored_tokens(app.page)
    assert stored["access"] != expired["access"]
    assert stored["refresh"] != expired["refresh"], "refresh tokens rotate"


def test_chrome_finds_the_app_installable(browser, server, tmp_path):
    context = browser.browser_type.launch_persistent_context(
        str(tmp_path / "profile"), executable_path=chromium_path(), args=CHROMIUM_ARGS,
        base_url=server)
    try:
        page = context.pages[0] if context.pages else context.new_page()
        page.goto(reverse("pwa-login"))
        page.wait_for_load_state("networkidle")
        cdp = context.new_cdp_session(page)
        manifest = cdp.send("Page.getAppManifest")
        errors = cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]
    finally:
        context.close()

    assert manifest["url"].endswith("/manifest.webmanifest")
    assert manifest.get("errors", []) == []
    assert errors == []


TARGETS = ("button, input:not([type=file]), select, textarea, nav a, a.button, .card a, "
           ".result-list a")


@pytest.mark.parametrize("name", ["pwa-items", "pwa-item-new", "pwa-item-detail", "pwa-search",
                                  "pwa-settings", "pwa-login"])
def test_touch_targets_are_at_least_44px_and_every_field_is_labelled(app, user, stocked, name):
    kwargs = {"item_id": stocked.id} if name == "pwa-item-detail" else {}
    if name != "pwa-login":
        sign_in(app.page, user)
    app.page.goto(reverse(name, kwargs=kwargs) + ("?q=drill" if name == "pwa-search" else ""))
    loaded(app.page, name)

    small = app.page.evaluate(f"""() => [...document.querySelectorAll('{TARGETS}')]
        .filter((el) => el.offsetParent !== null)
        .map((el) => [el.outerHTML.slice(0, 80), el.getBoundingClientRect()])
        .filter(([, r]) => r.height < 44 || r.width < 44)
        .map(([html]) => html)""")
    unlabelled = app.page.evaluate("""() => [
        ...document.querySelectorAll('input, select, textarea')]
        .filter((el) => !(el.labels && el.labels.length) && !el.getAttribute('aria-label'))
        .map((el) => el.outerHTML.slice(0, 80))""")

    assert small == []
    assert unlabelled == []


def test_landmarks_and_a_live_region_for_status(app, user):
    sign_in(app.page, user)
    app.page.goto(reverse("pwa-items"))

    expect(app.page.get_by_role("banner")).to_have_count(1)
    expect(app.page.get_by_role("navigation", name="Main")).to_have_count(1)
    expect(app.page.get_by_role("main")).to_have_count(1)
    assert app.page.locator("[data-toast]").get_attribute("aria-live") == "polite"
    app.page.keyboard.press("Tab")
    focused = app.page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to content"


def test_the_grid_has_two_columns_on_a_phone_and_more_on_a_desktop(browser, server, user, stocked):
    phone, desktop = {"width": 390, "height": 844}, {"width": 1280, "height": 900}
    for viewport, columns in ((phone, 2), (desktop, 5)):
        context = open_context(browser, server, viewport=viewport)
        page = context.new_page()
        sign_in(page, user)
        page.goto(reverse("pwa-items"))
        expect(page.locator(".card a").first).to_be_visible()
        template = page.evaluate(
            "getComputedStyle(document.querySelector('[data-item-grid]')).gridTemplateColumns")
        context.close()
        assert len(template.split()) == columns, viewport
