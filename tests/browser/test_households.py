"""Households in real headless Chromium (issue 13): the Households page creates and renames,
an invitation accepted in another browser shows the household's items, a viewer sees no
control that would change anything, the switcher narrows the grid, and a queued write the
server refuses because the role changed is kept and shown with its reason."""

import re

import pytest
from django.templatetags.static import static
from django.urls import reverse
from playwright.sync_api import expect

from households.models import Household, Membership
from households.services import household_create, invite_accept, invite_create, member_update
from inventory.models import Item
from inventory.services import item_create
from tests.conftest import PASSWORD
from tests.kit.browser import PHONE, open_context, sign_in, wait_for_control

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def join(user, household, role):
    """`user` joins `household` with `role` the way people do: by an invitation."""
    owner = Membership.objects.filter(household=household, role="owner").first().user
    _, token = invite_create(user=owner, household_id=household.id, role=role)
    invite_accept(user=user, token=token)


def test_the_households_page_creates_and_renames(app, user):
    sign_in(app.page, user)
    app.page.goto(reverse("pwa-households"))

    app.page.get_by_label("Name", exact=True).fill("Flat 3")
    app.page.get_by_role("button", name="Create household").click()

    card = app.page.locator(".household", has=app.page.get_by_role("heading", name="Flat 3"))
    expect(card).to_be_visible()
    expect(card.locator("[data-role]")).to_contain_text("Owner")
    created = Household.objects.get(name="Flat 3")
    assert Membership.objects.get(household=created, user=user).role == "owner"

    card.get_by_role("button", name="Rename Flat 3").click()
    app.page.get_by_label("New name for Flat 3").fill("Flat 3B")
    app.page.get_by_role("button", name="Save").click()

    expect(app.page.get_by_role("heading", name="Flat 3B")).to_be_visible()
    created.refresh_from_db()
    assert created.name == "Flat 3B"
    # The personal household is listed too, and cannot be left.
    personal = app.page.locator(".household", has_text="personal")
    expect(personal).to_have_count(1)
    expect(personal.get_by_role("button", name=re.compile("^Leave"))).to_have_count(0)
    assert app.errors == []


def test_an_invitation_accepted_in_another_browser_shows_the_household_items(
        app, browser, server, user, make_user, api_client):
    flat = household_create(user=user, name="Flat")
    item_create(user=user, name="Shared kettle", household_id=flat.id)
    make_user("bea@example.com")
    sign_in(app.page, user)
    app.page.goto(reverse("pwa-households"))

    card = app.page.locator(f"[data-household-id='{flat.id}']")
    card.get_by_label("Invite someone as").select_option("editor")
    card.get_by_role("button", name="Create invitation link").click()
    link = card.locator("[data-invite-url]")
    expect(link).to_have_value(re.compile(r"/invite/"))
    url = link.input_value()
    # Chromium on Linux has no Web Share API: the link is copied instead.
    expect(card.get_by_role("button", name=re.compile("Copy link|Share link"))).to_be_visible()

    other = open_context(browser, server, **PHONE)
    try:
        bea = other.new_page()
        bea.goto(url)  # signed out
        expect(bea.get_by_role("heading", name="Join “Flat”")).to_be_visible()
        expect(bea.locator("[data-invite-summary]")).to_contain_text("as editor")
        bea.get_by_role("link", name="Sign in").click()
        bea.get_by_label("Email").fill("bea@example.com")
        bea.get_by_label("Password").fill(PASSWORD)
        bea.get_by_role("button", name="Sign in").click()

        expect(bea).to_have_url(re.compile(r"/invite/"))  # back to the invitation
        bea.get_by_role("button", name="Accept and join").click()

        expect(bea).to_have_url(re.compile(r"/$"))
        expect(bea.locator(".card a", has_text="Shared kettle")).to_be_visible()
        # The switcher now offers both of Bea's households, the joined one chosen.
        expect(bea.get_by_label("Showing")).to_have_value(str(flat.id))
    finally:
        other.close()
    assert Membership.objects.get(household=flat, user__email="bea@example.com").role == "editor"
    # Single use: the same link is refused now.
    token = url.rsplit("/", 1)[1]
    assert api_client.get(f"/api/invites/{token}").status_code == 404
    assert app.errors == []


