"""The PWA's pages: every route renders a real HTML shell, installable, with no inline code."""

import pytest
from django.urls import reverse

from tests.pwa_support import PAGE_ROUTES, parse, static_file

pytestmark = pytest.mark.usefixtures("collected_static")

ROUTE_IDS = [name for name, _ in PAGE_ROUTES]


@pytest.fixture(params=PAGE_ROUTES, ids=ROUTE_IDS)
def page(request, client):
    name, kwargs = request.param
    response = client.get(reverse(name, kwargs=kwargs))
    return name, response


def test_every_route_renders_html_with_landmarks_and_a_heading(page):
    name, response = page
    html = response.content.decode()
    parts = parse(html)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert parts.named("main"), f"{name}: no <main>"
    assert parts.named("h1"), f"{name}: no <h1>"
    assert parts.named("html")[0]["lang"] == "en"
    assert 'href="#main"' in html, "skip link"


def test_every_route_links_the_manifest_icons_and_ios_meta(page, collected_static):
    _, response = page
    parts = parse(response.content.decode())
    rels = {link["rel"]: link["href"] for link in parts.links}

    assert rels["manifest"] == reverse("pwa-manifest")
    static_file(collected_static, rels["apple-touch-icon"])
    assert parts.metas["viewport"].startswith("width=device-width")
    assert parts.metas["theme-color"]
    assert parts.metas["apple-mobile-web-app-capable"] == "yes"
    assert parts.metas["apple-mobile-web-app-title"] == "Tracktory"


def test_every_route_loads_only_our_own_module_scripts_and_styles(page, collected_static):
    _, response = page
    html = response.content.decode()
    parts = parse(html)

    assert parts.scripts, "each page has its module"
    for script in parts.scripts:
        assert script.get("type") == "module"
        static_file(collected_static, script["src"])  # hashed name, collected
    assert parts.inline_script_text.strip() == "", "no inline <script>"
    assert not any("style" in attrs for _, attrs in parts.tags), 'no style="" attributes'
    assert not any(k.startswith("on") for _, attrs in parts.tags for k in attrs), "no on*= handlers"
    for href in parts.stylesheets:
        static_file(collected_static, href)
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


def test_the_sw_registration_slot_and_offline_hooks_are_on_every_page(page):
    _, response = page
    html = response.content.decode()
    parts = parse(html)

    assert any("/static/js/sw-register." in s["src"] for s in parts.scripts)
    assert "data-offline-banner" in html
    assert "data-pending-count" in html


def test_shells_carry_no_user_data_and_are_revalidated(page):
    _, response = page

    assert response["Cache-Control"] == "no-cache"
    assert "Set-Cookie" not in response.headers


def test_item_pages_put_the_id_from_the_url_in_the_shell(client):
    item_id = "6f1c1b1e-0000-4000-8000-00000000abcd"

    detail = client.get(reverse("pwa-item-detail", kwargs={"item_id": item_id})).content.decode()
    edit = client.get(reverse("pwa-item-edit", kwargs={"item_id": item_id})).content.decode()

    assert f'data-item-id="{item_id}"' in detail
    assert f'href="/items/{item_id}/edit"' in detail
    assert f'data-item-id="{item_id}"' in edit


def test_an_item_path_that_is_not_a_uuid_is_not_found(client):
    assert client.get("/items/not-a-uuid").status_code == 404


def test_item_form_fields_use_the_api_field_names(client):
    parts = parse(client.get(reverse("pwa-item-new")).content.decode())
    fields = ("input", "select", "textarea")
    names = {attrs.get("name") for tag, attrs in parts.tags if tag in fields}
    labels = {attrs["for"] for attrs in parts.named("label")}

    api_fields = {"name", "description", "categoryId", "locationId", "purchasePrice",
                  "purchaseDate", "condition", "status"}
    assert api_fields <= names
    assert api_fields <= labels, "every field has a label"
    name_input = next(a for t, a in parts.tags if t == "input" and a.get("name") == "name")
    assert "required" in name_input and name_input["maxlength"] == "255"


def test_item_form_offers_the_camera_and_the_gallery(client):
    parts = parse(client.get(reverse("pwa-item-new")).content.decode())
    files = [a for t, a in parts.tags if t == "input" and a.get("type") == "file"]

    assert any(a.get("capture") == "environment" and a["accept"] == "image/*" for a in files)
    assert any("capture" not in a and a["accept"] == "image/*" and "multiple" in a for a in files)


def test_sign_in_form_uses_email_and_password(client):
    parts = parse(client.get(reverse("pwa-login")).content.decode())
    inputs = {a["name"]: a for t, a in parts.tags if t == "input"}

    assert inputs["email"]["type"] == "email"
    assert inputs["password"]["type"] == "password"
    assert inputs["password"]["autocomplete"] == "current-password"


def test_sign_in_form_posts_so_a_password_never_lands_in_a_url(client):
    parts = parse(client.get(reverse("pwa-login")).content.decode())

    assert parts.named("form")[0]["method"] == "post"
    # The page only shows the form; the credentials go to the API from JavaScript.
    assert client.post(reverse("pwa-login"), {"email": "a@b.c", "password": "x"}).status_code == 405


def test_settings_has_the_sign_out_button(client):
    html = client.get(reverse("pwa-settings")).content.decode()

    assert ">Sign out</button>" in html
    assert "data-sync-now" in html
    assert 'data-export="csv"' in html and 'data-export="json"' in html


def test_grid_shell_has_skeletons_and_the_empty_state_text(client):
    html = client.get(reverse("pwa-items")).content.decode()

    assert html.count('class="card skeleton"') >= 4
    assert "Start by adding your first item!" in html


def test_search_keeps_the_query_from_the_url_escaped(client):
    html = client.get(reverse("pwa-search"), {"q": '"><img src=x>'}).content.decode()

    assert 'value="&quot;&gt;&lt;img src=x&gt;"' in html
    assert "<img src=x>" not in html


def test_sign_in_and_register_pages_have_no_app_navigation(client):
    for name in ("pwa-login", "pwa-register"):
        parts = parse(client.get(reverse(name)).content.decode())
        assert not parts.named("nav"), name
    parts = parse(client.get(reverse("pwa-items")).content.decode())
    assert parts.named("nav")[0]["aria-label"] == "Main"


def test_shells_are_compressed_for_clients_that_accept_it(client):
    response = client.get(reverse("pwa-items"), HTTP_ACCEPT_ENCODING="gzip")

    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]


def test_item_detail_reserves_the_gallery_so_nothing_shifts_when_photos_arrive(client):
    url = reverse("pwa-item-detail", kwargs={"item_id": "6f1c1b1e-0000-4000-8000-000000000001"})
    parts = parse(client.get(url).content.decode())
    gallery = next(attrs for tag, attrs in parts.tags if "data-gallery" in attrs)

    assert "hidden" not in gallery
    assert any("gallery-placeholder" in attrs.get("class", "") for _, attrs in parts.tags)


def test_pages_answer_head_and_refuse_other_methods(client):
    assert client.head(reverse("pwa-items")).status_code == 200
    assert client.head(reverse("pwa-manifest")).status_code == 200
    assert client.put(reverse("pwa-items")).status_code == 405