def test_a_viewer_sees_no_edit_controls(app, user, make_user):
    owner = make_user("owner@example.com")
    mums = household_create(user=owner, name="Mum's")
    clock = item_create(user=owner, name="Carriage clock", household_id=mums.id)
    join(user, mums, "viewer")
    sign_in(app.page, user)

    app.page.goto(reverse("pwa-item-detail", kwargs={"item_id": clock.id}))
    expect(app.page.get_by_role("heading", name="Carriage clock")).to_be_visible()
    expect(app.page.locator("[data-viewer-note]")).to_contain_text("viewer")
    expect(app.page.get_by_role("link", name="Edit")).to_have_count(0)
    expect(app.page.get_by_role("button", name="Delete")).to_have_count(0)

    app.page.goto(reverse("pwa-item-edit", kwargs={"item_id": clock.id}))
    expect(app.page.locator("[data-viewer-note]")).to_be_visible()
    expect(app.page.get_by_role("button", name="Save changes")).to_be_hidden()
    expect(app.page.get_by_label("Name")).to_be_disabled()

    # Narrowed to that household, the grid offers no "Add item".
    app.page.goto(reverse("pwa-items"))
    app.page.get_by_label("Showing").select_option(str(mums.id))
    expect(app.page.locator(".card a", has_text="Carriage clock")).to_be_visible()
    expect(app.page.get_by_role("link", name="Add item")).to_be_hidden()

    # Adding an item never offers a household the user only views.
    app.page.goto(reverse("pwa-item-new"))
    expect(app.page.get_by_label("Category").locator("option")).not_to_have_count(1)
    picker = app.page.locator("[data-household-picker] option")
    assert str(mums.id) not in [picker.nth(i).get_attribute("value")
                                for i in range(picker.count())]
    assert app.errors == []


def test_the_switcher_narrows_the_grid_and_is_remembered(app, user, make_user):
    flat = household_create(user=user, name="Flat")
    item_create(user=user, name="Flat toaster", household_id=flat.id)
    item_create(user=user, name="My bike")
    sign_in(app.page, user)
    app.page.goto(reverse("pwa-items"))
    expect(app.page.locator(".card a")).to_have_count(2)
    # Across households, each card says whose it is.
    toaster = app.page.locator(".card", has_text="Flat toaster")
    expect(toaster.locator(".card-household")).to_have_text("Flat")

    app.page.get_by_label("Showing").select_option(str(flat.id))
    expect(app.page.locator(".card a")).to_have_count(1)
    expect(app.page.locator(".card a")).to_contain_text("Flat toaster")

    app.page.goto(reverse("pwa-search") + "?q=bike")
    expect(app.page.get_by_label("Showing")).to_have_value(str(flat.id))
    expect(app.page.locator("[data-search-status]")).to_contain_text("Nothing found")
    app.page.get_by_label("Showing").select_option("all")
    expect(app.page.locator("[data-search-results] a", has_text="My bike")).to_be_visible()
    assert app.errors == []


def test_a_queued_edit_refused_because_the_role_changed_is_kept_with_its_reason(
        page, context, user, make_user):
    owner = make_user("owner@example.com")
    flat = household_create(user=owner, name="Flat")
    kettle = item_create(user=owner, name="Kettle", household_id=flat.id)
    join(user, flat, "editor")
    page.goto(reverse("pwa-login"))
    sign_in(page, user)
    page.goto(reverse("pwa-settings"))
    wait_for_control(page)

    context.set_offline(True)
    edit = {"kind": "item", "op": "update", "id": str(kettle.id), "body": {"name": "Kettle 2"}}
    page.evaluate("([url, request]) => import(url).then(w => w.write(request))",
                  [static("js/writes.js"), edit])
    member_update(user=owner, household_id=flat.id, member_id=user.id, role="viewer")
    context.set_offline(False)

    problem = page.locator("[data-sync-entry]")
    expect(problem).to_contain_text("your role in this household no longer allows it")
    expect(problem).to_have_attribute("data-sync-code", "FORBIDDEN")
    expect(page.locator("[data-pending-count]").first).to_have_text("1")  # kept
    kettle.refresh_from_db()
    assert kettle.name == "Kettle"

    problem.get_by_role("button", name="Discard").click()
    expect(page.locator("[data-sync-entry]")).to_have_count(0)
    assert Item.objects.get(pk=kettle.pk).name == "Kettle"


def test_an_owner_changes_a_role_removes_a_member_and_revokes_an_invitation(app, user, make_user):
    flat = household_create(user=user, name="Flat")
    bea, cai = make_user("bea@example.com"), make_user("cai@example.com")
    join(bea, flat, "editor")
    join(cai, flat, "editor")
    sign_in(app.page, user)
    app.page.goto(reverse("pwa-households"))
    card = app.page.locator(f"[data-household-id='{flat.id}']")

    card.get_by_text("Members (3)").click()
    card.get_by_label("Role of Bea (bea@example.com)").select_option("viewer")
    expect(app.page.locator("[data-toast]")).to_contain_text("now viewer")
    assert Membership.objects.get(household=flat, user=bea).role == "viewer"

    # The list reloads with the members still open.
    card.get_by_role("button", name="Remove Cai (cai@example.com)").click()
    app.page.get_by_role("dialog").get_by_role("button", name="Remove").click()
    expect(app.page.locator(f"[data-household-id='{flat.id}'] summary")).to_have_text("Members (2)")
    assert not Membership.objects.filter(household=flat, user=cai).exists()

    card = app.page.locator(f"[data-household-id='{flat.id}']")
    card.get_by_role("button", name="Create invitation link").click()
    url = card.locator("[data-invite-url]").input_value()
    card.get_by_role("button", name=re.compile("^Revoke")).click()
    expect(card.locator("[data-invite-url]")).to_have_count(0)
    token = url.rsplit("/", 1)[1]
    assert app.page.request.get(f"/api/invites/{token}").status == 404
    assert app.errors == []


def test_a_member_leaves_and_no_longer_sees_the_household(app, user, make_user):
    owner = make_user("owner@example.com")
    flat = household_create(user=owner, name="Flat")
    item_create(user=owner, name="Flat toaster", household_id=flat.id)
    join(user, flat, "editor")
    sign_in(app.page, user)
    app.page.goto(reverse("pwa-households"))

    app.page.get_by_role("button", name="Leave Flat").click()
    app.page.get_by_role("dialog").get_by_role("button", name="Leave").click()
    expect(app.page.locator(f"[data-household-id='{flat.id}']")).to_have_count(0)
    assert not Membership.objects.filter(household=flat, user=user).exists()

    app.page.goto(reverse("pwa-items"))
    expect(app.page.get_by_role("heading", name="Start by adding your first item!")).to_be_visible()
    assert app.errors == []


def test_a_household_created_offline_is_kept_and_created_when_back_online(page, context, user):
    page.goto(reverse("pwa-login"))
    sign_in(page, user)
    page.goto(reverse("pwa-households"))
    wait_for_control(page)
    expect(page.locator(".household")).to_have_count(1)  # the personal one

    context.set_offline(True)
    page.get_by_label("Name", exact=True).fill("Allotment")
    page.get_by_role("button", name="Create household").click()
    card = page.locator(".household", has=page.get_by_role("heading", name="Allotment"))
    expect(card).to_contain_text("waiting to sync")
    expect(page.locator("[data-pending-count]").first).to_have_text("1")
    assert not Household.objects.filter(name="Allotment").exists()

    context.set_offline(False)
    expect(page.locator("[data-pending-count]").first).to_have_text("0")
    expect(card).not_to_contain_text("waiting to sync")
    assert Membership.objects.get(household__name="Allotment", user=user).role == "owner"


def test_offline_each_household_is_served_its_own_cached_items(page, context, user):
    flat = household_create(user=user, name="Flat")
    item_create(user=user, name="Flat toaster", household_id=flat.id)
    item_create(user=user, name="My bike")
    page.goto(reverse("pwa-login"))
    sign_in(page, user)
    page.goto(reverse("pwa-items"))
    wait_for_control(page)
    page.reload()  # controlled now: this visit's reads go through the worker's cache
    expect(page.locator(".card a")).to_have_count(2)
    page.get_by_label("Showing").select_option(str(flat.id))
    expect(page.locator(".card a")).to_have_count(1)

    context.set_offline(True)
    page.reload()
    expect(page.locator(".card a")).to_have_count(1)
    expect(page.locator(".card a")).to_contain_text("Flat toaster")
    page.get_by_label("Showing").select_option("all")
    expect(page.locator(".card a")).to_have_count(2)
